# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .commission_common import JUNE, CommissionCommon

JULY = date(2026, 7, 1)
AUGUST = date(2026, 8, 1)


@tagged("post_install", "-at_install")
class TestNewCustomerHoldback(CommissionCommon):
    """Liu Yang's plan pays 3 % and holds back 25 % of a new customer's
    commission until the customer buys again within 2 months.

    Harbin Turbine Parts is first invoiced on 5 June 2026: 10 bearings at
    100 = 1 000, earning 1 000 x 3 % = 30, of which 25 % = 7.50 is held.
    Shenyang Gear Co. bought in 2025 already: not new, nothing held.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu = cls.user_commission_user
        cls.plan = cls._plan(
            "East", users=liu, default_rate=3.0, holdback_pct=25.0, holdback_months=2
        )
        cls._invoice(cls.customer_gear, liu, date(2025, 2, 1), [(cls.service, 1, 100)])
        cls.first_invoice = cls._invoice(
            cls.customer_turbine, liu, date(2026, 6, 5), [(cls.bearing, 10, 100)]
        )
        # an existing customer's June invoice: 500 x 3 % = 15, nothing held
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 12), [(cls.service, 1, 500)])
        cls.june = cls.Period.create({"period_type": "month", "date_from": JUNE})

    def _kind(self, period, kind):
        return self._lines(period).filtered(lambda line: line.kind == kind)

    def _summary(self, period):
        return self.Summary.search(
            [
                ("period_id", "=", period.id),
                ("user_id", "=", self.user_commission_user.id),
            ]
        )

    def test_held_in_the_period_of_the_sale(self):
        self._compute(self.june)
        held = self._kind(self.june, "holdback")
        self.assertRecordValues(
            held,
            [
                {
                    "move_id": self.first_invoice.id,
                    "partner_id": self.customer_turbine.id,
                    "date": date(2026, 6, 5),
                    "base_amount": 1000.0,
                    "rate": 3.0,
                    # 25 % of 1 000 x 3 % = 30
                    "amount": -7.5,
                    "origin_move_id": self.first_invoice.id,
                }
            ],
        )
        summary = self._summary(self.june)
        # earned 30 + 15 = 45; the holdback is added after the curve: -7.50;
        # the revenue counted against the target is the earned base only
        self.assertRecordValues(
            summary,
            [
                {
                    "commission_before_curve": 45.0,
                    "clawback_amount": -7.5,
                    "commission": 37.5,
                    "base_total": 1500.0,
                }
            ],
        )
        # a second computation writes nothing and holds nothing twice
        self.assertEqual(self._compute(self.june), 0)
        self.assertEqual(len(self._kind(self.june, "holdback")), 1)

    def test_released_when_the_customer_buys_again(self):
        self._compute(self.june)
        held = self._kind(self.june, "holdback")
        repeat = self._invoice(
            self.customer_turbine,
            self.user_commission_user,
            date(2026, 7, 20),
            [(self.bearing, 2, 100)],
        )
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        self.assertRecordValues(
            self._kind(july, "holdback_release"),
            [
                {
                    "move_id": self.first_invoice.id,
                    "date": date(2026, 7, 20),
                    "amount": 7.5,
                    "origin_line_id": held.id,
                    "origin_move_id": self.first_invoice.id,
                }
            ],
        )
        # the repeat order is still within the customer's first months: its
        # own 200 x 3 % = 6 earns, 25 % of it (1.50) is held in turn
        self.assertRecordValues(
            self._kind(july, "holdback"),
            [{"move_id": repeat.id, "amount": -1.5}],
        )
        # 6 earned, + 7.50 released - 1.50 held
        self.assertRecordValues(
            self._summary(july), [{"clawback_amount": 6.0, "commission": 12.0}]
        )
        self.assertEqual(self._compute(july), 0)
        # August: released once, nothing more on the June line
        august = self.Period.create({"period_type": "month", "date_from": AUGUST})
        self._compute(august)
        self.assertFalse(
            self._lines(august).filtered(lambda line: line.origin_line_id == held)
        )

    def test_bought_again_in_the_same_period_released_in_the_next(self):
        """A holdback is held at least through its own period: bought again
        on 25 June, the June holdback is released on 1 July."""
        self._invoice(
            self.customer_turbine,
            self.user_commission_user,
            date(2026, 6, 25),
            [(self.bearing, 1, 100)],
        )
        self._compute(self.june)
        held = self._lines(self.june).filtered(
            lambda line: line.kind == "holdback" and line.move_id == self.first_invoice
        )
        # 25 % of 1 000 x 3 % = 7.50 held; nothing released in June
        self.assertEqual(held.amount, -7.5)
        self.assertFalse(self._kind(self.june, "holdback_release"))
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        release = self._kind(july, "holdback_release").filtered(
            lambda line: line.origin_line_id == held
        )
        self.assertRecordValues(release, [{"date": JULY, "amount": 7.5}])

    def test_forfeited_when_the_window_closes(self):
        self._compute(self.june)
        held = self._kind(self.june, "holdback")
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        self.assertFalse(self._lines(july))
        # the window ends on 5 August (5 June + 2 months): forfeited on the 6th
        august = self.Period.create({"period_type": "month", "date_from": AUGUST})
        self._compute(august)
        self.assertRecordValues(
            self._lines(august),
            [
                {
                    "kind": "holdback_forfeit",
                    "date": date(2026, 8, 6),
                    "amount": 0.0,
                    "origin_line_id": held.id,
                }
            ],
        )
        # a purchase after the window releases nothing
        self._invoice(
            self.customer_turbine,
            self.user_commission_user,
            date(2026, 8, 20),
            [(self.bearing, 1, 100)],
        )
        self._compute(august)
        self.assertFalse(self._kind(august, "holdback_release"))

    def test_another_salesperson_reads_no_holdback(self):
        self._compute(self.june)
        lines = self.Line.with_user(self.user_outsider).search(
            [("kind", "like", "holdback")]
        )
        self.assertFalse(lines)

    def test_holdback_out_of_bounds_refused(self):
        for values in (
            {"holdback_pct": 120.0},
            {"holdback_pct": -5.0},
            {"holdback_pct": 20.0, "holdback_months": 0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.plan.write(values)
        self.assertEqual(self.plan.holdback_pct, 25.0)
        self.assertEqual(self.plan.holdback_months, 2)
