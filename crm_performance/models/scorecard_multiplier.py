# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a salesperson's scorecard turns into a commission multiplier.

Pure functions, without Odoo: the commission periods apply them to the few
rows of a period's per-salesperson summaries.

- The *score* is the total score of the salesperson's scorecard of the
  period, 0 to 100 (:mod:`.scorecard_rules`).
- *Bands* map it to a multiplier as the satisfaction multiplier's bands map
  a satisfaction score: each band starts at its score (included) and runs
  to the next band's start; below the first band, the first band's
  multiplier.
- The multiplier stays between the plan's floor and cap.
- Without a scorecard in the period, or with a scorecard on which no
  metric could be measured, the multiplier is neutral (1).
"""

from dataclasses import dataclass

from .satisfaction_multiplier import NEUTRAL, band_multiplier


@dataclass(frozen=True)
class ScorecardRule:
    """A plan's scorecard rule: ``bands`` of (score from, multiplier)."""

    bands: tuple
    floor: float
    cap: float


def scorecard_multiplier(score, rule):
    """The multiplier of a scorecard ``score`` (None: no scorecard)."""
    if score is None:
        return NEUTRAL
    return min(max(band_multiplier(score, rule.bands), rule.floor), rule.cap)
