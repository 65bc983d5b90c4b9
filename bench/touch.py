# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A day's changes to the benchmark database: 1 % of the customers touched.

What a nightly run meets on a working day: of every hundred customers, one
is invoiced again today, refunded, reassigned to another salesperson,
answers a satisfaction survey or complains. The rows are copies of the
customer's own latest rows (every column as it is, new ids, dated today),
so they look like what the bench built; the reassignment goes through the
ORM, as a manager's does.
"""

from odoo.tools import SQL

# Of every 10 000 customers (by id): how many are touched, and how.
TOUCHES = (
    ("invoiced", 40),
    ("refunded", 10),
    ("reassigned", 20),
    ("answered", 20),
    ("complained", 10),
)
PER = 10_000

NOW = SQL("(NOW() AT TIME ZONE 'UTC')")


def touched_sql(kind):
    """SQL: the ids of the customers touched by ``kind``, disjoint per kind."""
    start = 0
    for name, count in TOUCHES:
        if name == kind:
            return SQL(
                "SELECT id FROM res_partner WHERE customer_rank > 0"
                " AND id %% %s >= %s AND id %% %s < %s",
                PER,
                start,
                PER,
                start + count,
            )
        start += count
    raise KeyError(kind)


def _copy(cr, table, mapping, changes):
    """Insert a copy of each row of ``table`` whose id is an ``old_id`` of
    temporary table ``mapping``: with the id ``new_id``, the mapping's other
    columns (the new parent's id, say) and the columns of ``changes`` (SQL
    over the copied ``row``) replaced."""
    cr.execute(
        SQL(
            """
INSERT INTO %(table)s
SELECT (jsonb_populate_record(NULL::%(table)s,
            to_jsonb(row)
            || (to_jsonb(mapping) - 'old_id' - 'new_id')
            || jsonb_build_object('id', mapping.new_id, %(changes)s))).*
  FROM %(table)s row
  JOIN %(mapping)s mapping ON mapping.old_id = row.id
            """,
            table=SQL.identifier(table),
            mapping=SQL.identifier(mapping),
            changes=SQL(", ").join(
                SQL("%s, %s", name, value) for name, value in changes.items()
            ),
        )
    )


def _latest(cr, mapping, table, *, partner_column, where, kind):
    """Create temporary table ``mapping``: the latest row of ``table`` of
    each customer touched by ``kind`` (``where`` holds), and its new id."""
    cr.execute(
        SQL(
            """
CREATE TEMPORARY TABLE %(mapping)s ON COMMIT DROP AS
SELECT DISTINCT ON (row.%(partner)s)
       row.id AS old_id, nextval(%(sequence)s) AS new_id
  FROM %(table)s row
 WHERE row.%(partner)s IN (%(touched)s) AND %(where)s
 ORDER BY row.%(partner)s, row.create_date DESC, row.id DESC
            """,
            mapping=SQL.identifier(mapping),
            table=SQL.identifier(table),
            partner=SQL.identifier(partner_column),
            sequence=f"{table}_id_seq",
            touched=touched_sql(kind),
            where=where,
        )
    )


def _children(cr, mapping, table, parent_column, parent_mapping):
    """Create temporary table ``mapping``: the rows of ``table`` whose
    ``parent_column`` is an ``old_id`` of ``parent_mapping``, each with its
    new id and its parent's new id (in a column of that name)."""
    cr.execute(
        SQL(
            """
CREATE TEMPORARY TABLE %(mapping)s ON COMMIT DROP AS
SELECT child.id AS old_id, nextval(%(sequence)s) AS new_id,
       parent.new_id AS %(parent)s
  FROM %(table)s child
  JOIN %(parent_mapping)s parent ON parent.old_id = child.%(parent)s
            """,
            mapping=SQL.identifier(mapping),
            sequence=f"{table}_id_seq",
            parent=SQL.identifier(parent_column),
            table=SQL.identifier(table),
            parent_mapping=SQL.identifier(parent_mapping),
        )
    )


def _invoice_again(cr, kind, move_type, sign):
    """Each customer touched by ``kind`` gets a copy of its latest invoice,
    dated today, as ``move_type`` (``sign`` -1 turns it into a refund)."""
    _latest(
        cr,
        "bench_touch_move",
        "account_move",
        partner_column="commercial_partner_id",
        where=SQL("row.state = 'posted' AND row.move_type = 'out_invoice'"),
        kind=kind,
    )
    signed = (
        "amount_untaxed_signed",
        "amount_total_signed",
        "amount_residual_signed",
        "amount_tax_signed",
        "amount_untaxed_in_currency_signed",
        "amount_total_in_currency_signed",
    )
    _copy(
        cr,
        "account_move",
        "bench_touch_move",
        {
            "name": SQL("row.name || '-T'"),
            "move_type": SQL("%s", move_type),
            "date": SQL("CURRENT_DATE"),
            "invoice_date": SQL("CURRENT_DATE"),
            "invoice_date_due": SQL("CURRENT_DATE + 30"),
            **{
                column: SQL("%s * row.%s", sign, SQL.identifier(column))
                for column in signed
            },
            "create_date": NOW,
            "write_date": NOW,
        },
    )
    _children(
        cr, "bench_touch_line", "account_move_line", "move_id", "bench_touch_move"
    )
    flipped = "CASE WHEN %s > 0 THEN row.{0} ELSE row.{1} END"
    _copy(
        cr,
        "account_move_line",
        "bench_touch_line",
        {
            "move_name": SQL("row.move_name || '-T'"),
            "date": SQL("CURRENT_DATE"),
            "invoice_date": SQL("CURRENT_DATE"),
            "debit": SQL(flipped.format("debit", "credit"), sign),
            "credit": SQL(flipped.format("credit", "debit"), sign),
            "balance": SQL("%s * row.balance", sign),
            "amount_currency": SQL("%s * row.amount_currency", sign),
            "create_date": NOW,
            "write_date": NOW,
        },
    )
    cr.execute("DROP TABLE bench_touch_line; DROP TABLE bench_touch_move")


def _reassign(env):
    """Each customer touched gets the salesperson of the next one (the last
    the first's), through the ORM, which records the owners."""
    env.cr.execute(touched_sql("reassigned"))
    partners = env["res.partner"].browse(row[0] for row in env.cr.fetchall())
    owners = [partner.user_id.id for partner in partners]
    for partner, user_id in zip(partners, owners[1:] + owners[:1], strict=True):
        if user_id and user_id != partner.user_id.id:
            partner.write({"user_id": user_id})


def _answer_again(cr):
    """Each customer touched answers its latest survey again, now."""
    _latest(
        cr,
        "bench_touch_input",
        "survey_user_input",
        partner_column="partner_id",
        where=SQL("row.state = 'done' AND NOT row.test_entry"),
        kind="answered",
    )
    _copy(
        cr,
        "survey_user_input",
        "bench_touch_input",
        {
            "access_token": SQL("md5(random()::text || row.id)"),
            "invite_token": SQL("NULL::text"),
            "start_datetime": SQL("%s - interval '4 minutes'", NOW),
            "end_datetime": NOW,
            "create_date": NOW,
            "write_date": NOW,
        },
    )
    _children(
        cr,
        "bench_touch_answer",
        "survey_user_input_line",
        "user_input_id",
        "bench_touch_input",
    )
    _copy(
        cr,
        "survey_user_input_line",
        "bench_touch_answer",
        {"create_date": NOW, "write_date": NOW},
    )
    cr.execute("DROP TABLE bench_touch_answer; DROP TABLE bench_touch_input")


def _complain_again(cr):
    """Each customer touched files a new complaint, like its latest, now."""
    _latest(
        cr,
        "bench_touch_claim",
        "crm_claim",
        partner_column="partner_id",
        where=SQL("TRUE"),
        kind="complained",
    )
    _copy(
        cr,
        "crm_claim",
        "bench_touch_claim",
        {
            "date": NOW,
            "stage_id": SQL(
                "(SELECT id FROM crm_claim_stage ORDER BY sequence, id LIMIT 1)"
            ),
            "date_first_response": SQL("NULL::timestamp"),
            "date_resolved": SQL("NULL::timestamp"),
            "response_hours": SQL("0"),
            "resolution_hours": SQL("0"),
            "response_deadline": SQL(
                "%s + interval '1 hour' * row.response_target_hours", NOW
            ),
            "resolution_deadline": SQL(
                "%s + interval '1 hour' * row.resolution_target_hours", NOW
            ),
            "response_met": SQL("TRUE"),
            "resolution_met": SQL("TRUE"),
            "sla_state": SQL("'on_track'"),
            "create_date": NOW,
            "write_date": NOW,
        },
    )
    cr.execute("DROP TABLE bench_touch_claim")


def touch_one_percent(env):
    """Write a day's changes on 1 % of the customers (see the module)."""
    cr = env.cr
    env.flush_all()
    _invoice_again(cr, "invoiced", "out_invoice", 1)
    _invoice_again(cr, "refunded", "out_refund", -1)
    _answer_again(cr)
    _complain_again(cr)
    _reassign(env)
    env.flush_all()
    env.invalidate_all()
