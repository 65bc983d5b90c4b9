# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.test_recompute_mark import (
    age_sources,
    since_at_transaction_start,
)

from .commission_common import JUNE, CommissionCommon

MAY = date(2026, 5, 1)


@tagged("post_install", "-at_install")
class TestCommissionScope(CommissionCommon):
    """A period computed again computes the lines of the customers changed
    since its last complete run, and of those the calendar moved, and every
    summary: what it writes is what computing every customer writes.

    Liu Yang (plan East, 3 %) sells to Shenyang Gear Co. and Harbin Turbine
    Parts, Guo Qiang (plan North, 3 %) to Nanjing Resin Chemicals; East
    takes a May invoice's commission back when it is unpaid 30 days after
    its due date.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        since_at_transaction_start(cls)
        liu, guo = cls.user_commission_user, cls.user_north
        cls.plan_east = cls._plan(
            "East", users=liu, default_rate=3.0, unpaid_reversal_days=30
        )
        cls._plan("North", users=guo, default_rate=3.0)
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 3), [(cls.bearing, 10, 100)])
        cls._invoice(cls.customer_chem, guo, date(2026, 6, 4), [(cls.service, 2, 500)])
        cls.may_invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_turbine.id,
                "invoice_user_id": liu.id,
                "invoice_date": date(2026, 5, 12),
                "invoice_date_due": date(2026, 5, 12),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.bearing.id,
                            "quantity": 20,
                            "price_unit": 100,
                            "tax_ids": [Command.set(cls.vat.ids)],
                        }
                    )
                ],
            }
        )
        cls.may_invoice.action_post()
        cls.may = cls.Period.create({"period_type": "month", "date_from": MAY})
        cls.june = cls.Period.create({"period_type": "month", "date_from": JUNE})

    def _run(self, period, today):
        result = period._recompute(self.company, today)
        self.assertFalse(result.failures)
        return result.written

    def _mark(self, period):
        return self.env["crm.recompute.mark"]._mark_of(period, self.company)

    def _changed(self, period, today):
        self.env.flush_all()
        return self._mark(period)._changed_partners(period, self.company, today)

    def _assert_computed_as_whole(self, period, today, changed):
        """The run of ``today`` computes the lines of ``changed`` alone, and
        writes what computing every customer would: the lines' statement,
        run after it for everyone, finds nothing to write."""
        whole_day = self._mark(period).whole_day
        self.assertEqual(self._changed(period, today), sorted(changed.ids))
        self._run(period, today)
        mark = self._mark(period)
        self.assertEqual((mark.day, mark.whole_day), (today, whole_day))
        locked = period._locked_earlier_periods()
        self.assertEqual(
            self.Line._write_period_lines(period, today, locked), 0, "as a whole"
        )

    def test_a_new_invoice_computes_its_customer_alone(self):
        self._run(self.june, date(2026, 6, 20))
        age_sources(self.env, self.june)
        self._invoice(
            self.customer_gear,
            self.user_commission_user,
            date(2026, 6, 21),
            [(self.bearing, 5, 100)],
        )
        self._assert_computed_as_whole(self.june, date(2026, 6, 22), self.customer_gear)
        # 10 x 100 and 5 x 100 at 3 %
        self.assertEqual(sorted(self._lines(self.june).mapped("amount")), [15.0, 30.0])
        self.assertEqual(
            self._summary_of(self.june, self.user_commission_user).commission, 45.0
        )
        self.assertEqual(self._lines(self.june, self.user_north).amount, 30.0)

    def test_the_calendar_reverses_an_unpaid_invoice_nobody_changed(self):
        """May earns 2 000 x 3 % = 60 on Harbin Turbine's invoice, due on
        12 May and unpaid: June, computed on 8 June, reverses nothing yet;
        computed again on 12 June with nothing changed, it reverses the 60
        on 11 June."""
        self._run(self.may, date(2026, 5, 31))
        self._run(self.june, date(2026, 6, 8))
        self.assertFalse(
            self._lines(self.june).filtered(lambda line: line.kind == "unpaid")
        )
        age_sources(self.env, self.june)
        self._assert_computed_as_whole(
            self.june, date(2026, 6, 12), self.customer_turbine
        )
        self.assertRecordValues(
            self._lines(self.june).filtered(lambda line: line.kind == "unpaid"),
            [{"date": date(2026, 6, 11), "base_amount": -2000.0, "amount": -60.0}],
        )

    def test_a_plan_changed_computes_every_customer(self):
        self._run(self.june, date(2026, 6, 20))
        age_sources(self.env, self.june)
        self.plan_east.default_rate = 4.0
        self.assertIsNone(self._changed(self.june, date(2026, 6, 22)))
        self._run(self.june, date(2026, 6, 22))
        self.assertEqual(self._mark(self.june).whole_day, date(2026, 6, 22))
        # 10 x 100 at 4 %
        self.assertEqual(self._lines(self.june).amount, 40.0)

    def test_an_earlier_line_written_again_computes_its_credit_notes_customer(self):
        """Shenyang Gear's May invoice, 10 bearings at 100, earns 1 000 x 3 %
        = 30. In June a credit note of it is made out to Nanjing Resin
        Chemicals, another customer: June claws the 30 back on Nanjing
        Resin's line. May's line written again since, at 4 % (as May's
        computation writes it), names both customers: June computed again
        claws back 1 000 x 4 % = 40."""
        liu = self.user_commission_user
        invoice = self._invoice(
            self.customer_gear, liu, date(2026, 5, 20), [(self.bearing, 10, 100)]
        )
        self._run(self.may, date(2026, 5, 31))
        # as the reversal wizard makes it, billed to another customer
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer_chem.id,
                "invoice_user_id": liu.id,
                "invoice_date": date(2026, 6, 5),
                "reversed_entry_id": invoice.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.bearing.id,
                            "quantity": 10,
                            "price_unit": 100,
                            "tax_ids": [Command.set(self.vat.ids)],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        self._run(self.june, date(2026, 6, 20))

        def clawback():
            return self._lines(self.june).filtered(lambda line: line.kind == "clawback")

        self.assertRecordValues(
            clawback(), [{"partner_id": self.customer_chem.id, "amount": -30.0}]
        )
        age_sources(self.env, self.june)
        may_line = self.Line.search(
            [("period_id", "=", self.may.id), ("move_id", "=", invoice.id)]
        )
        self.env.cr.execute(
            "UPDATE crm_commission_line SET rate = 4.0, amount = 40.0,"
            " write_date = NOW() AT TIME ZONE 'UTC' WHERE id = %s",
            [may_line.id],
        )
        self.env.invalidate_all()
        self._assert_computed_as_whole(
            self.june, date(2026, 6, 22), self.customer_gear | self.customer_chem
        )
        self.assertRecordValues(
            clawback(), [{"partner_id": self.customer_chem.id, "amount": -40.0}]
        )
