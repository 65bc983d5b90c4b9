# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The registry of benchmarks.

A benchmark is a function taking an Odoo ``env`` (its cursor is ``env.cr``)
and returning the number of rows it processed, or a ``(rows, note)`` tuple
whose note ("12 345 rows updated") is printed in the table. Register it::

    @benchmark("customer_profile_recompute", requires=("crm_industrial",))
    def customer_profile_recompute(env):
        return env["crm.customer.profile"]._recompute_all()

Each run happens in its own transaction, rolled back afterwards unless the
benchmark is registered with ``commits=True``; ``setup(env)``, when given,
runs first in that transaction and is not timed, or in a transaction of its
own that it commits with ``setup_commits=True`` (yesterday's run, say, as the
timed run would find it); ``touch(env)``, when given, runs after a committed
setup in the timed transaction, not timed (the day's changes, say, rolled
back with the run). ``teardown(env)``, when given, runs and commits
before and after every run, to put the database back as it was built.
``reference`` names a second benchmark to compare with (a bare aggregate
over the same rows, say): it runs too, and the note gives the ratio to it.
``requires`` lists the addons that must be installed; otherwise the benchmark
is reported as skipped.
"""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

from .touch import touch_one_percent

REGISTRY = {}


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: object
    description: str = ""
    commits: bool = False
    baseline: bool = False
    requires: tuple = field(default_factory=tuple)
    setup: object = None
    setup_commits: bool = False
    touch: object = None
    teardown: object = None
    reference: str = ""

    def missing_modules(self, env):
        """The required addons that are not installed in the database."""
        if not self.requires:
            return []
        installed = (
            env["ir.module.module"]
            .search([("name", "in", list(self.requires)), ("state", "=", "installed")])
            .mapped("name")
        )
        return [module for module in self.requires if module not in installed]


def benchmark(
    name,
    *,
    description="",
    commits=False,
    baseline=False,
    requires=(),
    setup=None,
    setup_commits=False,
    touch=None,
    teardown=None,
    reference="",
):
    """Register the decorated function as the benchmark ``name``."""

    def register(function):
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Benchmark(
            name=name,
            function=function,
            description=description or (function.__doc__ or "").strip(),
            commits=commits,
            baseline=baseline,
            requires=tuple(requires),
            setup=setup,
            reference=reference,
            setup_commits=setup_commits,
            touch=touch,
            teardown=teardown,
        )
        return function

    return register


def baseline_name():
    """The name of the one benchmark every other one is compared to."""
    names = [entry.name for entry in REGISTRY.values() if entry.baseline]
    if len(names) != 1:
        raise ValueError(f"exactly one baseline benchmark expected, got {names}")
    return names[0]


def unpack_result(result):
    """``(rows, note)`` from what a benchmark function returned."""
    if isinstance(result, tuple):
        rows, note = result
        return rows, note or ""
    return result, ""


# The posted customer invoice lines that every customer figure starts from.
POSTED_CUSTOMER_LINES = SQL(
    """
    aml.parent_state = 'posted'
    AND aml.display_type = 'product'
    AND move.move_type IN ('out_invoice', 'out_refund')
    """
)


# -------------------------------------------------------------- baseline ----


@benchmark("baseline_sql_group_by", baseline=True)
def baseline_sql_group_by(env):
    """Bare SQL GROUP BY of posted customer invoice lines per customer."""
    env.cr.execute(
        SQL(
            """
            SELECT move.commercial_partner_id,
                   sum(aml.balance), count(*), min(aml.date), max(aml.date)
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
             WHERE %s
             GROUP BY move.commercial_partner_id
            """,
            POSTED_CUSTOMER_LINES,
        )
    )
    return len(env.cr.fetchall())


# ------------------------------------------------------- reference points ---


@benchmark("orm_read_group_per_customer")
def orm_read_group_per_customer(env):
    """The same aggregate through the ORM's _read_group."""
    groups = env["account.move.line"]._read_group(
        [
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
        ],
        ["partner_id"],
        ["balance:sum", "__count", "date:min", "date:max"],
    )
    return len(groups)


@benchmark("sql_sale_margin_per_customer")
def sql_sale_margin_per_customer(env):
    """SQL GROUP BY of confirmed sale order lines per customer (margin)."""
    env.cr.execute(
        SQL(
            """
            SELECT so.partner_id, sum(sol.price_subtotal), sum(sol.margin),
                   count(DISTINCT so.id)
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
             WHERE so.state = 'sale'
             GROUP BY so.partner_id
            """
        )
    )
    return len(env.cr.fetchall())


@benchmark("sql_delivery_lateness_per_customer")
def sql_delivery_lateness_per_customer(env):
    """SQL service level per customer: done deliveries on time vs late."""
    env.cr.execute(
        SQL(
            """
            SELECT picking.partner_id, count(*),
                   count(*) FILTER (WHERE picking.date_done
                       > coalesce(picking.date_deadline, picking.scheduled_date))
              FROM stock_picking picking
              JOIN stock_picking_type picking_type
                ON picking_type.id = picking.picking_type_id
             WHERE picking_type.code = 'outgoing' AND picking.state = 'done'
             GROUP BY picking.partner_id
            """
        )
    )
    return len(env.cr.fetchall())


# ------------------------------------------------------- crm_industrial -----


def _recompute_customer_profiles(env, today=None):
    """Every company's profiles (value, ABC classes, RFM, lifecycle, history)
    and their retention work: the first steps of the nightly run."""
    profiles = env["crm.customer.profile"]
    today = today or fields.Date.context_today(env.user)
    written = 0
    for company in env["res.company"].search([("active", "=", True)]):
        written += profiles._recompute_profiles(company, today)
        written += profiles.env["mail.activity"]._crm_sync_retention_activities(
            company, today
        )
    return profiles.search_count([]), f"{written:,} rows written"


def _nightly_recompute(env, today=None):
    """The whole nightly run of every company: profiles, retention work,
    satisfaction scores and complaint figures, each company under its lock."""
    profiles = env["crm.customer.profile"]
    result = profiles._recompute(
        env["res.company"].search([("active", "=", True)]), today
    )
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))
    return profiles.search_count([]), f"{result.written:,} rows written"


def _nightly_recompute_yesterday(env):
    """Yesterday's whole run, the one tonight's follows."""
    _nightly_recompute(env, fields.Date.context_today(env.user) - relativedelta(days=1))


def _recompute_customer_profiles_yesterday(env):
    """Yesterday's run, the one the daily run follows."""
    yesterday = fields.Date.context_today(env.user) - relativedelta(days=1)
    _recompute_customer_profiles(env, yesterday)


def _delete_customer_profiles(env):
    """Back to the built database: no profile, history or retention activity."""
    env.cr.execute(
        """
        DELETE FROM mail_activity WHERE crm_retention_profile_id IS NOT NULL;
        DELETE FROM crm_customer_abc_history;
        DELETE FROM crm_lifecycle_history;
        DELETE FROM crm_customer_profile;
        DELETE FROM crm_recompute_mark WHERE res_model = 'crm.customer.profile';
        """
    )


def _delete_nightly_results(env):
    """Back to the built database: no profile, score or complaint figure."""
    _delete_customer_profiles(env)
    env.cr.execute(
        "DELETE FROM crm_satisfaction_score; DELETE FROM crm_complaint_score"
    )


@benchmark(
    "customer_profile_recompute",
    requires=("crm_industrial",),
    teardown=_delete_customer_profiles,
)
def customer_profile_recompute(env):
    """The first run ever: every customer's profile and history rows created."""
    return _recompute_customer_profiles(env)


@benchmark(
    "customer_profile_recompute_daily",
    requires=("crm_industrial",),
    setup=_recompute_customer_profiles_yesterday,
    setup_commits=True,
    teardown=_delete_customer_profiles,
)
def customer_profile_recompute_daily(env):
    """The daily scheduled run, after yesterday's run was committed."""
    return _recompute_customer_profiles(env)


@benchmark(
    "customer_profile_recompute_unchanged",
    requires=("crm_industrial",),
    setup=_recompute_customer_profiles,
    setup_commits=True,
    teardown=_delete_customer_profiles,
)
def customer_profile_recompute_unchanged(env):
    """The same recompute again with no data change: it must write no row."""
    return _recompute_customer_profiles(env)


@benchmark(
    "nightly_recompute_daily",
    requires=("crm_industrial",),
    setup=_nightly_recompute_yesterday,
    setup_commits=True,
    touch=touch_one_percent,
    teardown=_delete_nightly_results,
)
def nightly_recompute_daily(env):
    """The whole scheduled run, after yesterday's was committed and a day's
    changes on 1 % of the customers (new invoices, refunds, reassignments,
    survey answers and complaints: ``bench.touch``)."""
    return _nightly_recompute(env)


@benchmark(
    "nightly_recompute_unchanged",
    requires=("crm_industrial",),
    setup=_nightly_recompute,
    setup_commits=True,
    teardown=_delete_nightly_results,
)
def nightly_recompute_unchanged(env):
    """The whole scheduled run again the same day, nothing changed since
    (issue 20's bar: at most the baseline, no row written)."""
    return _nightly_recompute(env)


# ------------------------ voice of the customer, key accounts ------
# registered by their own modules, which use the decorator above
from . import (  # noqa: E402, F401
    benchmarks_churn,
    benchmarks_commissions,
    benchmarks_complaints,
    benchmarks_key_account_health,
    benchmarks_key_accounts,
    benchmarks_peer,
    benchmarks_satisfaction,
)
