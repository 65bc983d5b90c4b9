# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a salesperson's scorecard turns measured figures into a score.

Pure functions, without Odoo: the scorecards apply them to the few rows of
a period's salespeople; tested on their own in tests/test_scorecard_rules.py.

- *Achievement* compares a figure to its target, in %. When higher is
  better, it is the figure over the target (120 % for 12 against 10). When
  lower is better (complaints), 100 % at the target, 200 % at zero, 0 % at
  twice the target, linearly: ``100 * (2 - figure / target)``.
- *Points* are the achievement held between 0 and 100: doing better than
  the target earns no more than meeting it, so that one strong figure does
  not hide a weak one.
- The *score* is the weighted mean of the points of the measured metrics,
  0 to 100. A metric that could not be measured (not enough answers, no
  deliveries) is left out and the weights of the others are rescaled to
  100 %; with nothing measured there is no score.
"""

from dataclasses import dataclass

HIGHER = "higher"
LOWER = "lower"
MAX_POINTS = 100.0
# weights of a company's metrics add up to this, in %
TOTAL_WEIGHT = 100.0


def achievement_pct(actual, target, direction):
    """The achievement of ``actual`` against ``target`` (> 0), in %."""
    if target <= 0:
        raise ValueError(f"a scorecard target is above zero, not {target}")
    if direction == HIGHER:
        return 100.0 * actual / target
    if direction == LOWER:
        return 100.0 * (2.0 - actual / target)
    raise ValueError(f"a direction is {HIGHER!r} or {LOWER!r}, not {direction!r}")


def points(achievement):
    """The points of an achievement: between 0 and 100."""
    return min(max(achievement, 0.0), MAX_POINTS)


@dataclass(frozen=True)
class Weighted:
    """A metric's weight once rescaled over the measured metrics, and its
    share of the score; both 0 for a metric not measured."""

    effective_weight: float
    weighted_points: float


def score(metrics):
    """``metrics``: (weight, points or None when not measured) pairs.

    Returns the score (None when nothing was measured) and one
    :class:`Weighted` per metric, in order; the weighted points add up to
    the score.
    """
    measured_weight = sum(weight for weight, got in metrics if got is not None)
    if measured_weight <= 0:
        return None, [Weighted(0.0, 0.0) for _metric in metrics]
    weighted = []
    for weight, got in metrics:
        if got is None:
            weighted.append(Weighted(0.0, 0.0))
            continue
        effective = TOTAL_WEIGHT * weight / measured_weight
        weighted.append(Weighted(effective, got * effective / TOTAL_WEIGHT))
    return sum(item.weighted_points for item in weighted), weighted
