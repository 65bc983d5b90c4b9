# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import threading
from contextlib import contextmanager
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CrmIndustrialCommon

TABLE_NAME = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', re.IGNORECASE)


def since_at_transaction_start(case):
    """In the class ``case``, a run's instant (``crm.recompute.mark``) is
    the test's transaction start: the instant itself is tested on
    connections of their own (test_recompute_concurrency), where
    transactions begin and commit."""
    since = case.cr.now()
    case.startClassPatcher(
        patch.object(
            case.registry["crm.recompute.mark"], "_since", lambda _marks: since
        )
    )


def age_sources(env, runner):
    """As if every row of ``runner``'s sources had been committed a day
    ago: in a test, the rows it creates carry the test's transaction start,
    as those of a run do."""
    env.flush_all()
    sources, _own = env["crm.recompute.mark"]._source_tables(runner)
    for table in sorted(sources):
        env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date - INTERVAL '1 day',"
                " create_date = LEAST(create_date, write_date - INTERVAL '1 day')"
                " WHERE write_date >= NOW() AT TIME ZONE 'UTC' - INTERVAL '1 hour'",
                SQL.identifier(table),
            )
        )
    env.invalidate_all()


class RecomputeMarkCase(CrmIndustrialCommon):
    """Runs of the customer profiles of the company, and their mark."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        since_at_transaction_start(cls)
        cls.profiles = cls.env["crm.customer.profile"]
        cls.marks = cls.env["crm.recompute.mark"]
        cls.today = fields.Date.context_today(cls.profiles)

    def _run(self, today=None):
        result = self.profiles._recompute(self.company, today or self.today)
        self.assertFalse(result.failures)
        return result

    def _mark(self):
        return self.marks.search(
            [
                ("res_model", "=", self.profiles._name),
                ("company_id", "=", self.company.id),
            ]
        )


@tagged("post_install", "-at_install")
class TestRecomputeMark(RecomputeMarkCase):
    """A company's nightly run of the same day, with nothing changed since
    its last complete run, writes nothing and reads only its sources'
    changes; any change, deletion or new day computes again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._post_customer_document(
            cls.customer_auto, "out_invoice", 1000.0, cls.today - relativedelta(days=30)
        )

    def test_the_same_day_unchanged_is_skipped(self):
        age_sources(self.env, self.profiles)
        self.assertTrue(self._run().written)
        self.assertEqual(self._mark().day, self.today)
        # the savepoint, the advisory lock, the mark, the counts and the
        # changes since: no step runs
        with self.assertQueryCount(6):
            self.assertEqual(self._run().written, 0)

    def test_two_companies_the_same_day_unchanged_are_skipped(self):
        """The second company's run writes the tables the first company's
        mark counted: both marks are recorded once both are computed."""
        other = self.env["res.company"].create({"name": "Wuxi Castings Branch"})
        prospect = self.env["res.partner"].create(
            {"name": "Wuxi Pump Works", "is_company": True, "company_id": other.id}
        )
        self.env["crm.lead"].create(
            {
                "name": "Pump housings",
                "type": "opportunity",
                "partner_id": prospect.id,
                "company_id": other.id,
            }
        )
        age_sources(self.env, self.profiles)
        companies = self.company | other
        self.assertTrue(self.profiles._recompute(companies, self.today).written)
        self.assertTrue(self.profiles.search([("partner_id", "=", prospect.id)]))
        # each company's savepoint, lock, mark, counts and changes since
        with self.assertQueryCount(13):
            result = self.profiles._recompute(companies, self.today)
        self.assertEqual((result.written, result.failures), (0, {}))
        self.assertEqual(
            self.marks.search([("res_model", "=", self.profiles._name)]).company_id,
            companies,
        )

    def test_an_invoice_posted_since_is_computed(self):
        age_sources(self.env, self.profiles)
        self._run()
        self.assertFalse(
            self.profiles.search([("partner_id", "=", self.customer_chem.id)])
        )
        self._post_customer_document(
            self.customer_chem, "out_invoice", 400.0, self.today - relativedelta(days=2)
        )
        self.assertTrue(self._run().written)
        profile = self.profiles.search([("partner_id", "=", self.customer_chem.id)])
        self.assertEqual(profile.revenue_12m, 400.0)

    def test_a_reassignment_since_is_computed(self):
        age_sources(self.env, self.profiles)
        self._run()
        self.customer_auto.user_id = self.user_salesman
        self._run()
        profile = self.profiles.search([("partner_id", "=", self.customer_auto.id)])
        self.assertEqual(profile.user_id, self.user_salesman)

    def test_a_deletion_since_is_computed(self):
        lead = self.env["crm.lead"].create(
            {"name": "Axle casting tender", "partner_id": self.customer_chem.id}
        )
        age_sources(self.env, self.profiles)
        self._run()
        leads = self._mark().row_counts["crm_lead"]
        lead.unlink()
        self._run()
        self.assertEqual(self._mark().row_counts["crm_lead"], leads - 1)

    def test_a_new_day_is_computed(self):
        age_sources(self.env, self.profiles)
        self._run()
        tomorrow = self.today + relativedelta(days=1)
        self._run(tomorrow)
        self.assertEqual(self._mark().day, tomorrow)

    def test_every_table_the_run_reads_is_a_source(self):
        """What the run reads is a source, or written by the run alone, or
        framework (listed, with why, in the expected set)."""
        with tables_read(self.env) as read:
            self._run()
        sources, _own = self.marks._source_tables(self.profiles)
        not_sources = {
            # a relation written with its own record (a source)
            "calendar_event_res_partner_rel",
            # written by the run's steps alone, from its sources
            "crm_complaint_score",
            "crm_recompute_mark",
            "crm_satisfaction_score",
            # the framework's registry, defaults, languages and attachments,
            # when creating activities
            "ir_attachment",
            "ir_default",
            "ir_model",
            "ir_model_data",
            "ir_model_fields",
            "res_lang",
        }
        if "crm_key_account_health" in read:  # with crm_key_account installed
            not_sources |= {
                "crm_key_account_health",
                "crm_key_account_health_snapshot",
                "crm_key_account_service_level",
                "crm_key_account_share_of_wallet",
            }
        self.assertEqual(read - set(sources), not_sources)

    def test_only_administrators_read_the_marks(self):
        self._run()
        self.assertTrue(self._mark())
        for user in (self.user_salesman, self.user_sales_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.marks.with_user(user).search([])
        self.assertTrue(self.marks.with_user(self.user_settings_admin).search([]))


@contextmanager
def tables_read(env):
    """The tables named after FROM or JOIN by the statements run inside."""
    names = set()

    def hook(_cr, query, _params, _start, _delay):
        text = query.decode() if isinstance(query, bytes) else str(query)
        names.update(TABLE_NAME.findall(text))

    thread = threading.current_thread()
    hooks = getattr(thread, "query_hooks", ())
    thread.query_hooks = (*hooks, hook)
    read = set()
    try:
        yield read
    finally:
        thread.query_hooks = hooks
    env.cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    read.update(names & {row[0] for row in env.cr.fetchall()})
