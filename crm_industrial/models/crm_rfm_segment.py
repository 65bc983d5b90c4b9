# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_FIELDS = ("recency", "frequency", "monetary")


class CrmRfmSegment(models.Model):
    """A named RFM segment: the first rule, by sequence, whose ranges match."""

    _name = "crm.rfm.segment"
    _description = "RFM Segment"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the rule in every company."
    )
    recency_min = fields.Integer(default=1, required=True)
    recency_max = fields.Integer(default=5, required=True)
    frequency_min = fields.Integer(default=1, required=True)
    frequency_max = fields.Integer(default=5, required=True)
    monetary_min = fields.Integer(default=1, required=True)
    monetary_max = fields.Integer(default=5, required=True)
    profile_count = fields.Integer(compute="_compute_profile_count", string="Customers")

    @api.constrains(
        *(f"{score}_{end}" for score in SCORE_FIELDS for end in ("min", "max"))
    )
    def _check_score_ranges(self):
        for segment in self:
            for score in SCORE_FIELDS:
                low, high = segment[f"{score}_min"], segment[f"{score}_max"]
                if not 1 <= low <= high <= 5:
                    raise ValidationError(
                        self.env._(
                            "The scores of segment %(segment)s must be ranges within "
                            "1 to 5, the minimum not above the maximum.",
                            segment=segment.name,
                        )
                    )

    def _compute_profile_count(self):
        counts = dict(
            self.env["crm.customer.profile"]._read_group(
                [("rfm_segment_id", "in", self.ids)], ["rfm_segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.profile_count = counts.get(segment, 0)
