# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import PORTAL, SALES_MANAGER, CrmIndustrialCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestLifecycle(CrmIndustrialCommon):
    """Stages on 2026-06-30 with the default settings.

    Exploration 6 months (first order after 2025-12-30), maturity after
    36 months (first order on or before 2023-06-30), growth above +15 %,
    decline below -15 %, dormancy floor 90 days. Trend: revenue after
    2025-06-30 against revenue from 2024-07-01 to 2025-06-30.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Gear pump", "list_price": 100.0, "standard_price": 70.0}
        )
        customer = cls.env["res.partner"].create
        post = cls._post_customer_document
        # first invoice 2026-03-01, last 2026-06-01 (29 days ago)
        cls.explorer = customer({"name": "New Robotics", "is_company": True})
        post(cls.explorer, "out_invoice", 800.0, date(2026, 3, 1))
        post(cls.explorer, "out_invoice", 900.0, date(2026, 6, 1))
        # 1 000 before, 1 500 now: +50 %
        cls.grower = customer({"name": "Rising Cranes", "is_company": True})
        post(cls.grower, "out_invoice", 1000.0, date(2025, 3, 1))
        post(cls.grower, "out_invoice", 1500.0, date(2026, 5, 15))
        # 2 000 before, 1 000 now: -50 %
        cls.decliner = customer({"name": "Fading Motors", "is_company": True})
        post(cls.decliner, "out_invoice", 2000.0, date(2025, 1, 10))
        post(cls.decliner, "out_invoice", 1000.0, date(2026, 6, 10))
        # customer since 2023-01-15, 1 000 before, 1 050 now: +5 %
        cls.mature = customer({"name": "Steady Castings", "is_company": True})
        post(cls.mature, "out_invoice", 700.0, date(2023, 1, 15))
        post(cls.mature, "out_invoice", 1000.0, date(2024, 12, 1))
        post(cls.mature, "out_invoice", 1050.0, date(2026, 6, 15))
        # customer since 2024-09-01, 1 000 before and now: 0 %
        cls.forming = customer({"name": "Middle Valves", "is_company": True})
        post(cls.forming, "out_invoice", 1000.0, date(2024, 9, 1))
        post(cls.forming, "out_invoice", 1000.0, date(2026, 6, 20))
        # orders every 100, 120, 200 days: 90th percentile 120 + 0.8 x 80 = 184
        cls.slow_dormant = customer({"name": "Sleepy Forge", "is_company": True})
        cls._order(cls.slow_dormant, "2024-01-01", "2024-04-10", "2024-08-08")
        cls._order(cls.slow_dormant, "2025-02-24")  # 491 days ago > 184
        cls.slow_active = customer({"name": "Patient Shipyard", "is_company": True})
        cls._order(cls.slow_active, "2024-11-26", "2025-03-06", "2025-07-04")
        cls._order(cls.slow_active, "2026-01-20")  # 161 days ago < 184
        # two orders only: the median of its class ("No sales": 184, 184)
        cls.few_orders = customer({"name": "Rare Turbines", "is_company": True})
        cls._order(cls.few_orders, "2025-10-01", "2026-01-15")  # 166 days ago
        # prospects
        cls.target = customer({"name": "Target Pumps", "is_company": True})
        cls.potential = customer({"name": "Potential Presses", "is_company": True})
        cls.opportunity = customer({"name": "Ready Rollers", "is_company": True})
        lead = cls.env["crm.lead"].create
        lead({"name": "Trade fair card", "type": "lead", "partner_id": cls.target.id})
        lead(
            {
                "name": "Press line retrofit",
                "type": "opportunity",
                "partner_id": cls.potential.id,
                "probability": 30.0,
            }
        )
        lead(
            {
                "name": "Roller bearings framework",
                "type": "opportunity",
                "partner_id": cls.opportunity.id,
                "probability": 70.0,
            }
        )
        # the leads came in during the spring, before TODAY
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = '2026-04-15' WHERE partner_id IN %s",
            [(cls.target.id, cls.potential.id, cls.opportunity.id)],
        )
        cls.Profile = cls.env["crm.customer.profile"]
        cls.stage = {
            code: cls.env.ref(f"crm_industrial.lifecycle_stage_{code}")
            for code in (
                "target",
                "potential",
                "opportunity",
                "exploration",
                "formation",
                "growth",
                "maturity",
                "decline",
                "dormant",
                "recovered",
            )
        }

    @classmethod
    def _order(cls, partner, *order_dates):
        for order_date in order_dates:
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
            order.action_confirm()
            order.date_order = order_date

    def _profile(self, partner):
        return self.Profile.search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )

    def _stage(self, partner):
        return self._profile(partner).lifecycle_stage_id

    def _recompute(self, today=TODAY):
        result = self.Profile._recompute(self.company, today=today)
        self.assertFalse(result.failures)
        return result.written

    def test_stages_inferred_from_data(self):
        self._recompute()
        expected = {
            self.explorer: "exploration",
            self.grower: "growth",
            self.decliner: "decline",
            self.mature: "maturity",
            self.forming: "formation",
            self.slow_dormant: "dormant",
            self.slow_active: "formation",
            self.few_orders: "formation",
            self.target: "target",
            self.potential: "potential",
            self.opportunity: "opportunity",
        }
        for partner, code in expected.items():
            with self.subTest(customer=partner.name):
                self.assertEqual(self._stage(partner), self.stage[code])

    def test_dormancy_threshold_follows_the_customer_rhythm(self):
        self._recompute()
        self.assertEqual(self._profile(self.slow_active).dormancy_threshold_days, 184)
        self.assertEqual(self._profile(self.few_orders).dormancy_threshold_days, 184)
        # no orders: no rhythm of its own nor of its class: the floor
        self.assertEqual(self._profile(self.explorer).dormancy_threshold_days, 90)

    def test_a_class_median_moving_rewrites_no_customer_of_the_class(self):
        """Two customers with orders every 400 days, the last 380 days ago
        (none in the 12 months: no share of anyone's revenue or margin
        moves), join the class "No sales": its median gap moves from 184 (of
        184, 184) to 292 (of 184, 184, 400, 400), kept on the company. The
        customer with two orders takes it when read; its own row is not
        written again: the run writes the two new profiles only."""
        self._recompute()
        self.assertEqual(self.company.dormancy_class_gap_days, {"none": 184.0})
        for name in ("Slow Boilers", "Slow Kilns"):
            slow = self.env["res.partner"].create({"name": name, "is_company": True})
            self._order(slow, "2023-04-07", "2024-05-11", "2025-06-15")
        self.assertEqual(self._recompute(), 2)
        self.assertEqual(self.company.dormancy_class_gap_days, {"none": 292.0})
        self.assertEqual(self._profile(self.few_orders).dormancy_threshold_days, 292)
        self.assertEqual(self._profile(self.slow_active).dormancy_threshold_days, 184)

    def test_dormancy_floor(self):
        """A single invoice 100 days ago: dormant under a 90-day floor only."""
        lonely = self.env["res.partner"].create(
            {"name": "Lonely Mills", "is_company": True}
        )
        self._post_customer_document(lonely, "out_invoice", 500.0, date(2026, 3, 22))
        self._recompute()
        self.assertEqual(self._stage(lonely), self.stage["dormant"])
        self.company.lifecycle_dormancy_floor_days = 120
        self._recompute()
        # backwards: out of dormancy, and in its first six months
        self.assertEqual(self._stage(lonely), self.stage["recovered"])

    def test_recovery_after_dormancy_and_history(self):
        self._recompute()
        profile = self._profile(self.slow_dormant)
        self.assertEqual(profile.lifecycle_stage_id, self.stage["dormant"])
        self._order(self.slow_dormant, "2026-06-25")
        self._recompute()
        self.assertEqual(profile.lifecycle_stage_id, self.stage["recovered"])
        self.assertEqual(profile.lifecycle_stage_since, TODAY)
        # still recovered a month later: within the exploration period
        self._recompute(date(2026, 7, 30))
        self.assertEqual(profile.lifecycle_stage_id, self.stage["recovered"])
        history = profile.lifecycle_history_ids.sorted("id")
        self.assertEqual(
            [(h.stage_from_id.code, h.stage_to_id.code) for h in history],
            [(False, "dormant"), ("dormant", "recovered")],
        )

    def test_backward_move_to_decline(self):
        self._recompute()
        # a credit note of 1 200 takes Rising Cranes from 1 500 to 300: -70 %
        self._post_customer_document(
            self.grower, "out_refund", 1200.0, date(2026, 6, 1)
        )
        self._recompute()
        self.assertEqual(self._stage(self.grower), self.stage["decline"])
        last = self._profile(self.grower).lifecycle_history_ids.sorted("id")[-1]
        self.assertEqual(
            (last.stage_from_id, last.stage_to_id),
            (self.stage["growth"], self.stage["decline"]),
        )

    def test_second_run_writes_nothing(self):
        self._recompute()
        histories = self.env["crm.lifecycle.history"].search_count([])
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(self.env["crm.lifecycle.history"].search_count([]), histories)

    def test_pin_and_unpin(self):
        self._recompute()
        profile = self._profile(self.decliner)
        wizard = Form(
            self.env["crm.customer.lifecycle.pin"]
            .with_user(self.user_sales_manager)
            .with_context(default_profile_ids=profile.ids)
        )
        wizard.stage_id = self.stage["maturity"]
        wizard.reason = "Plant refit for six months, orders resume in autumn"
        wizard.save().action_apply()
        self.assertEqual(profile.lifecycle_stage_id, self.stage["maturity"])
        self.assertEqual(profile.lifecycle_stage_computed_id, self.stage["decline"])
        self._recompute()
        self.assertEqual(profile.lifecycle_stage_id, self.stage["maturity"])
        last = profile.lifecycle_history_ids.sorted("id")[-1]
        self.assertEqual(last.origin, "manual")
        self.assertEqual(last.user_id, self.user_sales_manager)
        profile.with_user(self.user_sales_manager).action_unpin_lifecycle_stage()
        self.assertEqual(profile.lifecycle_stage_id, self.stage["decline"])

    def test_pin_needs_a_manager_and_a_reason(self):
        self._recompute()
        profile = self._profile(self.decliner)
        with self.assertRaises(AccessError):
            self.env["crm.customer.lifecycle.pin"].with_user(self.user_salesman).create(
                {
                    "profile_ids": profile.ids,
                    "stage_id": self.stage["maturity"].id,
                    "reason": "x",
                }
            )
        wizard = (
            self.env["crm.customer.lifecycle.pin"]
            .with_user(self.user_sales_manager)
            .create(
                {
                    "profile_ids": profile.ids,
                    "stage_id": self.stage["maturity"].id,
                    "reason": " ",
                }
            )
        )
        with self.assertRaises(ValidationError):
            wizard.action_apply()
        self.assertEqual(profile.lifecycle_stage_id, self.stage["decline"])

    def test_invalid_lifecycle_settings(self):
        for values in (
            {"lifecycle_dormancy_floor_days": -1},
            {"lifecycle_decline_pct": -5.0},
            {"lifecycle_opportunity_probability": 120.0},
            {"lifecycle_exploration_months": 0},
            {"lifecycle_exploration_months": 121, "lifecycle_maturity_months": 240},
            # maturity 5 months, before the 6-month exploration is over
            {"lifecycle_maturity_months": 5},
            {"lifecycle_maturity_months": 241},
            {"lifecycle_growth_pct": -1.0},
            {"lifecycle_growth_pct": 1000.5},
            # revenue cannot drop by more than 100 %
            {"lifecycle_decline_pct": 100.5},
            {"lifecycle_dormancy_floor_days": 0},
            {"lifecycle_dormancy_floor_days": 3651},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
        self.assertEqual(
            (
                self.company.lifecycle_exploration_months,
                self.company.lifecycle_maturity_months,
                self.company.lifecycle_growth_pct,
                self.company.lifecycle_decline_pct,
                self.company.lifecycle_dormancy_floor_days,
            ),
            (6, 36, 15.0, 15.0, 90),
        )

    def test_lifecycle_settings_bounds_are_accepted(self):
        for values in (
            # maturity may equal the exploration period
            {"lifecycle_exploration_months": 1, "lifecycle_maturity_months": 1},
            {"lifecycle_exploration_months": 120, "lifecycle_maturity_months": 120},
            {"lifecycle_maturity_months": 240},
            {"lifecycle_growth_pct": 0.0, "lifecycle_decline_pct": 0.0},
            {"lifecycle_growth_pct": 1000.0, "lifecycle_decline_pct": 100.0},
            {"lifecycle_dormancy_floor_days": 1},
            {"lifecycle_dormancy_floor_days": 3650},
        ):
            with self.subTest(values=values):
                self.company.write(values)
                self.assertRecordValues(self.company, [values])

    def test_lifecycle_limits_are_named(self):
        for values, limit in (
            ({"lifecycle_exploration_months": 121}, "120 months"),
            ({"lifecycle_maturity_months": 5}, "6 months"),
            ({"lifecycle_maturity_months": 241}, "240 months"),
            ({"lifecycle_growth_pct": 1001.0}, "1000 %"),
            ({"lifecycle_decline_pct": 101.0}, "100 %"),
            ({"lifecycle_dormancy_floor_days": 3651}, "3650 days"),
        ):
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as error:
                    self.company.write(values)
                self.assertIn(self.company.name, str(error.exception))
                self.assertIn(limit, str(error.exception))

    def test_settings_form_refuses_maturity_before_exploration(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_settings_admin)
        )
        settings.lifecycle_exploration_months = 12
        settings.lifecycle_maturity_months = 9
        with self.assertRaises(ValidationError):
            settings.save().execute()
        self.assertEqual(self.company.lifecycle_maturity_months, 36)

    def test_invalid_retention_settings(self):
        portal_user = self._new_user("ind_portal", "Sun Li", PORTAL)
        former_manager = self._new_user("ind_former_manager", "Qian Hao", SALES_MANAGER)
        former_manager.active = False
        other = self.env["res.company"].create({"name": "Wuxi Gearboxes Ltd."})
        other_manager = self._new_user(
            "ind_wuxi_manager", "Zhu Lei", SALES_MANAGER, company=other
        )
        for values in (
            {"retention_trend_threshold_pct": -1.0},
            # revenue cannot drop by more than 100 %
            {"retention_trend_threshold_pct": 100.5},
            {"retention_cooldown_days": -1},
            {"retention_cooldown_days": 3651},
            {"retention_fallback_user_id": portal_user.id},
            {"retention_fallback_user_id": former_manager.id},
            {"retention_fallback_user_id": other_manager.id},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
        self.assertEqual(
            (
                self.company.retention_trend_threshold_pct,
                self.company.retention_cooldown_days,
                self.company.retention_fallback_user_id,
            ),
            (20.0, 90, self.env["res.users"]),
        )

    def test_retention_settings_bounds_are_accepted(self):
        for values in (
            {"retention_trend_threshold_pct": 0.0, "retention_cooldown_days": 0},
            {"retention_trend_threshold_pct": 100.0, "retention_cooldown_days": 3650},
            {"retention_fallback_user_id": self.user_sales_manager.id},
            {"retention_fallback_user_id": False},
        ):
            with self.subTest(values=values):
                self.company.write(values)
                self.assertRecordValues(self.company, [values])

    def test_retention_limits_are_named(self):
        portal_user = self._new_user("ind_portal", "Sun Li", PORTAL)
        for values, limit in (
            ({"retention_trend_threshold_pct": 101.0}, "100 %"),
            ({"retention_cooldown_days": 3651}, "3650 days"),
            ({"retention_fallback_user_id": portal_user.id}, "Sun Li"),
        ):
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as error:
                    self.company.write(values)
                self.assertIn(self.company.name, str(error.exception))
                self.assertIn(limit, str(error.exception))

    def test_a_run_dated_in_the_past_ignores_later_documents(self):
        """On 2025-04-30 Rising Cranes had only its 2025-03-01 invoice.

        First invoice two months before (60 days, within the 90-day floor):
        exploration; revenue of the last 12 months 1 000, not the 2 500
        invoiced by 2026. The leads, created in 2026, are not there yet.
        """
        self._recompute(date(2025, 4, 30))
        profile = self._profile(self.grower)
        self.assertEqual(profile.revenue_12m, 1000.0)
        self.assertEqual(profile.lifecycle_stage_id, self.stage["exploration"])
        self.assertEqual(profile.last_invoice_date, date(2025, 3, 1))
        self.assertFalse(self._profile(self.target))
