# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo import Command
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
        # Both customers are looked after by Wang Fang, none by Li Na.
        (cls.customer_auto | cls.customer_chem).user_id = cls.user_sales_manager

    def _revenue_by_customer(self, user):
        """Net revenue per customer as ``user`` reads it through the menu."""
        action = self.env.ref("crm_industrial.action_customer_revenue_pivot")
        report = self.env[action.res_model].with_user(user)
        groups = report._read_group(
            literal_eval(action.domain or "[]"),
            ["partner_id"],
            ["price_subtotal:sum"],
        )
        return {partner: total for partner, total in groups}

    def _revenue_lines(self, user):
        return self.env["crm.customer.revenue.report"].with_user(user).search([])

    def test_sales_manager_sees_net_revenue_per_customer(self):
        """Axles: 12 000 + 3 000 (its buyer) - 1 500 = 13 500; Resins: 2 000."""
        revenue = self._revenue_by_customer(self.user_sales_manager)
        self.assertAlmostEqual(revenue[self.customer_auto], 13500.0)
        self.assertAlmostEqual(revenue[self.customer_chem], 2000.0)
        credit_note = self._revenue_lines(self.user_sales_manager).filtered(
            lambda line: line.move_type == "out_refund"
        )
        self.assertEqual(credit_note.partner_id, self.customer_auto)
        self.assertAlmostEqual(credit_note.price_subtotal, -1500.0)
        self.assertAlmostEqual(credit_note.quantity, -1.0)

    def test_vendor_bill_is_not_revenue(self):
        """A bill of 800 from Changchun Axle Works leaves its revenue at 13 500."""
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.customer_auto.id,
                "invoice_date": date(2026, 6, 30),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Steel bar stock",
                            "quantity": 1,
                            "price_unit": 800.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        bill.action_post()
        report = self.env["crm.customer.revenue.report"].with_user(
            self.user_sales_manager
        )
        self.assertFalse(report.search([("move_id", "=", bill.id)]))
        revenue = self._revenue_by_customer(self.user_sales_manager)
        self.assertAlmostEqual(revenue[self.customer_auto], 13500.0)

    def test_salesperson_reads_nothing_of_others_customers(self):
        """Li Na owns neither customer: no line, no group, through any door."""
        self.assertFalse(self._revenue_lines(self.user_salesman))
        self.assertEqual(self._revenue_by_customer(self.user_salesman), {})

    def test_salesperson_reads_own_customer_only(self):
        """Li Na owns Changchun Axle Works: its 3 lines, 13 500, and no Resins."""
        self.customer_auto.user_id = self.user_salesman
        lines = self._revenue_lines(self.user_salesman)
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.partner_id, self.customer_auto)
        self.assertEqual(lines.user_id, self.user_salesman)
        self.assertEqual(
            self._revenue_by_customer(self.user_salesman),
            {self.customer_auto: 13500.0},
        )
        menu = self.env.ref("crm_industrial.menu_customer_revenue_pivot")
        visible_menu_ids = (
            self.env["ir.ui.menu"].with_user(self.user_salesman)._visible_menu_ids()
        )
        self.assertIn(menu.id, visible_menu_ids)

    def test_visibility_follows_reassigned_customer(self):
        """Resins moves to Li Na and Axles back to Wang Fang: Li Na reads 2 000."""
        self.customer_auto.user_id = self.user_salesman
        self.assertEqual(
            self._revenue_by_customer(self.user_salesman),
            {self.customer_auto: 13500.0},
        )
        self.customer_auto.user_id = self.user_sales_manager
        self.customer_chem.user_id = self.user_salesman
        self.assertEqual(
            self._revenue_by_customer(self.user_salesman),
            {self.customer_chem: 2000.0},
        )
        self.assertEqual(
            self._revenue_lines(self.user_salesman).partner_id, self.customer_chem
        )

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
