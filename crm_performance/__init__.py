# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import models
from . import report
from . import wizard


def post_init_hook(env):
    """Fix the cost of the customer invoices posted before the addon was
    installed, as if they were posted now."""
    env["account.move.line"]._crm_fix_cost_of_posted()
