# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CrmIndustrialCommon


@tagged("post_install", "-at_install")
class TestCustomerRevenue(CrmIndustrialCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Changchun Axle Works: 12 000 + 3 000 invoiced, 1 500 credited back,
        # the invoice to its buyer counts for the company: 13 500.
        # Nanjing Resin Chemicals: 2 000.
        cls._post_customer_document(
            cls.customer_auto, "out_invoice", 12000.0, date(2026, 3, 2)
        )
        cls._post_customer_document(
            cls.buyer_auto, "out_invoice", 3000.0, date(2026, 6, 15)
        )
        cls._post_customer_document(
            cls.customer_auto, "out_refund", 1500.0, date(2026, 7, 1)
        )
        cls._post_customer_document(
            cls.customer_chem, "out_invoice", 2000.0, date(2026, 5, 20)
        )

    def _revenue_by_customer(self, user):
        action = self.env.ref("crm_industrial.action_customer_revenue_pivot")
        report = self.env["account.invoice.report"].with_user(user)
        groups = report._read_group(
            [*literal_eval(action.domain), ("state", "=", "posted")],
            ["commercial_partner_id"],
            ["price_subtotal:sum"],
        )
        return {partner: total for partner, total in groups}

    def test_sales_manager_sees_net_revenue_per_customer(self):
        revenue = self._revenue_by_customer(self.user_sales_manager)
        self.assertAlmostEqual(revenue[self.customer_auto], 13500.0)
        self.assertAlmostEqual(revenue[self.customer_chem], 2000.0)

    def test_salesperson_has_no_revenue_analysis(self):
        with self.assertRaises(AccessError):
            self._revenue_by_customer(self.user_salesman)

    def test_tour_abc_override(self):
        """On 2026-07-31: Axles 13 500 and Resins 2 000 of 15 500.

        Shares above 0 and 87 %: Resins is B. Its first invoice (2026-05-20)
        is less than 6 months old and 72 days old: exploration.
        """
        self.env["crm.customer.profile"]._recompute(
            self.company, today=date(2026, 7, 31)
        )
        self.start_tour(
            "/odoo", "crm_industrial_abc_override", login=self.user_sales_manager.login
        )
        profile = self.env["crm.customer.profile"].search(
            [("partner_id", "=", self.customer_chem.id)]
        )
        self.assertEqual(profile.abc_class_computed, "b")
        self.assertEqual(profile.abc_class, "a")
        self.assertEqual(
            profile.abc_manual_reason, "Strategic: new resin plant in 2027"
        )

    def test_tour_revenue_pivot(self):
        self.start_tour(
            "/odoo", "crm_industrial_revenue_pivot", login=self.user_sales_manager.login
        )
