# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import JUNE, CommissionCommon, tiers

# below 80 % half rate, 80-100 % full rate, from 100 % one and a half
STEPS = [(0, 80, 0.5), (80, 100, 1.0), (100, 0, 1.5)]


@tagged("post_install", "-at_install")
class TestPayCurve(CommissionCommon):
    """Liu Yang's plan pays 10 % of what is invoiced; in June he invoices
    1 200 (commission 120) against a target of 1 000: 120 % attainment.

    Steps 0-80 % x 0.5, 80-100 % x 1, from 100 % x 1.5:
      whole: 120 x 1.5 = 180;
      marginal: (80 x 0.5 + 20 x 1 + 20 x 1.5) / 120 = 90 / 120 = 0.75,
      120 x 0.75 = 90.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan(
            "East curve",
            june_target=1000.0,
            default_rate=10.0,
            curve_type="steps",
            step_mode="whole",
            tier_ids=tiers(STEPS),
        )
        liu = cls.user_commission_user
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 3), [(cls.service, 1, 1200)])

    def _summary(self):
        period = self.Period.search([("date_from", "=", JUNE)]) or self._june()
        self._compute(period)
        return period.summary_ids

    def test_whole(self):
        self.assertRecordValues(
            self._summary(),
            [
                {
                    "base_total": 1200.0,
                    "target_amount": 1000.0,
                    "attainment_pct": 120.0,
                    "multiplier": 1.5,
                    "commission_before_curve": 120.0,
                    "commission": 180.0,
                    "cap_applied": False,
                }
            ],
        )

    def test_marginal(self):
        self.plan.step_mode = "marginal"
        self.assertRecordValues(
            self._summary(), [{"multiplier": 0.75, "commission": 90.0}]
        )

    def test_exact_boundary(self):
        """Target 1 200: exactly 100 %, in the band from 100 %. Whole:
        x 1.5 = 180; marginal: (80 x 0.5 + 20 x 1) / 100 = 0.6, 72."""
        self.plan.target_ids.amount = 1200.0
        self.assertRecordValues(
            self._summary(),
            [{"attainment_pct": 100.0, "multiplier": 1.5, "commission": 180.0}],
        )
        self.plan.step_mode = "marginal"
        self.assertRecordValues(
            self._summary(), [{"multiplier": 0.6, "commission": 72.0}]
        )

    def test_levels_interpolate(self):
        """Levels 0 % x 0, 100 % x 1, 150 % x 2: 120 % is 20/50 of the way
        from 1 to 2, x 1.4: 120 x 1.4 = 168."""
        self.plan.write(
            {
                "curve_type": "levels",
                "tier_ids": [
                    Command.clear(),
                    *tiers([(0, 0, 0.0), (100, 0, 1.0), (150, 0, 2.0)]),
                ],
            }
        )
        self.assertRecordValues(
            self._summary(), [{"multiplier": 1.4, "commission": 168.0}]
        )

    def test_cap_on_the_payout(self):
        """180 capped at 150."""
        self.plan.max_payout = 150.0
        self.assertRecordValues(
            self._summary(),
            [{"multiplier": 1.5, "commission": 150.0, "cap_applied": True}],
        )

    def test_cap_on_the_multiplier(self):
        """x 1.5 capped at x 1.2: 120 x 1.2 = 144."""
        self.plan.max_multiplier = 1.2
        self.assertRecordValues(
            self._summary(),
            [{"multiplier": 1.2, "commission": 144.0, "cap_applied": True}],
        )

    def test_target_without_sales(self):
        """Ma Lin joins the plan with a target of 500 and sells nothing: his
        summary says so (0 %, nothing to pay)."""
        self.plan.write(
            {
                "user_ids": [Command.link(self.user_outsider.id)],
                "target_ids": [
                    Command.create(
                        {
                            "user_id": self.user_outsider.id,
                            "period_start": JUNE,
                            "amount": 500.0,
                        }
                    )
                ],
            }
        )
        summary = self._summary().filtered(
            lambda summary: summary.user_id == self.user_outsider
        )
        self.assertRecordValues(
            summary,
            [
                {
                    "base_total": 0.0,
                    "target_amount": 500.0,
                    "attainment_pct": 0.0,
                    "commission": 0.0,
                }
            ],
        )

    def test_the_form_draws_the_curve_hr_configures(self):
        """Marginal steps 0.5 / 1 / 1.5: at 100 % the mean multiplier is
        (80 x 0.5 + 20 x 1) / 100 = 0.6; it reaches 1 where
        60 + 1.5 (a - 100) = a, at a = 180 %. Whole steps pay 1.5 at 100 %."""
        plan = self.plan.with_user(self.user_commission_hr)
        plan.step_mode = "marginal"
        self.assertIn("counts 0.60 times", plan.pay_curve_chart)
        self.assertIn("from 180 % of the target", plan.pay_curve_chart)
        self.assertIn("<svg", plan.pay_curve_chart)
        plan.step_mode = "whole"
        self.assertIn("counts 1.50 times", plan.pay_curve_chart)
        self.assertIn("from 80 % of the target", plan.pay_curve_chart)
        plan.curve_type = False
        self.assertFalse(plan.pay_curve_chart)

    def test_copy_last_targets_with_growth(self):
        """June's 1 000 raised by 10 %: July's target is 1 100."""
        self.plan.target_growth_pct = 10.0
        self.plan.with_user(self.user_commission_hr).action_copy_last_targets()
        july = self.plan.target_ids.filtered(
            lambda target: target.period_start == date(2026, 7, 1)
        )
        self.assertRecordValues(
            july, [{"user_id": self.user_commission_user.id, "amount": 1100.0}]
        )


@tagged("post_install", "-at_install")
class TestPlanConstraints(CommissionCommon):
    def test_overlapping_plans_refused(self):
        self._plan("East 2026", users=self.user_commission_user)
        with self.assertRaisesRegex(ValidationError, "Liu Yang"):
            self._plan("East special", users=self.user_commission_user)

    def test_overlap_through_a_team_refused(self):
        self._plan("East 2026", users=self.user_commission_user)
        with self.assertRaisesRegex(ValidationError, "two commission plans"):
            self._plan("Team East", teams=self.team_east)

    def test_successive_plans_allowed(self):
        self._plan(
            "East H1", users=self.user_commission_user, date_to=date(2026, 6, 30)
        )
        second = self._plan(
            "East H2", users=self.user_commission_user, date_from=date(2026, 7, 1)
        )
        self.assertTrue(second)
        with self.assertRaises(ValidationError):
            second.date_from = date(2026, 6, 30)

    def test_tier_gap_refused(self):
        with self.assertRaisesRegex(ValidationError, "gap"):
            self._plan(
                "Gap",
                curve_type="steps",
                tier_ids=tiers([(0, 80, 0.5), (90, 0, 1.0)]),
            )

    def test_tier_overlap_refused(self):
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self._plan(
                "Overlap",
                curve_type="steps",
                tier_ids=tiers([(0, 80, 0.5), (70, 0, 1.0)]),
            )

    def test_tiers_must_start_at_zero(self):
        with self.assertRaisesRegex(ValidationError, "start at 0"):
            self._plan("Late start", curve_type="steps", tier_ids=tiers([(50, 0, 1.0)]))

    def test_duplicate_levels_refused(self):
        with self.assertRaises(ValidationError):
            self._plan(
                "Levels",
                curve_type="levels",
                tier_ids=tiers([(0, 0, 0.0), (100, 0, 1.0), (100, 0, 1.5)]),
            )

    def test_negative_rule_rate_refused(self):
        """Refused with a message, and the plan is not half-saved."""
        with self.assertRaises(ValidationError) as refused:
            self._plan(
                "Negative rule",
                rule_ids=[Command.create({"customer_class": "a", "rate": -1})],
            )
        self.assertIn("negative", str(refused.exception))
        self.assertFalse(self.Plan.search([("name", "=", "Negative rule")]))

    def test_negative_rule_rate_refused_on_write(self):
        plan = self._plan("Rules", rule_ids=[Command.create({"rate": 2})])
        with self.assertRaises(ValidationError):
            plan.rule_ids.rate = -1
        self.assertEqual(plan.rule_ids.rate, 2)

    def test_negative_default_rate_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self._plan("Negative default", default_rate=-0.5)
        self.assertIn("negative", str(refused.exception))
        self.assertFalse(self.Plan.search([("name", "=", "Negative default")]))

    def test_target_on_the_first_day_of_the_period(self):
        plan = self._plan("Quarterly", period_type="quarter")
        with self.assertRaisesRegex(ValidationError, "quarter"):
            plan.target_ids = [
                Command.create(
                    {
                        "user_id": self.user_commission_user.id,
                        "period_start": JUNE,
                        "amount": 100,
                    }
                )
            ]

    def test_one_period_per_month(self):
        self._june()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._june()

    def test_tier_changed_alone_keeps_the_curve_whole(self):
        plan = self._plan("Steps", curve_type="steps", tier_ids=tiers(STEPS))
        with self.assertRaisesRegex(ValidationError, "gap"):
            plan.tier_ids[0].to_pct = 70
