# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .complaint_common import ComplaintCommon

TODAY = date(2026, 7, 31)
# the recompute runs on Friday 2026-07-31 at 17:00, Shanghai time
NOW = datetime(2026, 7, 31, 17, 0)
FIGURES = (
    "complaint_count",
    "open_count",
    "delivery_count",
    "per_100_deliveries",
    "answered_in_target_pct",
    "resolved_in_target_pct",
    "resolution_avg_hours",
    "resolution_p90_hours",
)


class ComplaintFiguresCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Score = cls.env["crm.complaint.score"]
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.out_type = warehouse.out_type_id
        cls.product = cls.env["product.product"].create(
            {"name": "Tapered roller bearing", "type": "consu"}
        )

    @classmethod
    def _deliveries(cls, customer, count, done_at=None):
        """``count`` deliveries to ``customer``, done at Shanghai time ``done_at``."""
        pickings = cls.env["stock.picking"].create(
            [
                {
                    "partner_id": customer.id,
                    "picking_type_id": cls.out_type.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 10,
                                "location_id": cls.out_type.default_location_src_id.id,
                                "location_dest_id": cls.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
                for _index in range(count)
            ]
        )
        pickings.action_confirm()
        if done_at:
            pickings.move_ids.write({"quantity": 10, "picked": True})
            with cls._at(done_at):
                pickings.button_validate()
        return pickings

    def _recompute(self):
        with self._at(NOW):
            return self.Score._recompute_company(self.company, TODAY)

    def _figures(self, score):
        return {name: score[name] for name in FIGURES}


@tagged("post_install", "-at_install")
class TestComplaintFigures(ComplaintFiguresCommon):
    """A year of complaints, recomputed on Friday 2026-07-31 at 17:00.

    The window is 12 months: complaints received and deliveries done from
    2025-08-01 to 2026-07-31. Hours are working hours of the plant (8:00-12:00,
    13:00-17:00, Monday to Friday); every complaint is received on a Monday
    at 8:00 but the last one of Changchun, out of the window.

    Changchun Axle Works (class A, Li Na), 8 deliveries in June:
      C1 critical quality (2 h / 24 h), 2026-06-01: answered after 1 h,
         settled Tuesday 12:00, after 8 + 4 = 12 h: met.
      C2 high delivery (4 h / 40 h), 2026-06-08: answered at 14:00 after
         4 + 1 = 5 h: late; settled Tuesday 2026-06-16 12:00, after 40 + 8 + 4
         = 52 h: late.
      C3 medium quality (8 h / 80 h), 2026-07-27: answered after 2 h, open:
         40 h of 80 used on Friday at 17:00, on track (not counted as late).
      C0, received 2025-07-15: out of the window.
    Nanjing Resin Chemicals (class C, Wang Fang), 4 deliveries in the window,
    one done in June 2025 and one not done:
      N1 low billing (24 h / 160 h), 2026-06-01: answered the next morning
         after 8 h, settled after one week, 40 h: met.
      N2 medium quality (24 h / 120 h), 2026-03-02: settled three weeks later,
         120 h, exactly on target, without an answer before: the settlement
         answers after 120 h, late.
    Harbin Gears (no profile: served as class C), Li Na's until 2026-05-01,
    then Wang Fang's; 2 deliveries in March, 2 in June:
      H1 medium delivery, 2026-04-06 (Li Na's): answered after 4 h, settled
         Friday 17:00 after 40 h: met.
      H2 medium delivery, 2026-06-15 (Wang Fang's): answered after 1 h,
         settled two weeks later, 80 h: met.

    The 90th percentile is continuous: of n resolution times sorted, the one
    at rank 1 + 0.9 (n - 1), interpolated between the two ranks around it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._at(datetime(2026, 1, 5, 9, 0)):
            cls.harbin = cls.env["res.partner"].create(
                {
                    "name": "Harbin Gears",
                    "is_company": True,
                    "user_id": cls.user_salesman.id,
                }
            )
        with cls._at(datetime(2026, 5, 1, 9, 0)):
            cls.harbin.user_id = cls.user_sales_manager
        deliver = cls._deliveries
        deliver(cls.customer_auto, 8, datetime(2026, 6, 10, 15, 0))
        deliver(cls.customer_chem, 4, datetime(2026, 5, 20, 15, 0))
        deliver(cls.customer_chem, 1, datetime(2025, 6, 20, 15, 0))
        deliver(cls.customer_chem, 1)
        deliver(cls.harbin, 2, datetime(2026, 3, 10, 15, 0))
        deliver(cls.harbin, 2, datetime(2026, 6, 10, 15, 0))
        quality, delivery, billing = (
            cls.category["quality"],
            cls.category["delivery"],
            cls.category["billing"],
        )
        with cls._at(NOW):
            claim = cls._claim
            cls.c1 = claim(
                cls.customer_auto,
                datetime(2026, 6, 1, 8, 0),
                severity="critical",
                categ_id=quality.id,
                answered=datetime(2026, 6, 1, 9, 0),
                resolved=datetime(2026, 6, 2, 12, 0),
            )
            cls.c2 = claim(
                cls.customer_auto,
                datetime(2026, 6, 8, 8, 0),
                severity="high",
                categ_id=delivery.id,
                answered=datetime(2026, 6, 8, 14, 0),
                resolved=datetime(2026, 6, 16, 12, 0),
            )
            cls.c3 = claim(
                cls.customer_auto,
                datetime(2026, 7, 27, 8, 0),
                severity="medium",
                categ_id=quality.id,
                answered=datetime(2026, 7, 27, 10, 0),
            )
            cls.c0 = claim(
                cls.customer_auto,
                datetime(2025, 7, 15, 8, 0),
                severity="medium",
                categ_id=quality.id,
            )
            cls.n1 = claim(
                cls.customer_chem,
                datetime(2026, 6, 1, 8, 0),
                severity="low",
                categ_id=billing.id,
                answered=datetime(2026, 6, 2, 8, 0),
                resolved=datetime(2026, 6, 8, 8, 0),
            )
            cls.n2 = claim(
                cls.customer_chem,
                datetime(2026, 3, 2, 8, 0),
                severity="medium",
                categ_id=quality.id,
                resolved=datetime(2026, 3, 23, 8, 0),
            )
            cls.h1 = claim(
                cls.harbin,
                datetime(2026, 4, 6, 8, 0),
                severity="medium",
                categ_id=delivery.id,
                answered=datetime(2026, 4, 6, 12, 0),
                resolved=datetime(2026, 4, 10, 17, 0),
            )
            cls.h2 = claim(
                cls.harbin,
                datetime(2026, 6, 15, 8, 0),
                severity="medium",
                categ_id=delivery.id,
                answered=datetime(2026, 6, 15, 9, 0),
                resolved=datetime(2026, 6, 29, 8, 0),
            )

    def _score(self, scope, subject):
        return self.Score.search(
            [
                ("company_id", "=", self.company.id),
                ("scope", "=", scope),
                ("subject_key", "=", subject.id if subject else 0),
            ]
        )

    def test_each_complaint_is_measured(self):
        claims = (self.c1, self.c2, self.c3, self.n1, self.n2, self.h1, self.h2)
        self.assertEqual(
            [(claim.response_hours, claim.resolution_hours) for claim in claims],
            [(1, 12), (5, 52), (2, 0), (8, 40), (120, 120), (4, 40), (1, 80)],
        )
        self.assertEqual(
            [claim.sla_state for claim in claims],
            ["met", "breached", "on_track", "met", "breached", "met", "met"],
        )

    def test_company_figures(self):
        """7 complaints in the window, C3 open; 16 deliveries: 7 / 16 = 43.75
        per 100. Answered in time: all but C2 and N2, 5 of 7 = 71.4 %.
        Resolved: 6, all in time but C2, 5 of 6 = 83.3 % (C3 is within its
        target: not yet counted). Resolution hours 12, 40, 40, 52, 80, 120:
        average 344 / 6 = 57.33; the 90th percentile at rank 1 + 0.9 x 5 =
        5.5, halfway between 80 and 120: 100. Written: the 9 rows of figures
        (3 customers, 2 salespeople, 3 categories, the company) and the
        window, once, on the company."""
        self.assertEqual(self._recompute(), 9 + 1)
        self.assertEqual(
            self._figures(self._score("company", None)),
            {
                "complaint_count": 7,
                "open_count": 1,
                "delivery_count": 16,
                "per_100_deliveries": 43.75,
                "answered_in_target_pct": 71.4,
                "resolved_in_target_pct": 83.3,
                "resolution_avg_hours": 57.33,
                "resolution_p90_hours": 100.0,
            },
        )

    def test_customer_figures(self):
        """Changchun: 3 complaints, 8 deliveries: 37.5 per 100; answered in
        time 2 of 3; resolved in time 1 of 2 (C3 open); resolution hours 12
        and 52: average 32, 90th percentile at rank 1.9: 12 + 0.9 x 40 = 48.
        Nanjing: 2 complaints, 4 deliveries in the window: 50 per 100; N2
        answered late: 50 %; both resolved in time; 40 and 120 h: average 80,
        90th percentile 40 + 0.9 x 80 = 112.
        Harbin: 2 complaints, 4 deliveries: 50 per 100; all in time; 40 and
        80 h: average 60, 90th percentile 40 + 0.9 x 40 = 76."""
        self._recompute()
        expected = {
            self.customer_auto: (3, 1, 8, 37.5, 66.7, 50.0, 32.0, 48.0),
            self.customer_chem: (2, 0, 4, 50.0, 50.0, 100.0, 80.0, 112.0),
            self.harbin: (2, 0, 4, 50.0, 100.0, 100.0, 60.0, 76.0),
        }
        for customer, figures in expected.items():
            with self.subTest(customer=customer.name):
                score = self._score("customer", customer)
                self.assertEqual(score.partner_id, customer)
                self.assertEqual(score.customer_user_id, customer.user_id)
                self.assertEqual(
                    self._figures(score), dict(zip(FIGURES, figures, strict=True))
                )
                self.assertEqual(
                    (score.window_start, score.window_end),
                    (date(2025, 8, 1), TODAY),
                )
        self.assertEqual(
            self.customer_auto.complaint_score_ids,
            self._score("customer", self.customer_auto),
        )

    def test_salesperson_figures_follow_the_owner_at_receipt(self):
        """Harbin changed hands on 2026-05-01: H1 (April) and its 2 March
        deliveries count for Li Na, H2 (June) and the 2 June deliveries for
        Wang Fang, although Wang Fang owns Harbin now.
        Li Na: C1, C2, C3, H1, 8 + 2 = 10 deliveries: 40 per 100; answered
        in time 3 of 4 (C2 late); resolved in time 2 of 3 (C1, H1; C2 late;
        C3 open); 12, 40, 52 h: average 34.67, 90th percentile at rank 2.8:
        40 + 0.8 x 12 = 49.6.
        Wang Fang: N1, N2, H2, 4 + 2 = 6 deliveries: 50 per 100; answered in
        time 2 of 3 (N2 late); resolved in time 3 of 3; 40, 80, 120 h:
        average 80, 90th percentile 80 + 0.8 x 40 = 112."""
        self.assertEqual(self.h1.salesperson_id, self.user_salesman)
        self.assertEqual(self.h2.salesperson_id, self.user_sales_manager)
        self.assertEqual(self.h1.crm_customer_user_id, self.user_sales_manager)
        self._recompute()
        expected = {
            self.user_salesman: (4, 1, 10, 40.0, 75.0, 66.7, 34.67, 49.6),
            self.user_sales_manager: (3, 0, 6, 50.0, 66.7, 100.0, 80.0, 112.0),
        }
        for user, figures in expected.items():
            with self.subTest(salesperson=user.name):
                score = self._score("salesperson", user)
                self.assertEqual(score.user_id, user)
                self.assertEqual(
                    self._figures(score), dict(zip(FIGURES, figures, strict=True))
                )

    def test_category_figures(self):
        """Per 100 of the company's 16 deliveries.
        Quality: C1, C3, N2: 18.75; answered in time 2 of 3 (N2 late);
        resolved in time 2 of 2; 12 and 120 h: average 66, 90th percentile
        12 + 0.9 x 108 = 109.2.
        Delivery: C2, H1, H2: 18.75; answered and resolved in time 2 of 3
        (C2 late); 40, 52, 80 h: average 57.33, 90th percentile 52 + 0.8 x 28
        = 74.4.
        Billing: N1: 6.25; in time; 40 h."""
        self._recompute()
        expected = {
            "quality": (3, 1, 16, 18.75, 66.7, 100.0, 66.0, 109.2),
            "delivery": (3, 0, 16, 18.75, 66.7, 66.7, 57.33, 74.4),
            "billing": (1, 0, 16, 6.25, 100.0, 100.0, 40.0, 40.0),
        }
        for code, figures in expected.items():
            with self.subTest(category=code):
                score = self._score("category", self.category[code])
                self.assertEqual(score.display_name, self.category[code].name)
                self.assertEqual(
                    self._figures(score), dict(zip(FIGURES, figures, strict=True))
                )
        self.assertFalse(self._score("category", self.category["documentation"]))

    def test_second_run_writes_nothing(self):
        # 9 rows of figures and the window on the company
        self.assertEqual(self._recompute(), 9 + 1)
        self.assertEqual(self._recompute(), 0)

    def test_the_next_day_moves_the_window_only(self):
        """On 1 August no complaint nor delivery enters or leaves the window,
        which moves by a day: recorded once on the company, it rewrites no
        row of figures (each stored it: all 9 were rewritten every day)."""
        self._recompute()
        with self._at(NOW):
            written = self.Score._recompute_company(self.company, date(2026, 8, 1))
        self.assertEqual(written, 1)
        self.assertEqual(
            (
                self._score("company", None).window_start,
                self._score("company", None).window_end,
            ),
            (date(2025, 8, 2), date(2026, 8, 1)),
        )

    def test_rows_follow_the_complaints(self):
        """N1 withdrawn: the billing figures go; Nanjing's, Wang Fang's and the
        company's change; quality and delivery stay as they were."""
        self._recompute()
        quality = self._score("category", self.category["quality"])
        write_date = quality.write_date
        self.n1.unlink()
        self.assertEqual(self._recompute(), 4)
        self.assertFalse(self._score("category", self.category["billing"]))
        self.assertEqual(self._score("customer", self.customer_chem).complaint_count, 1)
        self.assertEqual(quality.write_date, write_date)

    def test_open_complaints_are_refreshed_first(self):
        """C3 on Tuesday 2026-08-04 at 17:00: 40 + 8 + 8 = 56 h of its 80 h
        resolution target used, 70 %: on track. On Thursday 2026-08-06 at 12:00,
        56 + 8 + 4 = 68 h, 85 %: near its target; the run moves it first."""
        self._recompute()
        with self._at(datetime(2026, 8, 6, 12, 0)):
            written = self.Score._recompute_company(self.company, TODAY)
        self.assertEqual(self.c3.sla_state, "near")
        # C3 refreshed; C3 and C0 are the only open complaints, C0 long late
        self.assertEqual(written, 1)


@tagged("post_install", "-at_install")
class TestComplaintFiguresQueries(ComplaintFiguresCommon):
    """The figures of 10 or 1 000 complaints take the same queries."""

    def _complaints(self, count, offset=0):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Foundry {offset + index}", "is_company": True}
                for index in range(count)
            ]
        )
        with self._at(NOW):
            self.Claim.create(
                [
                    {
                        "name": f"Cracked casting {index}",
                        "partner_id": customer.id,
                        "date": datetime(2026, 7, 1 + index % 28, 2, 0),
                        "severity": ("low", "medium", "high", "critical")[index % 4],
                        "categ_id": self.category["quality"].id,
                        "stage_id": (self.stage_new, self.stage_settled)[index % 2].id,
                    }
                    for index, customer in enumerate(customers)
                ]
            )
        self.env.invalidate_all()

    def test_constant_query_count(self):
        """9 queries for a company's complaint figures, at 10 complaints as
        at 1 000 (the window recorded on the company is the ninth)."""
        self._complaints(10)
        with self._at(NOW), self.assertQueryCount(__system__=9):
            self.Score._recompute_company(self.company, TODAY)
        self._complaints(990, offset=10)
        with self._at(NOW), self.assertQueryCount(__system__=9):
            self.Score._recompute_company(self.company, TODAY)
        self.assertEqual(
            self.Score.search(
                [("company_id", "=", self.company.id), ("scope", "=", "customer")]
            ).mapped("complaint_count"),
            [1] * 1000,
        )
