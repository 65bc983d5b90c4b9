# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_commission_groups
from . import test_commission_bases
from . import test_commission_rules
from . import test_commission_plan
from . import test_commission_access
from . import test_commission_queries
from . import test_scorecard_metrics
from . import test_scorecard_queries
from . import test_scorecard_access
from . import test_commission_splits
from . import test_commission_satisfaction
from . import test_commission_workflow
from . import test_commission_api_access
from . import test_commission_statement
from . import test_commission_payroll_export
from . import test_commission_tour
from . import test_commission_clawbacks
from . import test_commission_retention
from . import test_commission_gate
from . import test_commission_adjustments
from . import test_commission_formula
from . import test_commission_analysis
