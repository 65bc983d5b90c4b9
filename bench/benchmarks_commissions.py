# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the commission periods; importing this module registers them.

The data is :mod:`bench.data_commissions`'s: 200 salespeople, the benchmark
month's share of the bench invoice lines plus 200 000 more, key accounts
split 60/40. Each run's untimed setup creates the plans (the four kinds of
rate rule, a pay curve, the NPS satisfaction multiplier) and the month's
draft period; the timed run computes it: the commission lines in one
statement, then the per-salesperson summaries. The second benchmark times a
recompute of the same period with nothing changed, whose note must say
``0 rows written``. The third times the lines' statement alone, its rows
written to a temporary table without index or foreign key: what reading
and computing the lines costs, apart from storing them. The fourth, the
storing floor, times a bulk insert of the same month's lines into a table
like the line table with its indexes (no foreign key): the least that
storing them can cost. All are compared,
besides ``baseline_sql_group_by``, with
``sql_commission_base_per_salesperson``: the bare aggregate over the same
month's lines, measured in the same run (the issue's bound: 3x).
"""

from odoo import fields
from odoo.tools import SQL

from .benchmarks import POSTED_CUSTOMER_LINES, benchmark
from .data_commission_sizes import SIZES, size_company
from .data_commissions import (
    benchmark_month_bounds,
    create_commission_plans,
)

REFERENCE = "sql_commission_base_per_salesperson"


def _month_base_per_salesperson(env, company):
    """The bare aggregate of ``company``'s benchmark month: its posted
    customer invoice lines per salesperson."""
    date_from, date_to = benchmark_month_bounds(env)
    env.cr.execute(
        SQL(
            """
            SELECT move.invoice_user_id, sum(aml.balance), count(*)
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
             WHERE %s
               AND move.company_id = %s
               AND move.invoice_date BETWEEN %s AND %s
             GROUP BY move.invoice_user_id
            """,
            POSTED_CUSTOMER_LINES,
            company.id,
            date_from,
            date_to,
        )
    )
    return sum(row[2] for row in env.cr.fetchall())


def compute_periods(periods):
    """Compute ``periods``; the rows written (an error if any failed)."""
    result = periods._recompute(periods.company_id)
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))
    return result.written


def _computed_once(env):
    compute_periods(create_commission_plans(env))


def _commission_lines(env, periods, written):
    lines = env["crm.commission.line"].search_count([("period_id", "in", periods.ids)])
    return lines, f"{written:,} rows written"


@benchmark(REFERENCE, requires=("crm_performance",))
def sql_commission_base_per_salesperson(env):
    """Bare SQL GROUP BY of the benchmark month's posted customer invoice
    lines per salesperson: the reference of the commission benchmarks."""
    return _month_base_per_salesperson(env, env.company)


@benchmark(
    "commission_period_compute",
    requires=("crm_performance",),
    setup=create_commission_plans,
    reference=REFERENCE,
)
def commission_period_compute(env):
    """The benchmark month's commissions of 200 salespeople, first computation."""
    periods = env["crm.commission.period"].search([("state", "=", "draft")])
    return _commission_lines(env, periods, compute_periods(periods))


def _planned_then_computed(env):
    """The plans committed, then the month computed once and committed: as
    a company configures its plans one day and computes the month later."""
    periods = create_commission_plans(env)
    env.cr.commit()
    compute_periods(periods)


def _delete_commissions(env):
    """Back to the built database: no plan, period or commission row
    (truncated: a line's deletion would look up the lines made from it)."""
    env.cr.execute(
        """
        TRUNCATE crm_commission_line, crm_commission_summary_adjustment,
                 crm_commission_summary, crm_commission_period,
                 crm_commission_plan CASCADE;
        DELETE FROM crm_recompute_mark WHERE res_model = 'crm.commission.period';
        DELETE FROM mail_followers WHERE res_model = 'crm.commission.period';
        DELETE FROM mail_message WHERE model = 'crm.commission.period';
        """
    )


@benchmark(
    "commission_period_compute_unchanged",
    requires=("crm_performance",),
    setup=_planned_then_computed,
    setup_commits=True,
    teardown=_delete_commissions,
    reference=REFERENCE,
)
def commission_period_compute_unchanged(env):
    """The same month computed again the same day, nothing changed since
    its committed computation: no row written (issue 20's bar: at most the
    month's aggregate)."""
    periods = env["crm.commission.period"].search([("state", "=", "computed")])
    return _commission_lines(env, periods, compute_periods(periods))


@benchmark(
    "commission_lines_statement",
    requires=("crm_performance",),
    setup=create_commission_plans,
    reference=REFERENCE,
)
def commission_lines_statement(env):
    """The benchmark month's commission lines computed into a temporary table
    (as a locked period's preview is): the statement without the storing."""
    # the addons are importable once the registry is loaded
    from odoo.addons.crm_industrial.models.crm_company_recompute import (  # noqa: PLC0415
        heavy_statement_settings,
    )
    from odoo.addons.crm_performance.models import (  # noqa: PLC0415
        commission_adjustment_sql,
    )
    from odoo.addons.crm_performance.models import (  # noqa: PLC0415
        crm_commission_line_statement as statement,
    )

    period = env["crm.commission.period"].search([("state", "=", "draft")])
    env.cr.execute(commission_adjustment_sql.PREVIEW_TABLE)
    with heavy_statement_settings(env.cr, statement.LINES_WORK_MEM_MB):
        env["crm.commission.line"]._run_lines_query(
            period, fields.Date.today(), preview=True
        )
        env.cr.execute("SELECT count(*) FROM crm_commission_line_preview")
        rows = env.cr.fetchone()[0]
    return rows, "lines computed, none stored"


def _a_days_changes(env):
    """A day's changes after the month's committed computation: 1 % of the
    month's posted customer invoice lines (every hundredth) invoiced 10 %
    higher, stamped now; one customer of the month answers a survey again
    (its latest answer written now) and another is reassigned to another
    salesperson (through the ORM)."""
    date_from, date_to = benchmark_month_bounds(env)
    env.cr.execute(
        SQL(
            """
            UPDATE account_move_line aml
               SET balance = ROUND(aml.balance * 1.1, 2),
                   price_subtotal = ROUND(aml.price_subtotal * 1.1, 2),
                   write_date = NOW() AT TIME ZONE 'UTC'
              FROM account_move move
             WHERE move.id = aml.move_id
               AND %s
               AND move.company_id = %s
               AND move.invoice_date BETWEEN %s AND %s
               AND aml.id %% 100 = 0
            """,
            POSTED_CUSTOMER_LINES,
            env.company.id,
            date_from,
            date_to,
        )
    )
    env.cr.execute(
        SQL(
            """
            SELECT DISTINCT move.commercial_partner_id
              FROM account_move move
             WHERE move.company_id = %s
               AND move.state = 'posted'
               AND move.move_type = 'out_invoice'
               AND move.invoice_date BETWEEN %s AND %s
             ORDER BY 1
             LIMIT 2
            """,
            env.company.id,
            date_from,
            date_to,
        )
    )
    answered, reassigned = env["res.partner"].browse(
        [row[0] for row in env.cr.fetchall()]
    )
    env.cr.execute(
        SQL(
            "UPDATE survey_user_input SET write_date = NOW() AT TIME ZONE 'UTC'"
            " WHERE id = (SELECT id FROM survey_user_input"
            "             WHERE crm_partner_id = %s AND state = 'done'"
            "             ORDER BY id DESC LIMIT 1)",
            answered.id,
        )
    )
    other = env["res.users"].search(
        [("share", "=", False), ("id", "!=", reassigned.user_id.id)], limit=1
    )
    reassigned.write({"user_id": other.id})
    env.flush_all()
    env.registry.clear_cache()
    env.invalidate_all()


@benchmark(
    "commission_period_compute_daily",
    requires=("crm_performance",),
    setup=_planned_then_computed,
    setup_commits=True,
    touch=_a_days_changes,
    teardown=_delete_commissions,
    reference=REFERENCE,
)
def commission_period_compute_daily(env):
    """The month computed again after a day's changes (1 % of its invoice
    lines): issue 20's bar is 3x the month's aggregate, rows written in
    proportion to the change."""
    periods = env["crm.commission.period"].search([("state", "=", "computed")])
    return _commission_lines(env, periods, compute_periods(periods))


def _computed_once_and_floor_table(env):
    """The month computed once, and an empty table like the line table with
    its indexes (no foreign key, no trigger): where the floor is stored."""
    _computed_once(env)
    env.cr.execute(
        "CREATE TABLE bench_commission_line_floor "
        "(LIKE crm_commission_line INCLUDING DEFAULTS INCLUDING INDEXES)"
    )


@benchmark(
    "commission_lines_storing_floor",
    requires=("crm_performance",),
    setup=_computed_once_and_floor_table,
    reference=REFERENCE,
)
def commission_lines_storing_floor(env):
    """The month's commission lines, as the first computation stores them,
    bulk inserted into a table like the line table with its indexes: what
    storing them costs at the least (issue 20's bar: a first computation
    within twice this floor)."""
    env.cr.execute(
        "INSERT INTO bench_commission_line_floor "
        "SELECT * FROM crm_commission_line "
        " WHERE period_id IN (SELECT id FROM crm_commission_period "
        "                     WHERE state = 'computed')"
    )
    return env.cr.rowcount, "rows stored, indexes only"


# ---------------------------------------- the sizes customers have -----


def _register_size(size, customers, lines):
    reference = f"sql_commission_base_{size}"

    def base(env):
        return _month_base_per_salesperson(env, size_company(env, size))

    base.__doc__ = (
        f"Bare SQL GROUP BY of the {size} company's benchmark month ({lines:,} "
        f"posted customer invoice lines, {customers:,} customers) per salesperson."
    )
    benchmark(reference, requires=("crm_performance",))(base)

    def plans(env):
        create_commission_plans(env, size_company(env, size))

    def computed_once(env):
        compute_periods(create_commission_plans(env, size_company(env, size)))

    def compute(env):
        periods = env["crm.commission.period"].search(
            [("state", "=", "draft"), ("company_id", "=", size_company(env, size).id)]
        )
        return _commission_lines(env, periods, compute_periods(periods))

    compute.__doc__ = (
        f"The {size} company's month ({lines:,} invoice lines, 200 salespeople, "
        f"{customers:,} customers), first computation."
    )
    benchmark(
        f"commission_period_compute_{size}",
        requires=("crm_performance",),
        setup=plans,
        reference=reference,
    )(compute)

    def compute_unchanged(env):
        periods = env["crm.commission.period"].search(
            [
                ("state", "=", "computed"),
                ("company_id", "=", size_company(env, size).id),
            ]
        )
        return _commission_lines(env, periods, compute_periods(periods))

    compute_unchanged.__doc__ = (
        f"The {size} company's month computed again, nothing changed: no row written."
    )
    benchmark(
        f"commission_period_compute_{size}_unchanged",
        requires=("crm_performance",),
        setup=computed_once,
        reference=reference,
    )(compute_unchanged)


for _size, (_customers, _lines) in SIZES.items():
    _register_size(_size, _customers, _lines)
