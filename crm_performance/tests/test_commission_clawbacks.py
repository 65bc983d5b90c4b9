# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import JUNE, CommissionCommon, tiers

MAY = date(2026, 5, 1)
JULY = date(2026, 7, 1)


class RefundClawbackCommon(CommissionCommon):
    """Liu Yang and Guo Qiang are on invoiced plans paying 3 %; Changchun
    Axle Works, a key account, is shared half and half between them.

    May 2026:
      12: Liu Yang invoices Nanjing Resin 10 bearings at 100 = 1 000:
          base 1 000 at 3 % = 30.
      15: Changchun Axle Works is invoiced one service day at 800: 400 to
          each at 3 % = 12 each.
    May is computed, then the plans go up to 5 % from June.
    June 2026:
      10: credit note of 4 of the 10 bearings (400): Liu Yang's clawback
          -400 at May's 3 % = -12, pointing to the May invoice.
      18: Changchun Axle Works' invoice refunded in full: -400 at 3 % = -12
          for each of them.
    => Liu Yang's June: no earned line, clawbacks -24, commission -24; the
       base (the revenue) is -800.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plans = cls._east_and_north_plans(default_rate=3.0)
        sales = cls.env.ref("crm_key_account.role_sales")
        cls.key_account.sudo().member_ids = [
            Command.create({"user_id": user.id, "role_id": sales.id, "share_pct": 50})
            for user in (cls.user_commission_user, cls.user_north)
        ]
        cls._key_account_since(cls.key_account, date(2026, 1, 1))
        liu = cls.user_commission_user
        cls.invoice = cls._invoice(
            cls.customer_chem, liu, date(2026, 5, 12), [(cls.bearing, 10, 100)]
        )
        cls.axle_invoice = cls._invoice(
            cls.customer_auto, liu, date(2026, 5, 15), [(cls.service, 1, 800)]
        )
        cls.may = cls.Period.create({"period_type": "month", "date_from": MAY})
        cls.may._recompute(cls.company)
        for plan in cls.plans.values():
            plan.default_rate = 5.0
        cls.refund = cls._refund(cls.invoice, date(2026, 6, 10), quantity=4)
        cls.axle_refund = cls._refund(cls.axle_invoice, date(2026, 6, 18))

    @classmethod
    def _refund(cls, invoice, refund_date, quantity=None):
        """Post a credit note of ``invoice`` (of ``quantity`` of its line),
        of the invoice's salesperson as the reversal wizard makes it."""
        refund = invoice._reverse_moves(
            [
                {
                    "invoice_date": refund_date,
                    "date": refund_date,
                    "invoice_user_id": invoice.invoice_user_id.id,
                }
            ]
        )
        if quantity is not None:
            refund.invoice_line_ids.quantity = quantity
        refund.action_post()
        return refund


@tagged("post_install", "-at_install")
class TestRefundClawback(RefundClawbackCommon):
    def _may_line(self, invoice, user):
        return self.Line.search(
            [
                ("period_id", "=", self.may.id),
                ("move_id", "=", invoice.id),
                ("user_id", "=", user.id),
            ]
        )

    def test_may_earned(self):
        self.assertRecordValues(
            self._lines(self.may),
            [
                {"move_id": self.invoice.id, "base_amount": 1000.0, "amount": 30.0},
                {"move_id": self.axle_invoice.id, "base_amount": 400.0, "amount": 12.0},
            ],
        )

    def test_refund_claws_back_at_the_original_rate(self):
        june = self._june()
        self._compute(june)
        liu, guo = self.user_commission_user, self.user_north
        self.assertRecordValues(
            self._lines(june),
            [
                {
                    "kind": "clawback",
                    "move_id": self.refund.id,
                    "date": date(2026, 6, 10),
                    "share_pct": 100.0,
                    "base_amount": -400.0,
                    "rate": 3.0,
                    "amount": -12.0,
                    "origin_move_id": self.invoice.id,
                    "origin_line_id": self._may_line(self.invoice, liu).id,
                    "plan_id": self.plans[liu].id,
                },
                {
                    "kind": "clawback",
                    "move_id": self.axle_refund.id,
                    "date": date(2026, 6, 18),
                    "share_pct": 50.0,
                    "base_amount": -400.0,
                    "rate": 3.0,
                    "amount": -12.0,
                    "origin_move_id": self.axle_invoice.id,
                    "origin_line_id": self._may_line(self.axle_invoice, liu).id,
                    "plan_id": self.plans[liu].id,
                },
            ],
        )
        self.assertRecordValues(
            self._lines(june, guo),
            [
                {
                    "kind": "clawback",
                    "share_pct": 50.0,
                    "base_amount": -400.0,
                    "amount": -12.0,
                    "origin_line_id": self._may_line(self.axle_invoice, guo).id,
                }
            ],
        )
        summary = self.Summary.search(
            [("period_id", "=", june.id), ("user_id", "=", liu.id)]
        )
        self.assertRecordValues(
            summary,
            [
                {
                    "base_total": -800.0,
                    "commission_before_curve": 0.0,
                    "clawback_amount": -24.0,
                    "commission": -24.0,
                }
            ],
        )

    def test_recompute_writes_nothing(self):
        june = self._june()
        self._compute(june)
        self.assertEqual(self._compute(june), 0)

    def test_salesperson_reads_own_clawbacks(self):
        june = self._june()
        self._compute(june)
        lines = self.Line.with_user(self.user_north).search(
            [("period_id", "=", june.id)]
        )
        self.assertEqual(lines.user_id, self.user_north)
        self.assertEqual(lines.mapped("amount"), [-12.0])

    def test_refund_of_an_uncomputed_period_earns_as_a_credit_note(self):
        """Without May's lines, June's credit note is an ordinary negative
        line of June, at June's 5 %: -400 x 5 % = -20."""
        self.may.action_cancel()
        june = self._june()
        self._compute(june)
        line = self._lines(june).filtered(lambda line: line.move_id == self.refund)
        self.assertRecordValues(
            line,
            [
                {
                    "kind": "earned",
                    "base_amount": -400.0,
                    "rate": 5.0,
                    "amount": -20.0,
                    "origin_move_id": False,
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestUnpaidReversal(CommissionCommon):
    """Liu Yang's invoiced plan pays 3 % and reverses the commission of an
    invoice still unpaid 30 days after its due date.

    12 May 2026: Nanjing Resin is invoiced 10 bearings at 100 (1 130 with
    VAT), due the same day: May earns 1 000 x 3 % = 30. On 11 June the 30
    days have passed: June reverses -30 (dated 11 June, pointing to the
    invoice). Paid on 20 July: July earns the 30 again.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan("East", default_rate=3.0, unpaid_reversal_days=30)
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_chem.id,
                "invoice_user_id": cls.user_commission_user.id,
                "invoice_date": date(2026, 5, 12),
                "invoice_date_due": date(2026, 5, 12),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.bearing.id,
                            "quantity": 10,
                            "price_unit": 100,
                            "tax_ids": [Command.set(cls.vat.ids)],
                        }
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.may = cls.Period.create({"period_type": "month", "date_from": MAY})
        cls.may._recompute(cls.company, date(2026, 5, 31))
        cls.may_line = cls.Line.search([("period_id", "=", cls.may.id)])

    def _period(self, start, today):
        period = self.Period.create({"period_type": "month", "date_from": start})
        self.assertFalse(period._recompute(self.company, today).failures)
        return period

    def test_reversed_when_unpaid_and_earned_again_when_paid(self):
        self.assertEqual(self.may_line.amount, 30.0)
        june = self._period(JUNE, date(2026, 7, 1))
        self.assertRecordValues(
            self._lines(june),
            [
                {
                    "kind": "unpaid",
                    "move_id": self.invoice.id,
                    "date": date(2026, 6, 11),
                    "base_amount": -1000.0,
                    "rate": 3.0,
                    "amount": -30.0,
                    "origin_move_id": self.invoice.id,
                    "origin_line_id": self.may_line.id,
                }
            ],
        )
        june_summary = june.summary_ids
        self.assertRecordValues(
            june_summary,
            [{"base_total": 0.0, "clawback_amount": -30.0, "commission": -30.0}],
        )
        self._pay(self.invoice, 1130.0, date(2026, 7, 20))
        july = self._period(JULY, date(2026, 8, 1))
        self.assertRecordValues(
            self._lines(july),
            [
                {
                    "kind": "paid_late",
                    "date": date(2026, 7, 20),
                    "base_amount": 1000.0,
                    "amount": 30.0,
                    "origin_line_id": self.may_line.id,
                }
            ],
        )
        # June, computed again after the payment, still reverses: the
        # invoice was unpaid on 11 June
        self.assertEqual(june._recompute(self.company, date(2026, 8, 1)).written, 0)

    def test_not_reversed_before_the_days_pass(self):
        june = self._period(JUNE, date(2026, 6, 10))
        self.assertFalse(self._lines(june))

    def test_not_reversed_when_paid_in_time(self):
        self._pay(self.invoice, 1130.0, date(2026, 6, 11))
        june = self._period(JUNE, date(2026, 7, 1))
        july = self._period(JULY, date(2026, 8, 1))
        self.assertFalse(self._lines(june) | self._lines(july))


@tagged("post_install", "-at_install")
class TestClawbackTakesBackWhatWasPaid(CommissionCommon):
    """Liu Yang's plan pays 2 %, with whole steps: below 100 % of the target
    x0.9, from 100 % x1. In October 2026 he invoices Shenyang Gear Co.
    100 000 against a target of 200 000 (50 %): 2 000 of line commission,
    paid 2 000 x 0.9 = 1 800. October is approved. On 10 November the
    invoice is refunded in full: the clawback takes back 1 800, what was
    paid, not 2 000 at the flat rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu = cls.user_commission_user
        cls._plan(
            "East 2 %",
            users=liu,
            default_rate=2.0,
            curve_type="steps",
            step_mode="whole",
            tier_ids=tiers([(0, 100, 0.9), (100, 0, 1.0)]),
            target_ids=[cls._target(200000, liu, date(2026, 10, 1))],
        )
        cls.invoice = cls._invoice(
            cls.customer_gear, liu, date(2026, 10, 8), [(cls.service, 1, 100000)]
        )
        cls.october = cls.Period.create(
            {"period_type": "month", "date_from": date(2026, 10, 1)}
        )
        cls.october._recompute(cls.company)
        cls.october.with_user(cls.user_commission_manager).action_approve()

    def test_the_refund_takes_back_what_october_paid(self):
        october = self.october.summary_ids
        self.assertRecordValues(
            october,
            [
                {
                    "commission_before_curve": 2000.0,
                    "multiplier": 0.9,
                    "commission": 1800.0,
                }
            ],
        )
        refund = self.invoice._reverse_moves(
            [
                {
                    "invoice_date": date(2026, 11, 10),
                    "date": date(2026, 11, 10),
                    "invoice_user_id": self.user_commission_user.id,
                }
            ]
        )
        refund.action_post()
        november = self.Period.create(
            {"period_type": "month", "date_from": date(2026, 11, 1)}
        )
        self._compute(november)
        self.assertRecordValues(
            self._lines(november),
            [
                {
                    "kind": "clawback",
                    "base_amount": -100000.0,
                    "rate": 2.0,
                    "paid_factor": 0.9,
                    "amount": -1800.0,
                }
            ],
        )
        summary = november.summary_ids
        self.assertEqual(summary.commission, -1800.0)
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "crm_performance.action_report_commission_statement", summary.ids
            )[0]
        )
        self.assertIn("Paid At", html)
        self.assertIn("0.9000", html)
