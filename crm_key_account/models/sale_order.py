# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        self._mark_key_account_deliveries_urgent()
        return result

    def _mark_key_account_deliveries_urgent(self):
        """The deliveries of the orders of active key accounts go first."""
        accounts = (
            self.env["crm.key.account"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        by_customer = {
            (account.partner_id, account.company_id): account for account in accounts
        }
        for order in self:
            account = by_customer.get(
                (order.partner_id.commercial_partner_id, order.company_id)
            )
            if not account:
                continue
            pickings = order.sudo().picking_ids.filtered(
                lambda picking: (
                    picking.picking_type_code == "outgoing"
                    and picking.state not in ("done", "cancel")
                )
            )
            marked = pickings._mark_key_account_urgent(account)
            if marked:
                order.message_post(
                    body=self.env._(
                        "%(customer)s is an active key account: deliveries "
                        "%(pickings)s marked urgent.",
                        customer=account.partner_id.name,
                        pickings=", ".join(marked.mapped("name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
