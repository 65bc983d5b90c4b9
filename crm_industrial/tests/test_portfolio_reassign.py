# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import mail_new_test_user

from ..wizard.portfolio_reassign import spread_by_revenue
from .common import PORTAL, SALESMAN, CrmIndustrialCommon


class TestSpreadByRevenue(BaseCase):
    """The greedy rule alone: customers 1 to 4, salespeople 10 and 20."""

    def test_revenues_come_out_even(self):
        """Revenues 900, 500, 400, 300, highest first:

        900 -> 10 (both at 0: fewer customers tie, lower id)   10: 900 | 20: 0
        500 -> 20 (lowest total)                                10: 900 | 20: 500
        400 -> 20 (500 < 900)                                   10: 900 | 20: 900
        300 -> 10 (900 = 900, 10 has fewer customers)          10: 1200 | 20: 900
        """
        revenues = [(3, 400.0), (1, 900.0), (4, 300.0), (2, 500.0)]
        self.assertEqual(
            spread_by_revenue(revenues, [20, 10]), {1: 10, 2: 20, 3: 20, 4: 10}
        )

    def test_customers_without_revenue_are_dealt_in_turn(self):
        """Equal totals and counts go to the lower id, so zeros alternate."""
        revenues = [(5, 0.0), (6, 0.0), (7, 0.0)]
        self.assertEqual(spread_by_revenue(revenues, [10, 20]), {5: 10, 6: 20, 7: 10})

    def test_one_salesperson_takes_all(self):
        self.assertEqual(
            spread_by_revenue([(1, 50.0), (2, 10.0)], [30]), {1: 30, 2: 30}
        )


@tagged("post_install", "-at_install")
class TestPortfolioReassign(CrmIndustrialCommon):
    """Huang Tao leaves; his four customers go to Chen Jing and Liu Yang.

    Revenue of the last 12 months and ABC class in the current company:
    - Dalian Gears (automotive):   900, class A
    - Ningbo Molds (automotive):   500, class B
    - Suzhou Valves (chemicals):   400, class C
    - Tianjin Wires (no industry): 300, class C
    Dalian Gears also has: buyer Sun Li, an open opportunity (with a to-do),
    a won one, a lost one, Li Na's own opportunity, a draft quotation, a
    confirmed order, a to-do on the customer, and Li Na's call on the customer.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_leaving = cls._new_user("ind_leaving", "Huang Tao", SALESMAN)
        cls.user_chen = cls._new_user("ind_chen", "Chen Jing", SALESMAN)
        cls.user_liu = cls._new_user("ind_liu", "Liu Yang", SALESMAN)
        industry = cls.env["res.partner.industry"]
        cls.automotive = industry.create({"name": "Automotive parts"})
        cls.chemicals = industry.create({"name": "Chemicals"})
        cls.gears = cls._customer("Dalian Gears", 900.0, "a", cls.automotive)
        cls.molds = cls._customer("Ningbo Molds", 500.0, "b", cls.automotive)
        cls.valves = cls._customer("Suzhou Valves", 400.0, "c", cls.chemicals)
        cls.wires = cls._customer("Tianjin Wires", 300.0, "c")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Sun Li", "parent_id": cls.gears.id}
        )

        lead = cls.env["crm.lead"]
        cls.lead_open = lead.create(
            {
                "name": "Gearbox housings 2027",
                "type": "opportunity",
                "partner_id": cls.buyer.id,
                "user_id": cls.user_leaving.id,
            }
        )
        cls.lead_won = cls.lead_open.copy({"name": "Gearbox housings 2026"})
        cls.lead_won.action_set_won()
        cls.lead_lost = cls.lead_open.copy({"name": "Cast shafts"})
        cls.lead_lost.action_set_lost()
        cls.lead_other = cls.lead_open.copy(
            {"name": "Spare gears", "user_id": cls.user_salesman.id}
        )

        product = cls.env["product.product"].create(
            {"name": "Helical gear", "list_price": 100.0}
        )
        order = cls.env["sale.order"]
        order_values = {
            "partner_id": cls.gears.id,
            "user_id": cls.user_leaving.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 5})
            ],
        }
        cls.quotation = order.create(order_values)
        cls.order_confirmed = order.create(order_values)
        cls.order_confirmed.action_confirm()

        cls.todo_lead = cls.lead_open.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.user_leaving.id
        )
        cls.todo_customer = cls.gears.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.user_leaving.id
        )
        cls.call_other = cls.gears.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.user_salesman.id
        )
        cls.Wizard = cls.env["crm.portfolio.reassign"].with_user(cls.user_sales_manager)

    @classmethod
    def _customer(cls, name, revenue, abc_class, industry=None):
        customer = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": cls.user_leaving.id,
                "industry_id": industry.id if industry else False,
            }
        )
        cls.env["crm.customer.profile"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "revenue_12m": revenue,
                "abc_class": abc_class,
            }
        )
        return customer

    def _reassign(self, **values):
        wizard = self.Wizard.create({"source_user_id": self.user_leaving.id, **values})
        return wizard.action_apply()

    def _reassign_note(self, customer):
        return customer.message_ids.filtered(
            lambda message: "Portfolio reassigned" in (message.body or "")
        )

    # ------------------------------------------------------------------
    # Moves
    # ------------------------------------------------------------------

    def test_all_to_one_moves_open_work_only(self):
        self._reassign(mode="one", target_user_id=self.user_chen.id)
        customers = self.gears | self.molds | self.valves | self.wires
        self.assertEqual(customers.user_id, self.user_chen)
        self.assertEqual(self.buyer.user_id, self.user_chen)
        self.assertEqual(self.lead_open.user_id, self.user_chen)
        self.assertEqual(self.quotation.user_id, self.user_chen)
        self.assertEqual((self.todo_lead | self.todo_customer).user_id, self.user_chen)
        # closed deals, confirmed orders and other people's work stay
        self.assertEqual(self.lead_won.user_id, self.user_leaving)
        self.assertEqual(
            self.lead_lost.with_context(active_test=False).user_id, self.user_leaving
        )
        self.assertEqual(self.lead_other.user_id, self.user_salesman)
        self.assertEqual(self.order_confirmed.user_id, self.user_leaving)
        self.assertEqual(self.call_other.user_id, self.user_salesman)

    def test_contacts_with_a_login_and_follow_ups_move_too(self):
        """Ningbo Molds' buyer has a portal login, and answered a survey as
        a detractor, followed up by Huang Tao: the reassignment by a sales
        manager moves both (a manager may not write users; the contact's
        salesperson follows its customer all the same)."""
        buyer = self.env["res.partner"].create(
            {
                "name": "Zhou Jie",
                "parent_id": self.molds.id,
                "email": "zhou.jie@molds.example.com",
                "user_id": self.user_leaving.id,
            }
        )
        self.env["res.users"].create(
            {
                "name": "Zhou Jie",
                "login": "zhou.jie@molds.example.com",
                "partner_id": buyer.id,
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": self.env.ref("crm_industrial.survey_relationship").id,
                "partner_id": buyer.id,
                "crm_partner_id": self.molds.id,
            }
        )
        follow_up = answer.activity_schedule(
            "crm_industrial.mail_activity_type_satisfaction_followup",
            user_id=self.user_leaving.id,
        )
        self._reassign(mode="one", target_user_id=self.user_liu.id)
        self.assertEqual(buyer.user_id, self.user_liu)
        self.assertEqual(follow_up.user_id, self.user_liu)

    def test_move_is_logged_on_each_customer(self):
        self._reassign(mode="one", target_user_id=self.user_chen.id)
        note = self._reassign_note(self.gears)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn(
            "Portfolio reassigned from Huang Tao to Chen Jing, with 1 open "
            "opportunities, 1 open quotations and 2 open activities.",
            note.body,
        )
        self.assertEqual(note.author_id, self.user_sales_manager.partner_id)
        self.assertIn("with 0 open opportunities", self._reassign_note(self.wires).body)

    def test_move_is_kept_in_ownership_history(self):
        self._reassign(mode="one", target_user_id=self.user_chen.id)
        today = fields.Date.context_today(self.gears)
        history = self.gears.ownership_ids.sorted("id")
        self.assertEqual(history.user_id, self.user_leaving | self.user_chen)
        self.assertEqual(history.mapped("date_to"), [today, False])
        self.assertEqual(history[1].date_from, today)

    def test_spread_evenly_by_revenue(self):
        """Chen Jing was created first, so she has the lower id:

        Dalian 900 -> Chen; Ningbo 500 -> Liu; Suzhou 400 -> Liu (500 < 900);
        Tianjin 300 -> Chen (900 = 900, Chen has fewer customers).
        Chen: 900 + 300 = 1 200, Liu: 500 + 400 = 900.
        """
        self.assertLess(self.user_chen.id, self.user_liu.id)
        self._reassign(
            mode="spread",
            target_user_ids=[(6, 0, (self.user_chen | self.user_liu).ids)],
        )
        self.assertEqual((self.gears | self.wires).user_id, self.user_chen)
        self.assertEqual((self.molds | self.valves).user_id, self.user_liu)
        # the deals follow their customer
        self.assertEqual(self.lead_open.user_id, self.user_chen)
        self.assertIn("to Liu Yang", self._reassign_note(self.molds).body)

    def test_filters_by_class_and_industry(self):
        wizard = self.Wizard.create(
            {"source_user_id": self.user_leaving.id, "abc_class": "c"}
        )
        self.assertEqual(wizard.partner_ids, self.valves | self.wires)
        wizard.industry_ids = self.chemicals
        self.assertEqual(wizard.partner_ids, self.valves)
        wizard.abc_class = False
        wizard.industry_ids = self.automotive
        self.assertEqual(wizard.partner_ids, self.gears | self.molds)
        wizard.write({"mode": "one", "target_user_id": self.user_liu.id})
        wizard.action_apply()
        self.assertEqual((self.gears | self.molds).user_id, self.user_liu)
        self.assertEqual((self.valves | self.wires).user_id, self.user_leaving)

    # ------------------------------------------------------------------
    # Bad input and access
    # ------------------------------------------------------------------

    def test_nothing_to_move(self):
        with self.assertRaisesRegex(UserError, "Nothing to move"):
            self._reassign(
                abc_class="a",
                industry_ids=[(6, 0, self.chemicals.ids)],
                target_user_id=self.user_chen.id,
            )

    def test_no_target_or_same_salesperson(self):
        with self.assertRaisesRegex(UserError, "Choose the salespeople"):
            self._reassign(mode="spread")
        with self.assertRaisesRegex(UserError, "other salespeople than Huang Tao"):
            self._reassign(
                mode="spread",
                target_user_ids=[(6, 0, (self.user_chen | self.user_leaving).ids)],
            )
        self.user_liu.action_archive()
        with self.assertRaisesRegex(UserError, "Archived salespeople"):
            self._reassign(target_user_id=self.user_liu.id)
        self.assertEqual(self.gears.user_id, self.user_leaving)

    def _outsiders(self):
        """Gao Ming, a customer's portal user, and Ma Lin of the Harbin branch."""
        portal = self._new_user("ind_portal", "Gao Ming", PORTAL)
        branch = self.env["res.company"].create({"name": "Harbin Branch"})
        other_company = self._new_user("ind_branch", "Ma Lin", SALESMAN, company=branch)
        return portal, other_company

    def test_a_portal_user_takes_no_customers(self):
        portal, _other_company = self._outsiders()
        with self.assertRaisesRegex(
            UserError, "Portal and public users cannot take customers: Gao Ming"
        ):
            self._reassign(target_user_id=portal.id)
        self.assertEqual(self.gears.user_id, self.user_leaving)

    def test_a_user_of_another_company_takes_no_customers(self):
        _portal, other_company = self._outsiders()
        with self.assertRaisesRegex(
            UserError, "have no access to .* take its customers: Ma Lin"
        ):
            self._reassign(
                mode="spread",
                target_user_ids=[Command.set((self.user_chen | other_company).ids)],
            )
        self.assertEqual(self.gears.user_id, self.user_leaving)
        self.assertFalse(self._reassign_note(self.gears))

    def test_only_internal_users_of_the_company_are_offered(self):
        portal, other_company = self._outsiders()
        fields_info = self.Wizard.fields_get(
            ["source_user_id", "target_user_id", "target_user_ids"], ["domain"]
        )
        for field_name, field_info in fields_info.items():
            domain = field_info["domain"]
            if isinstance(domain, str):  # evaluated by the web client
                domain = safe_eval(domain, {"allowed_company_ids": self.company.ids})
            offered = (
                self.env["res.users"]
                .with_user(self.user_sales_manager)
                .with_context(active_test=False)
                .search(domain)
            )
            self.assertIn(self.user_chen, offered, field_name)
            self.assertNotIn(portal, offered, field_name)
            self.assertNotIn(other_company, offered, field_name)

    def test_only_sales_managers_reassign(self):
        wizard = self.env["crm.portfolio.reassign"].create(
            {
                "source_user_id": self.user_leaving.id,
                "target_user_id": self.user_chen.id,
            }
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_salesman).action_apply()
        with self.assertRaises(AccessError):
            self.env["crm.portfolio.reassign"].with_user(self.user_salesman).create(
                {"source_user_id": self.user_leaving.id}
            )
        self.assertEqual(self.gears.user_id, self.user_leaving)

    def test_all_or_nothing(self):
        """A failure while moving leaves every customer where it was."""
        wizard = self.Wizard.create(
            {
                "source_user_id": self.user_leaving.id,
                "target_user_id": self.user_chen.id,
            }
        )
        self.env["ir.rule"].create(
            {
                "name": "No quotation of Dalian Gears may move",
                "model_id": self.env.ref("sale.model_sale_order").id,
                "domain_force": f"[('partner_id', '!=', {self.gears.id})]",
                "perm_read": False,
                "perm_create": False,
                "perm_unlink": False,
            }
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(self.gears.user_id, self.user_leaving)
        self.assertEqual(self.lead_open.user_id, self.user_leaving)

    # ------------------------------------------------------------------
    # Archiving a salesperson
    # ------------------------------------------------------------------

    def test_archiving_a_salesperson_offers_the_reassignment(self):
        admin = self.user_settings_admin
        action = self.user_leaving.with_user(admin).action_archive()
        self.assertTrue(self.user_leaving.active)
        self.assertEqual(action["res_model"], "crm.portfolio.reassign")
        self.assertEqual(action["name"], "Huang Tao still owns 4 customers")
        wizard = self.env["crm.portfolio.reassign"].browse(action["res_id"])
        self.assertTrue(wizard.archive_source_user)
        self.assertEqual(
            wizard.partner_ids, self.gears | self.molds | self.valves | self.wires
        )
        wizard.with_user(admin).write({"target_user_id": self.user_chen.id})
        wizard.with_user(admin).action_apply()
        self.assertFalse(self.user_leaving.active)
        self.assertEqual(self.gears.user_id, self.user_chen)
        self.assertEqual(self.todo_customer.user_id, self.user_chen)

    def test_archiving_without_customers_or_in_code(self):
        admin = self.user_settings_admin
        self.assertFalse(self.user_liu.with_user(admin).action_archive())
        self.assertFalse(self.user_liu.active)
        # only sales managers see the customers; others are told to ask one
        user_admin = mail_new_test_user(
            self.env, login="ind_user_admin", groups="base.group_erp_manager"
        )
        with self.assertRaisesRegex(UserError, "Huang Tao"):
            self.user_leaving.with_user(user_admin).action_archive()
        self.user_leaving.write({"active": False})
        self.assertFalse(self.user_leaving.active)
        report = self.env.ref("crm_industrial.action_customers_of_inactive_salespeople")
        domain = ast.literal_eval(report.domain)
        self.assertEqual(
            self.env["res.partner"].search(domain),
            self.gears | self.molds | self.valves | self.wires,
        )
