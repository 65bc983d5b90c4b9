# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmPerformanceCommon


@tagged("post_install", "-at_install")
class TestCommissionGroups(CrmPerformanceCommon):
    def test_roles_build_on_each_other(self):
        """HR validates what managers approved; managers see what users see."""
        self.assertTrue(
            self.user_commission_hr.has_group(
                "crm_performance.group_commission_manager"
            )
        )
        self.assertTrue(
            self.user_commission_manager.has_group(
                "crm_performance.group_commission_user"
            )
        )
        self.assertFalse(
            self.user_commission_manager.has_group(
                "crm_performance.group_commission_hr"
            )
        )
        self.assertFalse(
            self.user_commission_user.has_group(
                "crm_performance.group_commission_manager"
            )
        )

    def test_administrator_is_commission_hr(self):
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "crm_performance.group_commission_hr"
            )
        )

    def test_commission_settings_menu_only_for_hr(self):
        root = self.env.ref("crm_performance.menu_commission_root")
        settings = self.env.ref("crm_performance.menu_commission_config_settings")
        for user, is_hr in (
            (self.user_salesman, False),
            (self.user_commission_user, False),
            (self.user_commission_manager, False),
            (self.user_commission_hr, True),
        ):
            with self.subTest(user=user.login):
                visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertEqual(settings.id in visible, is_hr)
                if is_hr:
                    self.assertIn(root.id, visible)
        self.assertNotIn(
            root.id,
            self.env["ir.ui.menu"].with_user(self.user_salesman)._visible_menu_ids(),
        )

    def test_hr_chooses_quarterly_periods(self):
        self.assertEqual(self.company.commission_period, "month")
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_commission_hr)
        )
        settings.commission_period = "quarter"
        settings.save().execute()
        self.assertEqual(self.company.commission_period, "quarter")

    def test_commission_manager_cannot_change_the_period(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(
                self.user_commission_manager
            ).create({"commission_period": "quarter"})
        self.assertEqual(self.company.commission_period, "month")
