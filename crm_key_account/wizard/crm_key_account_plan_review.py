# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmKeyAccountPlanReview(models.TransientModel):
    """The review note of one step of an account plan."""

    _name = "crm.key.account.plan.review"
    _description = "Key Account Plan Review Note"

    plan_id = fields.Many2one("crm.key.account.plan", required=True)
    transition = fields.Selection(
        [
            ("submit", "Submit for approval"),
            ("return", "Return to draft"),
            ("approve", "Approve"),
            ("execute", "Start execution"),
            ("close", "Close"),
        ],
        string="Step",
        required=True,
        readonly=True,
    )
    note = fields.Text(string="Review Note", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.plan_id._transition(self.transition, self.note)
        return {"type": "ir.actions.act_window_close"}
