# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .commission_common import CommissionCommon, score_bands


class SatisfactionCommon(CommissionCommon):
    """June 2026 on the plan "Satisfied": 10 %, NPS bands below 0 x0.85,
    0 to 30 x1.0, from 30 x1.10, at least 3 answers, credibility k = 4.

    Revenue in the satisfaction window (July 2025 to June 2026) and the
    answers to the controlled NPS question (counted, completed in May):

    - Liu Yang: Shenyang Gear 1 000 (answers 10 and 9: NPS 100), Nanjing
      Resin 3 000 (answers 6 and 8: NPS -50). Revenue-weighted:
      (1 000 x 100 - 3 000 x 50) / 4 000 = -12.5, on 4 answers.
    - Guo Qiang: Harbin Turbine 2 000 (answers 10 and 10: NPS 100), on 2.
    - The team (the plan's salespeople): (100 000 - 150 000 + 200 000) /
      6 000 = 25.

    Not counted: Shenyang Gear's uncounted answer of 0, and the ratings of
    product quality (1 of 5), which the salesperson does not control.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu, guo = cls.user_commission_user, cls.user_north
        cls.plan = cls._plan(
            "Satisfied",
            satisfaction_band_ids=score_bands((-100, 0.85), (0, 1.0), (30, 1.10)),
            users=liu | guo,
            default_rate=10.0,
            satisfaction_score="nps",
            satisfaction_min_answers=3,
            satisfaction_credibility=4.0,
        )
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 3), [(cls.bearing, 10, 100)])
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 4), [(cls.service, 6, 500)])
        cls._invoice(
            cls.customer_turbine, guo, date(2026, 6, 5), [(cls.service, 4, 500)]
        )
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Account review",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Would you recommend your salesperson?",
                            "question_type": "scale",
                            "scale_min": 0,
                            "scale_max": 10,
                            "crm_score_role": "nps",
                            "crm_salesperson_controlled": True,
                        }
                    ),
                    Command.create(
                        {
                            "title": "How good are our bearings?",
                            "question_type": "scale",
                            "scale_min": 1,
                            "scale_max": 5,
                            "crm_score_role": "csat",
                            "crm_csat_dimension": "product_quality",
                        }
                    ),
                ],
            }
        )
        for customer, salesperson, nps, counted in (
            (cls.customer_gear, liu, 10, True),
            (cls.customer_gear, liu, 9, True),
            (cls.customer_gear, liu, 0, False),
            (cls.customer_chem, liu, 6, True),
            (cls.customer_chem, liu, 8, True),
            (cls.customer_turbine, guo, 10, True),
            (cls.customer_turbine, guo, 10, True),
        ):
            cls._answer(customer, salesperson, nps, counted)

    @classmethod
    def _answer(cls, customer, salesperson, nps, counted):
        nps_question, quality = cls.survey.question_and_page_ids
        answer = (
            cls.env["survey.user_input"]
            .sudo()
            .create(
                {
                    "survey_id": cls.survey.id,
                    "state": "done",
                    "end_datetime": datetime(2026, 5, 20, 9, 0),
                    "crm_partner_id": customer.id,
                    "crm_company_id": cls.company.id,
                    "crm_salesperson_id": salesperson.id,
                    "crm_invitation": "campaign",
                    "crm_counted": counted,
                    "user_input_line_ids": [
                        Command.create(
                            {
                                "question_id": question.id,
                                "answer_type": "scale",
                                "value_scale": value,
                            }
                        )
                        for question, value in ((nps_question, nps), (quality, 1))
                    ],
                }
            )
        )
        return answer


@tagged("post_install", "-at_install")
class TestCommissionSatisfaction(SatisfactionCommon):
    def test_small_sample_pulled_toward_the_team(self):
        """Liu Yang: weight 4 / (4 + 4) = 0.5, weighted score 0.5 x -12.5 +
        0.5 x 25 = 6.25: x1.0 (alone, -12.5 would pay x0.85); 10 % of 4 000
        = 400. Margin of error of his 4 answers (points 100, 100, -100, 0):
        mean 25, variance (30 000 - 4 x 625) / 4 = 6 875, 1.96 x 82.916 / 2
        = 81.26."""
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [
                {
                    "satisfaction_answer_count": 4,
                    "satisfaction_score": -12.5,
                    "satisfaction_team_score": 25.0,
                    "satisfaction_weight": 0.5,
                    "satisfaction_weighted_score": 6.25,
                    "satisfaction_margin": 81.26,
                    "satisfaction_multiplier": 1.0,
                    "commission_before_curve": 400.0,
                    "commission": 400.0,
                }
            ],
        )
        self.assertEqual(self._compute(period), 0)

    def test_below_minimum_is_neutral(self):
        """Guo Qiang: 2 answers of 3 needed: x1.0 although his weighted
        score, 2/6 x 100 + 4/6 x 25 = 50, would pay x1.10; 10 % of 2 000."""
        period = self._june()
        self._compute(period)
        guo = self._summary_of(period, self.user_north)
        self.assertRecordValues(
            guo,
            [
                {
                    "satisfaction_answer_count": 2,
                    "satisfaction_score": 100.0,
                    "satisfaction_weighted_score": 50.0,
                    "satisfaction_multiplier": 1.0,
                    "commission": 200.0,
                }
            ],
        )
        self.assertAlmostEqual(guo.satisfaction_weight, 2 / 6, places=4)

    def test_without_credibility_weighting_the_band_changes(self):
        """k = 0: Liu Yang's own -12.5 stands: x0.85, 400 x 0.85 = 340;
        both summaries change (Guo Qiang's weight becomes 1)."""
        period = self._june()
        self._compute(period)
        self.plan.satisfaction_credibility = 0
        self.assertEqual(self._compute(period), 2)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [
                {
                    "satisfaction_weight": 1.0,
                    "satisfaction_weighted_score": -12.5,
                    "satisfaction_multiplier": 0.85,
                    "commission": 340.0,
                }
            ],
        )

    def test_cap_keeps_the_multiplier(self):
        """Bands of x0.5 and x1.5, kept within 0.8 and 1.2: Liu Yang's 6.25
        falls in x1.5 from 0, paid x1.2: 480."""
        self.plan.satisfaction_band_ids = [
            Command.clear(),
            *score_bands((-100, 0.5), (0, 1.5)),
        ]
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [{"satisfaction_multiplier": 1.2, "commission": 480.0}],
        )

    def test_plan_without_satisfaction_is_neutral(self):
        self.plan.satisfaction_score = False
        period = self._june()
        self._compute(period)
        self.assertEqual(period.summary_ids.mapped("satisfaction_multiplier"), [1, 1])

    def test_cap_below_one_refused(self):
        with self.assertRaises(ValidationError):
            self.plan.satisfaction_cap = 0.9
        self.assertEqual(self.plan.satisfaction_cap, 1.2)
