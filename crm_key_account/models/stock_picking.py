# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _mark_key_account_urgent(self, key_account):
        """Give the pickings ``self`` the urgent priority, with a note on each.

        The warehouse reserves and serves urgent transfers first.
        """
        pickings = self.filtered(lambda picking: picking.priority != "1")
        if not pickings:
            return pickings
        pickings.sudo().write({"priority": "1"})
        for picking in pickings:
            picking.sudo().message_post(
                body=self.env._(
                    "Marked urgent: %(customer)s is an active key account.",
                    customer=key_account.partner_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return pickings
