# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

from psycopg2 import Error as DatabaseError

from odoo import api, models
from odoo.tools import SQL, float_compare

from .crm_company_recompute import column_list

_logger = logging.getLogger(__name__)

# What a transaction's callbacks keep the rows written per table under.
WRITTEN_KEY = "crm_industrial.computed_rows_written"
# How long the statistics may wait for another session's lock on a table.
ANALYZE_LOCK_TIMEOUT = "5s"

# What a nullable key column is compared as when it is empty, by column
# type: a value no row has (ids start at 1), so that a hash join can match
# empty keys.
EMPTY_KEY = {
    "int4": SQL("0"),
    "varchar": SQL("''"),
    "text": SQL("''"),
    "date": SQL("'-infinity'::date"),
    "timestamp": SQL("'-infinity'::timestamp"),
}


class CrmComputedRows(models.AbstractModel):
    """A table whose rows a set-based statement computes: the model
    declares the columns that identify a row (``_computed_key``) and those
    computed (``_computed_columns``); :meth:`_computed_rows_write` turns the
    rows of a run's scope as they should be into one write.

    One policy for every such table:

    - the rows are compared with those stored by one join on the key
      (a nullable key column matches an empty one, see :data:`EMPTY_KEY`);
    - the missing are inserted, the different updated, the gone deleted; an
      unchanged run writes nothing;
    - the computed values are compared as the columns store them (cast to
      the type of each field's column), so that a value computed in another
      type is not taken for a change;
    - inserted rows get their creation and write stamps, updated rows their
      write stamps (the user of the run, the statement's time in UTC);
    - once the transaction commits, a table that it rewrote beyond
      PostgreSQL's own threshold gets fresh planner statistics
      (:meth:`_computed_rows_written`): the next run reads the rows this one
      wrote, and its plans must not wait for autovacuum.

    Two runs of the same scope at once are kept apart by the caller's lock
    (``crm.company.recompute``).
    """

    _name = "crm.computed.rows"
    _description = "Computed Rows"

    # the columns that identify a row within a run's scope
    _computed_key = ()
    # the columns a run computes (written on insert and when they differ)
    _computed_columns = ()
    # columns ``new`` gives that are written when a row is inserted only
    # (what other work keeps up to date afterwards)
    _computed_insert_columns = ()
    # keep the rows of the scope that ``new`` no longer gives, instead of
    # deleting them (rows that outlive what computed them)
    _computed_keep_gone = False
    # compare the rows by hash join even where the planner would sort both
    # sides on every key column to merge them (it may, when the stored rows
    # were written earlier in the same transaction and have no statistics
    # yet); merge joins are then off for the whole statement, the table's
    # own common table expressions included: measure before setting it
    _computed_hash_join = False

    @api.model
    def _computed_rows_write(self, new, scope, ctes=None, order=None, **then):
        """Write the rows of ``scope`` as ``new`` gives them; the number of
        rows inserted, updated and deleted.

        :param SQL new: a query giving a row per key with every key and
            computed column, by name; it may read ``ctes``
        :param SQL scope: a condition on the stored rows (as ``old``) that
            selects those the run computes: any of them ``new`` does not
            give is deleted; it may read ``ctes``
        :param SQL ctes: common table expressions ``name AS (...), ...``
            that ``new`` and ``scope`` read
        :param SQL order: the order in which the missing rows (as ``diff``)
            are inserted, when it matters (a large first computation checks
            its foreign keys faster in the order of the rows they point to)
        :param then: for a statement that goes on after the write (see
            :meth:`_computed_rows_sql`)
        """
        cr = self.env.cr
        if self._computed_hash_join:
            cr.execute("SELECT set_config('enable_mergejoin', 'off', true)")
        cr.execute(self._computed_rows_sql(new, scope, ctes, order, **then))
        written = cr.fetchone()[0]
        if self._computed_hash_join:
            cr.execute("RESET enable_mergejoin")
        self.invalidate_model()
        self._computed_rows_written(written)
        return written

    @api.model
    def _computed_rows_written(self, written, table=None):
        """Count ``written`` rows of this table (or of ``table``, another
        that a run writes in bulk) in the transaction: after it commits,
        the tables whose rows written exceed the threshold at which
        autovacuum would analyze them (``autovacuum_analyze_threshold``
        plus ``autovacuum_analyze_scale_factor`` of the rows their
        statistics count) are analyzed at once, on a connection of their
        own (:func:`_analyze_written`). A rolled-back transaction analyzes
        nothing."""
        if not written:
            return
        table = table or self._table
        postcommit = self.env.cr.postcommit
        counts = postcommit.data.get(WRITTEN_KEY)
        if counts is None:
            counts = postcommit.data[WRITTEN_KEY] = {}
            registry = self.env.registry
            postcommit.add(lambda: _analyze_written(registry, counts))
        counts[table] = counts.get(table, 0) + written

    @api.model
    def _computed_rows_sql(
        self,
        new,
        scope,
        ctes=None,
        order=None,
        *,
        updated_returning=None,
        inserted_returning=None,
        then=None,
    ):
        """The statement of :meth:`_computed_rows_write`. A statement that
        goes on after the write gives what the rows ``updated`` (as
        ``stored`` beside their ``diff`` row) and ``inserted`` return, and
        ``then``: common table expressions that read them."""
        key = self._computed_key
        columns = self._computed_columns
        inserted_columns = (*columns, *self._computed_insert_columns)
        stamps = self._log_access
        return SQL(
            """
WITH %(ctes)s new AS (
    SELECT TRUE AS computed_row_present, computed.*
      FROM (%(new)s) computed
), old AS (
    SELECT old.id, %(old_key)s, %(old_columns)s
      FROM %(table)s old
     WHERE %(scope)s
), diff AS (
    -- the rows to insert (no old id), update (both) or delete (no new row)
    SELECT old.id AS old_id, new.computed_row_present IS NULL AS is_gone, new.*
      FROM new
      FULL JOIN old ON %(match)s
     WHERE old.id IS NULL
        OR new.computed_row_present IS NULL
        OR (%(old_columns)s) IS DISTINCT FROM (%(new_values)s)
), inserted AS (
    INSERT INTO %(table)s (%(key)s, %(inserted_columns)s%(insert_stamps)s)
    SELECT %(diff_key)s, %(diff_inserted_columns)s%(insert_stamp_values)s
      FROM diff
     WHERE diff.old_id IS NULL
     %(order)s
 RETURNING %(inserted_returning)s
), updated AS (
    UPDATE %(table)s stored
       SET (%(columns)s%(update_stamps)s)
           = ROW(%(diff_columns)s%(update_stamp_values)s)
      FROM diff
     WHERE stored.id = diff.old_id
       AND NOT diff.is_gone
 RETURNING %(updated_returning)s
), deleted AS (
    DELETE FROM %(table)s stored
     USING diff
     WHERE stored.id = diff.old_id
       AND diff.is_gone
       AND NOT %(keep_gone)s
 RETURNING 1
)%(then)s
SELECT (SELECT COUNT(*) FROM inserted) + (SELECT COUNT(*) FROM updated)
       + (SELECT COUNT(*) FROM deleted)
            """,
            ctes=SQL("%s,", ctes) if ctes else SQL(),
            order=SQL("ORDER BY %s", order) if order else SQL(),
            new=new,
            table=SQL.identifier(self._table),
            scope=scope,
            key=column_list(key),
            columns=column_list(columns),
            inserted_columns=column_list(inserted_columns),
            diff_inserted_columns=self._computed_typed(inserted_columns, "diff"),
            inserted_returning=inserted_returning or SQL("1"),
            updated_returning=updated_returning or SQL("1"),
            keep_gone=self._computed_keep_gone,
            then=SQL(", %s", then) if then else SQL(),
            old_key=column_list(key, "old"),
            old_columns=column_list(columns, "old"),
            diff_key=column_list(key, "diff"),
            diff_columns=self._computed_typed(columns, "diff"),
            match=SQL(" AND ").join(self._computed_key_match(name) for name in key),
            new_values=self._computed_typed(columns, "new"),
            insert_stamps=SQL(", create_uid, create_date, write_uid, write_date")
            if stamps
            else SQL(),
            insert_stamp_values=SQL(", %s, %s, %s, %s", *self._computed_stamps() * 2)
            if stamps
            else SQL(),
            update_stamps=SQL(", write_uid, write_date") if stamps else SQL(),
            update_stamp_values=SQL(", %s, %s", *self._computed_stamps())
            if stamps
            else SQL(),
        )

    @api.model
    def _computed_records_write(self, stored, wanted, key, create_values):
        """The ORM twin of :meth:`_computed_rows_write`, for the few rows a
        run computes in Python: write the ``stored`` records (those of the
        run's scope) whose values in ``wanted`` (by key) differ, compared as
        each field stores them (:meth:`_computed_differs`), delete those
        ``wanted`` no longer has, create the missing with
        ``create_values(key)`` besides their values.

        :param key: the key of a stored record
        :returns: the records by key and the number of rows written
        """
        wanted = dict(wanted)
        records, gone, written = {}, self.browse(), 0
        for record in stored:
            values = wanted.pop(key(record), None)
            if values is None:
                gone |= record
                continue
            records[key(record)] = record
            if self._computed_differs(record, values):
                record.write(values)
                written += 1
        gone.unlink()
        created = self.create(
            [
                {**create_values(wanted_key), **values}
                for wanted_key, values in wanted.items()
            ]
        )
        records.update(zip(wanted, created, strict=True))
        return records, written + len(gone) + len(created)

    @api.model
    def _computed_differs(self, record, values):
        """Whether ``values`` differ from ``record``'s as its fields store
        them: a float to the field's digits, an amount to its currency's,
        a relation by id, anything else exactly."""
        for name, new in values.items():
            field = self._fields[name]
            old = record[name]
            if field.type == "many2one":
                if old.id != (new.id if isinstance(new, models.BaseModel) else new):
                    return True
            elif field.type == "monetary":
                currency = record[field.get_currency_field(record)]
                if currency.compare_amounts(old, new):
                    return True
            elif field.type == "float" and field.get_digits(self.env):
                digits = field.get_digits(self.env)[1]
                if float_compare(old, new, precision_digits=digits):
                    return True
            elif old != new:
                return True
        return False

    @api.model
    def _computed_rows_json(self, rows, names):
        """SQL: ``rows`` (dictionaries computed in Python) as a relation of
        the columns ``names``, each of its field's column type."""
        return SQL(
            "SELECT * FROM jsonb_to_recordset(%s::jsonb) AS row(%s)",
            json.dumps(rows),
            SQL(", ").join(
                SQL("%s %s", SQL.identifier(name), SQL(self._computed_type(name)))
                for name in names
            ),
        )

    @api.model
    def _computed_stamps(self):
        """The user and the time a run stamps its rows with."""
        return SQL("%s", self.env.uid), SQL("(NOW() AT TIME ZONE 'UTC')")

    @api.model
    def _computed_type(self, name):
        """The SQL type of the column of field ``name``."""
        return self._fields[name].column_type[1]

    @api.model
    def _computed_typed(self, names, alias):
        """``alias.a::type, ...``: the values as their columns store them."""
        return SQL(", ").join(
            SQL(
                "%s::%s",
                SQL.identifier(alias, name),
                SQL(self._computed_type(name)),
            )
            for name in names
        )

    @api.model
    def _computed_key_match(self, name):
        """The join condition of key column ``name`` between old and new
        rows; a nullable column matches an empty value with an empty one."""
        field = self._fields[name]
        old, new = SQL.identifier("old", name), SQL.identifier("new", name)
        if field.required:
            return SQL("%s = %s", old, new)
        empty = EMPTY_KEY[field.column_type[0]]
        return SQL("COALESCE(%s, %s) = COALESCE(%s, %s)", old, empty, new, empty)


def _analyze_written(registry, counts):
    """Analyze the tables of ``counts`` ({table: rows written}) whose rows
    written exceed PostgreSQL's analyze threshold. Statistics are an aid to
    the planner: a table locked by another session for longer than
    :data:`ANALYZE_LOCK_TIMEOUT` is left to autovacuum, with a warning."""
    with registry.cursor() as cr:
        for table, written in sorted(counts.items()):
            try:
                with cr.savepoint(flush=False):
                    cr.execute(
                        SQL(
                            """
SELECT set_config('lock_timeout', %(timeout)s, true),
       %(written)s > current_setting('autovacuum_analyze_threshold')::float8
                     + current_setting('autovacuum_analyze_scale_factor')::float8
                       * GREATEST(reltuples, 0)
  FROM pg_class
 WHERE oid = %(table)s::regclass
                            """,
                            timeout=ANALYZE_LOCK_TIMEOUT,
                            written=written,
                            table=table,
                        )
                    )
                    if cr.fetchone()[1]:
                        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
            except DatabaseError as error:
                _logger.warning("Statistics of %s not refreshed: %s", table, error)
