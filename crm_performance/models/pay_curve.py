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


def multiplier_at(attainment, curve):
    """The multiplier a commission gets at ``attainment`` on ``curve``, its
    multiplier cap applied (the payout cap depends on the amount)."""
    return payout(1.0, attainment, curve).multiplier


def first_reaching(curve, multiplier, upto=400.0, step=0.5):
    """The lowest attainment in % (by ``step``, up to ``upto``) at which
    ``curve`` pays at least ``multiplier``; None if it never does."""
    points = round(upto / step)
    for index in range(points + 1):
        attainment = index * step
        if multiplier_at(attainment, curve) >= multiplier - 1e-9:
            return attainment
    return None


def chart_svg(curve, labels, upto=200.0, width=480, height=220):
    """An SVG line chart of the multiplier against attainment from 0 to
    ``upto`` %, with the lines of 100 % attainment and multiplier 1;
    ``labels`` gives the axes' titles, already translated."""
    margin_left, margin_bottom, margin_top, margin_right = 44, 30, 10, 10
    plot_w = width - margin_left - margin_right
    plot_h = height - margin_top - margin_bottom
    steps = 80
    points = [
        (upto * index / steps, multiplier_at(upto * index / steps, curve))
        for index in range(steps + 1)
    ]
    top = max(2.0, max(value for _x, value in points) * 1.1)

    def x_of(attainment):
        return margin_left + plot_w * attainment / upto

    def y_of(value):
        return margin_top + plot_h * (1 - value / top)

    line = " ".join(f"{x_of(x):.1f},{y_of(y):.1f}" for x, y in points)
    ticks_x = "".join(
        f'<text x="{x_of(pct):.1f}" y="{height - 12}" font-size="10" '
        f'text-anchor="middle">{pct:g} %</text>'
        for pct in (0, 50, 100, 150, 200)
        if pct <= upto
    )
    ticks_y = "".join(
        f'<text x="{margin_left - 4}" y="{y_of(value) + 3:.1f}" font-size="10" '
        f'text-anchor="end">\N{MULTIPLICATION SIGN}{value:g}</text>'
        for value in (0, 0.5, 1.0, 1.5, 2.0)
        if value <= top
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" role="img" aria-label="{labels["title"]}">'
        f'<rect x="{margin_left}" y="{margin_top}" width="{plot_w}" '
        f'height="{plot_h}" fill="none" stroke="#ccc"/>'
        f'<line x1="{x_of(100):.1f}" y1="{margin_top}" x2="{x_of(100):.1f}" '
        f'y2="{margin_top + plot_h}" stroke="#999" stroke-dasharray="4 3"/>'
        f'<line x1="{margin_left}" y1="{y_of(1):.1f}" '
        f'x2="{margin_left + plot_w}" y2="{y_of(1):.1f}" stroke="#999" '
        f'stroke-dasharray="4 3"/>'
        f'<polyline points="{line}" fill="none" stroke="#714B67" stroke-width="2"/>'
        f"{ticks_x}{ticks_y}"
        f'<text x="{margin_left + plot_w / 2:.1f}" y="{height - 1}" font-size="10" '
        f'text-anchor="middle">{labels["x"]}</text>'
        "</svg>"
    )
