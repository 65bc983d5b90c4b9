# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.common import SALESMAN
from odoo.addons.crm_industrial.tests.complaint_common import ComplaintCommon, utc_of

from .common import CrmKeyAccountCommon

TODAY = date(2026, 6, 30)
JUNE = date(2026, 6, 1)


class ServiceLevelCommon(CrmKeyAccountCommon, ComplaintCommon):
    """Changchun Axle Works, an active key account managed by Chen Jing, with
    Zhou Wei of logistics in its team; the plant works in Shanghai (times in
    the stories are Shanghai times), a delivery may be one day late and a key
    account's complaint must be answered within 8 working hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "key_account_delivery_tolerance_days": 1,
                "key_account_complaint_response_hours": 8,
            }
        )
        cls.logistics = cls._new_user("ka_logistics", "Zhou Wei", SALESMAN)
        cls.account = cls._activate(cls.customer_auto)
        cls.account.with_user(cls.user_key_account_manager).write(
            {
                "member_ids": [
                    Command.create(
                        {
                            "user_id": cls.logistics.id,
                            "role_id": cls.env.ref("crm_key_account.role_logistics").id,
                        }
                    )
                ]
            }
        )
        cls.Level = cls.env["crm.key.account.service.level"]
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Tapered roller bearing", "type": "consu", "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 1000
        )

    @classmethod
    def _activate(cls, customer):
        account = (
            cls.env["crm.key.account"]
            .with_user(cls.user_key_account_manager)
            .create(
                {
                    "partner_id": customer.id,
                    "manager_id": cls.user_key_account_manager.id,
                    "proposal_reason": "Our biggest axle customer",
                }
            )
        )
        director = cls.user_key_account_director
        account.with_user(director).action_approve()
        account.with_user(director).action_activate()
        return account.with_user(cls.env.user)

    @classmethod
    def _order(cls, partner, quantity, commitment):
        """A confirmed order of ``quantity`` bearings promised at Shanghai
        time ``commitment``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "commitment_date": utc_of(commitment),
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, picking, quantity, done_at, *, backorder=True):
        """Validate ``quantity`` of ``picking`` at Shanghai time ``done_at``."""
        picking.move_ids.write({"quantity": quantity, "picked": True})
        context = {"skip_backorder": True}
        if not backorder:
            context["picking_ids_not_to_backorder"] = picking.ids
        picking.with_context(**context).button_validate()
        picking.date_done = utc_of(done_at)
        return picking

    def _recompute(self, today=TODAY):
        return self.Level._recompute_company(self.company, today)

    def _june(self):
        return self.Level.search(
            [("key_account_id", "=", self.account.id), ("month", "=", JUNE)]
        )


@tagged("post_install", "-at_install")
class TestServiceLevel(ServiceLevelCommon):
    """June 2026 of Changchun Axle Works, recomputed on 2026-06-30.

    Deliveries (tolerance 1 day; promised = the order's commitment date, which
    Odoo copies to the deliveries' deadline):
      D1 early: promised 06-10, done 06-08 to the buyer Zhou Jie (a contact of
         the customer): on time, in full.
      D2 late within tolerance: promised 06-12, done 06-13: on time, in full.
      D3 late beyond tolerance: promised 06-15, done 06-17: late, in full.
      D4 partial: 10 promised 06-20, 6 done 06-19: on time, not in full
         (its back-order D5 was split from it).
      D5 the back-order of D4: 4 done 06-25, promised 06-20 (kept from
         D4): 06-25 > 06-21, late; in full.
      D6 ordered, then cancelled: not counted.
      D7 promised 06-26, 3 of 5 done 06-26 without back-order (the rest
         given up): on time, not in full.
    => 6 deliveries; on time D1 D2 D4 D7 = 4; in full D1 D2 D3 D5 = 4;
       on time and in full D1 D2 = 2. OTD 4/6 = 66.67 %, OTIF 2/6 = 33.33 %,
       both below the 98 % target.
    Complaints (own targets 16 h to answer, 40 h to resolve; key account
    answer within min(16, 8) = 8 working hours; 8:00-12:00, 13:00-17:00):
      C1 Mon 06-01 09:00, answered 15:00 (3 + 2 = 5 h, in time), resolved
         Wed 11:00 (7 + 8 + 3 = 18 h, in time).
      C2 Fri 06-05 16:00, answered Mon 06-08 14:00 (1 + 4 + 1 = 6 working
         hours though 70 hours passed, in time), resolved Fri 06-12 15:00
         (1 + 32 + 4 + 3 = 40 h, in time).
      C3 Tue 06-09 10:00, answered Wed 12:00 (2 + 4 + 4 = 10 h: within its
         own 16 h, beyond the key account's 8 h: late), resolved Fri 06-19
         10:00 (6 + 24 + 32 + 2 = 64 h > 40: late).
      C4 Mon 06-22 09:00, neither answered nor resolved, long past both
         targets now: due and late for both.
    => 4 complaints; answers due 4, in time C1 C2 = 2: 50 %; resolutions
       due 4, in time C1 C2 = 2: 50 %; below the 95 % target.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer, buyer = cls.customer_auto, cls.buyer_auto
        d1 = cls._order(buyer, 10, datetime(2026, 6, 10, 17, 0)).picking_ids
        cls._deliver(d1, 10, datetime(2026, 6, 8, 10, 0))
        d2 = cls._order(customer, 10, datetime(2026, 6, 12, 10, 0)).picking_ids
        cls._deliver(d2, 10, datetime(2026, 6, 13, 16, 0))
        d3 = cls._order(customer, 10, datetime(2026, 6, 15, 10, 0)).picking_ids
        cls._deliver(d3, 10, datetime(2026, 6, 17, 9, 0))
        cls.partial_order = cls._order(customer, 10, datetime(2026, 6, 20, 10, 0))
        cls.d4 = cls.partial_order.picking_ids
        cls._deliver(cls.d4, 6, datetime(2026, 6, 19, 9, 0))
        cls.d5 = cls.partial_order.picking_ids - cls.d4
        cls._deliver(cls.d5, 4, datetime(2026, 6, 25, 9, 0))
        d6 = cls._order(customer, 10, datetime(2026, 6, 22, 10, 0)).picking_ids
        d6.action_cancel()
        d7 = cls._order(customer, 5, datetime(2026, 6, 26, 10, 0)).picking_ids
        cls._deliver(d7, 3, datetime(2026, 6, 26, 16, 0), backorder=False)
        targets = {"response_target_hours": 16, "resolution_target_hours": 40}
        claim = cls._claim
        claim(
            customer,
            datetime(2026, 6, 1, 9, 0),
            answered=datetime(2026, 6, 1, 15, 0),
            resolved=datetime(2026, 6, 3, 11, 0),
            **targets,
        )
        claim(
            customer,
            datetime(2026, 6, 5, 16, 0),
            answered=datetime(2026, 6, 8, 14, 0),
            resolved=datetime(2026, 6, 12, 15, 0),
            **targets,
        )
        claim(
            customer,
            datetime(2026, 6, 9, 10, 0),
            answered=datetime(2026, 6, 10, 12, 0),
            resolved=datetime(2026, 6, 19, 10, 0),
            **targets,
        )
        claim(customer, datetime(2026, 6, 22, 9, 0), **targets)

    def test_back_order_keeps_the_promise(self):
        self.assertEqual(self.d5.backorder_id, self.d4)
        self.assertEqual(self.d5.date_deadline, self.d4.date_deadline)

    def test_june_deliveries(self):
        self._recompute()
        june = self._june()
        self.assertRecordValues(
            june,
            [
                {
                    "company_id": self.company.id,
                    "partner_id": self.customer_auto.id,
                    "delivery_count": 6,
                    "on_time_count": 4,
                    "in_full_count": 4,
                    "otif_count": 2,
                    "otd_pct": 66.67,
                    "otif_pct": 33.33,
                    "delivery_target_pct": 98.0,
                    "otd_met": False,
                    "otif_met": False,
                }
            ],
        )

    def test_june_complaints_in_working_hours(self):
        self._recompute()
        self.assertRecordValues(
            self._june(),
            [
                {
                    "complaint_count": 4,
                    "response_due_count": 4,
                    "answered_in_target_count": 2,
                    "resolution_due_count": 4,
                    "resolved_in_target_count": 2,
                    "response_pct": 50.0,
                    "resolution_pct": 50.0,
                    "complaint_target_pct": 95.0,
                    "complaint_met": False,
                }
            ],
        )

    def test_no_tolerance_makes_one_day_late(self):
        # D2, done the day after its promise, is now late: on time D1 D4 D7
        # = 3 of 6, 50 %; on time and in full D1 alone, 1 of 6, 16.67 %
        self.company.key_account_delivery_tolerance_days = 0
        self._recompute()
        self.assertRecordValues(
            self._june(),
            [{"on_time_count": 3, "otif_count": 1, "otd_pct": 50.0, "otif_pct": 16.67}],
        )

    def test_targets_met_and_twelve_month_figures(self):
        # a 30 % target: OTD 66.67 and OTIF 33.33 % meet it; 50 % of the
        # complaints in time meets a 50 % complaint target
        self.account.with_user(self.user_key_account_manager).write(
            {"on_time_target_pct": 30, "complaint_target_pct": 50}
        )
        self._recompute()
        self.assertRecordValues(
            self._june(),
            [{"otd_met": True, "otif_met": True, "complaint_met": True}],
        )
        account = self.account.with_user(self.user_key_account_manager)
        with self._at(datetime(2026, 6, 30, 12, 0)):
            account.invalidate_recordset()
            self.assertRecordValues(
                account,
                [
                    {
                        "delivery_count_12m": 6,
                        "otd_12m_pct": 400 / 6,
                        "otif_12m_pct": 200 / 6,
                        "complaint_count_12m": 4,
                        "response_12m_pct": 50.0,
                        "resolution_12m_pct": 50.0,
                    }
                ],
            )

    def test_second_run_writes_nothing(self):
        # June holds deliveries and complaints: one row
        self.assertEqual(self._recompute(), 1)
        self.assertEqual(self._recompute(), 0)

    def test_months_out_of_the_window_stay(self):
        # recomputed on 2027-07-15, the window starts 2026-07-01: June 2026
        # is neither recomputed nor deleted
        self._recompute()
        june = self._june()
        self.assertEqual(self._recompute(date(2027, 7, 15)), 0)
        self.assertTrue(june.exists())

    def test_retired_account_keeps_its_rows(self):
        self._recompute()
        self.account.with_user(self.user_key_account_director).action_retire(
            "Moved its purchasing abroad"
        )
        self.assertEqual(self._recompute(), 0)
        self.assertTrue(self._june())

    def test_targets_are_validated(self):
        manager_account = self.account.with_user(self.user_key_account_manager)
        for values in (
            {"on_time_target_pct": 0},
            {"on_time_target_pct": 100.5},
            {"complaint_target_pct": -5},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                manager_account.write(values)
        manager_account.on_time_target_pct = 100
        self.assertEqual(self.account.on_time_target_pct, 100)

    def test_target_message_names_the_account(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(ValidationError) as error:
            self.account.with_context(lang="zh_CN").write({"on_time_target_pct": 0})
        self.assertIn(self.customer_auto.name, str(error.exception))

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_team_and_directors_read_outsiders_do_not(self):
        self._recompute()
        june = self._june()
        for user in (
            self.user_key_account_manager,
            self.logistics,
            self.user_key_account_director,
        ):
            with self.subTest(user=user.name):
                self.assertEqual(self.Level.with_user(user).search([]), june)
        # Li Na sells to Changchun but is not in its key-account team
        outsider = self.Level.with_user(self.user_salesman)
        self.assertFalse(outsider.search([]))
        self.assertFalse(outsider._read_group([], [], ["__count"])[0][0])
        with self.assertRaises(AccessError):
            june.with_user(self.user_salesman).read(["otif_pct"])
        account = self.account.with_user(self.user_salesman)
        self.assertEqual(account.delivery_count_12m, 0)
        action = self.env.ref("crm_key_account.crm_key_account_service_level_action")
        self.assertFalse(
            self.env[action.res_model]
            .with_user(self.user_salesman)
            .search(action._get_action_dict().get("domain") or [])
        )

    def test_directors_read_their_companies_only(self):
        self._recompute()
        ningbo = self.env["res.company"].create({"name": "Ningbo Gears Co."})
        customer = self.env["res.partner"].create(
            {"name": "Hangzhou Pumps", "is_company": True}
        )
        account = self.env["crm.key.account"].create(
            {
                "partner_id": customer.id,
                "company_id": ningbo.id,
                "manager_id": self.user_key_account_director.id,
                "proposal_reason": "Ningbo's biggest customer",
            }
        )
        account.action_approve()
        account.action_activate()
        ningbo_level = self.Level.create(
            {"key_account_id": account.id, "company_id": ningbo.id, "month": JUNE}
        )
        director = self.user_key_account_director
        self.assertEqual(self.Level.with_user(director).search([]), self._june())
        director.company_ids |= ningbo
        both = self.Level.with_user(director).with_context(
            allowed_company_ids=[self.company.id, ningbo.id]
        )
        self.assertEqual(both.search([]), self._june() | ningbo_level)

    def test_outsider_opens_the_pages_empty(self):
        self._recompute()
        account = self.account.with_user(self.user_salesman)
        views = account.get_views([(False, "form")])
        self.assertIn("service_levels", views["views"]["form"]["arch"])
        action = account.action_open_service_levels()
        levels = self.env[action["res_model"]].with_user(self.user_salesman)
        self.assertFalse(levels.search(action["domain"]))
        self.assertTrue(
            self.Level.with_user(self.user_key_account_manager).search(action["domain"])
        )

    def test_only_directors_recompute(self):
        with self.assertRaises(AccessError):
            self.account.with_user(
                self.user_key_account_manager
            ).action_recompute_service_levels()
        action = self.account.with_user(
            self.user_key_account_director
        ).action_recompute_service_levels()
        self.assertEqual(action["params"]["type"], "success")
        self.assertTrue(self._june())

    def test_a_run_in_progress_is_reported(self):
        with self.registry.cursor() as other:
            other.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (self.Level._recompute_lock_key(), self.company.id),
            )
            result = self.Level._recompute(self.company, TODAY)
            other.rollback()
        self.assertEqual(result.written, 0)
        self.assertIn("another run", result.failures[self.company])
        self.assertFalse(self._june())

    def test_run_goes_on_after_a_company_fails(self):
        failing = self.env["res.company"].create({"name": "Ningbo Gears Co."})
        recompute_company = type(self.Level)._recompute_company

        def fail_for_ningbo(model, company, today):
            if company == failing:
                model.env.cr.execute("SELECT 1 / 0")
            return recompute_company(model, company, today)

        with (
            patch.object(
                type(self.Level),
                "_recompute_company",
                autospec=True,
                side_effect=fail_for_ningbo,
            ),
            self.assertLogs(
                "odoo.addons.crm_industrial.models.crm_company_recompute",
                "ERROR",
            ) as logs,
        ):
            result = self.Level._recompute(failing | self.company, date(2026, 6, 30))
        self.assertIn("Ningbo Gears Co.", logs.output[0])
        self.assertIn(failing, result.failures)
        self.assertNotIn(self.company, result.failures)
        self.assertTrue(self._june())


@tagged("post_install", "-at_install")
class TestServiceLevelQueries(ServiceLevelCommon):
    # savepoint, the company's settings, its calendar's time zone, the lock,
    # the statement, release: whatever the number of key accounts
    QUERIES = 6

    def test_same_queries_for_one_or_several_key_accounts(self):
        order = self._order(self.customer_auto, 2, datetime(2026, 6, 10, 10, 0))
        self._deliver(order.picking_ids, 2, datetime(2026, 6, 9, 10, 0))
        self.env.flush_all()
        self.Level._recompute(self.company, TODAY)
        self.env.invalidate_all()
        with self.assertQueryCount(self.QUERIES):
            self.Level._recompute(self.company, TODAY)
        self.assertEqual(self.Level.search_count([]), 1)
        customers = self.env["res.partner"].create(
            [{"name": f"Foundry {index}", "is_company": True} for index in range(5)]
        )
        for customer in customers:
            self._activate(customer)
            order = self._order(customer, 2, datetime(2026, 6, 10, 10, 0))
            self._deliver(order.picking_ids, 2, datetime(2026, 6, 9, 10, 0))
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(self.QUERIES):
            self.Level._recompute(self.company, TODAY)
        # a June row for each of the six key accounts
        self.assertEqual(self.Level.search_count([]), 6)


@tagged("post_install", "-at_install")
class TestDeliveryPriority(ServiceLevelCommon):
    def test_confirmed_order_of_key_account_is_urgent(self):
        order = self._order(self.buyer_auto, 5, datetime(2026, 7, 10, 10, 0))
        self.assertEqual(order.picking_ids.priority, "1")
        self.assertIn("marked urgent", order.message_ids[0].body)
        self.assertIn("active key account", order.picking_ids.message_ids[0].body)

    def test_salesperson_confirms_an_urgent_order(self):
        order = (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": self.customer_auto.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 3}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.sudo().picking_ids.priority, "1")

    def test_other_customers_keep_normal_priority(self):
        order = self._order(self.customer_chem, 5, datetime(2026, 7, 10, 10, 0))
        self.assertEqual(order.picking_ids.priority, "0")

    def test_activation_marks_open_deliveries(self):
        open_order = self._order(self.customer_chem, 5, datetime(2026, 7, 10, 10, 0))
        done_order = self._order(self.customer_chem, 5, datetime(2026, 7, 10, 10, 0))
        self._deliver(done_order.picking_ids, 5, datetime(2026, 6, 8, 10, 0))
        self.assertEqual(open_order.picking_ids.priority, "0")
        account = self._activate(self.customer_chem)
        self.assertEqual(open_order.picking_ids.priority, "1")
        self.assertEqual(done_order.picking_ids.priority, "0")
        self.assertIn(open_order.picking_ids.name, account.message_ids[0].body)

    def test_nothing_due_is_not_measured(self):
        """Nanjing Resin, activated with no delivery and no complaint in
        twelve months: its form says not measured, not 0 % on time (as its
        health leaves the components out)."""
        account = self._activate(self.customer_chem)
        self._recompute()
        account.invalidate_recordset()
        self.assertEqual(
            (account.delivery_count_12m, account.response_due_count_12m), (0, 0)
        )
        # the form shows "not measured" where nothing was due, not the 0
        form = account.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("not measured: no delivery", form)
        self.assertIn('invisible="not delivery_count_12m"', form)
        self.assertIn("not measured: no answer due", form)

    def test_retirement_releases_deliveries_and_closes_the_plan(self):
        """Retired, Nanjing Resin's open delivery goes back to the normal
        priority (a delivery made urgent by hand for another customer
        stays), and its plan in execution is closed."""
        open_order = self._order(self.customer_chem, 5, datetime(2026, 7, 10, 10, 0))
        other = self._order(self.customer_auto, 5, datetime(2026, 7, 10, 10, 0))
        other.picking_ids.priority = "1"
        account = self._activate(self.customer_chem)
        self.assertEqual(open_order.picking_ids.priority, "1")
        director = self.user_key_account_director
        plan = self.env["crm.key.account.plan"].create(
            {"key_account_id": account.id, "year": 2026}
        )
        plan.action_submit("Ready")
        plan.with_user(director).action_approve("Fine")
        plan.action_start_execution("Go")
        account.with_user(director).action_retire("Moved its production abroad")
        self.assertEqual(open_order.picking_ids.priority, "0")
        self.assertEqual(other.picking_ids.priority, "1")
        self.assertEqual(plan.state, "closed")
        self.assertIn("Moved its production abroad", plan.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestUnshippedLateDeliveries(ServiceLevelCommon):
    """Changchun Axle Works, tolerance 1 day. An order promised for Monday
    22 June 2026 is not shipped: from Wednesday 24 June it is a late
    delivery, not in full, of June; an order promised for 29 June is not
    late yet on 30 June. On 3 July: the first, shipped on 2 July, counts in
    July, late and in full; the second, still waiting, is late since 1 July:
    July has 2 deliveries, none on time, 1 in full.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls._order(cls.customer_auto, 5, datetime(2026, 6, 22, 10, 0))
        cls._order(cls.customer_auto, 5, datetime(2026, 6, 29, 10, 0))

    def test_late_and_unshipped_counts_as_late(self):
        self._recompute(date(2026, 6, 23))
        self.assertFalse(self._june())
        self._recompute(date(2026, 6, 30))
        self.assertRecordValues(
            self._june(),
            [
                {
                    "delivery_count": 1,
                    "on_time_count": 0,
                    "in_full_count": 0,
                    "otd_pct": 0.0,
                    "otif_pct": 0.0,
                }
            ],
        )
        self._deliver(self.waiting.picking_ids, 5, datetime(2026, 7, 2, 10, 0))
        self._recompute(date(2026, 7, 3))
        self.assertFalse(self._june())
        july = self.Level.search(
            [
                ("key_account_id", "=", self.account.id),
                ("month", "=", date(2026, 7, 1)),
            ]
        )
        self.assertRecordValues(
            july, [{"delivery_count": 2, "on_time_count": 0, "in_full_count": 1}]
        )
