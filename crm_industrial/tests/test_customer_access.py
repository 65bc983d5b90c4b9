# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SALESMAN, CrmIndustrialCommon

TODAY = date(2026, 7, 31)

# every model of customer data the addon adds or reports on
CUSTOMER_DATA_MODELS = (
    "crm.customer.profile",
    "crm.customer.abc.history",
    "crm.lifecycle.history",
    "crm.customer.ownership",
    "crm.customer.revenue.report",
    "mail.activity",
)


@tagged("post_install", "-at_install")
class TestCustomerAccess(CrmIndustrialCommon):
    """Three customers, none of them Liu Yang's, recomputed on 2026-07-31.

    Changchun Axle Works (Li Na): 12 000 invoiced on 2026-03-02.
    Nanjing Resin Chemicals (Wang Fang): 2 000 invoiced on 2026-05-20.
    Harbin Gears (Wang Fang): 500 invoiced on 2025-01-10 only, dormant: a
    retention activity for Wang Fang.
    Each has a profile, class and stage history, ownership periods and
    revenue lines.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._new_user("ind_outsider", "Liu Yang", SALESMAN)
        cls.customer_auto.user_id = cls.user_salesman
        cls.customer_chem.user_id = cls.user_sales_manager
        cls.gears = cls.env["res.partner"].create(
            {
                "name": "Harbin Gears",
                "is_company": True,
                "user_id": cls.user_sales_manager.id,
            }
        )
        post = cls._post_customer_document
        post(cls.customer_auto, "out_invoice", 12000.0, date(2026, 3, 2))
        post(cls.customer_chem, "out_invoice", 2000.0, date(2026, 5, 20))
        post(cls.gears, "out_invoice", 500.0, date(2025, 1, 10))
        cls.Profile = cls.env["crm.customer.profile"]
        result = cls.Profile._recompute(cls.company, today=TODAY)
        assert not result.failures, result.failures
        cls.customers = cls.customer_auto | cls.customer_chem | cls.gears

    def _customer_rows(self, model, user):
        """What ``user`` reads of ``model`` about the three customers."""
        records = self.env[model].with_user(user)
        if model == "mail.activity":
            domain = [("crm_retention_profile_id", "!=", False)]
        else:
            domain = [("partner_id", "in", self.customers.ids)]
        return records.search(domain)

    def test_an_outsider_reads_nothing(self):
        for model in CUSTOMER_DATA_MODELS:
            with self.subTest(model=model):
                self.assertTrue(self._customer_rows(model, self.env.user))
                self.assertFalse(self._customer_rows(model, self.outsider))
                records = self.env[model].with_user(self.outsider)
                [(count,)] = records._read_group([], [], ["__count"])
                self.assertEqual(count, 0)

    def test_an_outsider_reads_nothing_through_the_menus(self):
        menus = self.env.ref("crm_industrial.menu_customer_intelligence").child_id
        actions = self._assert_menus_find_nothing(menus, self.outsider)
        checked = set(actions.mapped("res_model"))
        self.assertIn("crm.customer.revenue.report", checked)
        self.assertIn("crm.customer.abc.history", checked)
        self.assertIn("crm.lifecycle.history", checked)

    def test_history_follows_the_customer_when_it_is_reassigned(self):
        before = {
            model: self._customer_rows(model, self.env.user).filtered(
                lambda row: row.partner_id == self.customer_auto
            )
            for model in ("crm.customer.abc.history", "crm.lifecycle.history")
        }
        self.assertTrue(all(before.values()))
        self.env["crm.portfolio.reassign"].with_user(self.user_sales_manager).create(
            {
                "source_user_id": self.user_salesman.id,
                "target_user_id": self.outsider.id,
            }
        ).action_apply()
        for model, rows in before.items():
            with self.subTest(model=model):
                self.assertEqual(self._customer_rows(model, self.outsider), rows)
                self.assertFalse(self._customer_rows(model, self.user_salesman))
        profile = self._customer_rows("crm.customer.profile", self.outsider)
        self.assertEqual(profile.partner_id, self.customer_auto)

    def test_profile_figures_change_through_their_governed_paths_only(self):
        profile = self.Profile.search([("partner_id", "=", self.customer_auto.id)])
        stage = self.env["crm.lifecycle.stage"].search([("code", "=", "maturity")])
        other_company = self.env["res.company"].create({"name": "Ningbo Works"})
        for user in (self.user_sales_manager, self.user_settings_admin):
            for values in (
                {"abc_class_manual": "c"},
                {"abc_class": "c"},
                {"lifecycle_stage_id": stage.id},
                {"partner_id": self.customer_chem.id},
                {"company_id": other_company.id},
            ):
                with self.subTest(user=user.name, values=values):
                    with self.assertRaises(AccessError):
                        profile.with_user(user).write(values)
        self.assertEqual(profile.abc_class, "a")

    def test_histories_are_append_only(self):
        for model in ("crm.customer.abc.history", "crm.lifecycle.history"):
            rows = self.env[model].search([("partner_id", "=", self.customer_auto.id)])
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    rows.with_user(self.user_sales_manager).write({"date": TODAY})
                with self.assertRaises(UserError):
                    rows.sudo().write({"date": TODAY})
                with self.assertRaises(UserError):
                    rows.sudo().unlink()

    def test_pin_and_override_still_write_their_history(self):
        profile = self.Profile.search([("partner_id", "=", self.customer_chem.id)])
        stage = self.env["crm.lifecycle.stage"].search([("code", "=", "growth")])
        self.env["crm.customer.lifecycle.pin"].with_user(
            self.user_sales_manager
        ).create(
            {
                "profile_ids": [Command.set(profile.ids)],
                "stage_id": stage.id,
                "reason": "New resin line ordered for 2027",
            }
        ).action_apply()
        self.assertEqual(profile.lifecycle_stage_id, stage)
        history = profile.lifecycle_history_ids[0]
        self.assertEqual(
            (history.stage_to_id, history.origin, history.salesperson_id),
            (stage, "manual", self.user_sales_manager),
        )
