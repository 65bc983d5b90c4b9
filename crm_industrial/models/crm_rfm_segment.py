# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .rfm_rules import shared_ranges

SCORE_FIELDS = ("recency", "frequency", "monetary")
RANGE_FIELDS = tuple(
    f"{score}_{end}" for score in SCORE_FIELDS for end in ("min", "max")
)


class CrmRfmSegment(models.Model):
    """A named RFM segment: the customers whose scores fall within its ranges.

    Active segments of the same company never overlap, so that each customer's
    scores fall in one segment at most.
    """

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

    @api.constrains(*RANGE_FIELDS)
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

    @api.constrains("active", "company_id", *RANGE_FIELDS)
    def _check_no_overlap(self):
        """Refuse two active segments that would hold the same customer.

        Their companies meet when either segment has none or both have the
        same. Every active segment is read at once, whatever the user sees.
        """
        active_segments = self.sudo().search_fetch(
            [("active", "=", True)], ["name", "company_id", *RANGE_FIELDS]
        )
        for segment in active_segments & self:
            for other in active_segments - segment:
                if (
                    segment.company_id
                    and other.company_id
                    and segment.company_id != other.company_id
                ):
                    continue
                shared = shared_ranges(segment._score_ranges(), other._score_ranges())
                if shared:
                    recency, frequency, monetary = (
                        str(low) if low == high else f"{low}-{high}"
                        for low, high in shared
                    )
                    raise ValidationError(
                        self.env._(
                            "The RFM segments %(segment)s and %(other)s overlap: "
                            "both hold the customers scored recency %(recency)s, "
                            "frequency %(frequency)s and monetary %(monetary)s. "
                            "Narrow the ranges of one of them, archive it or give "
                            "them different companies.",
                            segment=segment.name,
                            other=other.name,
                            recency=recency,
                            frequency=frequency,
                            monetary=monetary,
                        )
                    )

    def _score_ranges(self):
        """The (min, max) range of each score, in the order of SCORE_FIELDS."""
        self.ensure_one()
        return tuple(
            (self[f"{score}_min"], self[f"{score}_max"]) for score in SCORE_FIELDS
        )

    def _compute_profile_count(self):
        counts = dict(
            self.env["crm.customer.profile"]._read_group(
                [("rfm_segment_id", "in", self.ids)], ["rfm_segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.profile_count = counts.get(segment, 0)

    @api.model
    def _profile_ctes(self, company, today):
        """The RFM quintiles and segment of each customer (CTE ``scored`` of the
        customer profiles' recompute, ``crm.customer.profile``).

        Scores 1 to 5 over the company's active customers (revenue in the last
        12 months); ties share a score. The segment is the active segment
        whose ranges hold the three scores, looked up once for each of the 125
        possible triples; segments may not overlap, and should two saved
        before that rule still do, the first by sequence wins.
        """
        return SQL(
            """
active AS (
    SELECT partner_id,
           CEIL(5 * CUME_DIST() OVER (
               ORDER BY %(today)s - last_invoice_date DESC))::int AS recency,
           CEIL(5 * CUME_DIST() OVER (ORDER BY invoice_count_12m))::int AS frequency,
           CEIL(5 * CUME_DIST() OVER (ORDER BY revenue_12m))::int AS monetary
      FROM value
     WHERE revenue_12m > 0 AND last_invoice_date IS NOT NULL
), segment_of AS (
    SELECT DISTINCT ON (recency, frequency, monetary)
           recency, frequency, monetary, segment.id AS segment_id
      FROM generate_series(1, 5) recency
     CROSS JOIN generate_series(1, 5) frequency
     CROSS JOIN generate_series(1, 5) monetary
      LEFT JOIN crm_rfm_segment segment
        ON segment.active
       AND (segment.company_id IS NULL OR segment.company_id = %(company)s)
       AND recency BETWEEN segment.recency_min AND segment.recency_max
       AND frequency BETWEEN segment.frequency_min AND segment.frequency_max
       AND monetary BETWEEN segment.monetary_min AND segment.monetary_max
     ORDER BY recency, frequency, monetary, segment.sequence, segment.id
), scored AS (
    SELECT active.partner_id,
           active.recency AS rfm_recency_score,
           active.frequency AS rfm_frequency_score,
           active.monetary AS rfm_monetary_score,
           segment_of.segment_id AS rfm_segment_id
      FROM active
      JOIN segment_of USING (recency, frequency, monetary)
)
            """,
            company=company.id,
            today=today,
        )
