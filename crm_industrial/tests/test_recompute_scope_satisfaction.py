# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .satisfaction_common import SatisfactionCommon
from .test_recompute_mark import RecomputeMarkCase, age_sources


@tagged("post_install", "-at_install")
class TestRecomputeScopeSatisfaction(SatisfactionCommon, RecomputeMarkCase):
    """A later day's run computes the satisfaction scores of the customers
    changed since its last complete run and of those whose answers the
    window moved; the salespeople's, teams' and company's from every
    answer. Li Na owns Hefei Axles and Ningbo Resins."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yesterday = cls.today - relativedelta(days=1)
        cls.axles = cls._customer("Hefei Axles", cls.user_salesman)
        cls.resins = cls._customer("Ningbo Resins", cls.user_salesman)
        forty_days_ago = str(cls.today - relativedelta(days=40))
        cls._answer(cls.axles, forty_days_ago, nps=9)
        cls._answer(cls.resins, forty_days_ago, nps=3)

    def _run_yesterday(self):
        age_sources(self.env, self.profiles)
        self._run(self.yesterday)
        self.assertEqual(self._mark().whole_day, self.yesterday)

    def _changed(self):
        self.env.flush_all()
        return self._mark()._changed_partners(self.profiles, self.company, self.today)

    def test_an_answer_computes_its_customer_only(self):
        """Hefei Axles answers again (NPS 10): its score and Li Na's and
        the company's are computed again; Ningbo Resins' is not (its row,
        spoilt by hand, stays as it is until a run computes everyone). Li
        Na and the company count 9, 10 and 3: 2 promoters, 1 detractor."""
        self._run_yesterday()
        self.env.cr.execute(
            "UPDATE crm_satisfaction_score SET score = -99"
            " WHERE partner_id = %s AND dimension = 'nps'",
            [self.resins.id],
        )
        self.Score.invalidate_model()
        self._answer(self.axles, str(self.yesterday), nps=10)
        self.assertEqual(self._changed(), self.axles.ids)
        self._run(self.today)
        # 9 and 10: two promoters
        self.assertRecordValues(
            self._score("nps", customer=self.axles),
            [{"answer_count": 2, "score": 100.0}],
        )
        self.assertEqual(self._score("nps", customer=self.resins).score, -99.0)
        for score in (
            self._score("nps", salesperson=self.user_salesman),
            self._score("nps"),
        ):
            self.assertEqual(
                (score.answer_count, score.score), (3, round(100 * (2 - 1) / 3, 2))
            )
        # computing everyone finds Ningbo's spoilt row only
        self.assertEqual(self.Score._recompute_company(self.company, self.today), 1)

    def test_the_window_moves_a_customer_nobody_changed(self):
        """Ningbo Resins' answer of the first day of yesterday's 12-month
        window leaves it today: its NPS goes from 2 answers (10 and 3: 0)
        to 1 (3: -100)."""
        window_edge = self.yesterday - relativedelta(months=12, days=-1)
        self._answer(self.resins, str(window_edge), nps=10)
        self._run_yesterday()
        resins = self._score("nps", customer=self.resins)
        self.assertEqual((resins.answer_count, resins.score), (2, 0.0))
        self.assertEqual(self._changed(), self.resins.ids)
        self._run(self.today)
        self.assertEqual((resins.answer_count, resins.score), (1, -100.0))
        self.assertEqual(self.Score._recompute_company(self.company, self.today), 0)

    def test_a_survey_question_changed_computes_everyone(self):
        self._run_yesterday()
        self.relationship.question_ids[:1].title = "How likely are you to return?"
        self.assertIsNone(self._changed())
