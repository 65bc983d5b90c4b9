# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_commission_satisfaction import SatisfactionCommon
from .test_commission_statement import _statement_text

JULY = date(2026, 7, 1)
AUGUST = date(2026, 8, 1)


@tagged("post_install", "-at_install")
class TestCommissionLateAnswers(SatisfactionCommon):
    """June 2026 on the plan "Satisfied" (see :class:`SatisfactionCommon`),
    computed and approved: Guo Qiang has 2 answers of the 3 needed, his
    satisfaction multiplier is neutral: 10 % of 2 000 = 200.

    Then Harbin Turbine's third answer (10, completed on 25 June) is
    recorded. Guo Qiang has 3 answers, own score 100; the team's is still
    (1 000 x 100 - 3 000 x 50 + 2 000 x 100) / 6 000 = 25; weight
    3 / (3 + 4) = 3/7, weighted score 3/7 x 100 + 4/7 x 25 = 400/7 = 57.14:
    the band from 30, x1.10. June would pay him 200 x 1.10 = 220 today:
    July adjusts +20. Liu Yang's inputs (4 answers, the team's 25) do not
    change: no adjustment.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.june = cls.Period.create(
            {"period_type": "month", "date_from": date(2026, 6, 1)}
        )
        cls.june._recompute(cls.company)
        cls.june.with_user(cls.user_commission_manager).action_approve()
        cls.june.with_user(cls.user_commission_hr).action_approve()
        answer = cls._answer(cls.customer_turbine, cls.user_north, 10, True)
        answer.end_datetime = datetime(2026, 6, 25, 9, 0)
        cls.Adjustment = cls.env["crm.commission.summary.adjustment"]

    def _summary(self, period, user):
        return self.Summary.search(
            [("period_id", "=", period.id), ("user_id", "=", user.id)]
        )

    def _july(self):
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        return july

    def test_late_answer_adjusted_in_the_next_period(self):
        self.assertEqual(self.june.state, "approved")
        guo_june = self._summary(self.june, self.user_north)
        frozen = {
            "satisfaction_answer_count": 2,
            "satisfaction_multiplier": 1.0,
            "commission": 200.0,
        }
        self.assertRecordValues(guo_june, [frozen])
        with self.assertRaises(UserError):
            self.june.action_compute()

        july = self._july()
        self.assertRecordValues(guo_june, [frozen])
        adjustment = self.Adjustment.search([("period_id", "=", july.id)])
        self.assertRecordValues(
            adjustment,
            [
                {
                    "user_id": self.user_north.id,
                    "plan_id": self.plan.id,
                    "origin_period_id": self.june.id,
                    "origin_summary_id": guo_june.id,
                    "old_satisfaction_answer_count": 2,
                    "new_satisfaction_answer_count": 3,
                    "old_satisfaction_multiplier": 1.0,
                    "new_satisfaction_multiplier": 1.1,
                    "old_commission": 200.0,
                    "new_commission": 220.0,
                    "adjusted_before": 0.0,
                    "amount": 20.0,
                }
            ],
        )
        self.assertAlmostEqual(adjustment.new_satisfaction_score, 400 / 7, places=2)
        guo_july = self._summary(july, self.user_north)
        self.assertRecordValues(
            guo_july,
            [
                {
                    "commission_before_curve": 0.0,
                    "multiplier_adjustment_amount": 20.0,
                    "commission": 20.0,
                }
            ],
        )
        self.assertEqual(adjustment.summary_id, guo_july)
        self.assertFalse(self._summary(july, self.user_commission_user))

        self.assertEqual(self._compute(july), 0, "computed again, nothing written")
        self.assertEqual(
            self.Adjustment.search([("period_id", "=", july.id)]), adjustment
        )

        # July approved: August has nothing more to adjust (220 - 200 - 20)
        july.with_user(self.user_commission_hr).action_approve()
        august = self.Period.create({"period_type": "month", "date_from": AUGUST})
        self._compute(august)
        self.assertFalse(self.Adjustment.search([("period_id", "=", august.id)]))

    def test_cancelled_adjustment_is_due_again(self):
        """July cancelled: its +20 was never paid, August adjusts it."""
        july = self._july()
        july.with_user(self.user_commission_hr).action_cancel()
        august = self.Period.create({"period_type": "month", "date_from": AUGUST})
        self._compute(august)
        self.assertRecordValues(
            self.Adjustment.search([("period_id", "=", august.id)]),
            [
                {
                    "origin_period_id": self.june.id,
                    "adjusted_before": 0.0,
                    "amount": 20.0,
                }
            ],
        )

    def test_answer_withdrawn_reverses_the_adjustment(self):
        """July approved with +20; the late answer is then found not to
        count: June would pay 200 again, August takes back 200 - 200 - 20 =
        -20."""
        july = self._july()
        july.with_user(self.user_commission_hr).action_approve()
        late = self.env["survey.user_input"].search(
            [("end_datetime", "=", datetime(2026, 6, 25, 9, 0))]
        )
        late.crm_counted = False
        august = self.Period.create({"period_type": "month", "date_from": AUGUST})
        self._compute(august)
        self.assertRecordValues(
            self.Adjustment.search([("period_id", "=", august.id)]),
            [
                {
                    "old_commission": 200.0,
                    "new_commission": 200.0,
                    "adjusted_before": 20.0,
                    "amount": -20.0,
                }
            ],
        )

    def test_statement_shows_the_adjustment(self):
        july = self._july()
        text = _statement_text(
            self.env(user=self.user_north), self._summary(july, self.user_north)
        )
        for expected in (
            "Multiplier Adjustments of Locked Periods",
            "2026-06",
            "\N{MULTIPLICATION SIGN} 1.0000 → 3 answers",
            "\N{MULTIPLICATION SIGN} 1.1000",
            "220.00",
            "20.00",
        ):
            self.assertIn(expected, text)

    def test_access(self):
        """Guo Qiang reads his adjustment; Liu Yang, Ma Lin and Yang Lei
        (who leads team East, not Guo Qiang's) read none; HR reads it."""
        july = self._july()
        domain = [("period_id", "=", july.id)]
        self.assertEqual(
            len(self.Adjustment.with_user(self.user_north).search(domain)), 1
        )
        for user in (
            self.user_commission_user,
            self.user_outsider,
            self.user_commission_manager,
        ):
            with self.subTest(user=user.name):
                Adjustment = self.Adjustment.with_user(user)
                self.assertFalse(Adjustment.search([]))
                self.assertFalse(Adjustment._read_group([], [], ["__count"])[0][0])
        self.assertEqual(
            len(self.Adjustment.with_user(self.user_commission_hr).search(domain)), 1
        )
