# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .commission_calendar import PERIOD_MONTHS, period_end, period_start


class CrmCommissionTarget(models.Model):
    """What a salesperson on a plan is expected to reach in one period, in
    the plan's commission base (invoiced, paid or margin)."""

    _name = "crm.commission.target"
    _inherit = ["crm.commission.plan.input", "crm.commission.led.mixin"]
    _description = "Commission Target"
    _order = "period_start desc, user_id, id"
    _rec_name = "user_id"

    _user_period_unique = models.Constraint(
        "UNIQUE(plan_id, user_id, period_start)",
        "A salesperson has one target per plan and period.",
    )
    _amount_positive = models.Constraint(
        "CHECK(amount >= 0)",
        "A target cannot be negative.",
    )

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    period_start = fields.Date(
        required=True, help="The first day of the month or quarter."
    )
    period_end = fields.Date(compute="_compute_period_end")
    amount = fields.Monetary(string="Target", currency_field="currency_id")

    @api.depends("period_start", "plan_id.period_type")
    def _compute_period_end(self):
        for target in self:
            target.period_end = target.period_start and period_end(
                target.period_start, target.plan_id.period_type
            )

    def _led_rows_sql(self):
        """A target's period ends with its month or quarter."""
        self.env["crm.commission.plan"].flush_model(["period_type"])
        return SQL(
            """SELECT target.id, target.user_id, target.company_id,
                      target.period_start
                      + make_interval(months => (%s::jsonb ->> plan.period_type)::int)
                      AS ends
                 FROM crm_commission_target target
                 JOIN crm_commission_plan plan ON plan.id = target.plan_id""",
            json.dumps(PERIOD_MONTHS),
        )

    def _own_pay_records(self):
        """A salesperson's own target, and every target of a plan that pays
        the current user."""
        user = self.env.user
        return self.filtered(
            lambda target: (
                target.user_id == user or user in target.plan_id._salespeople()
            )
        )

    def _locked_records(self, _vals):
        """The targets of periods a locked period of their plan settled."""
        return self.filtered(
            lambda target: (
                target.plan_id._locked_until()
                and target.period_start <= target.plan_id._locked_until()
            )
        )

    @api.constrains("period_start", "plan_id")
    def _check_period_start(self):
        for target in self:
            kind = target.plan_id.period_type
            if target.period_start == period_start(target.period_start, kind):
                continue
            if kind == "quarter":
                message = self.env._(
                    "A target of %(plan)s starts on the first day of a quarter, "
                    "not on %(date)s.",
                    plan=target.plan_id.name,
                    date=target.period_start,
                )
            else:
                message = self.env._(
                    "A target of %(plan)s starts on the first day of a month, "
                    "not on %(date)s.",
                    plan=target.plan_id.name,
                    date=target.period_start,
                )
            raise ValidationError(message)
