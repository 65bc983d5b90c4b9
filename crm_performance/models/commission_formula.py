# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A plan's own commission formula: an arithmetic expression over a
salesperson's figures of a period, evaluated by a small interpreter of its
own (not Python's).

The formula sees only the named inputs (numbers) and ``min``, ``max``,
``round`` and ``abs``; its value replaces the commission the plan's steps
compose (the rules' commission times the multipliers, through the pay curve
and its caps, plus the retention bonus, less its penalty). The clawbacks,
reversals and adjustments are still added to it.

Its cost is bounded, so that no formula keeps a worker busy: at most
:data:`MAX_LENGTH` characters and :data:`MAX_NODES` elements; only
arithmetic (in floating point: every number is a float), comparisons,
``and``/``or``/``not``, ``x if c else y`` and calls of the four functions;
no collection, comprehension or loop; a power's exponent is a number
between -:data:`MAX_EXPONENT` and :data:`MAX_EXPONENT` written in the
formula; and an evaluation stops after :data:`TIME_LIMIT` seconds.
"""

import ast
import math
import operator
import time

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

# The bounds of a formula.
MAX_LENGTH = 1000
MAX_NODES = 300
MAX_EXPONENT = 10
TIME_LIMIT = 0.1

BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: operator.not_}
COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
# the elements a formula is made of
ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.And,
    ast.Or,
    *BINARY,
    *UNARY,
    *COMPARE,
)

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
    ``column``), "length" and "size" (with ``detail``, the formula's),
    "element" (with ``detail``, the element's kind, ``line`` and
    ``column``), "exponent" (with ``line`` and ``column``), "time",
    "evaluation" (with ``detail``) or "result" (with ``detail``, the
    value's representation)."""

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
    expression within the bounds that reads only the allowed names."""
    text = formula.strip()
    if len(text) > MAX_LENGTH:
        raise FormulaError("length", detail=len(text))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        line, column = _position(formula, error.lineno or 1, error.offset or 1)
        raise FormulaError(
            "syntax", line=line, column=column, detail=error.msg
        ) from error
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError("size", detail=len(nodes))
    for node in nodes:
        if isinstance(node, ast.Name) and node.id not in ALLOWED_NAMES:
            line, column = _position(formula, node.lineno, node.col_offset + 1)
            raise FormulaError("name", name=node.id, line=line, column=column)
    for node in nodes:
        if not isinstance(node, ALLOWED_NODES) or (
            isinstance(node, ast.Call)
            and (
                node.keywords
                or not isinstance(node.func, ast.Name)
                or any(isinstance(arg, ast.Starred) for arg in node.args)
            )
        ):
            line, column = _position(
                formula, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
            )
            raise FormulaError(
                "element", detail=type(node).__name__, line=line, column=column
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(
                exponent.op, ast.USub | ast.UAdd
            ):
                exponent = exponent.operand
            if not (
                isinstance(exponent, ast.Constant)
                and isinstance(exponent.value, int | float)
                and not isinstance(exponent.value, bool)
                and abs(exponent.value) <= MAX_EXPONENT
            ):
                line, column = _position(
                    formula, node.right.lineno, node.right.col_offset + 1
                )
                raise FormulaError("exponent", line=line, column=column)


class _Interpreter:
    """Evaluates a checked formula's tree in floating point, within
    :data:`TIME_LIMIT`: one method per kind of element."""

    def __init__(self, context):
        self.context = context
        self.deadline = time.monotonic() + TIME_LIMIT

    def value(self, node):
        if time.monotonic() > self.deadline:
            raise FormulaError("time")
        return getattr(self, f"_{type(node).__name__.lower()}")(node)

    def number(self, node):
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, float):
            raise FormulaError("evaluation", detail=f"{value!r} is not a number")
        return value

    def _expression(self, node):
        return self.value(node.body)

    def _constant(self, node):
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return value

    def _name(self, node):
        return self.context[node.id]

    def _binop(self, node):
        left, right = self.number(node.left), self.number(node.right)
        return BINARY[type(node.op)](left, right)

    def _unaryop(self, node):
        if isinstance(node.op, ast.Not):
            return not self.value(node.operand)
        return UNARY[type(node.op)](self.number(node.operand))

    def _boolop(self, node):
        value = None
        for operand in node.values:
            value = self.value(operand)
            if bool(value) == isinstance(node.op, ast.Or):
                break
        return value

    def _compare(self, node):
        left = self.number(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.number(comparator)
            if not COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    def _ifexp(self, node):
        return self.value(node.body if self.value(node.test) else node.orelse)

    def _call(self, node):
        arguments = [self.number(argument) for argument in node.args]
        if node.func.id == "round" and len(arguments) == 2:
            # the number of decimals is a whole number
            arguments[1] = int(arguments[1]) if arguments[1].is_integer() else None
        value = FUNCTIONS[node.func.id](*arguments)
        return float(value) if isinstance(value, int) else value


def evaluate(formula, inputs):
    """The value of ``formula`` (checked by :func:`check`) over ``inputs``
    (a value for each of :data:`INPUT_NAMES`), a finite float; raise
    :class:`FormulaError` when it does not evaluate to one."""
    context = {name: float(inputs[name]) for name in INPUT_NAMES}
    tree = ast.parse(formula.strip(), mode="eval")
    try:
        value = _Interpreter(context).value(tree)
    except FormulaError:
        raise
    except Exception as error:  # a division by zero, an overflow...
        raise FormulaError(
            "evaluation", detail=f"{type(error).__name__}: {error}"
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
