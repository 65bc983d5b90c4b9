# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a salesperson's customer satisfaction turns into a commission multiplier.

Pure functions, without Odoo: the commission periods apply them to the few
rows of a period's per-salesperson summaries; tested on their own in
tests/test_satisfaction_multiplier.py.

- The salesperson's *score* is the NPS (-100 to 100) or CSAT (1 to 5) of
  their customers, each customer's own score weighted by its revenue.
- A small sample must not swing pay: the score is pulled toward the team's
  by *credibility weighting*, weight n / (n + k) on the salesperson's own
  score for n answers, the rest on the team's. With fewer answers than the
  minimum, the multiplier is neutral (1).
- *Bands* map the credible score to a multiplier: each band starts at its
  score (included) and runs to the next band's start; scores below the
  first band take the first band's multiplier.
- The multiplier stays between the plan's floor and cap.
"""

from bisect import bisect_right
from dataclasses import dataclass

# two-sided 95 % confidence, as the satisfaction scores of crm_industrial
Z_95 = 1.96
NEUTRAL = 1.0


@dataclass(frozen=True)
class SatisfactionRule:
    """A plan's satisfaction rule: ``bands`` of (score from, multiplier)."""

    min_answers: int
    credibility_k: float
    bands: tuple
    floor: float
    cap: float


@dataclass(frozen=True)
class Satisfaction:
    """The multiplier and every input it was worked out from."""

    answer_count: int
    score: float | None
    team_score: float | None
    weight: float
    credible_score: float | None
    multiplier: float
    neutral: bool


def credibility_weight(answer_count, credibility_k):
    """n / (n + k): how much of the salesperson's own score counts."""
    if answer_count <= 0:
        return 0.0
    return answer_count / (answer_count + credibility_k)


def band_multiplier(score, bands):
    """The multiplier of the band ``score`` falls in; 1 without bands."""
    if not bands:
        return NEUTRAL
    bands = sorted(bands)
    starts = [start for start, _multiplier in bands]
    index = max(bisect_right(starts, score) - 1, 0)
    return bands[index][1]


def margin_of_error(kind, answer_count, points_sum, points_sum_sq):
    """Margin of error at 95 % of the mean of the answers' points (NPS
    points are +100, 0 or -100; CSAT points the 1-5 rating), unweighted;
    None under two answers: 1.96 x s / sqrt(n), s the sample deviation.

    For NPS it is the margin of crm_industrial's satisfaction rules: with
    shares p and d of promoters and detractors the points' variance is
    100² (p + d - (p - d)²), up to the n / (n - 1) of a sample.
    """
    if answer_count < 2:
        return None
    mean = points_sum / answer_count
    variance = max(points_sum_sq - answer_count * mean * mean, 0.0)
    if kind == "nps":
        # the population variance, as crm_industrial's NPS margin
        deviation = (variance / answer_count) ** 0.5
    else:
        deviation = (variance / (answer_count - 1)) ** 0.5
    return Z_95 * deviation / answer_count**0.5


def satisfaction_multiplier(answer_count, score, team_score, rule):
    """The :class:`Satisfaction` of a salesperson with ``answer_count``
    answers and revenue-weighted ``score``, in a team scoring
    ``team_score`` (None: no team answers, the own score stands alone)."""
    weight = credibility_weight(answer_count, rule.credibility_k)
    if score is None:
        credible = None
    elif team_score is None:
        credible = score
    else:
        credible = weight * score + (1 - weight) * team_score
    if credible is None or answer_count < rule.min_answers:
        return Satisfaction(
            answer_count, score, team_score, weight, credible, NEUTRAL, True
        )
    multiplier = band_multiplier(credible, rule.bands)
    multiplier = min(max(multiplier, rule.floor), rule.cap)
    return Satisfaction(
        answer_count, score, team_score, weight, credible, multiplier, False
    )
