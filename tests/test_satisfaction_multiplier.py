# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction multiplier of commissions, worked out by hand.

The commission periods apply it to each salesperson's summary
(crm_performance/tests/test_commission_satisfaction.py checks one story end
to end).
"""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; this module does not
MODULE_PATH = (
    Path(__file__).resolve().parent.parent
    / "crm_performance/models/satisfaction_multiplier.py"
)
spec = importlib.util.spec_from_file_location("satisfaction_multiplier", MODULE_PATH)
satisfaction = importlib.util.module_from_spec(spec)
spec.loader.exec_module(satisfaction)

# NPS below 0: x0.85; 0 to 30: x1.0; from 30: x1.10
NPS_BANDS = ((-100, 0.85), (0, 1.0), (30, 1.10))
RULE = satisfaction.SatisfactionRule(
    min_answers=5, credibility_k=10, bands=NPS_BANDS, floor=0.8, cap=1.2
)


@pytest.mark.parametrize(
    ("count", "k", "weight"),
    [(0, 10, 0.0), (5, 10, 5 / 15), (10, 10, 0.5), (30, 10, 0.75), (3, 0, 1.0)],
)
def test_credibility_weight(count, k, weight):
    assert satisfaction.credibility_weight(count, k) == pytest.approx(weight)


@pytest.mark.parametrize(
    ("score", "multiplier"),
    [(-150, 0.85), (-12, 0.85), (0, 1.0), (29.9, 1.0), (30, 1.10), (100, 1.10)],
)
def test_bands(score, multiplier):
    assert satisfaction.band_multiplier(score, NPS_BANDS) == multiplier


def test_no_bands_is_neutral():
    assert satisfaction.band_multiplier(55, ()) == 1.0


def test_below_minimum_is_neutral():
    """4 answers of a minimum 5: x1.0 whatever the score; the weight
    4 / (4 + 10) is still shown."""
    result = satisfaction.satisfaction_multiplier(4, 60.0, 20.0, RULE)
    assert result.neutral
    assert result.multiplier == 1.0
    assert result.weight == pytest.approx(4 / 14)
    # 4/14 x 60 + 10/14 x 20 = 240/14 + 200/14 = 31.43
    assert result.credible_score == pytest.approx(440 / 14)


def test_small_sample_pulled_toward_the_team():
    """10 answers, k 10: weight 0.5. Own NPS 60 alone would pay x1.10; the
    team's 10 pulls it to 0.5 x 60 + 0.5 x 10 = 35: still x1.10."""
    result = satisfaction.satisfaction_multiplier(10, 60.0, 10.0, RULE)
    assert result.weight == pytest.approx(0.5)
    assert result.credible_score == pytest.approx(35.0)
    assert result.multiplier == pytest.approx(1.10)
    assert not result.neutral


def test_low_score_pulled_up_but_below_zero():
    """Own -40, team 10, weight 0.5: -15, x0.85."""
    result = satisfaction.satisfaction_multiplier(10, -40.0, 10.0, RULE)
    assert result.credible_score == pytest.approx(-15.0)
    assert result.multiplier == pytest.approx(0.85)


def test_pull_changes_the_band():
    """Own 40 (x1.10 alone), team -20, 10 answers: 0.5 x 40 - 0.5 x 20 =
    10, x1.0."""
    result = satisfaction.satisfaction_multiplier(10, 40.0, -20.0, RULE)
    assert result.credible_score == pytest.approx(10.0)
    assert result.multiplier == pytest.approx(1.0)


def test_without_team_the_own_score_stands():
    result = satisfaction.satisfaction_multiplier(6, -5.0, None, RULE)
    assert result.credible_score == pytest.approx(-5.0)
    assert result.multiplier == pytest.approx(0.85)


def test_without_answers_neutral():
    result = satisfaction.satisfaction_multiplier(0, None, 25.0, RULE)
    assert result.neutral
    assert result.multiplier == 1.0
    assert result.credible_score is None


@pytest.mark.parametrize(("band", "kept"), [(1.5, 1.2), (0.5, 0.8)])
def test_floor_and_cap(band, kept):
    rule = satisfaction.SatisfactionRule(
        min_answers=1, credibility_k=0, bands=((-100, band),), floor=0.8, cap=1.2
    )
    assert satisfaction.satisfaction_multiplier(20, 80.0, 80.0, rule).multiplier == kept


def test_nps_margin_of_error():
    """2 promoters, 1 passive, 1 detractor: points 100, 100, 0, -100; sum
    100, squares 30 000, mean 25; population variance (30 000 - 4 x 625) / 4
    = 6 875, deviation 82.916; margin 1.96 x 82.916 / 2 = 81.26 (as
    crm_industrial: 196 x sqrt((0.75 - 0.0625) / 4))."""
    margin = satisfaction.margin_of_error("nps", 4, 100.0, 30000.0)
    assert margin == pytest.approx(81.257, abs=1e-3)


def test_csat_margin_of_error():
    """Ratings 4, 5, 3: sum 12, squares 50, mean 4; sample variance
    (50 - 48) / 2 = 1; margin 1.96 / sqrt(3) = 1.1316."""
    margin = satisfaction.margin_of_error("csat", 3, 12.0, 50.0)
    assert margin == pytest.approx(1.1316, abs=1e-4)


def test_no_margin_under_two_answers():
    assert satisfaction.margin_of_error("csat", 1, 4.0, 16.0) is None
