# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon


@tagged("post_install", "-at_install")
class TestInvoicedBase(CommissionCommon):
    """Liu Yang's plan pays 5 % of what is invoiced, on the invoice date.

    June 2026:
      05: Nanjing Resin, 10 bearings at 100 = 1 000 and 2 service days at
          250 = 500, plus VAT: bases 1 000 and 500 (untaxed), 50 and 25.
      20: credit note to Nanjing Resin, 2 bearings at 100: -200, -10.
      a draft invoice of 400 and Guo Qiang's invoice of 700 (not on the
      plan) earn nothing; nor does the invoice of 28 May.
    => base 1 000 + 500 - 200 = 1 300, commission 50 + 25 - 10 = 65.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(
            "East invoiced", users=cls.user_commission_user, default_rate=5.0
        )
        chem, liu = cls.customer_chem, cls.user_commission_user
        cls.invoice = cls._invoice(
            chem, liu, date(2026, 6, 5), [(cls.bearing, 10, 100), (cls.service, 2, 250)]
        )
        cls._invoice(
            chem, liu, date(2026, 6, 20), [(cls.bearing, 2, 100)], "out_refund"
        )
        cls._invoice(chem, liu, date(2026, 5, 28), [(cls.service, 1, 1000)])
        cls._invoice(chem, cls.user_north, date(2026, 6, 8), [(cls.service, 1, 700)])
        draft = cls._invoice(chem, liu, date(2026, 6, 9), [(cls.service, 1, 400)])
        draft.button_draft()

    def test_lines_on_the_untaxed_amount(self):
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._lines(period),
            [
                {"base_amount": 1000.0, "rate": 5.0, "amount": 50.0},
                {"base_amount": 500.0, "rate": 5.0, "amount": 25.0},
                {"base_amount": -200.0, "rate": 5.0, "amount": -10.0},
            ],
        )
        self.assertEqual(
            self.Line.search_count([("period_id", "=", period.id)]),
            3,
            "neither the draft, May's nor Guo Qiang's invoices earn",
        )
        self.assertEqual(period.state, "computed")

    def test_line_describes_its_source(self):
        period = self._june()
        self._compute(period)
        bearings = self._lines(period)[0]
        self.assertRecordValues(
            bearings,
            [
                {
                    "company_id": self.company.id,
                    "plan_id": self.plan.id,
                    "move_id": self.invoice.id,
                    "move_line_id": self.invoice.invoice_line_ids[0].id,
                    "partial_id": False,
                    "partner_id": self.customer_chem.id,
                    "date": date(2026, 6, 5),
                    "product_categ_id": self.categ_tapered.id,
                    "customer_class": "b",
                    "is_new_customer": False,
                    "is_key_account": False,
                    "rule_id": False,
                }
            ],
        )

    def test_deleting_an_invoice_deletes_its_lines(self):
        """The invoice, customer and company a line copies, and who computed
        it, have no foreign key (``UnkeyedMany2one``): the invoice line's
        key deletes the line with its invoice, and the period's keeps its
        company."""
        self.env.cr.execute(
            """SELECT attribute.attname
                 FROM pg_constraint constraint_
                 JOIN pg_attribute attribute
                   ON attribute.attrelid = constraint_.conrelid
                  AND attribute.attnum = ANY(constraint_.conkey)
                WHERE constraint_.conrelid = 'crm_commission_line'::regclass
                  AND constraint_.contype = 'f'"""
        )
        keyed = {name for (name,) in self.env.cr.fetchall()}
        self.assertFalse(
            keyed & {"move_id", "partner_id", "company_id", "create_uid", "write_uid"}
        )
        self.assertLessEqual({"move_line_id", "period_id", "partial_id"}, keyed)
        period = self._june()
        self._compute(period)
        self.assertEqual(self.Line.search_count([("move_id", "=", self.invoice.id)]), 2)
        self.invoice.button_draft()
        self.invoice.with_context(force_delete=True).unlink()
        self.assertFalse(self.Line.search([("move_id", "=", self.invoice.id)]))
        self.assertRecordValues(
            self._lines(period),
            [{"base_amount": -200.0, "partner_id": self.customer_chem.id}],
        )

    def test_summary_without_target(self):
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            period.summary_ids,
            [
                {
                    "user_id": self.user_commission_user.id,
                    "plan_id": self.plan.id,
                    "base_total": 1300.0,
                    "target_amount": 0.0,
                    "attainment_pct": 0.0,
                    "multiplier": 1.0,
                    "commission_before_curve": 65.0,
                    "commission": 65.0,
                    "cap_applied": False,
                }
            ],
        )
        self.assertEqual(period.commission_total, 65.0)

    def test_recompute_gives_the_same_lines_and_writes_nothing(self):
        period = self._june()
        # 3 lines and 1 summary
        self.assertEqual(self._compute(period), 4)
        lines = self._lines(period)
        summary = period.summary_ids
        self.assertEqual(self._compute(period), 0)
        self.assertEqual(self._lines(period), lines)
        self.assertEqual(period.summary_ids, summary)

    def test_recompute_follows_the_invoices(self):
        """The credit note is cancelled: its line goes (1 row), the summary
        changes (1 row): base 1 500, commission 75."""
        period = self._june()
        self._compute(period)
        refund = self._lines(period)[-1].move_id
        refund.button_draft()
        self.assertEqual(self._compute(period), 2)
        self.assertEqual(len(self._lines(period)), 2)
        self.assertRecordValues(
            period.summary_ids, [{"base_total": 1500.0, "commission": 75.0}]
        )

    def test_plan_through_the_sales_team(self):
        """The same plan given to team East instead of Liu Yang by name."""
        self.plan.write(
            {
                "user_ids": [Command.clear()],
                "team_ids": [Command.set(self.team_east.ids)],
            }
        )
        period = self._june()
        self._compute(period)
        self.assertEqual(sum(self._lines(period).mapped("amount")), 65.0)

    def test_plan_ended_before_the_invoice(self):
        """The plan ended on 10 June: the credit note of the 20th is out."""
        self.plan.date_to = date(2026, 6, 10)
        period = self._june()
        self._compute(period)
        self.assertEqual(self._lines(period).mapped("amount"), [50.0, 25.0])


@tagged("post_install", "-at_install")
class TestPaidBase(CommissionCommon):
    """Liu Yang's plan pays 10 % of what customers pay, when they pay.

    Invoice of 20 May to Nanjing Resin: 6 bearings at 100 = 600 and one
    service day at 400, 1 000 untaxed, 1 130 with VAT. Paid 565 on 10 June
    (565 / 1 130 = half: bases 300 and 200, commission 30 and 20) and 339
    on 3 July (339 / 1 130 = 30 %: bases 180 and 120, commission 18 and 12).
    An invoice of 15 June to Shenyang Gear, unpaid, earns nothing yet.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(
            "East paid", users=cls.user_commission_user, base="paid", default_rate=10.0
        )
        liu = cls.user_commission_user
        cls.invoice = cls._invoice(
            cls.customer_chem,
            liu,
            date(2026, 5, 20),
            [(cls.bearing, 6, 100), (cls.service, 1, 400)],
        )
        cls._pay(cls.invoice, 565.0, date(2026, 6, 10))
        cls._pay(cls.invoice, 339.0, date(2026, 7, 3))
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 15), [(cls.service, 1, 200)])

    def test_partial_payment_in_june(self):
        period = self._june()
        self._compute(period)
        lines = self._lines(period)
        self.assertRecordValues(
            lines,
            [
                {"base_amount": 300.0, "amount": 30.0, "date": date(2026, 6, 10)},
                {"base_amount": 200.0, "amount": 20.0, "date": date(2026, 6, 10)},
            ],
        )
        self.assertTrue(lines.partial_id)
        self.assertEqual(len(lines.partial_id), 1)

    def test_second_payment_in_july(self):
        july = self.Period.create(
            {"period_type": "month", "date_from": date(2026, 7, 1)}
        )
        self._compute(july)
        self.assertRecordValues(
            self._lines(july),
            [
                {"base_amount": 180.0, "amount": 18.0, "date": date(2026, 7, 3)},
                {"base_amount": 120.0, "amount": 12.0, "date": date(2026, 7, 3)},
            ],
        )

    def test_recompute_writes_nothing(self):
        period = self._june()
        self.assertEqual(self._compute(period), 3)
        self.assertEqual(self._compute(period), 0)


@tagged("post_install", "-at_install")
class TestMarginBase(CommissionCommon):
    """Liu Yang's plan pays 20 % of the gross margin.

    June 2026:
      10: Nanjing Resin's order of 10 bearings at 100, costed 60 on the order
          (sale_margin), invoiced: 1 000 - 10 x 60 = 400 -> 80, although
          the bearing now costs 70.
      12: Harbin Turbine, one service day at 400 invoiced without an order:
          the product's cost 150, 400 - 150 = 250 -> 50.
      25: credit note to Harbin Turbine, the same day: -250 -> -50.
    => margin 400, commission 80.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan("East margin", base="margin", default_rate=20.0)
        liu = cls.user_commission_user
        cls.order_invoice = cls._invoiced_order(
            cls.customer_chem, liu, date(2026, 6, 10), (cls.bearing, 10, 100.0)
        )
        cls.bearing.standard_price = 70.0
        cls.turbine_invoice = cls._invoice(
            cls.customer_turbine, liu, date(2026, 6, 12), [(cls.service, 1, 400)]
        )
        cls.refund = cls._credit_note(
            cls.customer_turbine, liu, date(2026, 6, 25), [(cls.service, 1, 400)]
        )

    def test_margin_lines(self):
        self.assertEqual(self.order_invoice.invoice_user_id, self.user_commission_user)
        self.assertEqual(
            self.order_invoice.invoice_line_ids.sale_line_ids.purchase_price, 60.0
        )
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._lines(period),
            [
                {
                    "move_id": self.order_invoice.id,
                    "base_amount": 400.0,
                    "amount": 80.0,
                },
                {
                    "move_id": self.turbine_invoice.id,
                    "base_amount": 250.0,
                    "amount": 50.0,
                },
                {"move_id": self.refund.id, "base_amount": -250.0, "amount": -50.0},
            ],
        )
        self.assertRecordValues(
            period.summary_ids, [{"base_total": 400.0, "commission": 80.0}]
        )
