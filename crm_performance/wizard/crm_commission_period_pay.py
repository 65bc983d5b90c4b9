# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmCommissionPeriodPay(models.TransientModel):
    """HR records the payroll batch that paid a validated period."""

    _name = "crm.commission.period.pay"
    _description = "Pay Commission Period"

    period_id = fields.Many2one("crm.commission.period", required=True, readonly=True)
    payment_date = fields.Date(
        required=True,
        compute="_compute_payment_date",
        store=True,
        readonly=False,
        help="The company's pay day for this period, unless HR paid on another day.",
    )
    payroll_batch_ref = fields.Char(string="Payroll Batch", required=True)

    @api.depends("period_id")
    def _compute_payment_date(self):
        for wizard in self:
            wizard.payment_date = (
                wizard.period_id.planned_payment_date
                or fields.Date.context_today(wizard)
            )

    def action_pay(self):
        self.ensure_one()
        self.period_id._pay(self.payment_date, self.payroll_batch_ref)
        return {"type": "ir.actions.act_window_close"}
