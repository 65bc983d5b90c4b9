# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .commission_common import JUNE
from .scorecard_common import ScorecardCommon

MODELS = ("crm.salesperson.scorecard", "crm.salesperson.scorecard.line")


@tagged("post_install", "-at_install")
class TestScorecardAccess(ScorecardCommon):
    """June 2026 computed: Liu Yang (team East, led by Yang Lei), Guo Qiang
    and Chen Jing (team North, no leader) have scorecards; Ma Lin has the
    salesperson's role, sells nothing and has none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._june_story()
        cls.period = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.Scorecard._compute_periods(cls.period)
        cls.salespeople = (
            cls.user_commission_user | cls.user_north | cls.user_key_account_manager
        )

    def _readable(self, user, model):
        return self.env[model].with_user(user).search([]).user_id & self.salespeople

    def test_salesperson_reads_only_their_own(self):
        for user in (self.user_commission_user, self.user_north):
            for model in MODELS:
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(self._readable(user, model), user)

    def test_outsider_reads_nothing(self):
        """Ma Lin reads no scorecard, by search, search_read or grouped (the
        list, graph and pivot views), nor through the menu's action."""
        outsider = self.user_outsider
        for model in MODELS:
            with self.subTest(model=model):
                records = self.env[model].with_user(outsider)
                self.assertFalse(records.search([]))
                self.assertFalse(records.search_read([], ["id"]))
                self.assertFalse(
                    records.formatted_read_group([], ["user_id"], ["__count"])
                )
                self.assertFalse(records._read_group([], ["user_id"], ["__count"]))
        action = (
            self.env["ir.actions.act_window"]
            .with_user(outsider)
            ._for_xml_id("crm_performance.action_crm_salesperson_scorecard")
        )
        self.assertFalse(self.env[action["res_model"]].with_user(outsider).search([]))
        scorecard = self._scorecard(self.period, self.user_north)
        with self.assertRaises(AccessError):
            scorecard.with_user(outsider).read(["total_score"])

    def test_team_leader_reads_their_team(self):
        """Yang Lei leads team East: Liu Yang's scorecard, not team North's."""
        for model in MODELS:
            with self.subTest(model=model):
                self.assertEqual(
                    self._readable(self.user_commission_manager, model),
                    self.user_commission_user,
                )

    def test_hr_reads_all(self):
        for model in MODELS:
            with self.subTest(model=model):
                self.assertEqual(
                    self._readable(self.user_commission_hr, model), self.salespeople
                )

    def test_only_hr_computes_and_nobody_edits(self):
        for user in (self.user_commission_user, self.user_commission_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.period.with_user(user).action_compute_scorecards()
        action = self.period.with_user(
            self.user_commission_hr
        ).action_compute_scorecards()
        self.assertEqual(action["params"]["type"], "success")
        scorecard = self._scorecard(self.period, self.user_commission_user)
        for user in (self.user_commission_user, self.user_commission_hr):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                scorecard.with_user(user).total_score = 100.0

    def test_only_hr_sets_the_template(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.user_commission_manager).name = "Mine"
        self.template.with_user(self.user_commission_hr).name = "East and North"

    def test_other_company_reads_nothing(self):
        """HR working in another company only reads none of these."""
        other = self.env["res.company"].create({"name": "Dalian Works"})
        hr = self.user_commission_hr
        hr.write({"company_ids": [Command.link(other.id)], "company_id": other.id})
        for model in MODELS:
            with self.subTest(model=model):
                records = (
                    self.env[model]
                    .with_user(hr)
                    .with_context(allowed_company_ids=other.ids)
                )
                self.assertFalse(records.search([]))

    def test_views_open_for_each_role(self):
        views = {
            "crm.salesperson.scorecard": ["list", "form", "graph", "pivot", "search"],
            "crm.scorecard.template": ["list", "form"],
            "crm.commission.period": ["form"],
        }
        self._assert_views_open_for_each_role(views)
