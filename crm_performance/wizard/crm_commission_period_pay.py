# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionPeriodPay(models.TransientModel):
    """HR records the payroll batch that paid a validated period."""

    _name = "crm.commission.period.pay"
    _description = "Pay Commission Period"

    period_id = fields.Many2one("crm.commission.period", required=True, readonly=True)
    payment_date = fields.Date(required=True, default=fields.Date.context_today)
    payroll_batch_ref = fields.Char(string="Payroll Batch", required=True)

    def action_pay(self):
        self.ensure_one()
        self.period_id._pay(self.payment_date, self.payroll_batch_ref)
        return {"type": "ir.actions.act_window_close"}
