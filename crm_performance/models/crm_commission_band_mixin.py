# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionBandMixin(models.AbstractModel):
    """A band of one of a plan's multipliers: from a score (included) to the
    next band's, the commission is multiplied by this much; scores below the
    first band take its multiplier. Bands that start where the next one
    starts cover every score without gap or overlap; two bands starting at
    the same score would overlap and are refused.

    A band model names the plan's one2many of its bands
    (``_plan_band_field``) and says what it refuses
    (:meth:`_band_error`, :meth:`_same_start_error`)."""

    _name = "crm.commission.band.mixin"
    _inherit = ["crm.commission.plan.input"]
    _description = "Commission Multiplier Band"
    _order = "plan_id, score_from, id"
    _plan_band_field = None

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    score_from = fields.Float(digits=(16, 2))
    multiplier = fields.Float(digits=(16, 4), default=1.0, required=True)

    @api.constrains("score_from", "multiplier", "plan_id")
    def _check_band(self):
        for band in self:
            error = band._band_error()
            if error:
                raise ValidationError(error)
        for plan in self.plan_id:
            starts = plan[self._plan_band_field].mapped("score_from")
            if len(starts) != len(set(starts)):
                raise ValidationError(self._same_start_error(plan))

    def _band_error(self):
        """Why this band is refused, or ``None``."""
        raise NotImplementedError

    def _same_start_error(self, plan):
        """Why two bands of ``plan`` cannot start at the same score."""
        raise NotImplementedError
