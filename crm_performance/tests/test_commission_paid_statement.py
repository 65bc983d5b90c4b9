# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from .test_commission_retention import RetentionCommon
from .test_commission_statement import _statement_text

JULY = date(2026, 7, 1)
LINE_FIELDS = [
    "kind",
    "move_line_id",
    "user_id",
    "plan_id",
    "customer_class",
    "base_amount",
    "rate",
    "amount",
]


@tagged("post_install", "-at_install")
class TestPaidStatementStays(RetentionCommon):
    """June 2026 of :class:`RetentionCommon` (Liu Yang earns 10, Guo Qiang
    75), approved, validated and paid on 5 July. Then everything a
    commission is computed from changes, each the governed way: HR makes a
    new version of both plans at 8 % from July, the monthly run moves
    Nanjing Resin up to class A, a sales manager gives Nanjing Resin to Guo
    Qiang, a complaint of Shenyang Gear received in June has its date
    corrected by a manager, and a credit note of 100 dated 20 June reaches
    Nanjing Resin late. July is computed.

    June's statements print exactly as before, its lines are the same; the
    late credit note is the only thing July adjusts: -100 at 5 %, -5 for
    Liu Yang, who sold it, pointing to June.
    """

    def test_a_paid_statement_prints_the_same_after_every_later_edit(self):
        june = self._june()
        self._compute(june)
        hr, manager = self.user_commission_hr, self.user_commission_manager
        june.with_user(manager).action_approve()
        june.with_user(hr).action_approve()
        june.with_user(hr).action_validate()
        june.with_user(hr)._pay(date(2026, 7, 5), "PAY-2026-06")
        self.assertEqual(june.state, "paid")
        summaries = june.summary_ids
        self.assertEqual(
            sorted(summaries.mapped("commission")), [10.0, 75.0], "as worked out"
        )
        statements = {s.id: _statement_text(self.env, s) for s in summaries}
        lines = june.line_ids.read(LINE_FIELDS)

        # the plans: a new version of each, 8 % from July
        for plan in summaries.plan_id:
            action = plan.with_user(hr).action_new_version()
            self.Plan.browse(action["res_id"]).with_user(hr).default_rate = 8.0
        # the customer's class: Nanjing Resin up to A on 1 July
        chem_profile = self._profile(self.customer_chem)
        self.env["crm.customer.abc.history"].sudo().create(
            {
                "profile_id": chem_profile.id,
                "partner_id": self.customer_chem.id,
                "company_id": self.company.id,
                "date": JULY,
                "class_from": "b",
                "class_to": "a",
                "origin": "computed",
            }
        )
        chem_profile.write({"abc_class_computed": "a", "abc_class": "a"})
        # the owner: Nanjing Resin to Guo Qiang, by a sales manager
        self.customer_chem.with_user(manager).user_id = self.user_north
        # a complaint of June, its date corrected by a manager
        claim = self.env["crm.claim"].create(
            {
                "name": "Worn teeth",
                "partner_id": self.customer_gear.id,
                "date": datetime(2026, 6, 20, 2, 0),
            }
        )
        self.env["crm.claim.correction"].with_user(manager).create(
            {
                "claim_id": claim.id,
                "date": datetime(2026, 7, 2, 2, 0),
                "reason": "Logged on the wrong day",
            }
        ).action_apply()
        # a late fact: a credit note dated in June
        refund = self._invoice(
            self.customer_chem,
            self.user_commission_user,
            date(2026, 6, 20),
            [(self.service, 1, 100)],
            "out_refund",
        )
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)

        self.assertEqual(june.line_ids.read(LINE_FIELDS), lines)
        for summary in summaries:
            with self.subTest(salesperson=summary.user_id.name):
                self.assertEqual(
                    _statement_text(self.env, summary), statements[summary.id]
                )
        self.assertRecordValues(
            july.line_ids,
            [
                {
                    "kind": "adjustment",
                    "user_id": self.user_commission_user.id,
                    "origin_period_id": june.id,
                    "move_id": refund.id,
                    "base_amount": -100.0,
                    "rate": 5.0,
                    "amount": -5.0,
                }
            ],
        )
