# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the commission periods; importing this module registers them.

Each run's untimed setup puts every salesperson on a commission plan (see
:mod:`bench.data_commissions`) and creates the last full month's period;
the timed run computes it: the commission lines of the month's invoice
lines in one statement per company, then the per-salesperson summaries.
The second benchmark times a recompute of the same period with nothing
changed, whose note must say ``0 rows written``.
"""

from .benchmarks import benchmark
from .data_commissions import create_commission_plans


def _compute(periods):
    result = periods._recompute(periods.company_id)
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))
    return result.written


def _periods(env):
    return env["crm.commission.period"].search([("state", "=", "draft")])


def _computed_once(env):
    _compute(create_commission_plans(env))


def _commission_lines(env, written):
    lines = env["crm.commission.line"].search_count([])
    return lines, f"{written:,} rows written"


@benchmark(
    "commission_period_compute",
    requires=("crm_performance",),
    setup=create_commission_plans,
)
def commission_period_compute(env):
    """The last full month's commissions, first computation."""
    return _commission_lines(env, _compute(_periods(env)))


@benchmark(
    "commission_period_compute_unchanged",
    requires=("crm_performance",),
    setup=_computed_once,
)
def commission_period_compute_unchanged(env):
    """The same month computed again, nothing changed: no row written."""
    periods = env["crm.commission.period"].search([("state", "=", "computed")])
    return _commission_lines(env, _compute(periods))
