# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import res_config_settings
from . import crm_key_account_criterion
from . import crm_key_account_team
from . import crm_key_account
from . import crm_key_account_share
from . import res_partner
from . import calendar_event
from . import crm_key_account_meeting
from . import crm_key_account_meeting_decision
from . import crm_customer_profile
from . import crm_key_account_service_level
from . import sale_order
from . import stock_picking
from . import crm_key_account_wallet
from . import crm_key_account_share_of_wallet
from . import crm_key_account_health
from . import crm_key_account_health_snapshot
from . import crm_key_account_figures
from . import crm_key_account_plan_competitor
from . import crm_key_account_plan_objective
from . import crm_key_account_plan_contact
from . import crm_key_account_plan_action
from . import crm_key_account_plan
from . import mail_activity
