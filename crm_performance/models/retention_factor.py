# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How keeping and winning valuable customers changes a salesperson's pay.

Pure functions, without Odoo: the commission periods apply them to the few
rows of a period's per-salesperson summaries; tested on their own in
tests/test_retention_factor.py.

- The *retention* is the share of the salesperson's A and B customers of
  the same period last year who bought again in this one.
- *Bands* map it to a factor of the commission, as the satisfaction
  multiplier's bands map a score: each band starts at its percentage
  (included) and runs to the next band's start; below the first band, the
  first band's factor. Without such customers the factor is neutral (1).
- A *bonus* per new customer that reached class B or better, a *penalty*
  per A customer lost to dormancy, both amounts of the plan.
"""

from dataclasses import dataclass

from .satisfaction_multiplier import NEUTRAL, band_multiplier


@dataclass(frozen=True)
class RetentionRule:
    """A plan's retention rule: ``bands`` of (retention % from, factor)."""

    bands: tuple
    new_customer_bonus: float
    dormancy_penalty: float


@dataclass(frozen=True)
class Retention:
    """The factor, bonus and penalty and every count they come from."""

    customer_count: int
    retained_count: int
    retention_pct: float | None
    factor: float
    bonus_count: int
    bonus_amount: float
    penalty_count: int
    penalty_amount: float


def retention_pct(customer_count, retained_count):
    """The retained customers over the customers counted, in %; None
    without customers."""
    if customer_count <= 0:
        return None
    return 100.0 * retained_count / customer_count


def retention(customer_count, retained_count, bonus_count, penalty_count, rule):
    """The :class:`Retention` of a salesperson who kept ``retained_count``
    of ``customer_count`` A and B customers, won ``bonus_count`` new
    customers of class B or better and lost ``penalty_count`` A customers
    to dormancy."""
    pct = retention_pct(customer_count, retained_count)
    factor = NEUTRAL if pct is None else band_multiplier(pct, rule.bands)
    return Retention(
        customer_count,
        retained_count,
        pct,
        factor,
        bonus_count,
        bonus_count * rule.new_customer_bonus,
        penalty_count,
        penalty_count * rule.dormancy_penalty,
    )
