# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionSummary(models.Model):
    """A salesperson's commission of a period on one plan: the lines' total,
    the target attainment and what the pay curve makes of it.

    Written only by the period's computation.
    """

    _name = "crm.commission.summary"
    _description = "Commission Summary"
    _order = "period_id desc, user_id, id"
    _rec_name = "user_id"

    _user_plan_unique = models.Constraint(
        "UNIQUE(period_id, user_id, plan_id)",
        "A salesperson has one summary per period and plan.",
    )

    period_id = fields.Many2one(
        "crm.commission.period",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, readonly=True, index=True
    )
    plan_id = fields.Many2one(
        "crm.commission.plan",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    base_total = fields.Monetary(string="Base", readonly=True)
    target_amount = fields.Monetary(string="Target", readonly=True)
    attainment_pct = fields.Float(
        string="Attainment (%)",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The base over the target; 0 without a target.",
    )
    multiplier = fields.Float(
        string="Curve Multiplier", readonly=True, digits=(16, 4), aggregator=False
    )
    commission_before_curve = fields.Monetary(readonly=True)
    commission = fields.Monetary(
        string="Commission After Curve",
        readonly=True,
        help="What the pay curve and its cap make of the commission.",
    )
    cap_applied = fields.Boolean(string="Capped", readonly=True)

    # workflow: the sales manager's approval (written by the period's
    # Approve, Reopen and Cancel actions only)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
