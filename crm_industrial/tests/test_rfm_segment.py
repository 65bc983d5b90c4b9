# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CrmIndustrialCommon

# The default segment of each recency score (rows) and frequency score
# (columns, 1 to 5), whatever the monetary score: the classic RFM grid.
DEFAULT_GRID = {
    5: ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    4: ["promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"],
    3: ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
    2: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
    1: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"],
}


@tagged("post_install", "-at_install")
class TestRfmSegment(CrmIndustrialCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Segment = cls.env["crm.rfm.segment"]
        cls.default = {
            name: cls.env.ref(f"crm_industrial.rfm_segment_{name}")
            for row in DEFAULT_GRID.values()
            for name in row
        }

    def _holding(self, segments, recency, frequency, monetary):
        return segments.filtered(
            lambda segment: (
                segment.recency_min <= recency <= segment.recency_max
                and segment.frequency_min <= frequency <= segment.frequency_max
                and segment.monetary_min <= monetary <= segment.monetary_max
            )
        )

    def test_default_segments_share_out_every_score(self):
        """Each of the 125 triples falls in one default segment, the grid's."""
        segments = self.Segment.search([])
        self.assertEqual(len(self.default), 10)
        self.assertEqual(segments, self.Segment.union(*self.default.values()))
        for recency, row in DEFAULT_GRID.items():
            for frequency, name in enumerate(row, start=1):
                for monetary in range(1, 6):
                    with self.subTest(r=recency, f=frequency, m=monetary):
                        self.assertEqual(
                            self._holding(segments, recency, frequency, monetary),
                            self.default[name],
                        )

    def test_an_overlapping_segment_is_refused(self):
        """Big spenders who order lately and often are already Champions."""
        with self.assertRaises(ValidationError) as error:
            self.Segment.with_user(self.user_sales_manager).create(
                {
                    "name": "Key spare-parts buyers",
                    "recency_min": 5,
                    "frequency_min": 5,
                    "monetary_min": 5,
                }
            )
        message = str(error.exception)
        self.assertIn("Key spare-parts buyers", message)
        self.assertIn("Champions", message)
        self.assertIn("recency 5, frequency 5 and monetary 5", message)

    def test_widening_a_segment_into_its_neighbour_is_refused(self):
        """Champions down to recency 4 would take R4 F4-5 from Loyal Customers."""
        with self.assertRaises(ValidationError) as error:
            self.default["champions"].write({"recency_min": 4})
        message = str(error.exception)
        self.assertIn("Champions", message)
        self.assertIn("Loyal Customers", message)
        self.assertIn("recency 4, frequency 4-5 and monetary 1-5", message)
        self.assertEqual(self.default["champions"].recency_min, 5)

    def test_an_archived_segment_may_overlap_until_restored(self):
        spare_parts = self.Segment.create(
            {"name": "Key spare-parts buyers", "active": False, "recency_min": 5}
        )
        with self.assertRaises(ValidationError):
            spare_parts.action_unarchive()
        # with New Customers, Potential Loyalists and Champions archived, it fits
        self.Segment.union(
            self.default["new"],
            self.default["potential_loyalists"],
            self.default["champions"],
        ).action_archive()
        spare_parts.action_unarchive()
        self.assertTrue(spare_parts.active)

    def test_segments_of_different_companies_may_overlap(self):
        self.Segment.search([]).action_archive()
        other = self.env["res.company"].create({"name": "Wuxi Gearboxes Ltd."})
        everyone = {"recency_min": 1, "frequency_min": 1, "monetary_min": 1}
        here = self.Segment.create(
            {"name": "All customers", "company_id": self.company.id, **everyone}
        )
        there = self.Segment.create(
            {"name": "All Wuxi customers", "company_id": other.id, **everyone}
        )
        # neighbours in the same company: recency 1-2 and 3-5 share nothing
        here.recency_max = 2
        self.Segment.create(
            {
                "name": "Recent customers",
                "company_id": self.company.id,
                "recency_min": 3,
            }
        )
        # a segment of every company meets both
        with self.assertRaises(ValidationError):
            self.Segment.create({"name": "Everyone", **everyone})
        # and so does moving one company's segment into the other
        with self.assertRaises(ValidationError):
            there.company_id = self.company
        self.assertEqual(there.company_id, other)

    def test_overlap_is_checked_in_one_query(self):
        """Ten segments or one: every active segment is read at once."""
        segments = self.Segment.union(*self.default.values())
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            segments._check_no_overlap()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.default["champions"]._check_no_overlap()
