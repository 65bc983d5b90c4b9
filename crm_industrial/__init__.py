# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import controllers
from . import models
from . import report
from . import wizard


def post_init_hook(env):
    """The first ownership row of every customer that has a salesperson;
    the indexes of the nightly run's sources created since its tables."""
    env["crm.customer.ownership"]._init_from_partners()
    env["crm.recompute.mark"]._index_sources(env["crm.customer.profile"])
