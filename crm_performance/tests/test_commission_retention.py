# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon


class RetentionCommon(CommissionCommon):
    """Liu Yang and Guo Qiang are on plans paying 5 % with a retention
    factor: below 60 % x0.8, from 60 % x1.0, from 90 % x1.1; a bonus of 20
    per new customer reaching class B, a penalty of 30 per A customer lost.

    Last June (2025) Shenyang Gear (A), Nanjing Resin (B) and Changchun Axle
    (A) bought. Shenyang Gear was Liu Yang's until 15 January 2026, Guo
    Qiang's since; the others are Liu Yang's. Harbin Turbine, Guo Qiang's
    since April 2026 and first invoiced on 10 April, reached class B on 15
    June. Changchun Axle went dormant on 20 June.

    June 2026: Guo Qiang invoices Shenyang Gear 1 000, Liu Yang Nanjing
    Resin 1 000.

    - Liu Yang keeps 1 (Nanjing Resin) of 2 (Shenyang Gear counts for its
      owner now, not twice): 50 %, x0.8; Changchun Axle was A when it went
      dormant: -30. Commission 1 000 x 5 % x 0.8 - 30 = 10.
    - Guo Qiang keeps Shenyang Gear, 1 of 1: 100 %, x1.1; Harbin Turbine is
      new and reached B in June: +20. Commission 1 000 x 5 % x 1.1 + 20 = 75.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu, guo = cls.user_commission_user, cls.user_north
        for user, name in ((liu, "East"), (guo, "North")):
            cls._plan(
                name,
                users=user,
                default_rate=5.0,
                retention_factor=True,
                retention_new_customer_bonus=20.0,
                retention_dormancy_penalty=30.0,
                retention_band_ids=[
                    Command.create({"retention_from": 0, "factor": 0.8}),
                    Command.create({"retention_from": 60, "factor": 1.0}),
                    Command.create({"retention_from": 90, "factor": 1.1}),
                ],
            )
        gear, chem = cls.customer_gear, cls.customer_chem
        auto, turbine = cls.customer_auto, cls.customer_turbine
        customers = gear | chem | auto | turbine
        cls.env.flush_all()
        cls.env.cr.execute(
            "DELETE FROM crm_customer_ownership WHERE partner_id IN %s",
            [tuple(customers.ids)],
        )
        Ownership = cls.env["crm.customer.ownership"].sudo()
        for customer, user, date_from, date_to in (
            (gear, liu, date(2025, 1, 1), date(2026, 1, 15)),
            (gear, guo, date(2026, 1, 15), False),
            (chem, liu, date(2025, 1, 1), False),
            (auto, liu, date(2025, 1, 1), False),
            (turbine, guo, date(2026, 4, 1), False),
        ):
            Ownership.create(
                {
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        for customer, day, abc_class in (
            (gear, date(2025, 1, 10), "a"),
            (chem, date(2025, 3, 15), "b"),
            (auto, date(2025, 1, 10), "a"),
            (turbine, date(2026, 4, 30), "c"),
            (turbine, date(2026, 6, 15), "b"),
        ):
            cls.env["crm.customer.abc.history"].sudo().create(
                {
                    "profile_id": cls._profile(customer).id,
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "date": day,
                    "class_to": abc_class,
                    "origin": "computed",
                }
            )
        cls.env["crm.lifecycle.history"].sudo().create(
            {
                "profile_id": cls._profile(auto).id,
                "partner_id": auto.id,
                "company_id": cls.company.id,
                "date": date(2026, 6, 20),
                "stage_to_id": cls.env.ref("crm_industrial.lifecycle_stage_dormant").id,
                "origin": "computed",
            }
        )
        for customer, user in ((gear, liu), (chem, liu), (auto, liu)):
            cls._invoice(customer, user, date(2025, 6, 10), [(cls.service, 1, 500)])
        cls._invoice(turbine, guo, date(2026, 4, 10), [(cls.service, 1, 500)])
        cls._invoice(gear, guo, date(2026, 6, 5), [(cls.service, 1, 1000)])
        cls._invoice(chem, liu, date(2026, 6, 8), [(cls.service, 1, 1000)])

    @classmethod
    def _profile(cls, customer):
        return cls.env["crm.customer.profile"].search(
            [("partner_id", "=", customer.id), ("company_id", "=", cls.company.id)]
        )


@tagged("post_install", "-at_install")
class TestRetentionFactor(RetentionCommon):
    def _summary(self, period, user):
        return self.Summary.search(
            [("period_id", "=", period.id), ("user_id", "=", user.id)]
        )

    def test_retention_bonus_and_penalty(self):
        june = self._june()
        self._compute(june)
        self.assertRecordValues(
            self._summary(june, self.user_commission_user),
            [
                {
                    "commission_before_curve": 50.0,
                    "retention_customer_count": 2,
                    "retention_retained_count": 1,
                    "retention_pct": 50.0,
                    "retention_factor": 0.8,
                    "retention_bonus_count": 0,
                    "retention_bonus_amount": 0.0,
                    "retention_penalty_count": 1,
                    "retention_penalty_amount": 30.0,
                    "commission": 10.0,
                }
            ],
        )
        self.assertRecordValues(
            self._summary(june, self.user_north),
            [
                {
                    "commission_before_curve": 50.0,
                    "retention_customer_count": 1,
                    "retention_retained_count": 1,
                    "retention_pct": 100.0,
                    "retention_factor": 1.1,
                    "retention_bonus_count": 1,
                    "retention_bonus_amount": 20.0,
                    "retention_penalty_count": 0,
                    "retention_penalty_amount": 0.0,
                    "commission": 75.0,
                }
            ],
        )
        self.assertEqual(self._compute(june), 0, "computed again, nothing written")

    def test_bonus_once_per_customer(self):
        """July: Harbin Turbine goes up to A, it had reached B already: no
        bonus again; nobody bought in July last year: nothing to keep."""
        self.env["crm.customer.abc.history"].sudo().create(
            {
                "profile_id": self._profile(self.customer_turbine).id,
                "partner_id": self.customer_turbine.id,
                "company_id": self.company.id,
                "date": date(2026, 7, 3),
                "class_to": "a",
                "origin": "computed",
            }
        )
        july = self.Period.create(
            {"period_type": "month", "date_from": date(2026, 7, 1)}
        )
        self._compute(july)
        self.assertFalse(july.summary_ids)

    def test_the_scorecard_counts_the_same_customers(self):
        """One cohort for the pay and the scorecard: in June Liu Yang keeps
        Nanjing Resin of Nanjing Resin and Changchun Axle (50 %), Guo Qiang
        keeps Shenyang Gear, his since January, of Shenyang Gear alone
        (100 %); Shenyang Gear counts for neither salesperson twice."""
        june = self._june()
        self._compute(june)
        self.env["crm.scorecard.template"].create(
            {
                "name": "Retention only",
                "metric_ids": [
                    Command.clear(),
                    Command.create(
                        {"code": "retention_pct", "weight": 100.0, "target": 80.0}
                    ),
                ],
            }
        )
        Scorecard = self.env["crm.salesperson.scorecard"]
        self.assertFalse(Scorecard._compute_periods(june).failures)
        for user, expected in (
            (self.user_commission_user, 50.0),
            (self.user_north, 100.0),
        ):
            summary = self._summary(june, user)
            line = Scorecard.search(
                [("period_id", "=", june.id), ("user_id", "=", user.id)]
            ).line_ids.filtered(lambda line: line.code == "retention_pct")
            self.assertEqual(summary.retention_pct, expected)
            self.assertEqual(line.actual, expected)
