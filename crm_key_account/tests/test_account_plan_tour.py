# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .plan_common import KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestAccountPlanTour(KeyAccountPlanCommon, HttpCase):
    """Chen Jing adds an action item for Liu Yang to the 2026 plan of
    Changchun Axle Works and prints the plan."""

    def test_manager_adds_an_action_item_and_prints_the_plan(self):
        plan = self._plan(year=2026, situation="Two new axle lines")
        self.start_tour(
            f"/odoo/crm.key.account/{self.key_account.id}",
            "crm_key_account_plan",
            login=self.user_key_account_manager.login,
        )
        item = plan.action_ids
        self.assertEqual(item.name, "Plant audit before the start of production")
        self.assertEqual(item.user_id, self.user_team_member)
        self.assertEqual(item.state, "open")
        self.assertEqual(item.activity_id.user_id, self.user_team_member)
