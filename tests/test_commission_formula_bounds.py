# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission formula's interpreter, without Odoo: its arithmetic is
Python's in floating point, and an evaluation stops at its time limit."""

import importlib.util
from pathlib import Path

import pytest

FORMULA_PATH = (
    Path(__file__).resolve().parent.parent
    / "crm_performance/models/commission_formula.py"
)
spec = importlib.util.spec_from_file_location("commission_formula", FORMULA_PATH)
formula = importlib.util.module_from_spec(spec)
spec.loader.exec_module(formula)

INPUTS = dict.fromkeys(formula.INPUT_NAMES, 0.0) | {
    "commission": 5000.0,
    "base": 100000.0,
    "target": 80000.0,
    "attainment": 125.0,
}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("commission * 1.1", 5500.0),
        ("commission if attainment >= 100 else commission / 2", 5000.0),
        ("commission if 80 <= attainment < 120 else 0", 0.0),
        ("max(commission, 0.1 * base) - min(1, 2)", 9999.0),
        ("round(commission / 3, 2)", 1666.67),
        ("abs(-commission) + 2 ** 3 + 10 ** -1", 5008.1),
        ("7 // 2 + 7 % 2", 4.0),
        ("(attainment > 100 and commission) or 0", 5000.0),
    ],
)
def test_arithmetic(text, value):
    formula.check(text)
    assert formula.evaluate(text, INPUTS) == pytest.approx(value)


def test_an_evaluation_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(formula, "TIME_LIMIT", -1.0)
    with pytest.raises(formula.FormulaError) as raised:
        formula.evaluate("commission * 2", INPUTS)
    assert raised.value.kind == "time"


def test_overflow_is_an_evaluation_error():
    with pytest.raises(formula.FormulaError) as raised:
        formula.validate("(commission * 1e300) ** 10")
    assert raised.value.kind == "evaluation"
