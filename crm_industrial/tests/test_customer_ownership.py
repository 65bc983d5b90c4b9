# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

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
        # as before the install: a salesperson, no history
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "DELETE FROM crm_customer_ownership WHERE partner_id = %s",
                self.customer_chem.id,
            )
        )
        self.Ownership.invalidate_model()
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

    def test_the_history_is_append_only_even_as_superuser(self):
        self.customer_auto.user_id = self.user_salesman
        row = self._history(self.customer_auto)
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            row.sudo().write({"date_to": self.today})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            row.sudo().unlink()
        self.env.invalidate_all()
        self.assertEqual(self._history(self.customer_auto), row)
        self.assertFalse(row.date_to)

    # ------------------------------------------------------------------
    # Who changes a customer's salesperson
    # ------------------------------------------------------------------

    def test_a_salesperson_cannot_change_a_customers_salesperson(self):
        """Li Na may neither hand Changchun Axle Works on nor take Nanjing Resin."""
        self.customer_auto.user_id = self.user_salesman
        customer_auto = self.customer_auto.with_user(self.user_salesman)
        with self.assertRaisesRegex(
            UserError,
            r"Only sales managers change a customer's salesperson "
            r"\(Changchun Axle Works\): ask one to use CRM → Customer "
            r"Intelligence → Reassign Portfolio\.",
        ):
            customer_auto.user_id = self.user_sales_manager
        with self.assertRaisesRegex(UserError, "Reassign Portfolio"):
            customer_auto.write({"user_id": False})
        with self.assertRaisesRegex(UserError, "Nanjing Resin Chemicals"):
            self.customer_chem.with_user(self.user_salesman).write(
                {"user_id": self.user_salesman.id}
            )
        self.env.invalidate_all()
        self.assertEqual(self.customer_auto.user_id, self.user_salesman)
        history = self._history(self.customer_auto)
        self.assertEqual(history.user_id, self.user_salesman)
        self.assertFalse(history.date_to)
        self.assertFalse(self.customer_chem.user_id)
        self.assertFalse(self._history(self.customer_chem))

    def test_a_salesperson_takes_no_customer_over_in_two_writes(self):
        """Li Na makes Wang Fang's Nanjing Resin a contact of another company,
        then a company again with herself as salesperson: refused, as the
        customer's recorded owner changes."""
        self.customer_chem.user_id = self.user_sales_manager
        chem = self.customer_chem.with_user(self.user_salesman)
        chem.write({"parent_id": self.customer_auto.id})
        with self.assertRaisesRegex(UserError, "Only sales managers change"):
            chem.write(
                {
                    "parent_id": False,
                    "is_company": True,
                    "user_id": self.user_salesman.id,
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.customer_chem.user_id, self.user_sales_manager)
        self.assertEqual(
            self._history(self.customer_chem).user_id, self.user_sales_manager
        )

    def test_the_customers_company_decides_not_the_active_one(self):
        """Nanjing Resin belongs to this company, which restricts the change;
        Li Na also works for Ningbo Works, which does not: switching to it
        lets her take nothing over."""
        ningbo = self.env["res.company"].create(
            {"name": "Ningbo Works", "customer_owner_change_managers_only": False}
        )
        self.user_salesman.company_ids |= ningbo
        self.customer_chem.write(
            {"company_id": self.company.id, "user_id": self.user_sales_manager.id}
        )
        chem = self.customer_chem.with_user(self.user_salesman).with_context(
            allowed_company_ids=[ningbo.id, self.company.id]
        )
        with self.assertRaisesRegex(UserError, "Only sales managers change"):
            chem.user_id = self.user_salesman
        self.assertEqual(self.customer_chem.user_id, self.user_sales_manager)

    def test_with_the_setting_off_a_salesperson_changes_it_and_it_is_recorded(self):
        self.company.customer_owner_change_managers_only = False
        self.customer_auto.user_id = self.user_salesman
        self.customer_auto.with_user(
            self.user_salesman
        ).user_id = self.user_sales_manager
        history = self._history(self.customer_auto)
        self.assertEqual(
            [(row.user_id, row.date_to) for row in history],
            [(self.user_salesman, self.today), (self.user_sales_manager, False)],
        )
        self.assertEqual(history[0].write_uid, self.user_salesman)

    def test_a_sales_manager_changes_a_customers_salesperson(self):
        self.customer_auto.user_id = self.user_salesman
        self.customer_auto.with_user(
            self.user_sales_manager
        ).user_id = self.user_sales_manager
        history = self._history(self.customer_auto)
        self.assertEqual(
            [(row.user_id, row.date_to) for row in history],
            [(self.user_salesman, self.today), (self.user_sales_manager, False)],
        )
        # the period was closed by the sales manager's change
        self.assertEqual(history[0].write_uid, self.user_sales_manager)

    def test_a_salesperson_keeps_contacts_and_new_customers(self):
        """Li Na looks after Zhou Jie, and brings in Harbin Turbines herself."""
        self.customer_auto.user_id = self.user_sales_manager
        buyer = self.buyer_auto.with_user(self.user_salesman)
        buyer.user_id = self.user_salesman
        self.assertEqual(self.buyer_auto.user_id, self.user_salesman)
        self.assertFalse(self._history(self.buyer_auto))
        customer = (
            self.env["res.partner"]
            .with_user(self.user_salesman)
            .create(
                {
                    "name": "Harbin Turbines",
                    "is_company": True,
                    "user_id": self.user_salesman.id,
                }
            )
        )
        self.assertEqual(self._history(customer).user_id, self.user_salesman)
        # writing the salesperson it already has changes nothing
        customer.write({"user_id": self.user_salesman.id, "phone": "+86 451 0000"})
        self.assertEqual(len(self._history(customer)), 1)

    # ------------------------------------------------------------------
    # Deleting customers
    # ------------------------------------------------------------------

    def _profile(self, partner):
        return (
            self.env["crm.customer.profile"]
            .sudo()
            .create({"partner_id": partner.id, "company_id": self.company.id})
        )

    def test_customers_with_a_history_are_archived_not_deleted(self):
        """Changchun Axle Works had a salesperson, Nanjing Resin a class and
        Harbin Turbines a stage: none of them may go; Qingdao Pumps may."""
        admin = self.user_settings_admin
        self.customer_auto.user_id = self.user_salesman
        self.env["crm.customer.abc.history"].sudo().create(
            {
                "profile_id": self._profile(self.customer_chem).id,
                "partner_id": self.customer_chem.id,
                "company_id": self.company.id,
                "date": self.today,
                "class_to": "b",
                "origin": "computed",
            }
        )
        customer_turbines = self.env["res.partner"].create(
            {"name": "Harbin Turbines", "is_company": True}
        )
        self.env["crm.lifecycle.history"].sudo().create(
            {
                "profile_id": self._profile(customer_turbines).id,
                "partner_id": customer_turbines.id,
                "company_id": self.company.id,
                "date": self.today,
                "stage_to_id": self.env.ref("crm_industrial.lifecycle_stage_target").id,
                "origin": "computed",
            }
        )
        with self.assertRaisesRegex(UserError, "Changchun Axle Works. Archive them"):
            self.customer_auto.with_user(admin).unlink()
        for customer in (self.customer_chem, customer_turbines):
            with self.assertRaisesRegex(UserError, customer.name):
                customer.with_user(admin).unlink()
        customers = self.customer_auto | self.customer_chem | customer_turbines
        self.assertEqual(customers.exists(), customers)
        self.assertEqual(self._history(self.customer_auto).user_id, self.user_salesman)
        newcomer = self.env["res.partner"].create(
            {"name": "Qingdao Pumps", "is_company": True}
        )
        newcomer.with_user(admin).unlink()
        self.assertFalse(newcomer.exists())

    def test_one_row_and_a_set_of_rows_get_the_same_owner(self):
        """Periods that overlap (written by SQL: the ORM refuses to edit the
        history): Wang Fang from 1 January to 1 March, Li Na for no day on
        1 February, Wang Fang again from 10 February, and Li Na from 10
        February, created after it. On each day, the period opened last
        that holds it; of the two opened on 10 February, the one created
        last: Li Na's."""
        customer = self.env["res.partner"].create(
            {"name": "Harbin Turbines", "is_company": True}
        )
        salesman, manager = self.user_salesman, self.user_sales_manager
        periods = [
            (manager, "2026-01-01", "2026-03-01"),
            (salesman, "2026-02-01", "2026-02-01"),
            (manager, "2026-02-10", None),
            (salesman, "2026-02-10", None),
        ]
        self.env.flush_all()
        for user, date_from, date_to in periods:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO crm_customer_ownership (partner_id, user_id,"
                    " date_from, date_to, company_id) VALUES (%s, %s, %s, %s, %s)",
                    customer.id,
                    user.id,
                    date_from,
                    date_to,
                    customer.company_id.id or None,
                )
            )
        expected = {
            "2025-12-31": None,
            "2026-01-15": manager.id,
            "2026-02-01": manager.id,
            "2026-02-09": manager.id,
            "2026-02-10": salesman.id,
            "2026-03-01": salesman.id,
        }
        self.env.cr.execute(
            SQL(
                "SELECT day::text, %s FROM unnest(%s::date[]) AS day",
                self.Ownership._owner_on_sql(customer.id, SQL("day")),
                list(expected),
            )
        )
        self.assertEqual(dict(self.env.cr.fetchall()), expected)
        asked = SQL(
            "SELECT id, %s AS partner_id, day FROM unnest(%s::date[])"
            " WITH ORDINALITY AS asked(day, id)",
            customer.id,
            list(expected),
        )
        self.env.cr.execute(
            SQL(
                "SELECT day::text, owner_id FROM (%s) owned",
                self.Ownership._owners_on_sql(
                    asked, SQL("asked.partner_id"), SQL("asked.day")
                ),
            )
        )
        self.assertEqual(dict(self.env.cr.fetchall()), expected)
