# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_abc_settings
from . import test_customer_revenue
from . import test_customer_profile
from . import test_customer_profile_queries
from . import test_rfm_segment
from . import test_lifecycle
from . import test_retention
from . import test_customer_ownership
from . import test_portfolio_reassign
from . import test_recompute_runs
from . import test_recompute_concurrency
from . import test_customer_access
from . import test_satisfaction_scores
from . import test_complaint_service_level
from . import test_satisfaction_answers
from . import test_complaint_figures
from . import test_satisfaction_invitations
from . import test_complaint_access
from . import test_complaint_translation
from . import test_satisfaction_access
from . import test_satisfaction_tour
from . import test_owner_on_day
from . import test_complaint_correction
from . import test_computed_rows
from . import test_recompute_mark
from . import test_recompute_scope
