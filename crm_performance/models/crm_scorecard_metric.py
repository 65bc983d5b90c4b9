# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .scorecard_rules import HIGHER, LOWER

METRICS = [
    ("revenue", "Revenue"),
    ("margin_pct", "Margin (%)"),
    ("new_customers", "New Customers"),
    ("retention_pct", "Retention Rate (%)"),
    ("nps", "NPS"),
    ("csat", "CSAT"),
    ("complaints_per_100", "Complaints per 100 Deliveries"),
    ("on_time_pct", "Key Accounts On-time Delivery (%)"),
    ("plan_progress_pct", "Key Account Plan Progress (%)"),
]
DIRECTIONS = [(HIGHER, "Higher is better"), (LOWER, "Lower is better")]
# the metrics whose figure is better the lower it is
LOWER_IS_BETTER = {"complaints_per_100"}


class CrmScorecardMetric(models.Model):
    """One metric of a company's scorecard: its weight in the score and the
    target a salesperson meets in a period."""

    _name = "crm.scorecard.metric"
    _description = "Salesperson Scorecard Metric"
    _order = "template_id, sequence, id"
    _rec_name = "code"

    _template_code_unique = models.Constraint(
        "UNIQUE(template_id, code)",
        "A scorecard measures each metric once.",
    )

    template_id = fields.Many2one(
        "crm.scorecard.template", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(METRICS, string="Metric", required=True)
    direction = fields.Selection(
        DIRECTIONS, compute="_compute_direction", store=True, readonly=True
    )
    weight = fields.Float(string="Weight (%)", digits=(16, 2), required=True)
    target = fields.Float(
        digits=(16, 2),
        required=True,
        help="The figure that earns the metric's full points; revenue in the "
        "company's currency per period.",
    )

    @api.depends("code")
    def _compute_direction(self):
        for metric in self:
            metric.direction = LOWER if metric.code in LOWER_IS_BETTER else HIGHER

    @api.constrains("weight", "target")
    def _check_weight_target(self):
        for metric in self:
            if not 0 <= metric.weight <= 100:
                raise ValidationError(
                    self.env._("A metric's weight is between 0 and 100 %.")
                )
            if metric.target <= 0:
                raise ValidationError(
                    self.env._(
                        "The target of %(metric)s must be above zero.",
                        metric=metric.display_name,
                    )
                )
