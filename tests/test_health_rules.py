# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Key-account health arithmetic, worked out by hand.

The addon's recompute applies these rules to the figures it gathers in SQL:
its tests follow one account through them
(crm_key_account/tests/test_health_score.py).
"""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; its rules module does not
RULES_PATH = (
    Path(__file__).resolve().parent.parent / "crm_key_account/models/health_rules.py"
)
spec = importlib.util.spec_from_file_location("health_rules", RULES_PATH)
rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules)


@pytest.mark.parametrize(
    ("trend", "points"),
    [(-80, 0), (-50, 0), (-10, 40), (0, 50), (20, 70), (50, 100), (300, 100)],
)
def test_trend_points(trend, points):
    """50 + trend: -10 % gives 40, +20 % gives 70, held in 0-100."""
    assert rules.trend_points(trend) == pytest.approx(points)


def test_unknown_figures_have_no_points():
    assert rules.trend_points(None) is None
    assert rules.share_of_wallet_points(None) is None
    assert rules.against_target_points(None, 95) is None
    assert rules.nps_points(None) is None
    assert rules.csat_points(None) is None
    assert rules.contact_points(None) is None
    assert rules.overdue_points(5, None) is None
    assert rules.mean_points(None, None) is None


def test_share_of_wallet_points():
    """The share itself; an entered spend below our revenue caps at 100."""
    assert rules.share_of_wallet_points(40) == 40
    assert rules.share_of_wallet_points(125) == 100


@pytest.mark.parametrize(
    ("rate", "target", "points"),
    [(98, 95, 100), (95, 95, 100), (92, 95, 85), (80, 95, 25), (70, 95, 0)],
)
def test_against_target(rate, target, points):
    """3 points below 95 cost 15: 85; 15 below cost 75: 25; 25 below: 0."""
    assert rules.against_target_points(rate, target) == pytest.approx(points)


def test_satisfaction_points():
    """NPS +40 is (40 + 100) / 2 = 70; CSAT 4.2 is 3.2 x 25 = 80; mean 75."""
    assert rules.nps_points(40) == pytest.approx(70)
    assert rules.nps_points(-100) == 0
    assert rules.csat_points(4.2) == pytest.approx(80)
    assert rules.csat_points(1) == 0
    assert rules.mean_points(70.0, 80.0, None) == pytest.approx(75)


@pytest.mark.parametrize(
    ("days", "points"), [(0, 100), (30, 100), (105, 50), (180, 0), (400, 0)]
)
def test_contact_points(days, points):
    """105 days: 75 of the 150 days between 30 and 180 gone, 50 points."""
    assert rules.contact_points(days) == pytest.approx(points)


def test_overdue_points():
    """200 overdue of 1 000 open is 20 %: 100 - 40 = 60; nothing open: 100."""
    assert rules.overdue_points(200, 1000) == pytest.approx(60)
    assert rules.overdue_points(600, 1000) == 0
    assert rules.overdue_points(0, 0) == 100


def test_weighted_score_rescales_missing_components():
    """Weights 20, 30 and 50; the 50 has no figure.

    Left: 20 and 30, rescaled to 40 and 60: 0.4 x 80 + 0.6 x 30 = 50.
    """
    score, effective = rules.weighted_score(
        {"revenue_trend": (20, 80.0), "margin_trend": (30, 30.0), "plan": (50, None)}
    )
    assert score == pytest.approx(50)
    assert effective == pytest.approx({"revenue_trend": 40, "margin_trend": 60})


def test_weighted_score_with_nothing_known():
    assert rules.weighted_score({"revenue_trend": (100, None)}) == (None, {})
    assert rules.weighted_score({"revenue_trend": (0, 50.0)}) == (None, {})


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "green"), (70, "green"), (69.9, "yellow"), (40, "yellow"), (39.9, "red")],
)
def test_bands(score, expected):
    assert rules.band(score, 70, 40) == expected


def test_no_band_without_score():
    assert rules.band(None, 70, 40) is None


def test_weights_must_sum_to_100():
    assert rules.weights_valid([15, 10, 15, 15, 10, 10, 10, 10, 5])
    assert not rules.weights_valid([15, 10, 15, 15, 10, 10, 10, 10, 10])
    assert not rules.weights_valid([120, -20])


def test_coverage_is_the_measured_share_of_the_weight():
    """Weights 15 + 10 + 5 = 30 of which 15 + 5 = 20 measured: 66.7 %."""
    components = {"a": (15, 80.0), "b": (10, None), "c": (5, 100.0), "d": (0, 50.0)}
    assert rules.coverage_pct(components) == pytest.approx(200 / 3)
    assert rules.coverage_pct({"a": (10, None)}) == 0.0


def test_too_little_measured_gets_no_colour():
    assert rules.band(20.0, 70.0, 40.0, coverage=30.0, min_coverage=50.0) is None
    assert rules.band(20.0, 70.0, 40.0, coverage=60.0, min_coverage=50.0) == "red"
