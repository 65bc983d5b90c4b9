# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import account_move_line
from . import account_move
from . import res_config_settings
from . import crm_commission_plan_input
from . import crm_commission_led_mixin
from . import crm_commission_plan
from . import crm_commission_rule
from . import crm_commission_tier
from . import crm_commission_band_mixin
from . import crm_commission_satisfaction_band
from . import crm_commission_retention_band
from . import crm_commission_scorecard_band
from . import crm_commission_target
from . import crm_commission_period
from . import crm_commission_line
from . import crm_commission_line_statement
from . import crm_commission_summary
from . import crm_commission_summary_compute
from . import crm_commission_summary_adjustment
from . import crm_scorecard_template
from . import crm_scorecard_metric
from . import crm_salesperson_scorecard
from . import crm_salesperson_scorecard_line
from . import crm_commission_period_scorecard
from . import crm_commission_dispute
