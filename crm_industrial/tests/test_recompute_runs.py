# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from odoo.addons.crm_industrial.models.crm_company_recompute import (
    heavy_statement_settings,
)

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)
LOGGER = "odoo.addons.crm_industrial.models.crm_company_recompute"


@tagged("post_install", "-at_install")
class TestRecomputeRuns(CrmIndustrialCommon):
    """Two companies, computed together; one of them is badly configured.

    The main company invoiced Changchun Axle Works 5 000 on 2026-05-04.
    Qingdao Branch has no sales team at all, no fallback assignee, and one
    customer, Jinan Valves, invoiced 800 on 2024-11-15 only: with no order
    gaps and no class median, it is dormant after the 90-day floor.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create(
            {"name": "Qingdao Branch", "currency_id": cls.company.currency_id.id}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", cls.branch, install_demo=False
        )
        cls.env.user.company_ids |= cls.branch
        cls.user_sales_manager.company_ids |= cls.branch
        cls.env["crm.team"].search(
            [("company_id", "in", (cls.branch.id, False))]
        ).action_archive()
        cls.valves = cls.env["res.partner"].create(
            {"name": "Jinan Valves", "is_company": True}
        )
        cls._post_customer_document(
            cls.customer_auto, "out_invoice", 5000.0, date(2026, 5, 4)
        )
        cls._post_customer_document(
            cls.valves, "out_invoice", 800.0, date(2024, 11, 15), company=cls.branch
        )
        cls.Profile = cls.env["crm.customer.profile"]
        cls.both = cls.company | cls.branch

    def _profile(self, partner, company):
        return self.Profile.search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        )

    def _break_branch_settings(self):
        """A look-back of 25 000 months, as written straight into the database."""
        self.env.cr.execute(
            "UPDATE res_company SET abc_lookback_months = 25000 WHERE id = %s",
            [self.branch.id],
        )
        self.branch.invalidate_recordset(["abc_lookback_months"])

    def test_a_company_without_team_leader_is_computed(self):
        result = self.Profile._recompute(self.both, today=TODAY)
        self.assertFalse(result.failures)
        profile = self._profile(self.valves, self.branch)
        self.assertEqual(profile.lifecycle_stage_id.code, "dormant")
        self.assertEqual(profile.retention_state, "unassigned")
        self.assertEqual(
            self._profile(self.customer_auto, self.company).revenue_12m, 5000
        )

    def test_one_companys_failure_rolls_back_that_company_only(self):
        self._break_branch_settings()
        with self.assertLogs(LOGGER, "ERROR") as logged:
            result = self.Profile._recompute(self.both, today=TODAY)
        self.assertIn("Qingdao Branch", logged.output[0])
        self.assertEqual(list(result.failures), [self.branch])
        self.assertIn("Qingdao Branch", result.failures[self.branch])
        self.assertFalse(self._profile(self.valves, self.branch))
        self.assertEqual(
            self._profile(self.customer_auto, self.company).revenue_12m, 5000
        )
        self.assertIn(
            "could not be recomputed", self.branch.customer_profile_last_error
        )
        self.assertTrue(self.company.customer_profile_last_run)
        self.assertFalse(self.company.customer_profile_last_error)

    def test_the_manager_who_pressed_recompute_is_shown_the_failure(self):
        self._break_branch_settings()
        profiles = self.Profile.with_user(self.user_sales_manager).with_context(
            allowed_company_ids=self.both.ids
        )
        with self.assertLogs(LOGGER, "ERROR"):
            action = profiles.action_recompute_all()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("Qingdao Branch", action["params"]["message"])
        self.assertTrue(self._profile(self.customer_auto, self.company))

    def test_a_good_run_says_what_it_wrote(self):
        action = self.Profile.with_user(self.user_sales_manager).action_recompute_all()
        self.assertEqual(action["params"]["type"], "success")
        self.assertFalse(self.company.customer_profile_last_error)

    def test_a_run_goes_without_jit_and_a_heavy_statement_puts_settings_back(self):
        cr = self.env.cr

        def settings():
            cr.execute("SELECT current_setting('work_mem'), current_setting('jit')")
            return cr.fetchone()

        cr.execute(
            "SELECT set_config('work_mem', '5MB', true), set_config('jit', 'on', true)"
        )
        with heavy_statement_settings(cr, 64):
            self.assertEqual(settings(), ("64MB", "off"))
        self.assertEqual(settings(), ("5MB", "on"))
        self.env["crm.customer.profile"]._lock_company(self.company)
        self.assertEqual(settings(), ("5MB", "off"))
