# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ALL_LEADS, SALESMAN
from .complaint_common import ComplaintCommon

TODAY = date(2026, 7, 31)
COMPLAINT_MODELS = ("crm.claim", "crm.complaint.score")


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCommon):
    """Three complaints, their figures recomputed on 2026-07-31.

    Changchun's, handled by Wang Fang: Li Na reads it, Changchun is hers.
    Nanjing's first, handled by Li Na: she reads it, it is assigned to her.
    Nanjing's second, handled by Wang Fang: Li Na does not read it.
    Liu Yang, a salesperson, owns none of these customers and handles none
    of these complaints; Sun Li, a salesperson who sees all leads, reads all.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._new_user("ind_outsider", "Liu Yang", SALESMAN)
        cls.user_all_leads = cls._new_user("ind_all_leads", "Sun Li", ALL_LEADS)
        received = datetime(2026, 7, 6, 9, 0)
        cls.auto_claim = cls._claim(
            cls.customer_auto, received, user_id=cls.user_sales_manager.id
        )
        cls.chem_claim_li_na = cls._claim(
            cls.customer_chem, received, user_id=cls.user_salesman.id
        )
        cls.chem_claim = cls._claim(
            cls.customer_chem, received, user_id=cls.user_sales_manager.id
        )
        cls.claims = cls.auto_claim | cls.chem_claim_li_na | cls.chem_claim
        cls.env["crm.complaint.score"]._recompute_company(cls.company, TODAY)
        cls.scores = cls.env["crm.complaint.score"].search([])

    def test_an_outsider_reads_nothing(self):
        for model in COMPLAINT_MODELS:
            with self.subTest(model=model):
                self.assertTrue(self.env[model].search([]))
                records = self.env[model].with_user(self.outsider)
                self.assertFalse(records.search([]))
                [(count,)] = records._read_group([], [], ["__count"])
                self.assertEqual(count, 0)
        customers = (self.customer_auto | self.customer_chem).with_user(self.outsider)
        self.assertEqual(customers.mapped("claim_count"), [0, 0])
        self.assertFalse(customers.crm_claim_ids)
        self.assertFalse(customers.complaint_score_ids)
        # crm_claim's own analysis is for sales managers
        with self.assertRaises(AccessError):
            self.env["crm.claim.report"].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["crm.claim.report"].with_user(self.user_salesman).search([])

    def test_a_contact_creator_outside_sales_reads_no_complaint(self):
        """crm_claim lets contact creators read claims: Zhou Bo, in accounts,
        creates contacts and handles none of these complaints."""
        accountant = self._new_user(
            "ind_contacts", "Zhou Bo", "base.group_user,base.group_partner_manager"
        )
        claims = self.env["crm.claim"].with_user(accountant)
        self.assertFalse(claims.search([]))
        self.assertEqual(claims._read_group([], [], ["__count"])[0][0], 0)
        self.chem_claim.user_id = accountant
        self.assertEqual(claims.search([]), self.chem_claim)

    def test_an_outsider_reads_nothing_through_the_menus(self):
        menus = (
            self.env.ref("crm_claim.menu_aftersale").child_id
            | self.env.ref("crm_industrial.menu_customer_intelligence").child_id
            | self.env.ref("crm.crm_menu_report").child_id
        )
        visible = menus.with_user(self.outsider)._filter_visible_menus()
        self.assertNotIn(self.env.ref("crm_claim.menu_report_crm_claim_tree"), visible)
        checked = set()
        for menu in visible:
            action = menu.sudo().action
            if (
                action._name != "ir.actions.act_window"
                or action.res_model not in COMPLAINT_MODELS
            ):
                continue
            with self.subTest(menu=menu.name):
                domain = literal_eval(action.domain or "[]")
                self.assertTrue(self.env[action.res_model].search(domain))
                records = self.env[action.res_model].with_user(self.outsider)
                self.assertFalse(records.search(domain))
                checked.add(menu)
        self.assertEqual(
            checked,
            {
                self.env.ref("crm_claim.menu_crm_case_claims"),
                self.env.ref("crm_industrial.menu_complaint_score"),
                self.env.ref("crm_industrial.menu_complaint_near_target"),
            },
        )

    def test_a_salesperson_reads_own_customers_and_own_complaints(self):
        as_li_na = self.env["crm.claim"].with_user(self.user_salesman)
        self.assertEqual(as_li_na.search([]), self.auto_claim | self.chem_claim_li_na)
        [(count,)] = as_li_na._read_group([], [], ["__count"])
        self.assertEqual(count, 2)
        scores = self.env["crm.complaint.score"].with_user(self.user_salesman)
        self.assertEqual(
            {(score.scope, score.display_name) for score in scores.search([])},
            {("customer", "Changchun Axle Works"), ("salesperson", "Li Na")},
        )
        self.assertEqual(
            self.customer_chem.with_user(self.user_salesman).claim_count, 1
        )

    def test_managers_and_all_leads_read_all(self):
        for user in (self.user_sales_manager, self.user_all_leads):
            with self.subTest(user=user.name):
                self.assertEqual(
                    self.env["crm.claim"].with_user(user).search([]), self.claims
                )
        self.assertEqual(
            self.env["crm.complaint.score"]
            .with_user(self.user_sales_manager)
            .search([]),
            self.scores,
        )
        self.assertTrue(
            self.env["crm.claim.report"].with_user(self.user_sales_manager).search([])
        )

    def test_a_salesperson_cannot_edit_another_s_complaint(self):
        for user in (self.user_salesman, self.outsider):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    self.chem_claim.with_user(user).write({"severity": "critical"})
                with self.assertRaises(AccessError):
                    self.chem_claim.with_user(user).action_mark_answered()
        self.assertEqual(self.chem_claim.severity, "medium")
        self.assertFalse(self.chem_claim.date_first_response)
        self.auto_claim.with_user(self.user_salesman).write({"severity": "high"})
        self.assertEqual(self.auto_claim.severity, "high")

    def test_access_follows_the_customer_when_it_is_reassigned(self):
        self.env["crm.portfolio.reassign"].with_user(self.user_sales_manager).create(
            {
                "source_user_id": self.user_salesman.id,
                "target_user_id": self.outsider.id,
            }
        ).action_apply()
        self.assertEqual(
            self.env["crm.claim"].with_user(self.outsider).search([]), self.auto_claim
        )
        self.assertEqual(
            self.env["crm.claim"].with_user(self.user_salesman).search([]),
            self.chem_claim_li_na,
        )
        # the complaint was received while Li Na owned Changchun
        self.assertEqual(self.auto_claim.salesperson_id, self.user_salesman)
        scores = self.env["crm.complaint.score"]
        self.assertEqual(
            scores.with_user(self.outsider).search([]).partner_id, self.customer_auto
        )
        self.assertEqual(
            scores.with_user(self.user_salesman).search([]).mapped("scope"),
            ["salesperson"],
        )
