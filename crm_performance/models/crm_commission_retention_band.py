# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionRetentionBand(models.Model):
    """A band of a plan's retention factor: from a retention (included) to
    the next band's, the commission is multiplied by this much; a retention
    below the first band takes its factor."""

    _name = "crm.commission.retention.band"
    _inherit = ["crm.commission.plan.input"]
    _description = "Commission Retention Band"
    _order = "plan_id, retention_from, id"

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    retention_from = fields.Float(
        string="Retention From (%)",
        digits=(16, 1),
        help="The share of last year's A and B customers who bought again, "
        "from 0 to 100.",
    )
    factor = fields.Float(digits=(16, 4), default=1.0, required=True)

    @api.constrains("retention_from", "factor", "plan_id")
    def _check_band(self):
        for band in self:
            if band.factor < 0 or not 0 <= band.retention_from <= 100:
                raise ValidationError(
                    self.env._(
                        "A retention band of %(plan)s starts between 0 and "
                        "100 %% and has a factor of 0 or more.",
                        plan=band.plan_id.name,
                    )
                )
        for plan in self.plan_id:
            starts = plan.retention_band_ids.mapped("retention_from")
            if len(starts) != len(set(starts)):
                raise ValidationError(
                    self.env._(
                        "Two retention bands of %(plan)s start at the same retention.",
                        plan=plan.name,
                    )
                )
