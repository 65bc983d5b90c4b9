# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random

from odoo.exceptions import AccessError
from odoo.tests import freeze_time

from .churn_common import TODAY
from .common import ALL_LEADS, SALES_MANAGER, SALESMAN


class ChurnAccessTests:
    """Li Na owns every other customer of the synthetic history; Zhang Wei
    owns none of them. Run on the trained history of
    ``test_churn_trained``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_stranger = cls._new_user("churn_stranger", "Zhang Wei", SALESMAN)
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
        """A salesperson cannot train; a sales manager's *Train Now* trains
        a model that replaces the one before: the risks are the new one's."""
        with self.assertRaises(AccessError):
            self.env["crm.churn.model"].with_user(self.user_salesman).action_train()
        manager = self._new_user("churn_manager", "Sun Li", SALES_MANAGER)
        models = self.env["crm.churn.model"].with_user(manager)
        first = models.search([])
        self.assertEqual(len(first), 1)
        with freeze_time(TODAY):
            models.action_train()
        self.assertFalse(first.active)
        self.assertEqual(len(self._model()), 1)
        self.assertNotEqual(self._model(), first)
        self.assertEqual(len(models.with_context(active_test=False).search([])), 2)
        self.assertEqual(
            self.Churn.search([("company_id", "=", self.company.id)]).model_id,
            self._model(),
        )

    def test_scoring_queries_do_not_grow_with_customers(self):
        """Scoring is one statement, whatever the number of customers: 9
        queries at 160 customers as at 1 160: the company's model searched
        and read, the company's settings and its calendar's time zone (the
        day a delivery was done) read, its coefficients searched and read,
        the statement between the settings that give it memory and turn JIT
        off and back."""
        scoring = self.env["crm.customer.churn"]
        self.env.invalidate_all()
        with self.assertQueryCount(9):
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
        with self.assertQueryCount(9):
            written = scoring._recompute_company(self.company, TODAY)
        self.assertGreaterEqual(written, 0)
        self.assertGreaterEqual(
            scoring.search_count([("company_id", "=", self.company.id)]), 1000
        )
