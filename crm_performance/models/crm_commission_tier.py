# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmCommissionTier(models.Model):
    """A step or a level of a plan's pay curve.

    Steps run from an attainment (included) to the next (excluded; 0 for the
    last, open-ended step) and must cover attainment from 0 % without gap
    or overlap; levels are attainment points, interpolated between them.
    """

    _name = "crm.commission.tier"
    _inherit = ["crm.commission.plan.input"]
    _description = "Commission Pay Curve Tier"
    _order = "plan_id, from_pct, id"

    _bounds_positive = models.Constraint(
        "CHECK(from_pct >= 0 AND to_pct >= 0 AND multiplier >= 0)",
        "Attainments and multipliers of a pay curve cannot be negative.",
    )

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    from_pct = fields.Float(
        string="Attainment From (%)",
        digits=(16, 2),
        help="Steps: where the step starts (included). Levels: the attainment "
        "of the level.",
    )
    to_pct = fields.Float(
        string="Attainment To (%)",
        digits=(16, 2),
        help="Where the step ends (excluded); 0 for the last, open-ended step.",
    )
    multiplier = fields.Float(digits=(16, 4), default=1.0, required=True)

    @api.constrains("from_pct", "to_pct", "plan_id")
    def _check_plan_curve(self):
        """A tier changed on its own still leaves its plan's curve whole."""
        self.plan_id._check_curve()
