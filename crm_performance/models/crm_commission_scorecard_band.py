# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionScorecardBand(models.Model):
    """A band of a plan's scorecard multiplier: from a scorecard score
    (included) to the next band's, the commission is multiplied by this
    much; scores below the first band take its multiplier. Bands that start
    where the next one starts cover every score without gap or overlap; two
    bands starting at the same score would overlap and are refused."""

    _name = "crm.commission.scorecard.band"
    _description = "Commission Scorecard Band"
    _order = "plan_id, score_from, id"

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    score_from = fields.Float(
        digits=(16, 2),
        help="The scorecard's total score, from 0 to 100.",
    )
    multiplier = fields.Float(digits=(16, 4), default=1.0, required=True)

    @api.constrains("score_from", "multiplier", "plan_id")
    def _check_band(self):
        for band in self:
            if band.multiplier < 0 or not 0 <= band.score_from <= 100:
                raise ValidationError(
                    self.env._(
                        "A scorecard band of %(plan)s starts at a score between "
                        "0 and 100 and has a multiplier of 0 or more.",
                        plan=band.plan_id.name,
                    )
                )
        for plan in self.plan_id:
            starts = plan.scorecard_band_ids.mapped("score_from")
            if len(starts) != len(set(starts)):
                raise ValidationError(
                    self.env._(
                        "Two scorecard bands of %(plan)s start at the same score.",
                        plan=plan.name,
                    )
                )
