# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The retention factor, bonus and penalty of commissions, worked out by hand.

The commission periods apply them to each salesperson's summary
(crm_performance/tests/test_commission_retention.py checks one story end to
end).
"""

import importlib
import sys
import types
from pathlib import Path

import pytest

# the addon's package imports Odoo; its pure rules do not: load them as a
# package of their own, so that their relative imports resolve
MODELS_PATH = Path(__file__).resolve().parent.parent / "crm_performance/models"
if "crm_performance_rules" not in sys.modules:
    package = types.ModuleType("crm_performance_rules")
    package.__path__ = [str(MODELS_PATH)]
    sys.modules["crm_performance_rules"] = package
rules = importlib.import_module("crm_performance_rules.retention_factor")

# retention below 50 %: x0.9; 50 to 80 %: x1.0; from 80 %: x1.1
RULE = rules.RetentionRule(
    bands=((0, 0.9), (50, 1.0), (80, 1.1)),
    new_customer_bonus=200.0,
    dormancy_penalty=300.0,
)


def test_retention_pct():
    assert rules.retention_pct(4, 3) == 75.0
    assert rules.retention_pct(0, 0) is None


@pytest.mark.parametrize(
    ("customers", "retained", "factor"),
    [
        (4, 1, 0.9),  # 25 %
        (4, 2, 1.0),  # 50 %: the band starts there
        (5, 4, 1.1),  # 80 %
        (3, 3, 1.1),  # 100 %
        (0, 0, 1.0),  # nobody to keep: neutral
    ],
)
def test_factor_by_bands(customers, retained, factor):
    assert rules.retention(customers, retained, 0, 0, RULE).factor == factor


def test_without_bands_the_factor_is_neutral():
    rule = rules.RetentionRule(bands=(), new_customer_bonus=0, dormancy_penalty=0)
    assert rules.retention(4, 1, 0, 0, rule).factor == 1.0


def test_bonus_and_penalty():
    """2 new customers reached B (2 x 200), 1 A customer went dormant (300)."""
    result = rules.retention(4, 3, 2, 1, RULE)
    assert result == rules.Retention(
        customer_count=4,
        retained_count=3,
        retention_pct=75.0,
        factor=1.0,
        bonus_count=2,
        bonus_amount=400.0,
        penalty_count=1,
        penalty_amount=300.0,
    )
