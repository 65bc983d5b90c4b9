# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmKeyAccountEnd(models.TransientModel):
    """Ask a Key Account Director for the reason to reject or retire."""

    _name = "crm.key.account.end"
    _description = "Reject or Retire a Key Account"

    key_account_id = fields.Many2one("crm.key.account", required=True)
    action = fields.Selection(
        [("reject", "Reject the proposal"), ("retire", "Retire the key account")],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.action == "reject":
            self.key_account_id.action_reject(self.reason)
        else:
            self.key_account_id.action_retire(self.reason)
        return {"type": "ir.actions.act_window_close"}
