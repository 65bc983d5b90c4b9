# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""NPS categories, scores and averages, worked out by hand.

The scores' margins of error are computed in SQL only, by the addon's
score recompute; crm_industrial/tests/test_satisfaction_scores.py checks
them by hand on one story.
"""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; its rules module does not
RULES_PATH = (
    Path(__file__).resolve().parent.parent
    / "crm_industrial/models/satisfaction_rules.py"
)
spec = importlib.util.spec_from_file_location("satisfaction_rules", RULES_PATH)
rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules)


@pytest.mark.parametrize(
    ("value", "category"),
    [
        (0, "detractor"),
        (6, "detractor"),
        (7, "passive"),
        (8, "passive"),
        (9, "promoter"),
        (10, "promoter"),
    ],
)
def test_nps_category(value, category):
    assert rules.nps_category(value) == category


@pytest.mark.parametrize("value", [-1, 11])
def test_nps_answer_out_of_the_scale(value):
    with pytest.raises(ValueError, match="between 0 and 10"):
        rules.nps_category(value)


def test_nps_exactly_zero():
    """10, 9, 8, 6, 3: two promoters, one passive, two detractors: (2 - 2) / 5 = 0."""
    assert rules.nps_score(2, 2, 5) == 0


def test_nps_all_promoters_and_all_detractors():
    """Everyone on one side: 100 or -100."""
    assert rules.nps_score(5, 0, 5) == 100
    assert rules.nps_score(0, 5, 5) == -100


def test_nps_of_a_salesperson():
    """10 answers, 7 promoters, 2 detractors: (7 - 2) / 10 = 50."""
    assert rules.nps_score(7, 2, 10) == 50


def test_no_score_without_answers():
    assert rules.nps_score(0, 0, 0) is None
    assert rules.mean([]) is None


def test_csat_average():
    """5, 4, 4, 3, 2: 18 / 5 = 3.6."""
    assert rules.mean([5, 4, 4, 3, 2]) == pytest.approx(3.6)


def test_detractor_answers():
    """NPS 0-6, or any CSAT rating of 2 or less."""
    assert rules.is_detractor(6, [5, 5])
    assert not rules.is_detractor(7, [3, 4])
    assert rules.is_detractor(10, [5, 2])
    assert rules.is_detractor(None, [1])
    assert not rules.is_detractor(None, [3])
    assert not rules.is_detractor(None, [])
