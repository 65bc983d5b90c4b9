# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The salesperson scorecard's rules, worked out by hand.

The scorecards apply them per salesperson
(crm_performance/tests/test_scorecard_metrics.py checks one story end to end).
"""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; its rules module does not
RULES_PATH = (
    Path(__file__).resolve().parent.parent / "crm_performance/models/scorecard_rules.py"
)
spec = importlib.util.spec_from_file_location("scorecard_rules", RULES_PATH)
rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (120_000, 100_000, 120.0),
        (50, 100, 50.0),
        (0, 4, 0.0),
        # NPS below zero: a negative achievement, no points
        (-10, 40, -25.0),
    ],
)
def test_higher_is_better_is_the_figure_over_the_target(actual, target, expected):
    assert rules.achievement_pct(actual, target, rules.HIGHER) == pytest.approx(
        expected
    )


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        # 2 complaints per 100 deliveries against a target of 2: met
        (2, 2, 100.0),
        # none at all: twice as good
        (0, 2, 200.0),
        # 3 against 2: 100 * (2 - 1.5)
        (3, 2, 50.0),
        # twice the target and worse: nothing
        (4, 2, 0.0),
        (5, 2, -50.0),
    ],
)
def test_lower_is_better_is_full_at_the_target_and_double_at_zero(
    actual, target, expected
):
    assert rules.achievement_pct(actual, target, rules.LOWER) == pytest.approx(expected)


@pytest.mark.parametrize("target", [0, -5])
def test_a_target_is_above_zero(target):
    with pytest.raises(ValueError):
        rules.achievement_pct(1, target, rules.HIGHER)


def test_a_direction_is_higher_or_lower():
    with pytest.raises(ValueError):
        rules.achievement_pct(1, 1, "sideways")


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [(-25.0, 0.0), (0.0, 0.0), (62.5, 62.5), (100.0, 100.0), (200.0, 100.0)],
)
def test_points_are_the_achievement_between_0_and_100(achievement, expected):
    assert rules.points(achievement) == expected


def test_the_score_is_the_weighted_mean_of_the_points():
    # 40 % at 100 points, 35 % at 50, 25 % at 0: 40 + 17.5 + 0
    total, weighted = rules.score([(40, 100.0), (35, 50.0), (25, 0.0)])
    assert total == pytest.approx(57.5)
    assert [item.effective_weight for item in weighted] == pytest.approx([40, 35, 25])
    assert [item.weighted_points for item in weighted] == pytest.approx([40, 17.5, 0])


def test_a_metric_not_measured_is_left_out_and_the_weights_rescaled():
    # NPS (20 %) had too few answers: 50 % and 30 % become 62.5 % and 37.5 %;
    # 62.5 * 80 / 100 + 37.5 * 40 / 100 = 50 + 15
    total, weighted = rules.score([(50, 80.0), (20, None), (30, 40.0)])
    assert total == pytest.approx(65.0)
    assert [item.effective_weight for item in weighted] == pytest.approx(
        [62.5, 0, 37.5]
    )
    assert [item.weighted_points for item in weighted] == pytest.approx([50, 0, 15])


def test_nothing_measured_gives_no_score():
    total, weighted = rules.score([(60, None), (40, None)])
    assert total is None
    assert weighted == [rules.Weighted(0.0, 0.0), rules.Weighted(0.0, 0.0)]
