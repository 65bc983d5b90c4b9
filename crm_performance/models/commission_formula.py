# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A plan's own commission formula: a Python expression, evaluated with
Odoo's ``safe_eval``, over a salesperson's figures of a period.

The formula sees only the named inputs (numbers) and ``min``, ``max``,
``round`` and ``abs``; its value replaces the commission the plan's steps
compose (the rules' commission times the multipliers, through the pay curve
and its caps, plus the retention bonus, less its penalty). The clawbacks,
reversals and adjustments are still added to it.
"""

import ast
import math

from odoo.tools.safe_eval import safe_eval

# The inputs a formula reads, each a number.
INPUT_NAMES = (
    "base",
    "target",
    "attainment",
    "commission",
    "curve_multiplier",
    "satisfaction_multiplier",
    "retention_factor",
    "scorecard_multiplier",
    "new_customer_bonus",
    "dormancy_penalty",
)

# The functions a formula may call.
FUNCTIONS = {"min": min, "max": max, "round": round, "abs": abs}

ALLOWED_NAMES = frozenset(INPUT_NAMES) | frozenset(FUNCTIONS)

# Inputs a formula is tried on when saved: none of them zero, so that a
# division by an input is not refused for this sample's sake.
SAMPLE_INPUTS = {
    "base": 100000.0,
    "target": 80000.0,
    "attainment": 125.0,
    "commission": 5000.0,
    "curve_multiplier": 1.2,
    "satisfaction_multiplier": 1.05,
    "retention_factor": 0.95,
    "scorecard_multiplier": 1.1,
    "new_customer_bonus": 200.0,
    "dormancy_penalty": 100.0,
}


class FormulaError(Exception):
    """Why a formula cannot be used; ``kind`` is one of "syntax" (with
    ``line`` and ``column``), "name" (with ``name``, ``line`` and
    ``column``), "evaluation" (with ``detail``) or "result" (with
    ``detail``, the value's representation)."""

    def __init__(self, kind, *, line=None, column=None, name=None, detail=None):
        super().__init__(kind, line, column, name, detail)
        self.kind = kind
        self.line = line
        self.column = column
        self.name = name
        self.detail = detail


def _position(formula, line, column):
    """The position ``line``, ``column`` of the stripped ``formula`` in
    ``formula`` as typed (leading blank lines and spaces included)."""
    leading = formula[: len(formula) - len(formula.lstrip())]
    skipped = leading.count("\n")
    if line == 1:
        column += len(leading) - (leading.rfind("\n") + 1)
    return line + skipped, column


def check(formula):
    """Raise :class:`FormulaError` unless ``formula`` parses as an
    expression that reads only the allowed names."""
    text = formula.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        line, column = _position(formula, error.lineno or 1, error.offset or 1)
        raise FormulaError(
            "syntax", line=line, column=column, detail=error.msg
        ) from error
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in ALLOWED_NAMES:
            line, column = _position(formula, node.lineno, node.col_offset + 1)
            raise FormulaError("name", name=node.id, line=line, column=column)


def evaluate(formula, inputs):
    """The value of ``formula`` (checked by :func:`check`) over ``inputs``
    (a value for each of :data:`INPUT_NAMES`), a finite float; raise
    :class:`FormulaError` when it does not evaluate to one."""
    context = {name: float(inputs[name]) for name in INPUT_NAMES}
    context.update(FUNCTIONS)
    try:
        value = safe_eval(formula.strip(), context, mode="eval")
    except Exception as error:  # safe_eval wraps every runtime error
        detail = error.__cause__ or error.__context__ or error
        raise FormulaError(
            "evaluation", detail=f"{type(detail).__name__}: {detail}"
        ) from error
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
    ):
        raise FormulaError("result", detail=repr(value)[:100])
    return float(value)


def validate(formula):
    """Check ``formula`` and evaluate it on :data:`SAMPLE_INPUTS`."""
    check(formula)
    return evaluate(formula, SAMPLE_INPUTS)
