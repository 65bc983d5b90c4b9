# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestRetention(CrmIndustrialCommon):
    """Two customers to keep, on 2026-06-30.

    Fading Motors (salesperson Li Na): 2 000 invoiced on 2025-01-10, 1 000 on
    2026-06-10: 1 000 in the 12 months after 2025-06-30 against 2 000 in the
    12 before, trend -50 %: decline. With 1 000 of 1 100 it is class A, so
    its revenue drop (below -20 %) is a second reason: one activity names
    both. It never ordered: its rhythm is that of its invoices, 516 days
    apart (2025-01-10 to 2026-06-10); last one 20 days ago.
    Sleepy Forge (no salesperson): orders on 2024-01-01, 2024-04-10,
    2024-08-08 and 2025-02-24, gaps of 100, 120 and 200 days, every 140
    days on average; the 90th percentile of its gaps, 120 + 0.8 x 80 = 184,
    is its threshold; 491 days without an order: dormant. It goes to the
    leader of the only sales team, Wang Fang.
    Small Bolts: 100 on 2026-06-01, new: nothing to do.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].search([]).action_archive()
        cls.team = cls.env["crm.team"].create(
            {"name": "East China Sales", "user_id": cls.user_sales_manager.id}
        )
        customer = cls.env["res.partner"].create
        cls.fading = customer(
            {
                "name": "Fading Motors",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.sleepy = customer({"name": "Sleepy Forge", "is_company": True})
        cls.small = customer({"name": "Small Bolts", "is_company": True})
        post = cls._post_customer_document
        post(cls.fading, "out_invoice", 2000.0, date(2025, 1, 10))
        post(cls.fading, "out_invoice", 1000.0, date(2026, 6, 10))
        post(cls.small, "out_invoice", 100.0, date(2026, 6, 1))
        cls.product = cls.env["product.product"].create({"name": "Forged flange"})
        for order_date in ("2024-01-01", "2024-04-10", "2024-08-08", "2025-02-24"):
            cls._order(cls.sleepy, order_date)
        cls.Profile = cls.env["crm.customer.profile"]
        cls.Activity = cls.env["mail.activity"]

    @classmethod
    def _order(cls, partner, order_date):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        order.date_order = order_date

    def _activities(self, partner, active=True):
        return self.Activity.with_context(active_test=False).search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("crm_retention_profile_id", "!=", False),
                ("active", "=", active),
            ]
        )

    def _profile(self, partner):
        return self.Profile.search([("partner_id", "=", partner.id)])

    def _recompute(self, today=TODAY):
        result = self.Profile._recompute(self.company, today=today)
        self.assertFalse(result.failures)
        return result.written

    # ------------------------------------------------------------------
    # What the activities say, and to whom
    # ------------------------------------------------------------------

    def test_one_activity_per_customer_says_why_in_numbers(self):
        self._recompute()
        fading = self._activities(self.fading)
        self.assertEqual(len(fading), 1)
        self.assertEqual(fading.crm_retention_reasons, "decline,value_drop")
        self.assertEqual(fading.user_id, self.user_salesman)
        self.assertEqual(
            fading.summary, "Retention: Decline and Revenue drop of a valuable customer"
        )
        self.assertIn(
            "revenue -50 % against the previous 12 months; "
            "last order 20 days ago, usually every 516",
            str(fading.note),
        )
        self.assertEqual(fading.date_deadline, date(2026, 7, 3))
        sleepy = self._activities(self.sleepy)
        self.assertEqual(sleepy.crm_retention_reasons, "dormant")
        self.assertEqual(sleepy.user_id, self.user_sales_manager)
        self.assertIn(
            "last order 491 days ago, usually every 140; "
            "dormant after 184 days without an order",
            str(sleepy.note),
        )
        self.assertFalse(self._activities(self.small))
        self.assertEqual(self._profile(self.fading).retention_state, "open")
        self.assertFalse(self._profile(self.small).retention_state)

    def test_a_single_purchase_is_said_so(self):
        once = self.env["res.partner"].create(
            {"name": "One-off Castings", "is_company": True}
        )
        self._order(once, "2025-12-01")
        self._recompute()
        # 211 days since its only order; with fewer than 3 orders it takes the
        # threshold of its class, "No sales", whose only own threshold is Sleepy
        # Forge's 184 days
        self.assertIn(
            "last order 211 days ago, its only one; "
            "dormant after 184 days without an order",
            str(self._activities(once).note),
        )

    def test_second_run_writes_nothing(self):
        self.assertGreater(self._recompute(), 0)
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(len(self._activities(self.fading)), 1)
        self.assertEqual(len(self._activities(self.sleepy)), 1)

    def test_reasons_change_in_place(self):
        """Fading Motors ordered nothing since: a year on it is dormant only.

        On 2027-06-30 its last invoice (2026-06-10) is 385 days old, beyond the
        90-day floor (no order gaps, no class median): dormant. Its 12 months
        hold nothing against 1 000 before: class "No sales", no revenue drop.
        """
        self._recompute()
        activity = self._activities(self.fading)
        self._recompute(date(2027, 6, 30))
        self.assertEqual(self._activities(self.fading), activity)
        self.assertEqual(activity.crm_retention_reasons, "dormant")
        self.assertEqual(activity.summary, "Retention: Dormant")
        self.assertIn("last order 385 days ago", str(activity.note))

    def test_closed_when_the_customer_recovers(self):
        self._recompute()
        dormant = self._activities(self.sleepy)
        self._order(self.sleepy, "2026-06-25")
        self._recompute()
        self.assertFalse(dormant.active, "done activities are archived")
        self.assertFalse(self._activities(self.sleepy))
        self.assertIn(
            "the reason no longer holds", str(self.sleepy.message_ids[0].body)
        )
        self.assertFalse(self._profile(self.sleepy).retention_state)

    def test_archived_customers_get_no_retention_work(self):
        self._recompute()
        dormant = self._activities(self.sleepy)
        self.sleepy.action_archive()
        self.fading.action_archive()
        self._recompute()
        self.assertFalse(dormant.active)
        self.assertFalse(self._activities(self.fading))

    # ------------------------------------------------------------------
    # Done is done
    # ------------------------------------------------------------------

    def _mark_done(self, activity, feedback, day):
        with freeze_time(day):
            activity.with_user(activity.user_id).action_feedback(feedback=feedback)

    def test_done_is_not_recreated_while_nothing_changed(self):
        self._recompute()
        activity = self._activities(self.fading)
        self._mark_done(
            activity,
            "Called them: production moved, they order again in spring",
            "2026-07-01",
        )
        self._recompute(date(2026, 7, 2))
        self.assertFalse(self._activities(self.fading))
        profile = self._profile(self.fading)
        self.assertEqual(profile.retention_state, "handled")
        self.assertEqual(profile.retention_done_date, date(2026, 7, 1))
        # the feedback stays on the customer's chatter; the note's figures,
        # which its readers may not see, do not
        message = self.fading.message_ids[0]
        self.assertIn("they order again in spring", str(message.body))
        self.assertNotIn("-50", str(message.body))

    def test_done_again_after_the_cool_down(self):
        """Done on 2026-07-01 with a 30-day cool-down: back on 2026-07-31.

        Fading Motors is still in decline then (1 000 against 2 000).
        """
        self.company.retention_cooldown_days = 30
        self._recompute()
        self._mark_done(self._activities(self.fading), "Visited", "2026-07-01")
        self._recompute(date(2026, 7, 30))
        self.assertFalse(self._activities(self.fading))
        self._recompute(date(2026, 7, 31))
        self.assertEqual(
            self._activities(self.fading).crm_retention_reasons, "decline,value_drop"
        )

    def test_done_again_after_leaving_and_entering_again(self):
        """Sleepy Forge, handled on 2026-07-01, orders on 2026-07-05.

        On 2026-07-06 it is recovered. Its gaps are then 100, 120, 200 and 496
        days: its threshold is 200 + 0.7 x 296 = 407.2, so 408 days. On
        2027-08-18, 409 days after its last order, it is dormant again: a new
        activity, though the cool-down (at most 10 years) has not passed.
        """
        self.company.retention_cooldown_days = 3650
        self._recompute()
        self._mark_done(self._activities(self.sleepy), "Plant shut", "2026-07-01")
        self._order(self.sleepy, "2026-07-05")
        self._recompute(date(2026, 7, 6))
        self.assertEqual(
            self._profile(self.sleepy).lifecycle_stage_id.code, "recovered"
        )
        self._recompute(date(2027, 8, 17))
        self.assertFalse(self._activities(self.sleepy))
        self._recompute(date(2027, 8, 18))
        self.assertEqual(self._activities(self.sleepy).crm_retention_reasons, "dormant")

    def test_cancelled_counts_as_handled(self):
        self._recompute()
        with freeze_time("2026-07-01"):
            self._activities(self.fading).with_user(self.user_salesman).unlink()
        self._recompute(date(2026, 7, 2))
        self.assertFalse(self._activities(self.fading))
        self.assertEqual(self._profile(self.fading).retention_state, "handled")
        self.assertIn("cancelled by Li Na", str(self.fading.message_ids[0].body))

    # ------------------------------------------------------------------
    # Assignees
    # ------------------------------------------------------------------

    def test_salesperson_who_left_hands_over_to_the_team_leader(self):
        self.team.member_ids = self.user_salesman
        self.user_salesman.active = False
        self._recompute()
        self.assertEqual(self._activities(self.fading).user_id, self.user_sales_manager)

    def test_only_internal_users_are_assignees(self):
        portal = mail_new_test_user(
            self.env,
            login="ind_portal",
            name="Portal Buyer",
            groups="base.group_portal",
        )
        self.fading.sudo().write({"user_id": portal.id})
        self._recompute()
        self.assertEqual(self._activities(self.fading).user_id, self.user_sales_manager)

    def test_without_any_leader_the_fallback_assignee_takes_it(self):
        self.team.user_id = False
        self.company.retention_fallback_user_id = self.user_settings_admin
        self._recompute()
        self.assertEqual(
            self._activities(self.sleepy).user_id, self.user_settings_admin
        )

    def test_without_anyone_the_customer_is_listed(self):
        """No team leader, no fallback: listed, not dropped, and no crash."""
        self.team.user_id = False
        self._recompute()
        self.assertFalse(self._activities(self.sleepy))
        action = self.env.ref("crm_industrial.crm_retention_unassigned_action")
        listed = self.Profile.with_user(self.user_sales_manager).search(
            literal_eval(action.domain)
        )
        self.assertEqual(listed.partner_id, self.sleepy)
        # once someone is set, the next run schedules it
        self.company.retention_fallback_user_id = self.user_settings_admin
        self._recompute()
        self.assertEqual(
            self._activities(self.sleepy).user_id, self.user_settings_admin
        )
        self.assertEqual(self._profile(self.sleepy).retention_state, "open")

    def test_assignees_are_told(self):
        """Li Na gets one notification for her one activity, by email."""
        self._recompute()
        notified = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.user_salesman.partner_id.ids),
                ("subject", "like", "Retention"),
            ]
        )
        self.assertEqual(
            notified.mapped("subject"), ["Retention activities assigned to you: 1"]
        )
        self.assertIn("Fading Motors", str(notified.body))
        self.assertTrue(
            self.env["mail.mail"].search([("mail_message_id", "=", notified.id)]),
            "Li Na is notified by email, as her preferences say",
        )

    def test_due_activities_move_the_counter(self):
        self.env.ref("crm_industrial.mail_activity_type_retention").delay_count = 0
        self.env.cr.precommit.clear()
        self._recompute()
        self.env.cr.precommit.run()
        sent = (
            self.env["bus.bus"]
            .sudo()
            .search([("message", "like", "mail.activity/updated")])
        )
        channels = sent.mapped("channel")
        for user in (self.user_salesman, self.user_sales_manager):
            self.assertIn(
                f'["{self.env.cr.dbname}","res.partner",{user.partner_id.id}]',
                channels,
            )

    def test_written_in_the_assignees_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_industrial"], ["zh_CN"])
        self.user_salesman.lang = "zh_CN"
        self.Profile.with_context(lang="en_US")._recompute(self.company, today=TODAY)
        fading = self._activities(self.fading)
        self.assertEqual(fading.summary, "客户保留：衰退期和高价值客户收入下降")
        self.assertIn(
            "收入较前 12 个月变化 -50 %; 最近订单在 20 天前，通常每 516 天下单一次",
            str(fading.note),
        )
        self.assertEqual(self._activities(self.sleepy).summary, "Retention: Dormant")

    # ------------------------------------------------------------------
    # Who reads them
    # ------------------------------------------------------------------

    def test_outsiders_read_no_retention_activity(self):
        """Zhao Min, a salesperson who owns none of these customers."""
        outsider = mail_new_test_user(
            self.env,
            login="ind_outsider",
            name="Zhao Min",
            groups="sales_team.group_sale_salesman",
        )
        self._recompute()
        domain = [("crm_retention_profile_id", "!=", False)]
        self.assertFalse(self.Activity.with_user(outsider).search(domain))
        self.assertFalse(
            self.Activity.with_user(outsider)._read_group(domain, [], ["__count"])[0][0]
        )
        self.env.invalidate_all()
        self.assertFalse(self.fading.with_user(outsider).activity_ids)
        # the assignee reads hers; the sales manager reads them all
        self.assertEqual(
            self.Activity.with_user(self.user_salesman).search(domain).res_id,
            self.fading.id,
        )
        self.assertEqual(
            len(self.Activity.with_user(self.user_sales_manager).search(domain)), 2
        )
        # other activities on the same customers stay as Odoo rules them
        call = self.fading.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_sales_manager.id
        )
        self.env.invalidate_all()
        self.assertEqual(self.fading.with_user(outsider).activity_ids, call)
