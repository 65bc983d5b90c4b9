# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_company_recompute
from . import crm_recompute_job
from . import res_company
from . import res_config_settings
from . import crm_rfm_segment
from . import crm_lifecycle_stage
from . import crm_customer_profile
from . import crm_customer_history_mixin
from . import crm_customer_abc_history
from . import crm_lifecycle_history
from . import crm_customer_ownership
from . import res_partner
from . import res_users
from . import mail_activity
from . import survey_question
from . import survey_survey
from . import survey_user_input
from . import survey_user_input_line
from . import crm_contact_role
from . import crm_survey_campaign
from . import crm_satisfaction_score
from . import stock_picking
from . import crm_claim_stage
from . import crm_claim_sla
from . import crm_claim
from . import crm_complaint_score
