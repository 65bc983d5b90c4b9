# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One settings page holds the sections of the three addons."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_performance.tests.common import CrmPerformanceCommon


@tagged("post_install", "-at_install")
class TestSettingsAcrossAddons(CrmPerformanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_director_hr = cls.user_commission_hr
        cls.user_director_hr.group_ids |= cls.env.ref(
            "crm_key_account.group_key_account_director"
        ) | cls.env.ref("sales_team.group_sale_manager")

    def test_one_save_writes_every_section(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_director_hr)
        )
        settings.abc_lookback_months = 18
        settings.key_account_delivery_tolerance_days = 1
        settings.commission_period = "quarter"
        settings.save().execute()
        self.assertEqual(self.company.abc_lookback_months, 18)
        self.assertEqual(self.company.key_account_delivery_tolerance_days, 1)
        self.assertEqual(self.company.commission_period, "quarter")

    def test_a_bad_value_in_one_section_saves_nothing(self):
        settings = self.env["res.config.settings"].with_user(self.user_director_hr)
        with self.assertRaises(ValidationError):
            settings.create(
                {
                    "commission_period": "quarter",
                    "abc_lookback_months": 24,
                    "key_account_complaint_response_hours": 0,
                }
            ).execute()
        self.assertEqual(self.company.commission_period, "month")
        self.assertEqual(self.company.abc_lookback_months, 12)
        self.assertEqual(self.company.key_account_complaint_response_hours, 48)

    def test_each_role_sees_only_its_sections(self):
        view = self.env["res.config.settings"].with_user(self.user_key_account_director)
        arch = view.get_view(view.env.ref("base.res_config_settings_view_form").id)[
            "arch"
        ]
        self.assertIn('name="crm_key_account"', arch)
        self.assertNotIn('name="crm_performance"', arch)
        self.assertNotIn('name="crm_industrial"', arch)
