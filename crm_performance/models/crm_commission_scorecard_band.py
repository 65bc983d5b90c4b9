# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionScorecardBand(models.Model):
    """A band of a plan's scorecard multiplier (see
    :class:`~.crm_commission_band_mixin.CrmCommissionBandMixin`), on the
    scorecard's total score from 0 to 100."""

    _name = "crm.commission.scorecard.band"
    _inherit = "crm.commission.band.mixin"
    _description = "Commission Scorecard Band"
    _plan_band_field = "scorecard_band_ids"

    score_from = fields.Float(help="The scorecard's total score, from 0 to 100.")

    def _band_error(self):
        if self.multiplier < 0 or not 0 <= self.score_from <= 100:
            return self.env._(
                "A scorecard band of %(plan)s starts at a score between "
                "0 and 100 and has a multiplier of 0 or more.",
                plan=self.plan_id.name,
            )
        return None

    def _same_start_error(self, plan):
        return self.env._(
            "Two scorecard bands of %(plan)s start at the same score.",
            plan=plan.name,
        )
