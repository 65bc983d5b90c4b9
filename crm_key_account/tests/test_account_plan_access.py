# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KA_MANAGER
from .plan_common import KeyAccountPlanCommon

PLAN_MODELS = (
    "crm.key.account.plan",
    "crm.key.account.plan.competitor",
    "crm.key.account.plan.objective",
    "crm.key.account.plan.contact",
    "crm.key.account.plan.action",
)


@tagged("post_install", "-at_install")
class TestAccountPlanAccess(KeyAccountPlanCommon):
    """The plan of Changchun Axle Works has a line of every kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        competitor = cls.env["res.partner"].create(
            {"name": "Harbin Bearing Co.", "is_company": True}
        )
        cls.plan = cls.Plan.with_user(cls.user_key_account_manager).create(
            {
                "key_account_id": cls.key_account.id,
                "year": 2026,
                "situation": "Two new axle lines for electric trucks",
                "competitor_ids": [Command.create({"competitor_id": competitor.id})],
                "objective_ids": [
                    Command.create(
                        {"objective_type": "revenue", "name": "Grow", "target": 1}
                    )
                ],
                "contact_ids": [
                    Command.create({"partner_id": cls.buyer_auto.id, "role": "buyer"})
                ],
                "action_ids": [
                    Command.create(
                        {
                            "name": "Plant audit",
                            "user_id": cls.user_team_member.id,
                            "date_deadline": "2026-12-15",
                        }
                    )
                ],
            }
        )
        cls.other_manager = cls._new_user("ka_manager_2", "Sun Wei", KA_MANAGER)

    def _assert_reads_no_plan(self, user):
        for model in PLAN_MODELS:
            Model = self.env[model].with_user(user)
            self.assertFalse(Model.search([]), model)
            self.assertEqual(Model.search_count([]), 0, model)
            self.assertEqual(Model._read_group([], [], ["__count"]), [(0,)], model)
            grouped = Model.formatted_read_group([], ["company_id"], ["__count"])
            self.assertFalse(grouped, model)
        with self.assertRaises(AccessError):
            self.plan.with_user(user).read(["situation"])
        with self.assertRaises(AccessError):
            self.plan.action_ids.with_user(user).read(["name"])
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_key_account.crm_key_account_plan_action"
        )
        self.assertFalse(
            self.env[action["res_model"]].with_user(user).search(action["domain"] or [])
        )

    def test_outsider_salesperson_reads_no_plan_but_sees_the_key_account(self):
        outsider = self.user_salesman
        self._assert_reads_no_plan(outsider)
        account = self.key_account.with_user(outsider)
        self.assertEqual(account.state, "active")
        self.assertEqual(account.manager_id, self.user_key_account_manager)

    def test_manager_of_another_account_reads_no_plan(self):
        self._assert_reads_no_plan(self.other_manager)
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.other_manager).create(
                {"key_account_id": self.key_account.id, "year": 2027}
            )

    def test_team_member_reads_the_plan_and_does_not_edit_it(self):
        member = self.user_team_member
        for model in PLAN_MODELS:
            self.assertEqual(
                self.env[model].with_user(member).search_count([]), 1, model
            )
        plan = self.plan.with_user(member)
        self.assertEqual(plan.situation, "Two new axle lines for electric trucks")
        self.assertEqual(plan.objective_ids.actual, 0.0)
        self.assertEqual(plan.contact_ids.partner_id, self.buyer_auto)
        with self.assertRaises(AccessError):
            plan.situation = "Rewritten"
        with self.assertRaises(AccessError):
            plan.objective_ids.target = 5
        with self.assertRaises(AccessError):
            self.Plan.with_user(member).create(
                {"key_account_id": self.key_account.id, "year": 2027}
            )

    def test_director_reads_and_edits_every_plan(self):
        director = self.user_key_account_director
        plan = self.plan.with_user(director)
        plan.situation = "Rewritten by the director"
        plan.action_ids.date_deadline = "2026-12-31"
        self.assertEqual(plan.action_ids.activity_id.date_deadline.day, 31)

    def test_other_company_plan_is_not_read(self):
        other_company = self.env["res.company"].create({"name": "Axle Trading Ltd"})
        self.user_key_account_director.company_ids = [Command.link(other_company.id)]
        self.assertFalse(
            self.env["crm.key.account.plan"]
            .with_user(self.user_key_account_director)
            .with_context(allowed_company_ids=[other_company.id])
            .search([])
        )
