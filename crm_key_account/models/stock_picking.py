# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    crm_key_account_urgent = fields.Boolean(
        string="Urgent for a Key Account",
        readonly=True,
        copy=False,
        help="Made urgent because its customer is an active key account: it "
        "loses the priority when the account is retired.",
    )

    def _mark_key_account_urgent(self, key_account):
        """Give the pickings ``self`` the urgent priority, with a note on each.

        The warehouse reserves and serves urgent transfers first.
        """
        pickings = self.filtered(lambda picking: picking.priority != "1")
        return pickings._set_key_account_priority(
            urgent=True,
            note=self.env._(
                "Marked urgent: %(customer)s is an active key account.",
                customer=key_account.partner_id.name,
            ),
        )

    def _release_key_account_urgent(self, key_account):
        """Back to the normal priority the open pickings ``self`` that were
        urgent for ``key_account`` only, with a note on each."""
        pickings = self.filtered(
            lambda picking: (
                picking.crm_key_account_urgent
                and picking.state not in ("done", "cancel")
            )
        )
        return pickings._set_key_account_priority(
            urgent=False,
            note=self.env._(
                "Normal priority again: %(customer)s is no longer a key account.",
                customer=key_account.partner_id.name,
            ),
        )

    def _set_key_account_priority(self, urgent, note):
        """Urgent (or back to normal) the pickings ``self``, with ``note``
        on each."""
        if not self:
            return self
        self.sudo().write(
            {"priority": "1" if urgent else "0", "crm_key_account_urgent": urgent}
        )
        for picking in self:
            picking.sudo().message_post(body=note, subtype_xmlid="mail.mt_note")
        return self
