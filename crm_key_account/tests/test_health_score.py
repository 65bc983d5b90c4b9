# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .key_account_health_common import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthScore(KeyAccountHealthCommon):
    """The axle works' health with the default weights (revenue trend 15,
    margin trend 10, share of wallet 15, on-time delivery 15, complaint
    service 10, NPS/CSAT 10, engagement 10, plan progress 10, overdue
    receivables 5).

    Its figures: revenue 380 against 400 the year before, -5 %: 50 - 5 = 45
    points; share of wallet 380 / 760 = 50 %: 50 points; 780 open, all of it
    overdue (due on the invoice date): 100 - 2 x 100 = 0 points. No
    executive contact yet (it became a key account today: engagement is not
    measured, no fresh contact either), no sale order (margin), no survey
    answer, no service level or plan yet: those are excluded. Counted
    weights 15 + 15 + 5 = 35: (15 x 45 + 15 x 50 + 5 x 0) / 35 = 1 425 / 35
    = 40.7, on 35 % of the weight: below the 50 % a colour needs, no band.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._activate(cls.customer_auto)

    def _breakdown(self, account=None):
        account = account or self.account
        return {
            row.component: row
            for row in self.env["crm.key.account.health"].search(
                [("key_account_id", "=", account.id)]
            )
        }

    def _red_activities(self, account=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.key.account"),
                ("res_id", "=", (account or self.account).id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("crm_key_account.mail_activity_type_health_red").id,
                ),
            ]
        )

    def test_score_with_missing_components_rescaled(self):
        self._recompute()
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.health_score, 40.7)
        self.assertFalse(self.account.health_band)
        self.assertAlmostEqual(self.account.health_coverage_pct, 35.0)
        self.assertEqual(self.account.health_text, "41 of 100, on 35 % of the weight")
        rows = self._breakdown()
        self.assertEqual(len(rows), 9)
        self.assertAlmostEqual(rows["revenue_trend"].points, 45.0)
        self.assertIn("-5.0 %", rows["revenue_trend"].raw_text)
        self.assertAlmostEqual(rows["share_of_wallet"].points, 50.0)
        self.assertAlmostEqual(rows["overdue_receivables"].points, 0.0)
        # 15 of the 35 counted: 3 / 7
        self.assertAlmostEqual(rows["revenue_trend"].weight, 15.0)
        self.assertAlmostEqual(rows["revenue_trend"].effective_weight, 300 / 7)
        self.assertAlmostEqual(rows["overdue_receivables"].effective_weight, 100 / 7)
        for missing in (
            "margin_trend",
            "on_time_delivery",
            "complaint_service",
            "satisfaction",
            "engagement",
            "plan_progress",
        ):
            self.assertFalse(rows[missing].included, missing)
            self.assertEqual(rows[missing].raw_text, "no data")
            self.assertIn("Excluded: no data", rows[missing].reason)
            self.assertFalse(rows[missing].effective_weight)
        self.assertTrue(rows["revenue_trend"].included)
        self.assertFalse(rows["revenue_trend"].reason)

    def test_an_account_without_data_is_not_measured(self):
        """A key account activated today for a customer with no history has
        no component with data: no score, no colour, "not measured" (it
        scored 100 and green when engagement fell back to the activation
        day)."""
        newcomer = self.env["res.partner"].create(
            {"name": "Qingdao Pumps", "is_company": True}
        )
        account = self._activate(newcomer)
        self._recompute()
        account.invalidate_recordset()
        self.assertFalse(account.health_score)
        self.assertFalse(account.health_band)
        self.assertEqual(account.health_text, "not measured")

    def test_satisfaction_counts_only_with_enough_answers(self):
        Score = self.env["crm.satisfaction.score"].sudo()
        values = {
            "company_id": self.company.id,
            "scope": "customer",
            "partner_id": self.customer_auto.id,
            "answer_count": 12,
        }
        nps = Score.create({**values, "dimension": "nps", "score": 40, "enough": True})
        Score.create({**values, "dimension": "csat", "score": 4.2, "enough": False})
        self._recompute()
        # NPS +40: (40 + 100) / 2 = 70 points, CSAT without enough answers
        # left out; weights 35 + 10 = 45:
        # (1 425 + 10 x 70) / 45 = 2 125 / 45 = 47.2
        rows = self._breakdown()
        self.assertAlmostEqual(rows["satisfaction"].points, 70.0)
        self.assertEqual(rows["satisfaction"].raw_text, "NPS +40")
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.health_score, 47.2)
        # enough CSAT answers: 4.2 is 3.2 x 25 = 80 points, mean with the NPS 75
        # (1 425 + 10 x 75) / 45 = 2 175 / 45 = 48.3
        Score.search([("partner_id", "=", self.customer_auto.id)]).write(
            {"enough": True}
        )
        self.assertTrue(nps.enough)
        self._recompute()
        self.assertAlmostEqual(self._breakdown()["satisfaction"].points, 75.0)
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.health_score, 48.3)

    def test_engagement_counts_meetings_with_the_manager_or_sponsor(self):
        Event = self.env["calendar.event"]
        Event.create(
            {
                "name": "Quarterly review",
                "start": self.today - relativedelta(days=105),
                "stop": self.today - relativedelta(days=105, hours=-1),
                "user_id": self.user_key_account_manager.id,
                "partner_ids": [self.buyer_auto.id],
            }
        )
        # the salesperson alone with the buyer is no executive contact
        Event.create(
            {
                "name": "Delivery follow-up",
                "start": self.today - relativedelta(days=10),
                "stop": self.today - relativedelta(days=10, hours=-1),
                "user_id": self.user_salesman.id,
                "partner_ids": [self.buyer_auto.id, self.user_salesman.partner_id.id],
            }
        )
        self._recompute()
        rows = self._breakdown()
        # 105 days: 75 of the 150 days between 30 and 180 gone, 50 points:
        # (675 + 750 + 10 x 50 + 0) / 45 = 1 925 / 45 = 42.8
        self.assertAlmostEqual(rows["engagement"].raw_value, 105)
        self.assertAlmostEqual(rows["engagement"].points, 50.0)
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.health_score, 42.8)

    def test_falling_into_red_schedules_one_activity(self):
        # coloured from 30 % of the weight measured, red below 60: 40.7 on
        # 35 % of the weight is red
        self.company.key_account_health_min_coverage_pct = 30.0
        self.company.key_account_health_red_below = 60.0
        self._recompute()
        activity = self._red_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_key_account_manager)
        self.assertIn("41", activity.summary)
        # still red: no second activity, open or done
        self._recompute()
        self.assertEqual(self._red_activities(), activity)
        activity.action_feedback(feedback="Visit planned")
        self._recompute()
        self.assertFalse(self._red_activities())
        # back to yellow, then red again: a new fall, a new activity
        self.company.key_account_health_red_below = 40.0
        self._recompute()
        self.account.invalidate_recordset()
        self.assertEqual(self.account.health_band, "yellow")
        self.company.key_account_health_red_below = 60.0
        self._recompute()
        self.assertEqual(len(self._red_activities()), 1)
        snapshots = self.env["crm.key.account.health.snapshot"].search(
            [("key_account_id", "=", self.account.id)]
        )
        # one snapshot for the month, following the runs
        self.assertEqual(len(snapshots), 1)
        self.assertEqual(snapshots.month, self.today.replace(day=1))
        self.assertEqual(snapshots.band, "red")

    def test_snapshots_keep_earlier_months(self):
        self._recompute()
        next_month = self.today + relativedelta(months=1)
        self.env["crm.key.account.health"]._recompute(self.company, today=next_month)
        snapshots = self.env["crm.key.account.health.snapshot"].search(
            [("key_account_id", "=", self.account.id)], order="month"
        )
        self.assertEqual(
            snapshots.mapped("month"),
            [self.today.replace(day=1), next_month.replace(day=1)],
        )

    def test_weights_must_sum_to_100(self):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self.company.key_account_health_weight_revenue_trend = 20.0
        self.assertIn("sum to 100 %", str(error.exception))
        self.assertIn("105", str(error.exception))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.write(
                {
                    "key_account_health_weight_revenue_trend": 120.0,
                    "key_account_health_weight_margin_trend": -10.0,
                    "key_account_health_weight_share_of_wallet": 5.0,
                }
            )
        self.assertEqual(self.company.key_account_health_weight_revenue_trend, 15.0)
        # in the settings, moved together: 20 + 5 instead of 15 + 10
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_key_account_director)
        )
        settings.key_account_health_weight_revenue_trend = 20.0
        settings.key_account_health_weight_margin_trend = 5.0
        settings.save().execute()
        self.assertEqual(self.company.key_account_health_weight_revenue_trend, 20.0)
        self.assertEqual(self.company.key_account_health_weight_margin_trend, 5.0)
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_key_account_director)
        )
        settings.key_account_health_weight_revenue_trend = 30.0
        with self.assertRaises(ValidationError):
            settings.save().execute()

    def test_outsider_reads_no_health(self):
        self._recompute()
        self.account.invalidate_recordset()
        outsider = self.account.with_user(self.user_salesman)
        self.assertEqual(outsider.partner_id, self.customer_auto)
        self.assertFalse(outsider.health_score)
        self.assertFalse(outsider.health_band)
        self.assertFalse(outsider.health_ids)
        self.assertFalse(outsider.health_snapshot_ids)
        for model in ("crm.key.account.health", "crm.key.account.health.snapshot"):
            records = self.env[model].with_user(self.user_salesman)
            self.assertFalse(records.search([]), model)
            self.assertFalse(
                records._read_group([], ["key_account_id"], ["__count"]), model
            )
        # its manager and directors read it
        self.account.invalidate_recordset()
        self.assertAlmostEqual(
            self.account.with_user(self.user_key_account_manager).health_score, 40.7
        )
        self.assertEqual(
            len(self.account.with_user(self.user_key_account_director).health_ids), 9
        )

    def test_queries_do_not_grow_with_the_key_accounts(self):
        Health = self.env["crm.key.account.health"]

        # 9 queries for one key account as for three
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            Health._recompute_company(self.company, self.today)
        # two more: the resin maker (yellow) and Tianjin Axles (green)
        self._activate(self.customer_chem)
        self._activate(self.similar["Tianjin Axles"])
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            Health._recompute_company(self.company, self.today)
        self.assertEqual(
            self.env["crm.key.account.health"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            27,
        )

    def test_only_directors_recompute_from_the_button(self):
        with self.assertRaises(AccessError):
            self.account.with_user(
                self.user_key_account_manager
            ).action_recompute_health()
        action = self.account.with_user(
            self.user_key_account_director
        ).action_recompute_health()
        self.assertEqual(action["params"]["type"], "success")
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.health_score, 40.7)
