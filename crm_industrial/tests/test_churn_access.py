# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .churn_common import TODAY, ChurnCommon
from .common import ALL_LEADS, SALES_MANAGER, SALESMAN


@tagged("post_install", "-at_install")
class TestChurnAccess(ChurnCommon):
    """Li Na owns every other customer of the synthetic history; Zhang Wei
    owns none of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_stranger = cls._new_user("churn_stranger", "Zhang Wei", SALESMAN)
        cls._train()
        cls.Churn = cls.env["crm.customer.churn"]

    def test_a_salesperson_owning_none_reads_nothing(self):
        Churn = self.Churn.with_user(self.user_stranger)
        self.assertFalse(Churn.search([]))
        [(count, total)] = Churn._read_group([], [], ["__count", "revenue_at_risk:sum"])
        self.assertEqual(count, 0)
        self.assertFalse(total)
        with self.assertRaises(AccessError):
            self.env["crm.churn.model"].with_user(self.user_stranger).search([])
        with self.assertRaises(AccessError):
            self.env["crm.churn.calibration"].with_user(self.user_stranger).search([])
        menus = self.env.ref("crm_industrial.menu_customer_intelligence").child_id
        actions = self._assert_menus_find_nothing(menus, self.user_stranger)
        self.assertIn(self.env.ref("crm_industrial.crm_customer_churn_action"), actions)

    def test_a_salesperson_reads_the_risk_of_their_own_customers(self):
        everyone = self.Churn.search([])
        own = self.Churn.with_user(self.user_salesman).search([])
        self.assertTrue(own)
        self.assertEqual(
            own.ids,
            everyone.filtered(
                lambda churn: churn.partner_id.user_id == self.user_salesman
            ).ids,
        )
        # the same, told on the profile, reasons included
        profile = (
            self.env["crm.customer.profile"]
            .with_user(self.user_salesman)
            .search([("partner_id", "=", own[0].partner_id.id)])
        )
        self.assertEqual(profile.churn_risk_pct, own[0].risk_pct)
        self.assertEqual(profile.churn_reason_text, own[0].reason_text)

    def test_all_leads_read_every_risk_not_the_models(self):
        reader = self._new_user("churn_all_leads", "Zhou Min", ALL_LEADS)
        self.assertEqual(
            self.Churn.with_user(reader).search([]).ids, self.Churn.search([]).ids
        )
        with self.assertRaises(AccessError):
            self.env["crm.churn.model"].with_user(reader).search([])

    def test_the_risk_follows_the_customer_when_it_is_reassigned(self):
        churn = self.Churn.with_user(self.user_salesman).search([], limit=1)
        manager = self._new_user("churn_reassigner", "Qian Yu", SALES_MANAGER)
        churn.partner_id.with_user(manager).user_id = self.user_stranger
        self.env.flush_all()
        self.assertNotIn(churn, self.Churn.with_user(self.user_salesman).search([]))
        self.assertEqual(self.Churn.with_user(self.user_stranger).search([]), churn)

    def test_only_sales_managers_train(self):
        with self.assertRaises(AccessError):
            self.env["crm.churn.model"].with_user(self.user_salesman).action_train()
        manager = self._new_user("churn_manager", "Sun Li", SALES_MANAGER)
        models = self.env["crm.churn.model"].with_user(manager)
        self.assertEqual(len(models.search([])), 1)
        with freeze_time(TODAY):
            models.action_train()
        self.assertEqual(len(models.search([])), 1)
        self.assertEqual(len(models.with_context(active_test=False).search([])), 2)


@tagged("post_install", "-at_install")
class TestChurnScoringQueries(ChurnCommon):
    """Scoring is one statement, whatever the number of customers."""

    def test_scoring_queries_do_not_grow_with_customers(self):
        """8 queries at 160 customers as at 1 160: the company's model
        searched and its coefficients and settings read, the statement
        between the settings that give it memory and turn JIT off and
        back."""
        self._train()
        scoring = self.env["crm.customer.churn"]
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            scoring._recompute_company(self.company, TODAY)
        # 1 000 more customers, each invoiced twice lately
        rng = random.Random(7)
        partners = self.env["res.partner"].create(
            [{"name": f"Queries Customer {n}", "is_company": True} for n in range(1000)]
        )
        self._insert_invoices(
            self.company,
            [
                (partner.id, TODAY.replace(month=month), rng.uniform(500, 900))
                for partner in partners
                for month in (4, 6)
            ],
        )
        self.env["crm.customer.profile"]._recompute(self.company, TODAY)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            written = scoring._recompute_company(self.company, TODAY)
        self.assertGreaterEqual(written, 0)
        self.assertGreaterEqual(
            scoring.search_count([("company_id", "=", self.company.id)]), 1000
        )
