# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The cost of a sale is fixed when its invoice is posted: fix it for the
invoices posted before this version, as the install hook does."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["account.move.line"]._crm_fix_cost_of_posted()
