# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionSatisfactionBand(models.Model):
    """A band of a plan's satisfaction multiplier (see
    :class:`~.crm_commission_band_mixin.CrmCommissionBandMixin`)."""

    _name = "crm.commission.satisfaction.band"
    _inherit = "crm.commission.band.mixin"
    _description = "Commission Satisfaction Band"
    _plan_band_field = "satisfaction_band_ids"

    score_from = fields.Float(
        help="NPS from -100 to 100, or CSAT from 1 to 5, as the plan measures.",
    )

    def _band_error(self):
        if self.multiplier < 0:
            return self.env._(
                "A satisfaction multiplier of %(plan)s cannot be negative.",
                plan=self.plan_id.name,
            )
        return None

    def _same_start_error(self, plan):
        return self.env._(
            "Two satisfaction bands of %(plan)s start at the same score.",
            plan=plan.name,
        )
