# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .commission_common import JUNE, CommissionCommon


@tagged("post_install", "-at_install")
class TestCommissionAccess(CommissionCommon):
    """June 2026 computed: Liu Yang (team East, led by Yang Lei) and Guo
    Qiang (team North) each have a plan, a target and one invoice; Ma Lin
    has the same role and sells nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in cls._east_and_north_plans(default_rate=5.0, june_target=1000):
            cls._invoice(
                cls.customer_chem, user, date(2026, 6, 4), [(cls.service, 1, 800)]
            )
        cls.period = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.period._recompute(cls.company)
        cls.models = (
            "crm.commission.line",
            "crm.commission.summary",
            "crm.commission.target",
        )

    def _readable(self, user, model):
        records = self.env[model].with_user(user)
        return records.search([]).user_id

    def test_salesperson_reads_only_their_own(self):
        liu = self.user_commission_user
        for model in self.models:
            with self.subTest(model=model):
                self.assertEqual(self._readable(liu, model), liu)
        plans = self.Plan.with_user(liu).search([])
        self.assertEqual(plans.mapped("name"), ["East"])

    def test_outsider_reads_nothing(self):
        """Ma Lin owns none of these: he reads none of them, by search,
        search_read or grouped (formatted_read_group: the views; _read_group:
        the code)."""
        outsider = self.user_outsider
        for model in (*self.models, "crm.commission.plan", "crm.commission.rule"):
            with self.subTest(model=model):
                records = self.env[model].with_user(outsider)
                self.assertFalse(records.search([]))
                self.assertFalse(records.search_read([], ["id"]))
        for model in self.models:
            with self.subTest(model=model):
                # what the list, pivot and graph views ask for
                groups = (
                    self.env[model]
                    .with_user(outsider)
                    .formatted_read_group([], ["user_id"], ["__count"])
                )
                self.assertFalse(groups)
                self.assertFalse(
                    self.env[model]
                    .with_user(outsider)
                    ._read_group([], ["user_id"], ["__count"])
                )

    def test_outsider_cannot_open_a_line(self):
        line = self.Line.search([("user_id", "=", self.user_north.id)])
        with self.assertRaises(AccessError):
            line.with_user(self.user_outsider).read(["amount"])

    def test_manager_reads_their_team(self):
        """Yang Lei leads team East: he reads Liu Yang's lines, summaries and
        targets, not Guo Qiang's."""
        manager = self.user_commission_manager
        for model in self.models:
            with self.subTest(model=model):
                self.assertEqual(
                    self._readable(manager, model), self.user_commission_user
                )

    def test_hr_reads_all(self):
        everyone = self.user_commission_user | self.user_north
        for model in self.models:
            with self.subTest(model=model):
                self.assertEqual(
                    self._readable(self.user_commission_hr, model), everyone
                )

    def test_salesperson_cannot_change_plans_or_compute(self):
        liu = self.user_commission_user
        plan = self.Plan.with_user(liu).search([])
        with self.assertRaises(AccessError):
            plan.default_rate = 50.0
        with self.assertRaises(AccessError):
            self.period.with_user(liu).action_compute()
        with self.assertRaises(AccessError):
            self.period.with_user(self.user_commission_manager).action_compute()

    def test_hr_edits_plans_and_computes(self):
        """Plans are Commission HR's (a sales manager reads them: see
        test_commission_governance)."""
        hr = self.user_commission_hr
        plan = self.Plan.with_user(hr).search([("name", "=", "North")])
        plan.default_rate = 6.0
        action = self.period.with_user(self.user_commission_hr).action_compute()
        self.assertEqual(action["params"]["type"], "success")
        north = self.Summary.search([("user_id", "=", self.user_north.id)])
        # 800 x 6 %
        self.assertEqual(north.commission, 48.0)

    def test_outsider_sees_nothing_through_the_menu_action(self):
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.user_outsider)
            ._for_xml_id("crm_performance.action_crm_commission_line")
        )
        self.assertFalse(
            self.env[action["res_model"]].with_user(self.user_outsider).search([])
        )

    def test_other_company_reads_nothing(self):
        """HR of another company only does not read this company's lines."""
        other = self.env["res.company"].create({"name": "Dalian Works"})
        hr = self.user_commission_hr
        hr.write({"company_ids": [Command.link(other.id)], "company_id": other.id})
        lines = self.Line.with_user(hr).with_context(allowed_company_ids=other.ids)
        self.assertFalse(lines.search([]))

    def test_views_open_for_each_role(self):
        """The menus' views load for a salesperson, a manager and HR."""
        views = {
            "crm.commission.line": ["pivot", "graph", "list", "search"],
            "crm.commission.summary": ["list", "search"],
            "crm.commission.period": ["list", "form"],
            "crm.commission.plan": ["list", "form", "search"],
        }
        self._assert_views_open_for_each_role(views)
