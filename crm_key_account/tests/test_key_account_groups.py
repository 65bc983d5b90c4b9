# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmKeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountGroups(CrmKeyAccountCommon):
    def test_key_account_manager_is_a_salesperson_of_own_documents(self):
        user = self.user_key_account_manager
        self.assertTrue(user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(user.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(user.has_group("crm_key_account.group_key_account_director"))

    def test_key_account_director_oversees_all_documents(self):
        user = self.user_key_account_director
        self.assertTrue(user.has_group("crm_key_account.group_key_account_manager"))
        self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(user.has_group("sales_team.group_sale_manager"))

    def test_groups_share_the_key_account_privilege(self):
        manager = self.env.ref("crm_key_account.group_key_account_manager")
        director = self.env.ref("crm_key_account.group_key_account_director")
        privilege = self.env.ref("crm_key_account.res_groups_privilege_key_account")
        self.assertEqual(manager.privilege_id, privilege)
        self.assertEqual(director.privilege_id, privilege)
        self.assertEqual(
            privilege.category_id, self.env.ref("base.module_category_sales")
        )

    def test_settings_menu_only_for_directors(self):
        menu = self.env.ref("crm_key_account.menu_key_account_config_settings")
        for user, visible in (
            (self.user_key_account_manager, False),
            (self.user_key_account_director, True),
        ):
            with self.subTest(user=user.login):
                visible_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertEqual(menu.id in visible_ids, visible)
