# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # a period computed again for the customers changed since finds their
    # invoices, and their first ones, by customer
    commercial_partner_id = fields.Many2one(index=True)

    def _post(self, soft=True):
        """Fix the cost of the posted customer invoices' lines, once the cost
        of goods sold is posted (see ``account.move.line._crm_fix_cost``)."""
        posted = super()._post(soft)
        posted.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        ).invoice_line_ids._crm_fix_cost()
        return posted
