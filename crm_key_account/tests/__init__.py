# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_key_account_groups
from . import test_service_level_settings
from . import test_key_account_selection
from . import test_key_account_rhythm
from . import test_service_level
from . import test_share_of_wallet
from . import test_health_score
from . import test_account_plan
from . import test_account_plan_access
from . import test_account_plan_tour
from . import test_key_account_shares
