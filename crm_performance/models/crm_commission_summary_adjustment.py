# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionSummaryAdjustment(models.Model):
    """What the multipliers of a locked salesperson's summary would change
    today, paid in an open period.

    The inputs of every multiplier are frozen with the computed period: an
    answer, a complaint or a customer's history recorded after its approval
    changes nothing there. Computing a later period measures the locked
    periods' multipliers again as of that day; for each locked summary whose
    multipliers differ, it writes one adjustment: the commission the locked
    summary would earn with today's multipliers less the one it earned
    (both on its frozen lines, target and attainment), less what other
    periods adjusted for it already. Written only by the computation of the
    open period it belongs to (computing it again gives the same
    adjustment), never changed once that period is locked in turn.
    """

    _name = "crm.commission.summary.adjustment"
    _inherit = ["crm.commission.led.mixin", "crm.computed.rows"]
    _description = "Commission Multiplier Adjustment"
    _order = "period_id desc, user_id, origin_period_id, id"
    _rec_name = "origin_summary_id"

    _origin_unique = models.Constraint(
        "UNIQUE(period_id, origin_summary_id)",
        "A period adjusts a locked summary once.",
    )

    period_id = fields.Many2one(
        "crm.commission.period",
        string="Paid In",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    summary_id = fields.Many2one(
        "crm.commission.summary",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The summary of the salesperson in the period paying the adjustment.",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, readonly=True, index=True
    )
    plan_id = fields.Many2one("crm.commission.plan", required=True, readonly=True)
    origin_period_id = fields.Many2one(
        "crm.commission.period",
        string="Adjusted Period",
        required=True,
        readonly=True,
        index=True,
    )
    origin_summary_id = fields.Many2one(
        "crm.commission.summary",
        string="Adjusted Summary",
        required=True,
        readonly=True,
        index=True,
    )

    old_satisfaction_score = fields.Float(
        string="Weighted Satisfaction Score Then", readonly=True, digits=(16, 2)
    )
    new_satisfaction_score = fields.Float(
        string="Weighted Satisfaction Score Today", readonly=True, digits=(16, 2)
    )
    old_satisfaction_answer_count = fields.Integer(
        string="Satisfaction Answers Then", readonly=True
    )
    new_satisfaction_answer_count = fields.Integer(
        string="Satisfaction Answers Today", readonly=True
    )
    old_satisfaction_multiplier = fields.Float(
        string="Satisfaction Multiplier Then", readonly=True, digits=(16, 4)
    )
    new_satisfaction_multiplier = fields.Float(
        string="Satisfaction Multiplier Today", readonly=True, digits=(16, 4)
    )
    old_retention_pct = fields.Float(
        string="Retention Then (%)", readonly=True, digits=(16, 2)
    )
    new_retention_pct = fields.Float(
        string="Retention Today (%)", readonly=True, digits=(16, 2)
    )
    old_retention_factor = fields.Float(
        string="Retention Factor Then", readonly=True, digits=(16, 4)
    )
    new_retention_factor = fields.Float(
        string="Retention Factor Today", readonly=True, digits=(16, 4)
    )
    old_retention_net = fields.Monetary(
        string="Retention Bonus less Penalty Then", readonly=True
    )
    new_retention_net = fields.Monetary(
        string="Retention Bonus less Penalty Today", readonly=True
    )
    old_scorecard_score = fields.Float(
        string="Scorecard Score Then", readonly=True, digits=(16, 2)
    )
    new_scorecard_score = fields.Float(
        string="Scorecard Score Today", readonly=True, digits=(16, 2)
    )
    old_scorecard_multiplier = fields.Float(
        string="Scorecard Multiplier Then", readonly=True, digits=(16, 4)
    )
    new_scorecard_multiplier = fields.Float(
        string="Scorecard Multiplier Today", readonly=True, digits=(16, 4)
    )
    old_commission = fields.Monetary(
        string="Commission Then",
        readonly=True,
        help="The locked summary's commission before its clawbacks and "
        "adjustments, with the multipliers it was computed with.",
    )
    new_commission = fields.Monetary(
        string="Commission Today",
        readonly=True,
        help="The same commission with today's multipliers: the same lines, "
        "target and attainment, through the same pay curve.",
    )
    adjusted_before = fields.Monetary(
        readonly=True,
        help="What other periods (not cancelled) adjusted for this summary already.",
    )
    amount = fields.Monetary(
        string="Adjustment",
        readonly=True,
        help="Commission today less commission then less adjusted before.",
    )
