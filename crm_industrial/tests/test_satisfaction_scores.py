# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .satisfaction_common import SatisfactionCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestSatisfactionScores(SatisfactionCommon):
    """Scores of 2026-06-30: the window runs from 2025-07-01, 5 answers minimum.

    Changchun Axle Works (Li Na), five contacts answered:
        2026-01-10  NPS 10  product quality 5  delivery 2
        2026-02-10  NPS  9  product quality 4  delivery 2
        2026-03-10  NPS  8  product quality 4  delivery 3
        2026-04-10  NPS  6  product quality 3
        2026-05-10  NPS  3  product quality 2
    and one more on 2025-06-30 (NPS 0), the day before the window: left out.
    A sixth contact invited on 2026-06-01 has not answered.
    NPS: promoters 10 and 9, passive 8, detractors 6 and 3: (2 - 2) / 5 = 0
    exactly. Margin: shares 0.4 and 0.4, 1.96 x 100 x sqrt((0.4 + 0.4 - 0²)
    / 5) = 196 x sqrt(0.16) = 196 x 0.4 = 78.40.
    Product quality: 5, 4, 4, 3, 2, mean 18 / 5 = 3.60; deviations 1.4, 0.4,
    0.4, -0.6, -1.6, squares 5.2, s² = 5.2 / 4 = 1.3, s = 1.1402; margin
    1.96 x 1.1402 / sqrt(5) = 1.96 x 0.5099 = 0.9994, so 1.00.
    Delivery: 2, 2, 3 of 3 answers: 7 / 3 = 2.33, not enough answers (3).
    CSAT overall, one average per answer: 3.5, 3, 3.5, 3, 2, mean 15 / 5 = 3.00;
    s² = (0.25 + 0 + 0.25 + 0 + 1) / 4 = 0.375, s = 0.6124, margin 1.96 x
    0.6124 / 2.2361 = 0.54.
    Invited in the window: 6, answered 5: 83.3 %.

    Nanjing Resin Chemicals (Li Na): NPS 10, 10, 9, 9, 10: all promoters, 100;
    shares 1 and 0, 1 + 0 - 1² = 0: margin 0.
    Harbin Gears (Wang Fang): NPS 0, 2, 5, 6, 4: all detractors, -100, margin 0.
    Small Bolts (no salesperson): NPS 10, 10, 9: 3 answers, not enough.

    Li Na's answers: 10, promoters 2 + 5 = 7, detractors 2: (7 - 2) / 10 = 50;
    margin 196 x sqrt((0.7 + 0.2 - 0.5²) / 10) = 196 x sqrt(0.065) = 49.97.
    Wang Fang's: 5, -100. Their team, East China Sales: 15 answers, 7 and 7: 0;
    margin 196 x sqrt((14/15 - 0) / 15) = 196 x 0.24944 = 48.89.
    The company: 18 answers, promoters 7 + 3 = 10, detractors 7:
    3 / 18 = 16.67; margin 196 x sqrt((17/18 - (3/18)²) / 18)
    = 196 x sqrt(0.91667 / 18) = 196 x 0.22567 = 44.23.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.member_ids = cls.user_salesman | cls.user_sales_manager
        cls.axles = cls._customer("Changchun Axle Works", cls.user_salesman)
        cls.resins = cls._customer("Nanjing Resin Chemicals", cls.user_salesman)
        cls.gears = cls._customer("Harbin Gears", cls.user_sales_manager)
        cls.bolts = cls._customer("Small Bolts")
        for day, nps, csat in (
            ("2026-01-10", 10, {"product_quality": 5, "delivery": 2}),
            ("2026-02-10", 9, {"product_quality": 4, "delivery": 2}),
            ("2026-03-10", 8, {"product_quality": 4, "delivery": 3}),
            ("2026-04-10", 6, {"product_quality": 3}),
            ("2026-05-10", 3, {"product_quality": 2}),
            ("2025-06-30", 0, {}),
        ):
            cls._answer(cls.axles, day, nps=nps, csat=csat)
        cls._invite(cls._contact(cls.axles), "2026-06-01")
        for customer, scores in (
            (cls.resins, (10, 10, 9, 9, 10)),
            (cls.gears, (0, 2, 5, 6, 4)),
            (cls.bolts, (10, 10, 9)),
        ):
            for month, nps in enumerate(scores, start=1):
                cls._answer(customer, f"2026-0{month}-15", nps=nps)

    def test_nps_of_each_customer(self):
        self._recompute(TODAY)
        expected = {
            # customer: (answers, NPS, margin, enough)
            self.axles: (5, 0.0, 78.40, True),
            self.resins: (5, 100.0, 0.0, True),
            self.gears: (5, -100.0, 0.0, True),
            self.bolts: (3, 100.0, 0.0, False),
        }
        for customer, (count, nps, margin, enough) in expected.items():
            with self.subTest(customer=customer.name):
                score = self._score("nps", customer=customer)
                self.assertEqual(score.answer_count, count)
                self.assertAlmostEqual(score.score, nps, places=2)
                self.assertAlmostEqual(score.margin_of_error, margin, places=2)
                self.assertEqual(score.enough, enough)

    def test_exactly_zero_all_promoters_all_detractors_said_so(self):
        self._recompute(TODAY)
        self.assertEqual(self._score("nps", customer=self.axles).score_text, "0 ± 78")
        self.assertEqual(
            self._score("nps", customer=self.resins).score_text, "+100 ± 0"
        )
        self.assertEqual(self._score("nps", customer=self.gears).score_text, "-100 ± 0")

    def test_small_sample_is_not_a_number(self):
        """Small Bolts' three promoters give no score that looks solid."""
        self._recompute(TODAY)
        score = self._score("nps", customer=self.bolts)
        self.assertFalse(score.enough)
        self.assertEqual(score.score_text, "not enough answers (3)")
        # with a minimum of 3 the same answers make a score
        self.env.company.satisfaction_min_answers = 3
        self._recompute(TODAY)
        self.assertEqual(score.score_text, "+100 ± 0")

    def test_csat_per_dimension_and_overall(self):
        self._recompute(TODAY)
        expected = {
            # dimension: (answers, average, margin, enough)
            "product_quality": (5, 3.60, 1.00, True),
            "delivery": (3, 2.33, None, False),
            "csat": (5, 3.00, 0.54, True),
        }
        for dimension, (count, average, margin, enough) in expected.items():
            with self.subTest(dimension=dimension):
                score = self._score(dimension, customer=self.axles)
                self.assertEqual(score.answer_count, count)
                self.assertAlmostEqual(score.score, average, places=2)
                self.assertEqual(score.enough, enough)
                if margin is not None:
                    self.assertAlmostEqual(score.margin_of_error, margin, places=2)
        self.assertEqual(
            self._score("delivery", customer=self.axles).score_text,
            "not enough answers (3)",
        )
        self.assertEqual(
            self._score("product_quality", customer=self.axles).score_text,
            "3.6 ± 1.0",
        )
        # Nanjing Resin's contacts rated nothing: its five invitations only
        resins = self._score("csat", customer=self.resins)
        self.assertEqual((resins.answer_count, resins.invited_count), (0, 5))
        self.assertEqual(resins.score_text, "not enough answers (0)")
        self.assertFalse(self._score("product_quality", customer=self.resins))

    def test_response_rate(self):
        self._recompute(TODAY)
        for dimension in ("nps", "csat"):
            with self.subTest(dimension=dimension):
                score = self._score(dimension, customer=self.axles)
                self.assertEqual(score.invited_count, 6)
                self.assertAlmostEqual(score.response_rate, 83.3, places=1)

    def test_an_employees_invitation_counts_nowhere(self):
        """An invitation sent to an employee filed as Changchun Axle Works'
        contact counts neither in its invited total nor in its response
        rate, as the employee's answer would not: still 6 invited, 83.3 %."""
        employee = self._contact(self.axles, "Zhang Wei")
        self.env["res.users"].create(
            {
                "name": "Zhang Wei",
                "login": "zhang.wei.employee",
                "partner_id": employee.id,
                "group_ids": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        self._invite(employee, "2026-05-20")
        self._recompute(TODAY)
        score = self._score("nps", customer=self.axles)
        self.assertEqual(score.invited_count, 6)
        self.assertAlmostEqual(score.response_rate, 83.3, places=1)

    def test_salesperson_team_and_company(self):
        self._recompute(TODAY)
        expected = {
            # subject: (answers, NPS, margin)
            "li_na": (
                self._score("nps", salesperson=self.user_salesman),
                10,
                50.0,
                49.97,
            ),
            "wang_fang": (
                self._score("nps", salesperson=self.user_sales_manager),
                5,
                -100.0,
                0.0,
            ),
            "team": (self._score("nps", team=self.team), 15, 0.0, 48.89),
            "company": (self._score("nps"), 18, 16.67, 44.23),
        }
        for subject, (score, count, nps, margin) in expected.items():
            with self.subTest(subject=subject):
                self.assertEqual(score.answer_count, count)
                self.assertAlmostEqual(score.score, nps, places=2)
                self.assertAlmostEqual(score.margin_of_error, margin, places=2)
        # nobody owns Small Bolts: no salesperson row without a salesperson
        self.assertFalse(
            self.Score.search([("scope", "=", "salesperson"), ("user_id", "=", False)])
        )

    def test_second_run_writes_nothing(self):
        self.assertGreater(self._recompute(TODAY), 0)
        self.assertEqual(self._recompute(TODAY), 0)

    def test_scores_leave_with_their_answers(self):
        """A year later no answer nor invitation is left in the window.

        The run of 2027-07-01 deletes every row and moves the company's
        window to 2026-07-02 - 2027-07-01: one more row written.
        """
        self._recompute(TODAY)
        score = self._score("nps", customer=self.axles)
        self.assertEqual((score.date_from, score.date_to), (date(2025, 7, 1), TODAY))
        rows = self.Score.search_count([("company_id", "=", self.env.company.id)])
        self.assertEqual(self._recompute(date(2027, 7, 1)), rows + 1)
        self.assertFalse(self.Score.search([("company_id", "=", self.env.company.id)]))
        self.assertEqual(self.env.company.satisfaction_window_from, date(2026, 7, 2))

    def test_a_new_answer_moves_only_its_rows(self):
        """Nanjing Resin's sixth answer, a detractor (0), on 2026-06-20.

        Its NPS: (5 - 1) / 6 = 66.67; Li Na's: (7 - 3) / 11 = 36.36.
        """
        self._recompute(TODAY)
        self._answer(self.resins, "2026-06-20", nps=0)
        written = self._recompute(TODAY)
        self.assertAlmostEqual(self._score("nps", customer=self.resins).score, 66.67)
        self.assertAlmostEqual(
            self._score("nps", salesperson=self.user_salesman).score, 36.36
        )
        # Nanjing's, Li Na's, the team's and the company's NPS and CSAT rows
        # (the invitation moves the CSAT rows' invited count)
        self.assertEqual(written, 8)


@tagged("post_install", "-at_install")
class TestSatisfactionScoreQueries(SatisfactionCommon):
    """The recompute issues the same queries for 10 customers as for 1 000."""

    def _answered_customers(self, count):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Customer {index}",
                    "is_company": True,
                    "user_id": self.user_salesman.id,
                }
                for index in range(count)
            ]
        )
        question = self.transactional.question_ids.filtered("crm_score_role")
        answers = self.Answer.sudo().create(
            [
                {
                    "survey_id": self.transactional.id,
                    "partner_id": partner.id,
                    "state": "done",
                    "end_datetime": datetime(2026, 5, 1 + index % 28, 9, 0),
                    "crm_partner_id": partner.id,
                    "crm_company_id": self.env.company.id,
                    "crm_salesperson_id": self.user_salesman.id,
                    "crm_team_id": self.team.id,
                    "crm_invitation": "delivery",
                    "crm_invitation_date": datetime(2026, 4, 30, 9, 0),
                    "crm_counted": True,
                    "crm_csat_avg": 1 + index % 5,
                }
                for index, partner in enumerate(partners)
            ]
        )
        self.env["survey.user_input.line"].sudo().create(
            [
                {
                    "user_input_id": answer.id,
                    "question_id": question.id,
                    "answer_type": "scale",
                    "value_scale": 1 + index % 5,
                }
                for index, answer in enumerate(answers)
            ]
        )
        self.env.invalidate_all()

    def test_constant_query_count(self):
        """7 queries for a company's satisfaction scores, at 10 answering
        customers as at 1 000."""
        self._answered_customers(10)
        with self.assertQueryCount(__system__=7):
            self._recompute(TODAY)
        self._answered_customers(990)
        with self.assertQueryCount(__system__=7):
            self._recompute(TODAY)
        self.assertEqual(
            self.Score.search_count(
                [("scope", "=", "customer"), ("dimension", "=", "delivery")]
            ),
            1000,
        )
