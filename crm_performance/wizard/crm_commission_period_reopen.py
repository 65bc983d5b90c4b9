# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionPeriodReopen(models.TransientModel):
    """A sales manager reopens an approved period, saying why."""

    _name = "crm.commission.period.reopen"
    _description = "Reopen Commission Period"

    period_id = fields.Many2one("crm.commission.period", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.period_id._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
