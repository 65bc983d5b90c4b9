# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestCustomerProfile(CrmIndustrialCommon):
    """Five customers with sales in the last 12 months, two without.

    Revenue of the last 12 months (after 2025-06-30), company currency USD:
    - Precision Axles: 3 000 (2026-06-20) + 2 000 (2026-03-01)     = 5 000
    - Shenyang Pumps: 1 750 EUR at 2 USD per EUR (2026-05-31)      = 3 500
    - Hefei Resins: 1 000 (2025-09-30) - 200 credit (2025-10-15)   =   800
    - Wuxi Bearings: 350 (2026-06-10), paid 2026-06-30             =   350
    - Xiamen Cables: 350 (2025-12-31)                               =   350
    - Old Foundry: 2 000 on 2024-12-01 only                         =     0
    - Refunded Valves: 500 invoiced, 500 credited                   =     0
    Total 10 000. Ranked by revenue, ties by partner id (Wuxi before Xiamen).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.currency_id = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.env["res.currency.rate"].create(
            {"name": "2026-05-01", "rate": 0.5, "currency_id": cls.eur.id}
        )
        partner = cls.env["res.partner"]
        cls.axles = partner.create(
            {
                "name": "Precision Axles",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.pumps = partner.create(
            {
                "name": "Shenyang Pumps",
                "is_company": True,
                "user_id": cls.user_sales_manager.id,
            }
        )
        cls.resins = partner.create({"name": "Hefei Resins", "is_company": True})
        cls.bearings = partner.create({"name": "Wuxi Bearings", "is_company": True})
        cls.cables = partner.create({"name": "Xiamen Cables", "is_company": True})
        cls.foundry = partner.create({"name": "Old Foundry", "is_company": True})
        cls.valves = partner.create({"name": "Refunded Valves", "is_company": True})

        post = cls._post_customer_document
        cls.axles_open = post(cls.axles, "out_invoice", 3000.0, date(2026, 6, 20))
        post(cls.axles, "out_invoice", 2000.0, date(2026, 3, 1))
        post(cls.pumps, "out_invoice", 1750.0, date(2026, 5, 31), currency=cls.eur)
        post(cls.resins, "out_invoice", 1000.0, date(2025, 9, 30))
        post(cls.resins, "out_refund", 200.0, date(2025, 10, 15))
        bearings_invoice = post(cls.bearings, "out_invoice", 350.0, date(2026, 6, 10))
        post(cls.cables, "out_invoice", 350.0, date(2025, 12, 31))
        post(cls.foundry, "out_invoice", 2000.0, date(2024, 12, 1))
        post(cls.valves, "out_invoice", 500.0, date(2026, 1, 15))
        post(cls.valves, "out_refund", 500.0, date(2026, 2, 15))
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bearings_invoice.ids
        ).create({"payment_date": date(2026, 6, 30)})._create_payments()

        # two confirmed orders of Precision Axles: 2025-01-10 and 2026-03-10;
        # the recent one sells 10 x 100 at a cost of 60: margin 400, 40 %
        product = cls.env["product.product"].create(
            {"name": "Drive shaft", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.drive_shaft = product
        for order_date in (date(2025, 1, 10), date(2026, 3, 10)):
            cls._order_drive_shafts(cls.axles, order_date, 10)
        cls.Profile = cls.env["crm.customer.profile"]

    @classmethod
    def _order_drive_shafts(cls, partner, order_date, quantity):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.drive_shaft.id,
                            "product_uom_qty": quantity,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = order_date

    def _profile(self, partner, company=None):
        return self.Profile.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def _recompute(self, today=TODAY):
        result = self.Profile._recompute(self.company, today=today)
        self.assertFalse(result.failures)
        return result.written

    # ------------------------------------------------------------------
    # Value
    # ------------------------------------------------------------------

    def test_value_metrics(self):
        self._recompute()
        axles = self._profile(self.axles)
        self.assertEqual(axles.revenue_12m, 5000.0)
        self.assertEqual(axles.revenue_lifetime, 5000.0)
        self.assertEqual(axles.invoice_count, 2)
        self.assertEqual(axles.last_invoice_date, date(2026, 6, 20))
        # both invoices unpaid, due on their date: all overdue on 2026-06-30
        self.assertEqual(axles.receivable_open, 5000.0)
        self.assertEqual(axles.receivable_overdue, 5000.0)
        self.assertEqual(axles.order_count, 2)
        self.assertEqual(axles.first_order_date, date(2025, 1, 10))
        self.assertEqual(axles.last_order_date, date(2026, 3, 10))
        # 2025-01-10 to 2026-03-10: 365 + 31 + 28 days, one gap
        self.assertEqual(axles.order_gap_avg_days, 424.0)
        self.assertEqual(axles.margin_12m, 400.0)
        self.assertEqual(axles.margin_pct, 40.0)

    def test_refunds_other_currencies_and_trend(self):
        self._recompute()
        self.assertEqual(self._profile(self.pumps).revenue_12m, 3500.0)
        resins = self._profile(self.resins)
        self.assertEqual(resins.revenue_12m, 800.0)
        self.assertEqual(resins.invoice_count, 1, "a credit note is no invoice")
        foundry = self._profile(self.foundry)
        self.assertEqual(foundry.revenue_12m, 0.0)
        self.assertEqual(foundry.revenue_prev_12m, 2000.0)
        self.assertEqual(foundry.revenue_trend_pct, -100.0)
        self.assertEqual(self._profile(self.valves).revenue_12m, 0.0)

    def test_overdue_counts_only_the_instalments_due(self):
        """30 % now, the balance in 60 days: only the first instalment is late."""
        gears = self.env["res.partner"].create(
            {"name": "Taiyuan Gears", "is_company": True}
        )
        invoice = self._post_customer_document(
            gears, "out_invoice", 1000.0, date(2026, 6, 1)
        )
        invoice.button_draft()
        invoice.invoice_payment_term_id = self.env.ref(
            "account.account_payment_term_advance_60days"
        )
        invoice.action_post()
        self._recompute()
        gears_profile = self._profile(gears)
        # 300 due on 2026-06-01 is past due on 2026-06-30; 700 due on 2026-07-31
        self.assertEqual(gears_profile.receivable_open, 1000.0)
        self.assertEqual(gears_profile.receivable_overdue, 300.0)

    def test_average_days_to_pay(self):
        self._recompute()
        # invoiced 2026-06-10, paid 2026-06-30
        self.assertEqual(self._profile(self.bearings).payment_days_avg, 20.0)
        self.assertEqual(self._profile(self.bearings).receivable_open, 0.0)

    # ------------------------------------------------------------------
    # ABC
    # ------------------------------------------------------------------

    def _classes(self):
        partners = (
            self.axles,
            self.pumps,
            self.resins,
            self.bearings,
            self.cables,
            self.foundry,
            self.valves,
        )
        return [self._profile(partner).abc_class for partner in partners]

    def test_abc_cumulative_revenue(self):
        """Shares above: 0, 50, 85, 93, 96.5 %; A below 80 %, B below 95 %.

        Shenyang Pumps crosses 80 % (from 50 to 85) and is still A.
        """
        self._recompute()
        self.assertEqual(self._classes(), ["a", "a", "b", "b", "c", "none", "none"])
        self.assertEqual(self._profile(self.resins).abc_share_above, 85.0)
        self.assertEqual(self._profile(self.cables).abc_rank, 5)

    def test_abc_share_of_customers(self):
        """Five customers with sales: shares above 0, 20, 40, 60, 80 %.

        A is the top 15 %, B the next 20 % (below 35 %).
        """
        self.company.write(
            {"abc_method": "customer_share", "abc_a_share": 15.0, "abc_b_share": 20.0}
        )
        self._recompute()
        self.assertEqual(self._classes(), ["a", "b", "c", "c", "c", "none", "none"])

    def test_abc_on_margin(self):
        """Only Precision Axles has a margin in the look-back: it alone is ranked."""
        self.company.abc_value_basis = "margin"
        self._recompute()
        self.assertEqual(
            self._classes(), ["a", "none", "none", "none", "none", "none", "none"]
        )
        self.assertEqual(self._profile(self.axles).abc_value, 400.0)

    def test_pyramid_shares(self):
        self._recompute()
        groups = dict(
            (abc_class, (customers, revenue))
            for abc_class, customers, revenue in self.Profile._read_group(
                [("company_id", "=", self.company.id)],
                ["abc_class"],
                ["customer_share_pct:sum", "revenue_share_pct:sum"],
            )
        )
        # A: 2 of 5 customers with sales, 8 500 of 10 000
        self.assertAlmostEqual(groups["a"][0], 40.0, places=2)
        self.assertAlmostEqual(groups["a"][1], 85.0, places=2)
        self.assertAlmostEqual(groups["c"][1], 3.5, places=2)

    def test_pareto_curve(self):
        """Five customers with revenue, ranked: each is 20 % of them.

        Axles (5 000), Pumps (3 500), Resins (800), Bearings (350) and Cables
        (350) are the top 20, 40, 60, 80 and 100 %; cumulated, their shares of
        the 10 000 draw the curve 50, 85, 93, 96.5, 100.
        """
        self._recompute()
        steps = [
            self._profile(partner).pareto_customer_pct
            for partner in (
                self.axles,
                self.pumps,
                self.resins,
                self.bearings,
                self.cables,
                self.foundry,
            )
        ]
        self.assertEqual(steps, [20, 40, 60, 80, 100, 0])
        action = self.env.ref("crm_industrial.crm_customer_pareto_action")
        groups = self.Profile._read_group(
            literal_eval(action.domain),
            ["pareto_customer_pct"],
            ["revenue_share_pct:sum"],
        )
        curve, cumulated = [], 0.0
        for _step, share in groups:
            cumulated += share
            curve.append(round(cumulated, 1))
        self.assertEqual(curve, [50.0, 85.0, 93.0, 96.5, 100.0])

    def test_pyramid_shares_show_one_decimal(self):
        shares = ("customer_share_pct", "revenue_share_pct", "margin_share_pct")
        for name, description in self.Profile.fields_get(shares, ["digits"]).items():
            self.assertEqual(description["digits"], (16, 1), name)

    def test_revenue_and_margin_share_one_window(self):
        """The 12 months up to 2026-06-30 start the day after 2025-06-30.

        Boundary Bolts: invoiced 100 on 2025-06-30 and 10 on 2025-07-01; two
        orders of 1 drive shaft at 100 (cost 60, margin 40), on the same two
        days. Only what is dated 2025-07-01 is in the last 12 months.
        """
        bolts = self.env["res.partner"].create(
            {"name": "Boundary Bolts", "is_company": True}
        )
        post = self._post_customer_document
        post(bolts, "out_invoice", 100.0, date(2025, 6, 30))
        post(bolts, "out_invoice", 10.0, date(2025, 7, 1))
        for order_date in (date(2025, 6, 30), date(2025, 7, 1)):
            self._order_drive_shafts(bolts, order_date, 1)
        self._recompute()
        profile = self._profile(bolts)
        self.assertEqual(profile.revenue_12m, 10.0)
        self.assertEqual(profile.revenue_prev_12m, 100.0)
        self.assertEqual(profile.margin_12m, 40.0)

    def test_second_run_writes_nothing(self):
        self.assertGreater(self._recompute(), 0)
        history_count = self.env["crm.customer.abc.history"].search_count([])
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(
            self.env["crm.customer.abc.history"].search_count([]), history_count
        )

    def test_second_company_keeps_its_own_profile(self):
        other = self.env["res.company"].create(
            {"name": "Qingdao Branch", "currency_id": self.env.ref("base.USD").id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", other, install_demo=False
        )
        self.env.user.company_ids |= other
        self._post_customer_document(
            self.axles, "out_invoice", 7000.0, date(2026, 4, 1), company=other
        )
        self.Profile._recompute(self.company | other, today=TODAY)
        self.assertEqual(self._profile(self.axles).revenue_12m, 5000.0)
        self.assertEqual(self._profile(self.axles, other).revenue_12m, 7000.0)
        self.assertEqual(self._profile(self.axles, other).abc_class, "a")
        self.assertFalse(self._profile(self.pumps, other))

    # ------------------------------------------------------------------
    # Overrides and history
    # ------------------------------------------------------------------

    def test_override_is_kept_and_logged(self):
        self._recompute()
        cables = self._profile(self.cables)
        history = cables.abc_history_ids
        self.assertEqual(
            [(h.class_from, h.class_to, h.origin) for h in history],
            [("none", "c", "computed")],
        )
        wizard = Form(
            self.env["crm.customer.abc.override"]
            .with_user(self.user_sales_manager)
            .with_context(default_profile_ids=cables.ids)
        )
        wizard.abc_class = "a"
        wizard.reason = "New plant in Xiamen next year"
        wizard.save().action_apply()
        self.assertEqual(cables.abc_class, "a")
        self.assertEqual(cables.abc_class_computed, "c")
        latest = cables.abc_history_ids[0]
        self.assertEqual((latest.class_from, latest.class_to), ("c", "a"))
        self.assertEqual(latest.origin, "manual")
        self.assertEqual(latest.user_id, self.user_sales_manager)
        # the nightly recompute respects the override and logs nothing
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(cables.abc_class, "a")
        self.assertEqual(len(cables.abc_history_ids), 2)

    def test_override_ends_and_class_moves_back(self):
        self._recompute()
        cables = self._profile(self.cables)
        cables._set_abc_override("a", "Trial of the new cable range", date(2026, 6, 29))
        # the end date is before TODAY: the computed class applies again
        self._recompute()
        self.assertEqual(cables.abc_class, "c")
        self.assertEqual(
            [(h.class_from, h.class_to) for h in cables.abc_history_ids],
            [("none", "c")],
        )

    def test_override_needs_a_reason(self):
        self._recompute()
        cables = self._profile(self.cables)
        wizard = (
            self.env["crm.customer.abc.override"]
            .with_user(self.user_sales_manager)
            .create({"profile_ids": cables.ids, "abc_class": "a", "reason": "  "})
        )
        with self.assertRaises(ValidationError):
            wizard.action_apply()
        self.assertEqual(cables.abc_class, "c")

    # ------------------------------------------------------------------
    # RFM
    # ------------------------------------------------------------------

    def test_rfm_scores_and_segments(self):
        """Days since the last invoice: 10, 30, 273, 20, 181.

        Recency quintiles (fewer days, higher score): 5, 3, 1, 4, 2.
        Frequency (invoices in 12 months): 2, then four ties at 1: 5, 4, 4, 4, 4.
        Monetary: 5 000, 3 500, 800, 350, 350 (tie): 5, 4, 3, 2, 2.
        Segments on the recency and frequency grid: R5 F5 Champions; R3 F4 and
        R4 F4 Loyal Customers (R3-4 F4-5); R1 F4 and R2 F4 At Risk (R1-2 F3-4).
        """
        self._recompute()
        scores = [
            (
                profile.rfm_recency_score,
                profile.rfm_frequency_score,
                profile.rfm_monetary_score,
                profile.rfm_segment_id,
            )
            for profile in (
                self._profile(partner)
                for partner in (
                    self.axles,
                    self.pumps,
                    self.resins,
                    self.bearings,
                    self.cables,
                )
            )
        ]
        segment = self.env.ref
        self.assertEqual(
            scores,
            [
                (5, 5, 5, segment("crm_industrial.rfm_segment_champions")),
                (3, 4, 4, segment("crm_industrial.rfm_segment_loyal")),
                (1, 4, 3, segment("crm_industrial.rfm_segment_at_risk")),
                (4, 4, 2, segment("crm_industrial.rfm_segment_loyal")),
                (2, 4, 2, segment("crm_industrial.rfm_segment_at_risk")),
            ],
        )
        self.assertFalse(self._profile(self.foundry).rfm_segment_id)

    def test_segment_ranges_are_checked(self):
        # archived, so that only the ranges are wrong: no overlap with the defaults
        with self.assertRaisesRegex(ValidationError, "ranges within 1 to 5"):
            self.env["crm.rfm.segment"].create(
                {"name": "Bad", "active": False, "recency_min": 0}
            )
        with self.assertRaisesRegex(ValidationError, "ranges within 1 to 5"):
            self.env["crm.rfm.segment"].create(
                {"name": "Bad", "active": False, "monetary_min": 4, "monetary_max": 2}
            )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_salesperson_sees_own_customers_only(self):
        self._recompute()
        visible = self.Profile.with_user(self.user_salesman).search([])
        self.assertIn(self._profile(self.axles), visible)
        self.assertNotIn(self._profile(self.pumps), visible)
        # ranked among all the company's customers, the unseen ones included:
        # Precision Axles has the most revenue of the five (5 000)
        self.assertEqual(
            visible.filtered(lambda p: p.partner_id == self.axles).abc_rank, 1
        )
        # the partner form of a contact shows its company's profile
        contact = self.env["res.partner"].create(
            {"name": "Gao Yan", "parent_id": self.axles.id}
        )
        self.assertEqual(contact.with_user(self.user_salesman).customer_abc_class, "a")

    def test_salesperson_cannot_override_or_recompute(self):
        self._recompute()
        profile = self._profile(self.axles).with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            profile.action_recompute_all()
        with self.assertRaises(AccessError):
            self.env["crm.customer.abc.override"].with_user(self.user_salesman).create(
                {"profile_ids": profile.ids, "abc_class": "c", "reason": "test"}
            )
        with self.assertRaises(AccessError):
            profile.write({"abc_class_manual": "c"})

    def test_manager_recomputes_from_the_list(self):
        self.Profile.with_user(self.user_sales_manager).action_recompute_all()
        self.assertTrue(self._profile(self.axles))
