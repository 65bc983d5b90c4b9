# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionSatisfactionBand(models.Model):
    """A band of a plan's satisfaction multiplier: from a score (included)
    to the next band's, the commission is multiplied by this much; scores
    below the first band take its multiplier."""

    _name = "crm.commission.satisfaction.band"
    _description = "Commission Satisfaction Band"
    _order = "plan_id, score_from, id"

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    score_from = fields.Float(
        digits=(16, 2),
        help="NPS from -100 to 100, or CSAT from 1 to 5, as the plan measures.",
    )
    multiplier = fields.Float(digits=(16, 4), default=1.0, required=True)

    @api.constrains("score_from", "multiplier", "plan_id")
    def _check_band(self):
        for band in self:
            if band.multiplier < 0:
                raise ValidationError(
                    self.env._(
                        "A satisfaction multiplier of %(plan)s cannot be negative.",
                        plan=band.plan_id.name,
                    )
                )
        for plan in self.plan_id:
            starts = plan.satisfaction_band_ids.mapped("score_from")
            if len(starts) != len(set(starts)):
                raise ValidationError(
                    self.env._(
                        "Two satisfaction bands of %(plan)s start at the same score.",
                        plan=plan.name,
                    )
                )
