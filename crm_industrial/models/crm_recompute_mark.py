# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index, table_exists

_logger = logging.getLogger(__name__)

# How long, in days, runs may compute only the customers changed since the
# last run that computed them all.
SCOPED_RUN_MAX_DAYS = 7


class CrmRecomputeMark(models.Model):
    """What a company's last complete run of a computation saw, so that a
    run the same day with nothing changed since writes nothing.

    **The rule.** A run of day ``D`` is skipped when the last complete run
    was of day ``D`` too (the calendar moves nothing within a day) and no
    source table of the computation has, since that run:

    - a row whose ``write_date`` is at or after the mark's ``since``,
      except the rows the run wrote itself (their ``xmin``, recorded);
    - a different number of rows (a deletion stamps nothing).

    **Why it cannot miss a change.** The ORM stamps every row it creates or
    writes, stored computed fields included, with its transaction's start
    (``cr.now()``). ``since`` is the earliest start of any transaction
    whose changes the run may not have seen: the earliest start of the
    database's open transactions, or the clock if earlier, read before the
    run's snapshot is taken. A transaction the run did not see was still
    open at that read (its start is among them) or began after it (its
    start is later than the clock). So transactions committing out of
    order are included. The scheduled job reads them so, between the
    companies' transactions; a run inside a transaction already begun (a
    button) reads them after its snapshot, and then checks from the
    snapshot that no transaction it did not see committed before the read
    (a transaction id it did not see, not open, committed): if one did, it
    cannot tell when that change was made, and its mark keeps the previous
    ``since``, which is earlier still. A change made by raw SQL that stamps
    no ``write_date`` is not seen.

    **Runs of a later day** compute only the customers that changed, when
    the computation says which customers a source's row is about
    (``_recompute_partner_sources``): the customers of the source rows
    written since the mark's ``since`` (but its own), and those whose
    figures the calendar moves between the mark's day and the run's
    (``_recompute_calendar_partners``: documents entering or leaving a
    window, instalments falling due). They compute everything instead
    when the mark is missing or of a later day, when the last run that
    computed everything is more than ``SCOPED_RUN_MAX_DAYS`` old (so a
    change stamped by nobody waits a week at most), when a row was
    written since in a source it does not list (a setting, a stage, a
    segment), or when a counted source lost a row the run saw (a deleted
    row names nobody): its rows created before ``since`` or by the run
    itself are fewer than then (the run saw them all), or one of those
    others created after it that the run saw, recorded by id, is gone. A
    deleted row of a source read whole (named ``None``) changes nothing the
    run computes by customer. The rule sees every change the skip above
    sees, so it misses none for the same reasons; a customer it names
    needlessly is only computed again.
    """

    _name = "crm.recompute.mark"
    _description = "Last Complete Run of a Computation"

    _one_per_computation = models.UniqueIndex(
        "(res_model, company_id, scope)",
        "A computation has one last run per company and scope.",
    )

    res_model = fields.Char(string="Computation", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    scope = fields.Char(
        required=True,
        readonly=True,
        help="What of the company the run computed: the company, or what the "
        "computation says (the ids of commission periods, for example).",
    )
    day = fields.Date(
        required=True, readonly=True, help="The day the last complete run computed."
    )
    since = fields.Datetime(
        readonly=True,
        help="Every change the last complete run did not see was made by a "
        "transaction that started at or after this instant.",
    )
    whole_day = fields.Date(
        string="Last Run of Every Customer",
        readonly=True,
        help="The day of the last run that computed every customer of the company.",
    )
    row_counts = fields.Json(string="Rows per Source Table", readonly=True)
    created_ids = fields.Json(
        string="Rows Created Since",
        readonly=True,
        help="Of the rows the run counted, those other transactions created "
        "at or after its instant: {table: ids}.",
    )
    own_xids = fields.Json(string="Transactions of Its Own Writes", readonly=True)

    # ------------------------------------------------------------------
    # The instant a run's unseen changes start at
    # ------------------------------------------------------------------

    @api.model
    def _since(self):
        """The instant at or after which every change this transaction's
        snapshot does not show was made; ``None`` when it cannot be told
        (a transaction it did not see committed before the open ones were
        read, or the database does not show them to this user)."""
        cr = self.env.cr
        connection = getattr(cr, "_cnx", None)  # a test cursor has none
        if connection and connection.info.transaction_status == TRANSACTION_STATUS_IDLE:
            # no snapshot yet: this transaction's is taken after the read
            with self.env.registry.cursor() as read_cr:
                since, _open_xids, hidden = self._open_transactions(read_cr)
            return None if hidden else since
        since, open_xids, hidden = self._open_transactions(cr)
        if hidden:
            return None
        # a transaction id given now is above every id given before that read
        with self.env.registry.cursor() as id_cr:
            id_cr.execute("SELECT pg_current_xact_id()::text::bigint")
            next_xid = id_cr.fetchone()[0]
            id_cr.rollback()
        cr.execute(
            """
            WITH snapshot AS (
                SELECT pg_current_snapshot() AS snapshot
            ), unseen AS (
                SELECT xid::text::bigint AS xid
                  FROM snapshot, pg_snapshot_xip(snapshot) AS xid
                 UNION
                SELECT xid
                  FROM snapshot,
                       generate_series(pg_snapshot_xmax(snapshot)::text::bigint,
                                       %s - 1) AS xid
            )
            SELECT EXISTS(
                SELECT 1
                  FROM unseen
                 WHERE (xid %% 4294967296)::text <> ALL(%s)
                   AND pg_xact_status(xid::text::xid8) = 'committed'
            )
            """,
            [next_xid, open_xids],
        )
        return None if cr.fetchone()[0] else since

    @api.model
    def _open_transactions(self, cr):
        """The earliest start of the database's open transactions (or the
        clock, when earlier), the ids of the cluster's, and whether some are
        hidden from this user."""
        cr.execute("SELECT pg_stat_clear_snapshot()")
        cr.execute(
            """
            SELECT LEAST(
                       clock_timestamp(),
                       (SELECT MIN(xact_start) FROM pg_stat_activity
                         WHERE datname = current_database())
                   ) AT TIME ZONE 'UTC',
                   ARRAY(SELECT backend_xid::text FROM pg_stat_activity
                          WHERE backend_xid IS NOT NULL),
                   EXISTS(SELECT 1 FROM pg_stat_activity
                           WHERE query = '<insufficient privilege>')
            """
        )
        return cr.fetchone()

    # ------------------------------------------------------------------
    # Checking and recording
    # ------------------------------------------------------------------

    @api.model
    def _source_tables(self, runner):
        """The tables ``runner`` reads: {table: counted}, and the tables of
        those it writes itself."""
        sources = {
            self.env[model]._table: counted
            for model, counted in runner._recompute_sources().items()
        }
        own = [self.env[model]._table for model in runner._recompute_own_sources()]
        return sources, own

    @api.model
    def _index_sources(self, runner):
        """A B-tree index on the ``write_date`` of each table ``runner``
        reads and does not write: finding a day's changes among millions of
        rows reads those rows instead of the table. (Not a BRIN: Odoo
        rewrites rows long after their creation, a payment its invoices'
        receivable lines, a delivery its order lines, and once a vacuum
        has freed space anywhere in the table the new versions land
        anywhere; each widened the range of its block range, and the search
        for a day's 3 379 changed invoice lines read most of the 2.7
        million: 0.9 s of a commission recompute on the bench.) On an
        install, the tables not created yet are indexed by the addon's
        ``post_init_hook``, or at its next update."""
        sources, own = self._source_tables(runner)
        for table in sorted(set(sources) - set(own)):
            if not table_exists(self.env.cr, table):
                continue
            create_index(
                self.env.cr,
                f"{table}__write_date_crm_index",
                table,
                ["write_date"],
                comment="crm_industrial: changes since a computation's last run",
            )

    @api.model
    def _mark_of(self, runner, company):
        return self.sudo().search(
            [
                ("res_model", "=", runner._name),
                ("company_id", "=", company.id),
                ("scope", "=", runner._recompute_scope(company)),
            ]
        )

    @api.model
    def _per_table(self, sources, expression):
        """{table: the value of SQL ``expression(table)``} for the counted
        tables of ``sources``, in one query."""
        tables = sorted(table for table, counted in sources.items() if counted)
        if not tables:
            return {}
        self.env.cr.execute(
            SQL("SELECT %s", SQL(", ").join(expression(table) for table in tables))
        )
        return dict(zip(tables, self.env.cr.fetchone(), strict=True))

    @api.model
    def _row_counts(self, sources, known=None):
        """{table: its rows} of the counted tables of ``sources``; ``known``:
        counts taken earlier in this transaction, kept for the tables it has
        inserted or deleted no row of since it began (its snapshot, taken
        once, shows them the same rows)."""
        if known:
            self.env.cr.execute(
                "SELECT ARRAY(SELECT relname FROM pg_stat_xact_user_tables"
                " WHERE n_tup_ins + n_tup_del > 0)"
            )
            written = set(self.env.cr.fetchone()[0])
            kept = {
                table: known[table]
                for table, counted in sources.items()
                if counted and table in known and table not in written
            }
            sources = {
                table: counted
                for table, counted in sources.items()
                if table not in kept
            }
            return kept | self._row_counts(sources)
        return self._per_table(
            sources,
            lambda table: SQL("(SELECT COUNT(*) FROM %s)", SQL.identifier(table)),
        )

    @api.model
    def _created_by_others(self, since, own_xids):
        """SQL: the row ``source`` was created at or after ``since`` by
        another transaction than ``own_xids`` (found through its
        ``write_date``, never earlier)."""
        return SQL(
            "source.write_date >= %s AND source.create_date >= %s"
            " AND source.xmin::text <> ALL(%s)",
            since,
            since,
            own_xids,
        )

    @api.model
    def _created_ids(self, sources, since, own_xids):
        """{table: ids of its rows created at or after ``since`` by others
        than ``own_xids`` ({table: xids})} of the counted tables of
        ``sources``."""
        return self._per_table(
            sources,
            lambda table: SQL(
                "ARRAY(SELECT id FROM %s source WHERE %s ORDER BY id)",
                SQL.identifier(table),
                self._created_by_others(since, own_xids.get(table, [])),
            ),
        )

    def _unchanged(self, runner, today, counts=None):
        """Whether a run of ``today`` would see what this mark's run saw
        (the rule of the class); ``counts``: the sources' rows now, when
        already counted (:meth:`_row_counts`)."""
        if not self or self.day != today or not self.since:
            return False
        sources, _own = self._source_tables(runner)
        if counts is None:
            counts = self._row_counts(sources)
        if counts != self.row_counts:
            return False
        return not self._any_written_by_others(sorted(sources))

    def _any_written_by_others(self, tables):
        """Whether a row of one of ``tables`` was written since this mark's
        ``since`` by another transaction than its run's."""
        self.env.cr.execute(
            SQL(
                "SELECT %s",
                SQL(" OR ").join(self._exists_written_by_others(t) for t in tables),
            )
        )
        return self.env.cr.fetchone()[0]

    def _exists_written_by_others(self, table):
        """SQL: a row of ``table`` was written since this mark's ``since`` by
        another transaction than its run's."""
        return SQL(
            "EXISTS(SELECT 1 FROM %s source WHERE %s)",
            SQL.identifier(table),
            self._written_by_others(table),
        )

    def _written_by_others(self, table):
        """SQL: the row ``source`` of ``table`` was written at or after this
        mark's ``since`` by another transaction than its run's."""
        return SQL(
            "source.write_date >= %s AND source.xmin::text <> ALL(%s)",
            self.since,
            (self.own_xids or {}).get(table, []),
        )

    def _changed_partners(self, runner, company, today, counts=None):
        """The customers (commercial partners' ids) a run of ``today`` after
        this mark's run computes again, or ``None`` for all of them (the
        rule of the class); ``counts``: the sources' rows now, when already
        counted in this transaction (:meth:`_row_counts`)."""
        if (
            not self
            or not self.since
            or not self.whole_day
            or self.day > today
            or (today - self.whole_day).days > SCOPED_RUN_MAX_DAYS
        ):
            return None
        sources, _own = self._source_tables(runner)
        named = {
            self.env[model]._table: query
            for model, query in runner._recompute_partner_sources().items()
        }
        own_xids = self.own_xids or {}
        row_counts = self.row_counts or {}
        created_ids = self.created_ids or {}
        # a lost row of a source read whole (named ``None``) changes no customer
        counted = sorted(
            table
            for table, counted in sources.items()
            if counted and (table not in named or named[table] is not None)
        )
        if set(counted) - (set(row_counts) & set(created_ids)):
            return None

        lost_or_unnamed = [
            # the rows created before ``since`` (or by the run) were all
            # seen, then those created after it by others that the run saw
            SQL(
                "%(count)s - (SELECT COUNT(*)"
                " FROM %(table)s source WHERE %(created)s) < %(old)s"
                " OR (SELECT COUNT(*) FROM %(table)s WHERE id = ANY(%(seen)s))"
                " < %(seen_count)s",
                table=SQL.identifier(table),
                count=SQL("(SELECT COUNT(*) FROM %s)", SQL.identifier(table))
                if counts is None
                else counts[table],
                created=self._created_by_others(self.since, own_xids.get(table, [])),
                old=row_counts[table] - len(created_ids[table]),
                seen=created_ids[table],
                seen_count=len(created_ids[table]),
            )
            for table in counted
        ] + [
            self._exists_written_by_others(table)
            for table in sorted(set(sources) - set(named))
        ]
        cr = self.env.cr
        if lost_or_unnamed:
            cr.execute(SQL("SELECT %s", SQL(" OR ").join(lost_or_unnamed)))
            if cr.fetchone()[0]:
                return None
        queries = [
            SQL(
                "SELECT changed.partner_id FROM %s source"
                " CROSS JOIN LATERAL (%s) changed WHERE %s",
                SQL.identifier(table),
                query,
                self._written_by_others(table),
            )
            for table, query in sorted(named.items())
            if query is not None
        ]
        calendar = runner._recompute_calendar_partners(company, self.day, today)
        if calendar is not None:
            queries.append(calendar)
        if not queries:
            return []
        cr.execute(
            SQL(
                "SELECT ARRAY(SELECT DISTINCT partner_id FROM (%s) changed"
                " WHERE partner_id IS NOT NULL ORDER BY partner_id)",
                SQL(" UNION ALL ").join(queries),
            )
        )
        return cr.fetchone()[0]

    @api.model
    def _record(self, runner, marks, today, since, counts=None):
        """Note what the run of ``today`` saw for each company of
        ``marks`` ({company: (its last mark or none, whether the run
        computed every customer)}), computed or found unchanged in this
        transaction: taken once the run has written every company's rows,
        since they share the tables. ``since`` from
        :meth:`_since`, or ``None`` to keep each mark's previous instant
        (and its own writes' xids besides this run's), or record none where
        there is no mark. ``counts``: the sources' rows as the run counted
        them (:meth:`_row_counts`' ``known``)."""
        sources, own = self._source_tables(runner)
        own_xids = {}
        for table in own:
            # the run's rows carry its transaction's start
            self.env.cr.execute(
                SQL(
                    "SELECT ARRAY(SELECT DISTINCT xmin::text FROM %s"
                    " WHERE write_date = NOW() AT TIME ZONE 'UTC')",
                    SQL.identifier(table),
                )
            )
            own_xids[table] = sorted(self.env.cr.fetchone()[0])
        row_counts = self._row_counts(sources, counts)
        # the same for every company when the run's instant is known
        created_ids = self._created_ids(sources, since, own_xids) if since else None
        for company, (mark, whole) in marks.items():
            if not (since or mark.since):
                continue
            if since:
                xids, created = own_xids, created_ids
            else:
                # the previous instant, and the xids of the writes since
                kept = mark.own_xids or {}
                xids = {
                    table: sorted(set(run_xids) | set(kept.get(table, [])))
                    for table, run_xids in own_xids.items()
                }
                created = self._created_ids(sources, mark.since, xids)
            values = {
                "day": today,
                "whole_day": today if whole else mark.whole_day,
                "since": since or mark.since,
                "row_counts": row_counts,
                "created_ids": created,
                "own_xids": xids,
            }
            # the marks of other scopes of earlier days let no run skip again
            self.sudo().search(
                [
                    ("res_model", "=", runner._name),
                    ("company_id", "=", company.id),
                    ("day", "<", today),
                    ("id", "not in", mark.ids),
                ]
            ).unlink()
            if mark:
                mark.write(values)
            else:
                self.sudo().create(
                    dict(
                        values,
                        res_model=runner._name,
                        company_id=company.id,
                        scope=runner._recompute_scope(company),
                    )
                )
