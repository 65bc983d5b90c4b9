# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon

MAY = date(2026, 5, 1)
JULY = date(2026, 7, 1)


@tagged("post_install", "-at_install")
class TestLockedPeriodAdjustment(CommissionCommon):
    """Liu Yang's plan pays 5 % of what is invoiced.

    May 2026: Nanjing Resin is invoiced 1 000 on 12 May: 50. May is
    computed and approved (locked). Then a credit note of 200 dated 28 May
    is posted late: May would now earn 1 000 - 200 = 800, 40.
    June 2026: Liu Yang invoices Shenyang Gear 600: 30; and an adjustment
    of May: base -200, -10, pointing to May and the credit note's line.
    => June's commission 30 - 10 = 20. July, computed after June is
    approved, does not adjust May again.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu = cls.user_commission_user
        cls._plan("East", users=liu, default_rate=5.0)
        cls._invoice(
            cls.customer_chem, liu, date(2026, 5, 12), [(cls.service, 1, 1000)]
        )
        cls.may = cls.Period.create({"period_type": "month", "date_from": MAY})
        cls.may._recompute(cls.company)
        cls.may.with_user(cls.user_commission_manager).action_approve()
        cls.late_refund = cls._credit_note(
            cls.customer_chem, liu, date(2026, 5, 28), [(cls.service, 1, 200)]
        )
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 9), [(cls.bearing, 6, 100)])

    def test_late_refund_adjusted_once_in_the_next_open_period(self):
        self.assertEqual(self.may.state, "approved")
        may_lines = self.may.line_ids
        june = self._june()
        self._compute(june)
        self.assertEqual(self.may.line_ids, may_lines, "May never changes")
        earned, adjustment = self._lines(june)
        self.assertRecordValues(
            earned, [{"kind": "earned", "base_amount": 600.0, "amount": 30.0}]
        )
        self.assertRecordValues(
            adjustment,
            [
                {
                    "kind": "adjustment",
                    "origin_period_id": self.may.id,
                    "move_id": self.late_refund.id,
                    "move_line_id": self.late_refund.invoice_line_ids.id,
                    "origin_move_id": self.late_refund.id,
                    "origin_line_id": False,
                    "date": date(2026, 5, 28),
                    "base_amount": -200.0,
                    "rate": 5.0,
                    "amount": -10.0,
                },
            ],
        )
        self.assertRecordValues(
            june.summary_ids,
            [
                {
                    "base_total": 600.0,
                    "commission_before_curve": 30.0,
                    "clawback_amount": -10.0,
                    "commission": 20.0,
                }
            ],
        )
        self.assertEqual(self._compute(june), 0, "computed again, nothing written")

        june.with_user(self.user_commission_manager).action_approve()
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        self.assertFalse(july.line_ids, "May was adjusted in June already")

    def test_changed_rate_adjusts_the_locked_line(self):
        """Nanjing Resin's May invoice would earn 8 % today (a rule for its
        class B): +30 on 1 000, besides the credit note's -16, pointing to
        May's line."""
        plan = self.Plan.search([("name", "=", "East")])
        plan.rule_ids = [Command.create({"customer_class": "b", "rate": 8.0})]
        june = self._june()
        self._compute(june)
        may_line = self.may.line_ids
        adjustments = june.line_ids.filtered(lambda line: line.kind == "adjustment")
        self.assertRecordValues(
            adjustments.sorted("base_amount"),
            [
                {
                    "move_id": self.late_refund.id,
                    "origin_line_id": False,
                    "base_amount": -200.0,
                    "amount": -16.0,
                },
                {
                    "move_id": may_line.move_id.id,
                    "origin_line_id": may_line.id,
                    "base_amount": 0.0,
                    "amount": 30.0,
                },
            ],
        )


@tagged("post_install", "-at_install")
class TestReclassificationIsNoLateFact(CommissionCommon):
    """Liu Yang's plan pays 5 %, 8 % on class A customers.

    Nanjing Resin is class B since January 2026 and is invoiced 1 000 on 12
    May: May earns 5 % = 50 and is approved. On 1 June the monthly run
    moves Nanjing Resin up to class A. It is invoiced 600 on 9 June: June
    earns 8 % = 48, and nothing of May is adjusted: May's sale was to a
    class B customer, the reclassification is no late fact about it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu = cls.user_commission_user
        cls._plan(
            "East",
            users=liu,
            default_rate=5.0,
            rule_ids=[Command.create({"customer_class": "a", "rate": 8.0})],
        )
        profile = cls.env["crm.customer.profile"].search(
            [
                ("partner_id", "=", cls.customer_chem.id),
                ("company_id", "=", cls.company.id),
            ]
        )
        History = cls.env["crm.customer.abc.history"].sudo()
        cls.class_change = {
            "profile_id": profile.id,
            "partner_id": cls.customer_chem.id,
            "company_id": cls.company.id,
            "origin": "computed",
        }
        History.create({**cls.class_change, "date": date(2026, 1, 10), "class_to": "b"})
        cls._invoice(
            cls.customer_chem, liu, date(2026, 5, 12), [(cls.service, 1, 1000)]
        )
        cls.may = cls.Period.create({"period_type": "month", "date_from": MAY})
        cls.may._recompute(cls.company)
        cls.may.with_user(cls.user_commission_manager).action_approve()
        History.create(
            {
                **cls.class_change,
                "date": date(2026, 6, 1),
                "class_from": "b",
                "class_to": "a",
            }
        )
        profile.write({"abc_class_computed": "a", "abc_class": "a"})
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 9), [(cls.service, 1, 600)])

    def test_the_class_of_the_invoice_date_is_paid(self):
        self.assertRecordValues(
            self.may.line_ids,
            [{"customer_class": "b", "base_amount": 1000.0, "amount": 50.0}],
        )
        june = self._june()
        self._compute(june)
        self.assertRecordValues(
            june.line_ids,
            [
                {
                    "kind": "earned",
                    "customer_class": "a",
                    "base_amount": 600.0,
                    "rate": 8.0,
                    "amount": 48.0,
                }
            ],
        )
        self.assertRecordValues(june.summary_ids, [{"commission": 48.0}])
