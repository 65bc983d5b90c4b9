# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a key account's raw figures become a 0-100 health score.

Pure functions, without Odoo: each raw figure gives 0 to 100 points, the
score is the weighted mean of the components that have a figure (the others
are left out and the remaining weights rescaled), and the score falls in a
band. Tested on their own in tests/test_health_rules.py.
"""

# the health components, in the order the breakdown lists them
COMPONENTS = (
    "revenue_trend",
    "margin_trend",
    "share_of_wallet",
    "on_time_delivery",
    "complaint_service",
    "satisfaction",
    "engagement",
    "plan_progress",
    "overdue_receivables",
)

# the default weight of each health component, in %: they sum to 100
DEFAULT_HEALTH_WEIGHTS = {
    "revenue_trend": 15,
    "margin_trend": 10,
    "share_of_wallet": 15,
    "on_time_delivery": 15,
    "complaint_service": 10,
    "satisfaction": 10,
    "engagement": 10,
    "plan_progress": 10,
    "overdue_receivables": 5,
}

# a trend of -50 % or worse gives 0 points, +50 % or better 100, flat 50
TREND_SPAN_PCT = 50.0
# each percentage point below the target costs this many points
POINTS_PER_PCT_BELOW_TARGET = 5.0
# an executive contact this recent gives 100 points, this old or older 0
CONTACT_FRESH_DAYS = 30
CONTACT_STALE_DAYS = 180
# each percentage point of the open receivable that is overdue costs 2 points
POINTS_PER_OVERDUE_PCT = 2.0


def clamp(points):
    """``points`` held between 0 and 100."""
    return max(0.0, min(100.0, float(points)))


def trend_points(trend_pct):
    """Points of a trend in %: -50 % or worse 0, flat 50, +50 % or better 100."""
    if trend_pct is None:
        return None
    return clamp(50.0 + 50.0 * trend_pct / TREND_SPAN_PCT)


def share_of_wallet_points(share_pct):
    """Points of a share of wallet in %: the share itself, at most 100."""
    if share_pct is None:
        return None
    return clamp(share_pct)


def against_target_points(rate_pct, target_pct):
    """Points of a rate in % against its target in %.

    100 at or above the target, 5 points less for each percentage point
    below it (0 at 20 points below).
    """
    if rate_pct is None or target_pct is None:
        return None
    shortfall = max(0.0, target_pct - rate_pct)
    return clamp(100.0 - POINTS_PER_PCT_BELOW_TARGET * shortfall)


def nps_points(nps):
    """Points of an NPS (-100 to 100): -100 is 0, 0 is 50, 100 is 100."""
    if nps is None:
        return None
    return clamp((nps + 100.0) / 2.0)


def csat_points(csat):
    """Points of a CSAT (1 to 5): 1 is 0, 5 is 100."""
    if csat is None:
        return None
    return clamp((csat - 1.0) * 25.0)


def mean_points(*points):
    """Plain mean of the points that are known; ``None`` if none is."""
    known = [value for value in points if value is not None]
    if not known:
        return None
    return sum(known) / len(known)


def contact_points(days):
    """Points of the days since the last executive contact.

    100 within 30 days, 0 after 180 days, linear in between.
    """
    if days is None:
        return None
    if days <= CONTACT_FRESH_DAYS:
        return 100.0
    return clamp(
        100.0 * (CONTACT_STALE_DAYS - days) / (CONTACT_STALE_DAYS - CONTACT_FRESH_DAYS)
    )


def overdue_points(overdue, open_amount):
    """Points of the overdue part of the open receivable.

    No open receivable gives 100; each percentage point overdue costs 2
    points (0 when half of it or more is overdue).
    """
    if open_amount is None:
        return None
    if open_amount <= 0:
        return 100.0
    overdue_pct = 100.0 * max(0.0, overdue or 0.0) / open_amount
    return clamp(100.0 - POINTS_PER_OVERDUE_PCT * overdue_pct)


def weighted_score(components):
    """Score of ``{component: (weight, points)}``, and each effective weight.

    Components without points (``None``) or without weight are left out;
    the others' weights are rescaled to sum to 100. Returns ``(score,
    {component: effective weight})``, the score ``None`` when nothing is left.
    """
    known = {
        name: (weight, points)
        for name, (weight, points) in components.items()
        if points is not None and weight > 0
    }
    total = sum(weight for weight, _points in known.values())
    if not total:
        return None, {}
    effective = {name: 100.0 * weight / total for name, (weight, _p) in known.items()}
    score = sum(effective[name] * points for name, (_w, points) in known.items())
    return score / 100.0, effective


def coverage_pct(components):
    """The share, in %, of the weight of ``{component: (weight, points)}``
    that was measured (has points): how much of the score rests on data."""
    total = sum(weight for weight, _points in components.values() if weight > 0)
    if not total:
        return 0.0
    measured = sum(
        weight
        for weight, points in components.values()
        if weight > 0 and points is not None
    )
    return 100.0 * measured / total


def band(score, green_from, red_below, coverage=100.0, min_coverage=0.0):
    """'green' from ``green_from`` up, 'red' below ``red_below``, else
    'yellow'; no band (None) for a score resting on less than
    ``min_coverage`` % of the weight: too little was measured to colour it."""
    if score is None or coverage < min_coverage:
        return None
    if score >= green_from:
        return "green"
    if score < red_below:
        return "red"
    return "yellow"


def weights_valid(weights):
    """The weights are each between 0 and 100 and sum to 100."""
    return all(0 <= weight <= 100 for weight in weights) and (
        abs(sum(weights) - 100.0) < 0.005
    )
