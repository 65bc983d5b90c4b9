# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CommittedCase

# The subjects of the complaint figures these tests commit (and delete):
# category ids no category has.
FIRST_SUBJECT = 10_000_000


@tagged("post_install", "-at_install")
class TestComputedRowsStatistics(CommittedCase):
    """A run that rewrites a computed table beyond PostgreSQL's analyze
    threshold leaves it with fresh planner statistics once it commits; a
    run that writes a few rows, or that rolls back, leaves them to
    autovacuum. On committed complaint figures of category subjects no
    category has, deleted after each test."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete_committed)

    @classmethod
    def _delete_committed(cls):
        with cls._cursor_env() as env:
            env.cr.execute(
                "DELETE FROM crm_complaint_score WHERE subject_key >= %s",
                [FIRST_SUBJECT],
            )

    def _analyze_count(self):
        """How many times the complaint figures were analyzed by hand."""
        with self._cursor_env() as env:
            env.cr.execute(
                "SELECT analyze_count FROM pg_stat_user_tables"
                " WHERE relname = 'crm_complaint_score'"
            )
            return env.cr.fetchone()[0]

    def _threshold(self):
        """The rows written beyond which autovacuum would analyze the
        table: its threshold plus its scale factor of the rows counted."""
        with self._cursor_env() as env:
            env.cr.execute(
                """
                SELECT current_setting('autovacuum_analyze_threshold')::float8,
                       current_setting('autovacuum_analyze_scale_factor')::float8,
                       GREATEST(reltuples, 0)
                  FROM pg_class WHERE oid = 'crm_complaint_score'::regclass
                """
            )
            base, scale, rows = env.cr.fetchone()
            return base + scale * rows

    def _write(self, env, count):
        """Write ``count`` complaint figures through the builder; rows written."""
        Complaint = env["crm.complaint.score"]
        names = [
            name
            for name in (*Complaint._computed_key, *Complaint._computed_columns)
            if name != "company_id"
        ]
        rows = [
            {"scope": "category", "subject_key": subject, "complaint_count": 1}
            for subject in range(FIRST_SUBJECT, FIRST_SUBJECT + count)
        ]
        return Complaint._computed_rows_write(
            SQL(
                "SELECT %s AS company_id, row.* FROM (%s) row",
                env.company.id,
                Complaint._computed_rows_json(rows, names),
            ),
            SQL(
                "old.company_id = %s AND old.subject_key >= %s",
                env.company.id,
                FIRST_SUBJECT,
            ),
        )

    def test_a_large_write_is_analyzed_once_committed(self):
        count = int(self._threshold()) + 1
        before = self._analyze_count()
        with self._cursor_env() as env:
            self.assertEqual(self._write(env, count), count)
            # nothing yet: the statistics wait for the commit
            self.assertEqual(self._analyze_count(), before)
        self.assertEqual(self._analyze_count(), before + 1)

    def test_a_few_rows_are_left_to_autovacuum(self):
        count = int(self._threshold()) - 1
        before = self._analyze_count()
        with self._cursor_env() as env:
            self.assertEqual(self._write(env, count), count)
        self.assertEqual(self._analyze_count(), before)

    def test_a_rolled_back_write_is_not_analyzed(self):
        count = int(self._threshold()) + 1
        before = self._analyze_count()
        with self._cursor_env() as env:
            self.assertEqual(self._write(env, count), count)
            env.cr.rollback()
        self.assertEqual(self._analyze_count(), before)
