# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmIndustrialCommon


@tagged("post_install", "-at_install")
class TestCustomerOwnership(CrmIndustrialCommon):
    """Changchun Axle Works goes from Li Na to Wang Fang, then to nobody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.customer_auto)
        cls.Ownership = cls.env["crm.customer.ownership"]

    def _history(self, partner):
        return self.Ownership.search([("partner_id", "=", partner.id)], order="id")

    def test_each_change_of_salesperson_closes_and_opens_a_row(self):
        self.customer_auto.user_id = self.user_salesman
        self.customer_auto.user_id = self.user_sales_manager
        history = self._history(self.customer_auto)
        self.assertEqual(
            [(row.user_id, row.date_from, row.date_to) for row in history],
            [
                (self.user_salesman, self.today, self.today),
                (self.user_sales_manager, self.today, False),
            ],
        )
        self.customer_auto.user_id = False
        self.assertEqual(
            self._history(self.customer_auto).mapped("date_to"), [self.today] * 2
        )

    def test_same_salesperson_or_contacts_write_nothing(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Harbin Turbines",
                "is_company": True,
                "user_id": self.user_salesman.id,
            }
        )
        self.assertEqual(len(self._history(customer)), 1)
        customer.write({"user_id": self.user_salesman.id, "phone": "+86 451 0000"})
        self.assertEqual(len(self._history(customer)), 1)
        # a buyer at a customer is no customer of its own
        self.buyer_auto.user_id = self.user_sales_manager
        self.assertFalse(self._history(self.buyer_auto))

    def test_existing_customers_get_their_first_row_at_install(self):
        self.customer_chem.user_id = self.user_salesman
        self._history(self.customer_chem).sudo().unlink()
        self.Ownership._init_from_partners()
        row = self._history(self.customer_chem)
        self.assertEqual(row.user_id, self.user_salesman)
        self.assertEqual(row.date_from, self.customer_chem.create_date.date())
        self.assertFalse(row.date_to)
        self.Ownership._init_from_partners()
        self.assertEqual(len(self._history(self.customer_chem)), 1)

    def test_salespeople_read_their_own_periods_only(self):
        self.customer_auto.user_id = self.user_salesman
        self.customer_auto.user_id = self.user_sales_manager
        mine = self.Ownership.with_user(self.user_salesman).search(
            [("partner_id", "=", self.customer_auto.id)]
        )
        self.assertEqual(mine.user_id, self.user_salesman)
        everything = self.Ownership.with_user(self.user_sales_manager).search(
            [("partner_id", "=", self.customer_auto.id)]
        )
        self.assertEqual(len(everything), 2)
        # the history is append-only, even for sales managers
        with self.assertRaises(AccessError):
            everything.with_user(self.user_sales_manager).write({"date_to": False})
        with self.assertRaises(AccessError):
            everything.with_user(self.user_sales_manager).unlink()

    def test_a_salesperson_reassigning_a_customer_keeps_the_history(self):
        self.customer_auto.user_id = self.user_salesman
        self.customer_auto.with_user(
            self.user_salesman
        ).user_id = self.user_sales_manager
        self.assertEqual(
            self._history(self.customer_auto).user_id,
            self.user_salesman | self.user_sales_manager,
        )
