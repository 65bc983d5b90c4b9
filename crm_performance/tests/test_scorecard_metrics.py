# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .scorecard_common import ScorecardCommon


@tagged("post_install", "-at_install")
class TestScorecardMetrics(ScorecardCommon):
    """Each metric of June 2026, worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._june_story()

    def setUp(self):
        super().setUp()
        self.period = self._june()

    def _figures(self, scorecard):
        return {
            code: (
                line.actual if line.measured else line.not_measured_reason,
                line.achievement_pct,
                line.points,
            )
            for code, line in self._lines(scorecard).items()
        }

    def test_liu_yang_june(self):
        """Revenue: bearings 1 000 less 200 returned, the axle works' 500 and
        Harbin Turbine's 1 000: 2 300, half the target. Margin: costs 600 -
        120 + 150 + 300 = 930, 1 370 of 2 300 = 59.57 % (148.9 %). New
        customers: Harbin Turbine, 1 of 2. Retention: Gear, Resin and the
        axle works bought last June and are all his on 30 June (the axle
        works was Guo Qiang's a year ago: it counts for the salesperson
        responsible for it now, as in the commission); Gear and the axle
        works bought again: 2 of 3, 66.67 %, 83.33 % of 80. NPS: 2
        promoters, 1 detractor of 4 answers = 25 (the May answer is another
        period's). CSAT: (5 + 4 + 4 + 3) / 4 = 4.
        Complaints: 1 per 4 deliveries = 25 per 100, target 20: 100 * (2 -
        1.25) = 75 %. On time: the axle works' June, 9 of 10. No plan: the
        other weights are rescaled to 95.
        """
        self._compute(self.period)
        scorecard = self._scorecard(self.period, self.user_commission_user)
        self.assertEqual(
            self._figures(scorecard),
            {
                "revenue": (2300.0, 50.0, 50.0),
                "margin_pct": (59.57, 148.9, 100.0),
                "new_customers": (1.0, 50.0, 50.0),
                "retention_pct": (66.67, 83.3, 83.33),
                "nps": (25.0, 50.0, 50.0),
                "csat": (4.0, 100.0, 100.0),
                "complaints_per_100": (25.0, 75.0, 75.0),
                "on_time_pct": (90.0, 100.0, 100.0),
                "plan_progress_pct": ("no_plans", 0.0, 0.0),
            },
        )
        lines = self._lines(scorecard)
        # 20 % of the 95 % measured: 21.05 %, worth 50 points: 10.53
        self.assertAlmostEqual(lines["revenue"].effective_weight, 21.05)
        self.assertAlmostEqual(lines["revenue"].weighted_points, 10.53)
        self.assertEqual(lines["plan_progress_pct"].effective_weight, 0.0)
        # (20 * 50 + 15 * 100 + 10 * 50 + 15 * 83.33 + 10 * 50 + 5 * 100
        #  + 10 * 75 + 10 * 100) / 95 = 7 000 / 95
        self.assertAlmostEqual(scorecard.total_score, 73.68)

    def test_retention_follows_the_owner_now(self):
        """Changchun Axle Works was Guo Qiang's in June 2025 and Liu Yang's
        since March: it is kept in Liu Yang's retention, not in both, so Guo
        Qiang has no customer to keep. With only two answers his NPS and
        CSAT are not scored; without sales, his revenue and new customers
        score nothing: (20 * 0 + 10 * 0) / 30."""
        self._compute(self.period)
        scorecard = self._scorecard(self.period, self.user_north)
        self.assertEqual(
            self._figures(scorecard),
            {
                "revenue": (0.0, 0.0, 0.0),
                "margin_pct": ("no_revenue", 0.0, 0.0),
                "new_customers": (0.0, 0.0, 0.0),
                "retention_pct": ("no_customers", 0.0, 0.0),
                "nps": ("not_enough_answers", 0.0, 0.0),
                "csat": ("not_enough_answers", 0.0, 0.0),
                "complaints_per_100": ("no_deliveries", 0.0, 0.0),
                "on_time_pct": ("no_deliveries", 0.0, 0.0),
                "plan_progress_pct": ("no_plans", 0.0, 0.0),
            },
        )
        self.assertEqual(scorecard.total_score, 0.0)

    def test_key_account_manager_plan_and_deliveries(self):
        """Chen Jing manages the axle works: its deliveries, 9 of 10, and
        its plan, (50 + 100) / 2 = 75 % progress of 80: 93.75 %. Score:
        (20 * 0 + 10 * 0 + 10 * 100 + 5 * 93.75) / 45 = 32.64."""
        self._compute(self.period)
        scorecard = self._scorecard(self.period, self.user_key_account_manager)
        lines = self._figures(scorecard)
        self.assertEqual(lines["on_time_pct"], (90.0, 100.0, 100.0))
        self.assertEqual(lines["plan_progress_pct"], (75.0, 93.8, 93.75))
        self.assertAlmostEqual(scorecard.total_score, 32.64)

    def test_only_salespeople_get_a_scorecard(self):
        """Team members and whoever invoiced; not Ma Lin, in no team."""
        self._compute(self.period)
        users = self.Scorecard.search([("period_id", "=", self.period.id)]).user_id
        self.assertLessEqual(
            self.user_commission_user | self.user_north | self.user_key_account_manager,
            users,
        )
        self.assertNotIn(self.user_outsider, users)

    def test_computing_again_writes_nothing_then_only_what_changed(self):
        self.assertGreater(self._compute(self.period), 0)
        self.assertEqual(self._compute(self.period), 0)
        # a fifth answer, a detractor: NPS (2 - 2) / 5 = 0, CSAT 17 / 5 = 3.4
        self._answer(
            self.customer_gear,
            self.user_commission_user,
            self.period.date_from,
            5,
            1,
        )
        # NPS and CSAT lines, and the score
        self.assertEqual(self._compute(self.period), 3)
        lines = self._lines(self._scorecard(self.period, self.user_commission_user))
        self.assertEqual(lines["nps"].actual, 0.0)
        self.assertAlmostEqual(lines["csat"].actual, 3.4)
        self.assertEqual(self._compute(self.period), 0)

    def test_the_weights_add_up_to_100(self):
        metric = self.template.metric_ids.filtered(lambda m: m.code == "revenue")
        with self.assertRaisesRegex(ValidationError, "add up to 110"):
            self.template.metric_ids = [Command.update(metric.id, {"weight": 30})]
        # moved from one metric to another in one save: accepted
        margin = self.template.metric_ids.filtered(lambda m: m.code == "margin_pct")
        self.template.metric_ids = [
            Command.update(metric.id, {"weight": 30}),
            Command.update(margin.id, {"weight": 5}),
        ]
        self.assertEqual(self.template.total_weight, 100)

    def test_a_target_is_above_zero(self):
        metric = self.template.metric_ids[:1]
        with self.assertRaises(ValidationError):
            metric.target = 0

    def test_a_new_template_proposes_every_metric_adding_up_to_100(self):
        company = self.env["res.company"].create({"name": "Dalian Valves"})
        template = (
            self.env["crm.scorecard.template"]
            .with_company(company)
            .create({"name": "Valves"})
        )
        self.assertEqual(len(template.metric_ids), 9)
        self.assertEqual(template.total_weight, 100)
        self.assertEqual(template.company_id, company)
