# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .scorecard_rules import TOTAL_WEIGHT

# What a new template proposes: every metric, weighted for a balanced view
# of results (revenue, margin), the portfolio (new and kept customers) and
# the service customers got (satisfaction, complaints, deliveries, plans).
DEFAULT_METRICS = (
    ("revenue", 20.0, 100000.0),
    ("margin_pct", 15.0, 25.0),
    ("new_customers", 10.0, 2.0),
    ("retention_pct", 15.0, 80.0),
    ("nps", 10.0, 30.0),
    ("csat", 5.0, 4.0),
    ("complaints_per_100", 10.0, 2.0),
    ("on_time_pct", 10.0, 95.0),
    ("plan_progress_pct", 5.0, 80.0),
)


class CrmScorecardTemplate(models.Model):
    """A company's salesperson scorecard: the metrics it measures, each with
    its weight and target; the weights add up to 100 %."""

    _name = "crm.scorecard.template"
    _description = "Salesperson Scorecard Template"
    _order = "company_id"

    _company_unique = models.Constraint(
        "UNIQUE(company_id)",
        "A company has one salesperson scorecard template.",
    )

    name = fields.Char(required=True, translate=True, default="Salesperson Scorecard")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    metric_ids = fields.One2many(
        "crm.scorecard.metric",
        "template_id",
        string="Metrics",
        copy=True,
        default=lambda self: [
            Command.create({"code": code, "weight": weight, "target": target})
            for code, weight, target in DEFAULT_METRICS
        ],
    )
    total_weight = fields.Float(
        string="Total Weight (%)", compute="_compute_total_weight", digits=(16, 2)
    )

    @api.depends("metric_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.metric_ids.mapped("weight"))

    @api.constrains("metric_ids")
    def _check_weights(self):
        for template in self:
            total = sum(template.metric_ids.mapped("weight"))
            if float_compare(total, TOTAL_WEIGHT, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The weights of the scorecard's metrics add up to "
                        "%(total)s %%, not 100 %%.",
                        total=round(total, 2),
                    )
                )
