# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.test_recompute_mark import (
    age_sources,
    since_at_transaction_start,
    tables_read,
)

from .commission_common import CommissionCommon, score_bands


@tagged("post_install", "-at_install")
class TestCommissionQueries(CommissionCommon):
    """Computing a period issues the same queries for 10 invoice lines as
    for 1 000: the lines in one statement, the summaries per salesperson.
    Computed again the same day with nothing changed since, it reads only
    its sources' changes and writes nothing (``crm.recompute.mark``).

    Changchun Axle Works, an active key account, is shared half and half by
    the two salespeople: each of its invoice lines gives two commission
    lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        since_at_transaction_start(cls)
        cls._east_and_north_plans(
            june_target=5000,
            default_rate=2.0,
            satisfaction_score="nps",
            satisfaction_band_ids=score_bands((-100, 0.9), (0, 1.1)),
            satisfaction_gate="nps",
            satisfaction_gate_threshold=50.0,
            unpaid_reversal_days=30,
            retention_factor=True,
            retention_dormancy_penalty=30.0,
            retention_band_ids=[
                Command.create({"retention_from": 0, "factor": 0.9}),
                Command.create({"retention_from": 80, "factor": 1.1}),
            ],
            curve_type="steps",
            tier_ids=[
                Command.create({"from_pct": 0, "to_pct": 100, "multiplier": 1}),
                Command.create({"from_pct": 100, "multiplier": 1.5}),
            ],
            rule_ids=[
                Command.create({"customer_class": "b", "rate": 3.0}),
                Command.create(
                    {"product_categ_id": cls.categ_bearings.id, "rate": 4.0}
                ),
            ],
        )
        sales = cls.env.ref("crm_key_account.role_sales")
        cls.key_account.sudo().member_ids = [
            Command.create({"user_id": user.id, "role_id": sales.id, "share_pct": 50})
            for user in (cls.user_commission_user, cls.user_north)
        ]
        cls._key_account_since(cls.key_account, date(2026, 1, 1))
        cls.customers = (
            cls.customer_auto
            | cls.customer_gear
            | cls.customer_chem
            | cls.customer_turbine
        )

    def _sell(self, invoice_count, lines_per_invoice):
        """Half the invoices by each salesperson, over June's first days."""
        salespeople = self.user_commission_user | self.user_north
        for number in range(invoice_count):
            self._invoice(
                self.customers[number % len(self.customers)],
                salespeople[number % 2],
                date(2026, 6, 1) + timedelta(days=number % 28),
                [
                    (
                        self.bearing if line % 2 else self.service,
                        1 + line,
                        100.0 + number,
                    )
                    for line in range(lines_per_invoice)
                ],
            )

    def _assert_compute_queries(self, line_count):
        period = self._june()
        self.env.flush_all()
        self.env.invalidate_all()
        # lock, key-account shares, the locked periods to adjust (none
        # here; with some, one statement prepares their preview and one per
        # locked period computes it, whatever its lines), the lines'
        # settings (no JIT, more work memory), the lines' two first stages
        # into analyzed temporary tables, lines (clawbacks and unpaid
        # reversals included), the settings' reset, summaries (read,
        # applicable plans, their salespeople (named, teams, members: the
        # summary a line of a plan applying no more counts in) and their
        # curves, targets, the satisfaction
        # window, answers and bands, the retention counts and bands, one
        # insert, the period's multiplier adjustments to compare) and the
        # period's state with its tracking message on the
        # chatter, in a savepoint; and the run's mark (crm.recompute.mark):
        # the lock again, none found, the xids of the four tables the run
        # writes and reads, the counts, the ids of the rows created since
        # its instant, the marks of earlier days, the mark created
        with self.assertQueryCount(__system__=51):
            period._recompute(self.company)
        self.assertEqual(len(period.line_ids), line_count)
        self.env.invalidate_all()
        # the same reads, and no write; the mark found, read and checked
        # (every source changed since: this test's rows), whether it can
        # tell the customers changed (no: this test's plans and products
        # were written since, which every customer reads), then updated
        # with the ids of the rows created since its instant (the tables
        # this transaction inserted into counted again, the others' counts
        # kept)
        with self.assertQueryCount(__system__=47):
            self.assertEqual(period._recompute(self.company).written, 0)
        # this test's rows as if committed a day ago, then an invoice of
        # Harbin Turbine Parts posted: its lines alone are computed (the
        # same reads; the mark's changed customers found first: whether a
        # row was lost or written in a source naming no customer, then the
        # customers the changed rows name), every summary
        age_sources(self.env, period)
        self._invoice(
            self.customer_turbine,
            self.user_north,
            date(2026, 6, 20),
            [(self.bearing, 1, 250.0)],
        )
        self.env.flush_all()
        mark = self.env["crm.recompute.mark"]._mark_of(period, self.company)
        self.assertEqual(
            mark._changed_partners(period, self.company, mark.day),
            self.customer_turbine.ids,
        )
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=50):
            period._recompute(self.company)
        period.invalidate_recordset(["line_ids"])
        self.assertEqual(len(period.line_ids), line_count + 1)

    def test_queries_for_10_lines(self):
        self._sell(10, 1)
        # invoices 0, 4 and 8 are Changchun Axle Works': 7 + 3 x 2 lines
        self._assert_compute_queries(13)

    def test_queries_for_1000_lines(self):
        self._sell(50, 20)
        # 13 of the 50 invoices (0, 4, ..., 48) are Changchun Axle Works':
        # 37 x 20 + 13 x 20 x 2 lines
        self._assert_compute_queries(1260)

    def _compute_written(self, period):
        result = period._recompute(self.company)
        self.assertFalse(result.failures)
        return result.written

    def test_the_same_day_unchanged_is_skipped(self):
        self._sell(3, 1)
        period = self._june()
        age_sources(self.env, self.env["crm.commission.period"])
        self.assertTrue(self._compute_written(period))
        total = period.commission_total
        # the savepoint, the advisory lock, the mark, the counts and the
        # changes since: no line is computed
        with self.assertQueryCount(__system__=7):
            self.assertEqual(self._compute_written(period), 0)
        self.assertEqual(period.commission_total, total)

    def test_an_invoice_posted_since_is_computed(self):
        self._sell(3, 1)
        period = self._june()
        age_sources(self.env, self.env["crm.commission.period"])
        self._compute_written(period)
        lines = len(period.line_ids)
        # Harbin Turbine Parts, no key account: one line
        self._invoice(
            self.customer_turbine,
            self.user_north,
            date(2026, 6, 20),
            [(self.bearing, 1, 250.0)],
        )
        self.assertTrue(self._compute_written(period))
        period.invalidate_recordset(["line_ids"])
        self.assertEqual(len(period.line_ids), lines + 1)

    def test_every_table_the_computation_reads_is_a_source(self):
        self._sell(3, 1)
        period = self._june()
        with tables_read(self.env) as read:
            self._compute_written(period)
        sources, _own = self.env["crm.recompute.mark"]._source_tables(
            self.env["crm.commission.period"]
        )
        self.assertEqual(
            read - set(sources),
            {
                # relations written with their own records (sources)
                "crm_commission_plan_team_rel",
                "crm_commission_plan_user_rel",
                "sale_order_line_invoice_rel",
                # the framework's defaults and registry, when creating
                "ir_default",
                "ir_model_fields",
                "crm_recompute_mark",
            },
        )
