# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmIndustrialCommon


@tagged("post_install", "-at_install")
class TestAbcSettings(CrmIndustrialCommon):
    def test_defaults_are_cumulative_revenue_80_95(self):
        """A new company ranks by revenue over 12 months: A to 80 %, B to 95 %."""
        company = self.env["res.company"].create({"name": "Tianjin Valves Ltd."})
        self.assertEqual(company.abc_value_basis, "revenue")
        self.assertEqual(company.abc_method, "cumulative_value")
        self.assertEqual(company.abc_lookback_months, 12)
        self.assertEqual(company.abc_a_share, 80.0)
        # B is the band after A: 95 % - 80 %
        self.assertEqual(company.abc_b_share, 15.0)

    def test_settings_admin_saves_abc_settings(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_settings_admin)
        )
        settings.abc_value_basis = "margin"
        settings.abc_lookback_months = 24
        settings.abc_method = "customer_share"
        # choosing the method proposes its usual shares: top 15 %, next 20 %
        self.assertEqual(settings.abc_a_share, 15.0)
        self.assertEqual(settings.abc_b_share, 20.0)
        settings.abc_a_share = 12.0
        settings.save().execute()
        self.assertEqual(self.company.abc_value_basis, "margin")
        self.assertEqual(self.company.abc_lookback_months, 24)
        self.assertEqual(self.company.abc_method, "customer_share")
        self.assertEqual(self.company.abc_a_share, 12.0)
        self.assertEqual(self.company.abc_b_share, 20.0)

    def test_invalid_settings_are_refused(self):
        company = self.company
        for values in (
            {"abc_lookback_months": 0},
            # ten years at most: 25 000 months is a typing error
            {"abc_lookback_months": 121},
            {"abc_lookback_months": 25000},
            {"abc_a_share": 0.0},
            {"abc_a_share": -5.0},
            {"abc_b_share": 0.0},
            # 80 % + 20 % leaves no room for class C
            {"abc_a_share": 80.0, "abc_b_share": 20.0},
            {"abc_a_share": 90.0, "abc_b_share": 15.0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                company.write(values)
        # nothing half-written: the company keeps its valid settings
        self.assertEqual(company.abc_lookback_months, 12)
        self.assertEqual((company.abc_a_share, company.abc_b_share), (80.0, 15.0))

    def test_lookback_bounds_are_accepted(self):
        for months in (1, 120):
            with self.subTest(months=months):
                self.company.write({"abc_lookback_months": months})
                self.assertEqual(self.company.abc_lookback_months, months)

    def test_too_long_lookback_names_company_and_limit(self):
        with self.assertRaises(ValidationError) as error:
            self.company.write({"abc_lookback_months": 121})
        message = str(error.exception)
        self.assertIn(self.company.name, message)
        self.assertIn("120 months", message)

    def test_settings_form_refuses_too_long_lookback(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_settings_admin)
        )
        settings.abc_lookback_months = 121
        with self.assertRaises(ValidationError):
            settings.save().execute()
        self.assertEqual(self.company.abc_lookback_months, 12)

    def test_invalid_settings_message_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        company = self.company.with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as error:
            company.write({"abc_lookback_months": 0})
        self.assertIn("ABC 回溯期至少为一个月", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            company.write({"abc_a_share": 85.0, "abc_b_share": 15.0})
        self.assertIn("合计为 100.0 %", str(error.exception))

    def test_salesperson_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_salesman).create(
                {"abc_lookback_months": 6}
            )
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_salesman).write({"abc_lookback_months": 6})
        self.assertEqual(self.company.abc_lookback_months, 12)
