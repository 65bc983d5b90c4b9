# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission pay curve, worked out by hand.

The commission periods apply it to each salesperson's summary
(crm_performance/tests/test_commission_period.py checks one story end to end).
"""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; its pay-curve module does not
CURVE_PATH = (
    Path(__file__).resolve().parent.parent / "crm_performance/models/pay_curve.py"
)
spec = importlib.util.spec_from_file_location("pay_curve", CURVE_PATH)
pay_curve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pay_curve)

Band = pay_curve.Band
PayCurve = pay_curve.PayCurve

# below 80 % half rate, 80-100 % full rate, from 100 % one and a half
STEPS = (
    Band(0, 80, 0.5),
    Band(80, 100, 1.0),
    Band(100, None, 1.5),
)
# nothing at 0 %, half at 50 %, full at 100 %, double at 150 %
LEVELS = (
    Band(0, None, 0.0),
    Band(50, None, 0.5),
    Band(100, None, 1.0),
    Band(150, None, 2.0),
)


def steps(mode, **cap):
    return PayCurve(kind=pay_curve.STEPS, step_mode=mode, bands=STEPS, **cap)


def test_attainment():
    assert pay_curve.attainment_pct(1_200, 1_000) == pytest.approx(120.0)
    assert pay_curve.attainment_pct(1_200, 0) is None
    assert pay_curve.attainment_pct(1_200, None) is None


@pytest.mark.parametrize(
    ("attainment", "multiplier"),
    [
        (0, 0.5),
        (79.99, 0.5),
        (80, 1.0),  # a band's start is in it
        (99.99, 1.0),
        (100, 1.5),  # a band's end is in the next one
        (250, 1.5),
    ],
)
def test_whole_applies_the_band_reached_to_everything(attainment, multiplier):
    assert pay_curve.curve_multiplier(attainment, steps("whole")) == multiplier


@pytest.mark.parametrize(
    ("attainment", "multiplier"),
    [
        # 80 x 0.5 / 80
        (80, 0.5),
        # (80 x 0.5 + 20 x 1.0) / 100 = (40 + 20) / 100
        (100, 0.6),
        # (40 + 20 + 20 x 1.5) / 120 = 90 / 120
        (120, 0.75),
        # 40 x 0.5 / 40: all in the first band
        (40, 0.5),
    ],
)
def test_marginal_applies_each_band_to_its_part(attainment, multiplier):
    curve = steps("marginal")
    assert pay_curve.curve_multiplier(attainment, curve) == pytest.approx(multiplier)


def test_marginal_and_whole_at_the_same_attainment():
    """1 000 of commission at 120 %: whole 1 000 x 1.5 = 1 500; marginal
    1 000 x 80/120 x 0.5 + 1 000 x 20/120 x 1 + 1 000 x 20/120 x 1.5
    = 333.33 + 166.67 + 250 = 750."""
    assert pay_curve.payout(1_000, 120, steps("whole")).amount == pytest.approx(1_500)
    assert pay_curve.payout(1_000, 120, steps("marginal")).amount == pytest.approx(750)


@pytest.mark.parametrize(
    ("attainment", "multiplier"),
    [
        (0, 0.0),
        (25, 0.25),  # halfway from 0 to 0.5
        (75, 0.75),  # halfway from 0.5 to 1.0
        (100, 1.0),  # on a level
        (125, 1.5),  # halfway from 1.0 to 2.0
        (140, 1.8),  # 1.0 + 40/50 x 1.0
        (150, 2.0),
        (200, 2.0),  # flat above the last level
    ],
)
def test_levels_interpolate(attainment, multiplier):
    curve = PayCurve(kind=pay_curve.LEVELS, bands=LEVELS)
    assert pay_curve.curve_multiplier(attainment, curve) == pytest.approx(multiplier)


def test_levels_flat_below_the_first_level():
    curve = PayCurve(kind=pay_curve.LEVELS, bands=LEVELS[1:])
    assert pay_curve.curve_multiplier(10, curve) == 0.5


def test_cap_on_the_multiplier():
    """Whole at 130 % gives 1.5, capped at 1.2: 800 x 1.2 = 960."""
    result = pay_curve.payout(800, 130, steps("whole", max_multiplier=1.2))
    assert result == pay_curve.Payout(1.2, pytest.approx(960), True)


def test_cap_on_the_payout():
    """800 x 1.5 = 1 200, capped at 1 000."""
    result = pay_curve.payout(800, 130, steps("whole", max_amount=1_000))
    assert result == pay_curve.Payout(1.5, 1_000, True)


def test_cap_not_reached():
    """800 x 1.0 at 90 % = 800: neither cap is reached."""
    curve = steps("whole", max_multiplier=1.2, max_amount=1_000)
    assert pay_curve.payout(800, 90, curve) == pay_curve.Payout(1.0, 800, False)


def test_without_target_the_curve_does_not_apply_but_the_cap_does():
    assert pay_curve.payout(500, None, steps("whole")) == pay_curve.Payout(
        1.0, 500, False
    )
    assert pay_curve.payout(500, None, steps("whole", max_amount=400)) == (
        pay_curve.Payout(1.0, 400, True)
    )


def test_without_curve():
    assert pay_curve.payout(500, 130, PayCurve()) == pay_curve.Payout(1.0, 500, False)


def test_refunds_above_sales_are_not_multiplied():
    assert pay_curve.payout(-200, 130, steps("whole")) == pay_curve.Payout(
        1.0, -200, False
    )


def test_steps_without_gap_or_overlap():
    assert pay_curve.step_problem(STEPS) is None
    assert pay_curve.step_problem(tuple(reversed(STEPS))) is None
    assert pay_curve.step_problem(()) is None


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ((Band(10, None, 1.0),), "start"),
        ((Band(0, 80, 0.5), Band(90, None, 1.0)), "gap"),
        ((Band(0, 80, 0.5), Band(70, None, 1.0)), "overlap"),
        ((Band(0, None, 0.5), Band(80, None, 1.0)), "open"),
        ((Band(0, 50, 0.5), Band(50, 50, 1.0)), "empty"),
    ],
)
def test_steps_with_a_problem(bands, problem):
    assert pay_curve.step_problem(bands)[0] == problem


def test_the_demo_plans_marginal_steps_pay_less_than_one_at_the_target():
    """Below 80 % x0.8, 80-100 % x1.0, from 100 % x1.5, marginal: at 100 %
    the mean multiplier is (80 x 0.8 + 20 x 1.0) / 100 = 0.84; it reaches 1
    where 64 + 20 + 1.5 (a - 100) = a, at a = 132 %."""
    curve = PayCurve(
        kind=pay_curve.STEPS,
        step_mode=pay_curve.MARGINAL,
        bands=(Band(0, 80, 0.8), Band(80, 100, 1.0), Band(100, None, 1.5)),
        max_multiplier=2.0,
    )
    assert pay_curve.multiplier_at(100.0, curve) == pytest.approx(0.84)
    assert pay_curve.first_reaching(curve, 1.0) == 132.0
    svg = pay_curve.chart_svg(curve, {"title": "Pay curve", "x": "Attainment"})
    assert svg.startswith("<svg") and "<polyline" in svg
