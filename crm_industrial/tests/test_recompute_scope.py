# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .test_recompute_mark import RecomputeMarkCase, age_sources, tables_read


@tagged("post_install", "-at_install")
class TestRecomputeScope(RecomputeMarkCase):
    """A company's run of a later day computes the profiles of the
    customers changed since its last complete run, and of those the
    calendar moved, and ranks everyone from the stored figures: what it
    writes is what a run computing every customer would write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yesterday = cls.today - relativedelta(days=1)
        cls.customer_steel = cls.env["res.partner"].create(
            {"name": "Baotou Seamless Tubes", "is_company": True}
        )
        # dated away from every window's edge
        cls._post_customer_document(
            cls.customer_auto, "out_invoice", 1000.0, cls.today - relativedelta(days=40)
        )
        cls._post_customer_document(
            cls.customer_chem, "out_invoice", 600.0, cls.today - relativedelta(days=50)
        )

    def _run_yesterday(self):
        age_sources(self.env, self.profiles)
        self._run(self.yesterday)
        self.assertEqual(self._mark().whole_day, self.yesterday)

    def _profile(self, partner):
        return self.profiles.search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )

    def _changed(self, day=None):
        self.env.flush_all()
        return self._mark()._changed_partners(
            self.profiles, self.company, day or self.today
        )

    def _assert_run_today_as_whole(self, changed):
        """Today's run computes ``changed`` alone, and writes what a
        statement computing everyone would: that statement, run after it,
        finds nothing to write."""
        self.assertEqual(self._changed(), sorted(changed.ids))
        self._run(self.today)
        mark = self._mark()
        self.assertEqual((mark.day, mark.whole_day), (self.today, self.yesterday))
        self.assertEqual(self.profiles._recompute_profiles(self.company, self.today), 0)

    def test_a_later_day_computes_the_changed_customers(self):
        self._run_yesterday()
        self._post_customer_document(
            self.customer_chem, "out_invoice", 400.0, self.yesterday
        )
        self._assert_run_today_as_whole(self.customer_chem)
        # 600.00 fifty days ago and 400.00 yesterday
        self.assertEqual(self._profile(self.customer_chem).revenue_12m, 1000.0)
        self.assertEqual(self._profile(self.customer_auto).revenue_12m, 1000.0)

    def test_the_calendar_moves_a_customer_nobody_changed(self):
        """An invoice leaves the 12 months today, another falls due."""
        year_ago = self.today - relativedelta(months=12)
        self._post_customer_document(
            self.customer_steel, "out_invoice", 900.0, year_ago
        )
        self._post_customer_document(
            self.customer_steel, "out_invoice", 300.0, self.yesterday
        )
        self._run_yesterday()
        steel = self._profile(self.customer_steel)
        self.assertEqual(
            (steel.revenue_12m, steel.revenue_prev_12m, steel.receivable_overdue),
            (1200.0, 0.0, 900.0),
        )
        self._assert_run_today_as_whole(self.customer_steel)
        # the year-old invoice counts for the 12 months before; both are
        # due before today, neither is paid
        self.assertEqual(
            (steel.revenue_12m, steel.revenue_prev_12m, steel.receivable_overdue),
            (300.0, 900.0, 1200.0),
        )
        self.assertEqual(steel.revenue_trend_pct, round(100 * (300 - 900) / 900, 1))

    def test_a_contact_moving_computes_both_customers(self):
        """An order counts for its contact's company of the day; an invoice
        keeps the company it was issued to."""
        self._post_customer_document(
            self.buyer_auto, "out_invoice", 250.0, self.today - relativedelta(days=20)
        )
        shaft = self.env["product.product"].create(
            {"name": "Drive shaft", "list_price": 100.0, "standard_price": 60.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.buyer_auto.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": shaft.id,
                            "product_uom_qty": 10,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = self.today - relativedelta(days=20)
        self._run_yesterday()
        auto = self._profile(self.customer_auto)
        self.assertEqual((auto.revenue_12m, auto.order_count), (1250.0, 1))
        self.buyer_auto.parent_id = self.customer_steel
        self._assert_run_today_as_whole(self.customer_auto | self.customer_steel)
        steel = self._profile(self.customer_steel)
        self.assertEqual((auto.revenue_12m, auto.order_count), (1250.0, 0))
        # 10 x 100 sold at a cost of 60
        self.assertEqual((steel.revenue_12m, steel.order_count), (0.0, 1))
        self.assertEqual(steel.margin_12m, 400.0)

    def test_a_setting_changed_computes_everyone(self):
        self._run_yesterday()
        self.company.abc_a_share = 60
        self.assertIsNone(self._changed())
        self._run(self.today)
        self.assertEqual(self._mark().whole_day, self.today)

    def test_a_deleted_row_computes_everyone(self):
        lead = self.env["crm.lead"].create(
            {"name": "Resin tank linings", "partner_id": self.customer_chem.id}
        )
        self._run_yesterday()
        self.assertEqual(self._changed(), [])
        lead.unlink()
        self.assertIsNone(self._changed())

    def test_a_deleted_row_the_run_saw_created_after_its_instant(self):
        """A lead created after the run's instant, committed before its
        snapshot: the run saw it (recorded by id), its deletion counts."""
        age_sources(self.env, self.profiles)
        lead = self.env["crm.lead"].create(
            {"name": "Resin tank linings", "partner_id": self.customer_chem.id}
        )
        self._run(self.yesterday)
        self.assertEqual(self._mark().created_ids["crm_lead"], lead.ids)
        self.assertEqual(self._changed(), self.customer_chem.ids)
        lead.unlink()
        self.assertIsNone(self._changed())

    def test_a_week_after_the_last_whole_run_computes_everyone(self):
        self._run_yesterday()
        for offset in range(1, 8):
            self._run(self.yesterday + relativedelta(days=offset))
        self.assertEqual(self._mark().whole_day, self.yesterday)
        self.assertIsNone(self._changed(self.yesterday + relativedelta(days=9)))
        # nor does a run of an earlier day than the mark's
        self.assertIsNone(self._changed(self.today - relativedelta(days=2)))

    def test_the_statement_reads_no_source_that_names_no_customer(self):
        """A source whose rows name no customer (``None``) is read only by
        the steps that compute everyone, or is the profiles themselves,
        whose stored figures rank everyone."""
        named = {
            self.env[model]._table: query
            for model, query in self.profiles._recompute_partner_sources().items()
        }
        sources, own = self.marks._source_tables(self.profiles)
        self.assertLessEqual(set(named), set(sources))
        self.assertIn("crm_customer_profile", own)
        self._run_yesterday()
        with tables_read(self.env) as read:
            self.profiles._recompute_profiles(
                self.company, self.today, self.customer_chem.ids
            )
        self.assertEqual(
            {table for table in read if table in named and named[table] is None},
            {"crm_customer_profile"},
        )


@tagged("post_install", "-at_install")
class TestRecomputeScopeRetention(RecomputeMarkCase):
    """A later day's run reviews the retention work of the customers
    changed since, of those the run's own statement moved (a stage, a
    revenue drop), of those whose retention activities or profiles people
    wrote, and of those whose cool-down ends; of everyone when a user, a
    sales team or an activity type changed. Dormancy floor 90 days, no
    customer with 3 orders: every threshold is the floor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yesterday = cls.today - relativedelta(days=1)
        cls.customer_steel = cls.env["res.partner"].create(
            {
                "name": "Baotou Seamless Tubes",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        # 90 days before yesterday: not dormant yesterday (90 days without
        # an order), dormant today (91)
        cls._post_customer_document(
            cls.customer_steel,
            "out_invoice",
            800.0,
            cls.yesterday - relativedelta(days=90),
        )
        cls._post_customer_document(
            cls.customer_chem, "out_invoice", 600.0, cls.today - relativedelta(days=50)
        )

    def _profile(self, partner):
        return self.profiles.search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )

    def _run_yesterday(self):
        age_sources(self.env, self.profiles)
        self._run(self.yesterday)
        self.assertEqual(self._mark().whole_day, self.yesterday)

    def test_a_customer_turning_dormant_alone_gets_its_activity(self):
        """Nobody changed Baotou Seamless Tubes (first invoiced 91 days ago:
        exploring yesterday): the run stages it dormant and schedules its
        activity. Nanjing Resin Chemicals' state, spoilt
        by hand before the mark, is not reviewed: a review of everyone
        finds it alone."""
        self._run_yesterday()
        steel = self._profile(self.customer_steel)
        self.assertEqual(
            (steel.dormancy_threshold_days, steel.lifecycle_stage_id.code),
            (90, "exploration"),
        )
        self.env.cr.execute(
            "UPDATE crm_customer_profile SET retention_state = 'open',"
            " write_date = write_date - INTERVAL '1 day' WHERE id = %s",
            [self._profile(self.customer_chem).id],
        )
        self.profiles.invalidate_model()
        self.assertEqual(self._changed(), [])
        self._run(self.today)
        self.assertEqual(steel.lifecycle_stage_id.code, "dormant")
        self.assertEqual(steel.retention_state, "open")
        activity = self.env["mail.activity"].search(
            [("crm_retention_profile_id", "=", steel.id)]
        )
        self.assertEqual(
            (activity.user_id, activity.crm_retention_reasons),
            (self.user_salesman, "dormant"),
        )
        self.assertEqual(self._profile(self.customer_chem).retention_state, "open")
        self.assertEqual(
            self.env["mail.activity"]._crm_sync_retention_activities(
                self.company, self.today
            ),
            1,
        )
        self.assertFalse(self._profile(self.customer_chem).retention_state)

    def test_the_cool_down_ending_is_reviewed(self):
        """Handled 90 days ago (the cool-down): today its reasons may be
        scheduled again; handled 91 days ago, they could be yesterday."""
        self._run_yesterday()
        cooldown = self.company.retention_cooldown_days
        chem = self._profile(self.customer_chem)
        steel = self._profile(self.customer_steel)
        for profile, days in ((chem, cooldown), (steel, cooldown + 1)):
            self.env.cr.execute(
                "UPDATE crm_customer_profile SET retention_done_date = %s,"
                " write_date = write_date - INTERVAL '1 day' WHERE id = %s",
                [self.today - relativedelta(days=days), profile.id],
            )
        scope = self.env["mail.activity"]._crm_retention_scope(
            self._mark(), self.company, self.today, []
        )
        self.env.cr.execute(
            SQL(
                "SELECT partner_id FROM crm_customer_profile profile"
                " WHERE company_id = %s AND %s",
                self.company.id,
                scope,
            )
        )
        reviewed = [row[0] for row in self.env.cr.fetchall()]
        self.assertEqual(reviewed, chem.partner_id.ids)

    def test_a_sales_team_changed_reviews_everyone(self):
        self._run_yesterday()
        self.assertIsNotNone(
            self.env["mail.activity"]._crm_retention_scope(
                self._mark(), self.company, self.today, []
            )
        )
        self.env["crm.team"].create({"name": "North China Sales"})
        self.env.flush_all()
        self.assertIsNone(
            self.env["mail.activity"]._crm_retention_scope(
                self._mark(), self.company, self.today, []
            )
        )

    def _changed(self):
        self.env.flush_all()
        return self._mark()._changed_partners(self.profiles, self.company, self.today)
