# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .crm_scorecard_metric import DIRECTIONS, METRICS

# what a salesperson's scorecard computes for each metric
METRIC_COLUMNS = (
    "sequence",
    "direction",
    "measured",
    "not_measured_reason",
    "actual",
    "target",
    "achievement_pct",
    "points",
    "weight",
    "effective_weight",
    "weighted_points",
)

NOT_MEASURED_REASONS = [
    ("no_revenue", "No revenue"),
    ("no_customers", "No A or B customers a year before"),
    ("not_enough_answers", "Not enough answers"),
    ("no_deliveries", "No deliveries"),
    ("no_plans", "No account plan with measured objectives"),
]


class CrmSalespersonScorecardLine(models.Model):
    """One metric of a salesperson's scorecard: the figure measured in the
    period against the target, its points, and its share of the score.

    The weight and target are those of the company's template when the
    scorecard was computed. A metric not measured earns no points and
    weighs nothing: the weights of the others are rescaled to 100 %.
    """

    _name = "crm.salesperson.scorecard.line"
    _inherit = ["crm.commission.led.mixin", "crm.computed.rows"]
    _description = "Salesperson Scorecard Metric"
    _order = "scorecard_id, sequence, id"
    _rec_name = "code"
    _computed_key = ("scorecard_id", "code")
    _computed_columns = ("company_id", "user_id", *METRIC_COLUMNS)

    _scorecard_code_unique = models.Constraint(
        "UNIQUE(scorecard_id, code)",
        "A scorecard has one line per metric.",
    )

    scorecard_id = fields.Many2one(
        "crm.salesperson.scorecard",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        related="scorecard_id.user_id", string="Salesperson", store=True, index=True
    )
    sequence = fields.Integer(readonly=True)
    code = fields.Selection(METRICS, string="Metric", required=True, readonly=True)
    direction = fields.Selection(DIRECTIONS, readonly=True)
    measured = fields.Boolean(readonly=True)
    not_measured_reason = fields.Selection(
        NOT_MEASURED_REASONS,
        string="Not Measured Because",
        readonly=True,
    )
    actual = fields.Float(digits=(16, 2), readonly=True, aggregator=None)
    target = fields.Float(digits=(16, 2), readonly=True, aggregator=None)
    achievement_pct = fields.Float(
        string="Achievement (%)", digits=(16, 1), readonly=True, aggregator=None
    )
    points = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    weight = fields.Float(string="Weight (%)", digits=(16, 2), readonly=True)
    effective_weight = fields.Float(
        string="Rescaled Weight (%)",
        digits=(16, 2),
        readonly=True,
        help="The weight among the metrics measured for this salesperson.",
    )
    weighted_points = fields.Float(digits=(16, 2), readonly=True)

    def _led_rows_sql(self):
        """A scorecard line is of its scorecard's period."""
        self.env["crm.salesperson.scorecard"].flush_model(["period_id"])
        return SQL(
            """SELECT line.id, line.user_id, line.company_id,
                      period.date_to + 1 AS ends
                 FROM crm_salesperson_scorecard_line line
                 JOIN crm_salesperson_scorecard scorecard
                   ON scorecard.id = line.scorecard_id
                 JOIN crm_commission_period period
                   ON period.id = scorecard.period_id"""
        )
