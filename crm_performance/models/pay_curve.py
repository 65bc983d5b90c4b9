# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a salesperson's target attainment turns their commission into a payout.

Pure functions, without Odoo: the commission plans apply them to the few
rows of a period's per-salesperson summaries; tested on their own in
tests/test_pay_curve.py.

- *Attainment* is the salesperson's commission base over their target, in %.
- *Steps* are bands of attainment, from (included) to (excluded; none for
  the last, open band), each with a multiplier. ``whole`` applies the
  multiplier of the band the attainment reached to all the commission;
  ``marginal`` applies each band's multiplier to the part of the commission
  earned while the attainment was in that band, as income-tax brackets do.
- *Levels* are attainment points with a multiplier; between two points the
  multiplier is interpolated linearly, below the first and above the last it
  stays at theirs.
- A *cap* limits the multiplier, the payout, or both.

Without a target (or a commission of zero or less: refunds that exceed the
sales) the curve does not apply: the multiplier is 1; a payout cap still
does.
"""

from dataclasses import dataclass
from itertools import pairwise

STEPS = "steps"
LEVELS = "levels"
MARGINAL = "marginal"
WHOLE = "whole"


@dataclass(frozen=True)
class Band:
    """Steps: attainment from ``from_pct`` (included) to ``to_pct`` (excluded,
    None for no end); levels: the point ``from_pct`` (``to_pct`` unused)."""

    from_pct: float
    to_pct: float | None
    multiplier: float


@dataclass(frozen=True)
class PayCurve:
    """A plan's curve: ``kind`` None, :data:`STEPS` or :data:`LEVELS`."""

    kind: str | None = None
    step_mode: str = MARGINAL
    bands: tuple = ()
    max_multiplier: float | None = None
    max_amount: float | None = None


@dataclass(frozen=True)
class Payout:
    """The multiplier the curve gave (after a multiplier cap), the payout,
    and whether a cap lowered it."""

    multiplier: float
    amount: float
    capped: bool


def attainment_pct(base, target):
    """``base`` over ``target`` in %; None without a positive target."""
    if not target or target <= 0:
        return None
    return base / target * 100.0


def step_problem(bands):
    """Why these steps do not cover attainment from 0 % without gap or
    overlap: ``("start", band)``, ``("open", band)`` (an open band before
    the last), ``("empty", band)``, ``("gap", band, next_band)`` or
    ``("overlap", band, next_band)``; None when they do."""
    ordered = sorted(bands, key=lambda band: band.from_pct)
    if ordered and ordered[0].from_pct != 0:
        return ("start", ordered[0])
    for band, next_band in pairwise([*ordered, None]):
        problem = _band_problem(band, next_band)
        if problem:
            return problem
    return None


def _band_problem(band, next_band):
    """What is wrong with ``band`` followed by ``next_band`` (None: the last)."""
    if band.to_pct is None:
        return None if next_band is None else ("open", band)
    if band.to_pct <= band.from_pct:
        return ("empty", band)
    if next_band is None or next_band.from_pct == band.to_pct:
        return None
    kind = "gap" if next_band.from_pct > band.to_pct else "overlap"
    return (kind, band, next_band)


def whole_multiplier(attainment, bands):
    """The multiplier of the band ``attainment`` reached (1 in no band)."""
    for band in bands:
        if band.from_pct <= attainment and (
            band.to_pct is None or attainment < band.to_pct
        ):
            return band.multiplier
    return 1.0


def marginal_multiplier(attainment, bands):
    """The mean multiplier when each band's multiplier applies to the part of
    the commission earned while attainment was in that band."""
    ordered = sorted(bands, key=lambda band: band.from_pct)
    if attainment <= 0:
        return ordered[0].multiplier
    weighted = 0.0
    for band in ordered:
        end = attainment if band.to_pct is None else min(band.to_pct, attainment)
        if end > band.from_pct:
            weighted += (end - band.from_pct) * band.multiplier
    return weighted / attainment


def level_multiplier(attainment, bands):
    """The multiplier interpolated linearly between the two levels around
    ``attainment``; flat below the first level and above the last."""
    ordered = sorted(bands, key=lambda band: band.from_pct)
    if attainment <= ordered[0].from_pct:
        return ordered[0].multiplier
    for low, high in pairwise(ordered):
        if attainment <= high.from_pct:
            share = (attainment - low.from_pct) / (high.from_pct - low.from_pct)
            return low.multiplier + share * (high.multiplier - low.multiplier)
    return ordered[-1].multiplier


def curve_multiplier(attainment, curve):
    """The curve's multiplier at ``attainment`` (1 without a curve or target)."""
    if attainment is None or not curve.kind or not curve.bands:
        return 1.0
    if curve.kind == LEVELS:
        return level_multiplier(attainment, curve.bands)
    if curve.step_mode == WHOLE:
        return whole_multiplier(attainment, curve.bands)
    return marginal_multiplier(attainment, curve.bands)


def payout(commission, attainment, curve):
    """What ``commission`` pays at ``attainment`` on ``curve``: a :class:`Payout`."""
    if commission <= 0:
        return Payout(1.0, commission, False)
    multiplier = curve_multiplier(attainment, curve)
    capped = False
    if curve.max_multiplier is not None and multiplier > curve.max_multiplier:
        multiplier, capped = curve.max_multiplier, True
    amount = commission * multiplier
    if curve.max_amount is not None and amount > curve.max_amount:
        amount, capped = curve.max_amount, True
    return Payout(multiplier, amount, capped)
