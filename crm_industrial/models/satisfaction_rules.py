# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules of customer satisfaction scores that need no database.

NPS: "How likely are you to recommend us?", 0 to 10. Promoters answer 9 or
10, passives 7 or 8, detractors 0 to 6; the NPS is the share of promoters
minus the share of detractors, in points from -100 to 100. CSAT: a rating
from 1 to 5, averaged. Every score comes with its margin of error at 95 %
confidence, which says how far the score may be from what all customers
would have answered; with fewer than two answers there is none.
"""

NPS_MIN = 0
NPS_MAX = 10
PROMOTER_MIN = 9
PASSIVE_MIN = 7
CSAT_MIN = 1
CSAT_MAX = 5
# a CSAT rating at or below this makes the answer a detractor's
CSAT_DETRACTOR_MAX = 2
# two-sided 95 % confidence
Z_95 = 1.96


def nps_category(value):
    """``promoter``, ``passive`` or ``detractor`` for an answer of 0 to 10."""
    if not NPS_MIN <= value <= NPS_MAX:
        raise ValueError(f"an NPS answer is between 0 and 10, not {value}")
    if value >= PROMOTER_MIN:
        return "promoter"
    if value >= PASSIVE_MIN:
        return "passive"
    return "detractor"


def is_detractor(nps, csat_values):
    """Whether an answer needs a follow-up: NPS 0 to 6, or any CSAT of 2 or less.

    ``nps`` is None when the NPS question was not answered.
    """
    if nps is not None and nps_category(nps) == "detractor":
        return True
    return any(value <= CSAT_DETRACTOR_MAX for value in csat_values)


def nps_score(promoters, detractors, count):
    """NPS of ``count`` answers: promoters minus detractors, in % of the answers."""
    if count <= 0:
        return None
    return 100.0 * (promoters - detractors) / count


def mean(values):
    """The average of ``values``; None when there are none."""
    values = list(values)
    if not values:
        return None
    return sum(values) / len(values)
