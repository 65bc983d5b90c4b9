# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmKeyAccountCommon


@tagged("post_install", "-at_install")
class TestServiceLevelSettings(CrmKeyAccountCommon):
    def test_defaults_promise_same_day_delivery_and_two_day_answers(self):
        company = self.env["res.company"].create({"name": "Ningbo Gears Co."})
        self.assertEqual(company.key_account_delivery_tolerance_days, 0)
        self.assertEqual(company.key_account_complaint_response_hours, 48)

    def test_director_sets_service_levels(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_key_account_director)
        )
        settings.key_account_delivery_tolerance_days = 2
        settings.key_account_complaint_response_hours = 24
        settings.save().execute()
        self.assertEqual(self.company.key_account_delivery_tolerance_days, 2)
        self.assertEqual(self.company.key_account_complaint_response_hours, 24)

    def test_invalid_service_levels_are_refused(self):
        for values in (
            {"key_account_delivery_tolerance_days": -1},
            {"key_account_complaint_response_hours": 0},
            {"key_account_complaint_response_hours": -24},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
        self.assertEqual(self.company.key_account_delivery_tolerance_days, 0)
        self.assertEqual(self.company.key_account_complaint_response_hours, 48)

    def test_invalid_service_level_message_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(ValidationError) as error:
            self.company.with_context(lang="zh_CN").write(
                {"key_account_delivery_tolerance_days": -3}
            )
        self.assertIn("准时交货宽限不能为负数", str(error.exception))

    def test_key_account_manager_cannot_change_service_levels(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(
                self.user_key_account_manager
            ).create({"key_account_complaint_response_hours": 4})
        self.assertEqual(self.company.key_account_complaint_response_hours, 48)
