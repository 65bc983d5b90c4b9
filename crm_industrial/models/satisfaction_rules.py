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

import math

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


def nps_margin_of_error(promoters, detractors, count):
    """Margin of error of an NPS at 95 %, in points; None under two answers.

    Each answer scores +1 (promoter), 0 (passive) or -1 (detractor); the NPS
    is 100 times their mean. With the shares p and d, the variance of one
    answer is p + d - (p - d)²: the margin is 1.96 x 100 x sqrt(variance / n).
    """
    if count < 2:
        return None
    promoter_share = promoters / count
    detractor_share = detractors / count
    variance = (
        promoter_share + detractor_share - (promoter_share - detractor_share) ** 2
    )
    return Z_95 * 100.0 * math.sqrt(max(variance, 0.0) / count)


def mean(values):
    """The average of ``values``; None when there are none."""
    values = list(values)
    if not values:
        return None
    return sum(values) / len(values)


def csat_margin_of_error(values):
    """Margin of error of a CSAT average at 95 %; None under two answers.

    1.96 x s / sqrt(n), s being the sample standard deviation (n - 1).
    """
    values = list(values)
    count = len(values)
    if count < 2:
        return None
    average = sum(values) / count
    variance = sum((value - average) ** 2 for value in values) / (count - 1)
    return Z_95 * math.sqrt(variance) / math.sqrt(count)
