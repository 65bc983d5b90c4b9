# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from . import commission_formula


class CrmCommissionPlan(models.Model):
    """A plan's commission formula: the expression that composes a
    salesperson's commission instead of the plan's steps, checked when it is
    set, and why a formula cannot be used, in words HR can act on (the
    computation of a period says so too when a formula does not evaluate)."""

    _inherit = "crm.commission.plan"

    commission_formula = fields.Text(
        help="Empty: the commission is composed by the steps above. A "
        "formula: a Python expression whose value is the salesperson's "
        "commission of the period, instead of the rules' commission times the "
        "satisfaction multiplier, the retention factor and the scorecard "
        "multiplier through the pay "
        "curve and its caps, plus the retention bonus, less its penalty; the "
        "clawbacks, reversals and adjustments are still added to it. It reads "
        "these numbers: base (the revenue the target is measured against), "
        "target, attainment (%), commission (the rules' commission, before "
        "the multipliers and the curve), curve_multiplier, "
        "satisfaction_multiplier, retention_factor, scorecard_multiplier, "
        "new_customer_bonus, dormancy_penalty; and the functions min, max, "
        "round and abs. "
        "Example: commission * curve_multiplier + (500 if attainment >= 100 "
        "else 0).",
    )

    @api.constrains("commission_formula")
    def _check_commission_formula(self):
        """A formula parses, reads only the named inputs and evaluates to a
        number on sample inputs."""
        for plan in self.filtered("commission_formula"):
            try:
                commission_formula.validate(plan.commission_formula)
            except commission_formula.FormulaError as error:
                raise ValidationError(plan._formula_error_message(error)) from None

    def _formula_error_message(self, error):
        """Why the commission formula of this plan cannot be used: a message
        per kind of :class:`commission_formula.FormulaError`."""
        where = {"plan": self.name, "line": error.line, "column": error.column}
        messages = {
            "syntax": lambda: self.env._(
                "The commission formula of %(plan)s is not a valid expression "
                "at line %(line)s, column %(column)s: %(error)s",
                error=error.detail,
                **where,
            ),
            "name": lambda: self.env._(
                "The commission formula of %(plan)s uses the unknown name "
                "%(name)s (line %(line)s, column %(column)s); it can use "
                "%(names)s.",
                name=error.name,
                names=", ".join(sorted(commission_formula.ALLOWED_NAMES)),
                **where,
            ),
            "length": lambda: self.env._(
                "The commission formula of %(plan)s is too long: %(size)s "
                "characters, at most %(limit)s.",
                plan=self.name,
                size=error.detail,
                limit=commission_formula.MAX_LENGTH,
            ),
            "size": lambda: self.env._(
                "The commission formula of %(plan)s is too long: %(size)s "
                "elements, at most %(limit)s.",
                plan=self.name,
                size=error.detail,
                limit=commission_formula.MAX_NODES,
            ),
            "element": lambda: self.env._(
                "The commission formula of %(plan)s uses an element formulas "
                "may not use (%(element)s, line %(line)s, column %(column)s): "
                "only numbers, the inputs, arithmetic, comparisons, and, or, "
                "not, x if condition else y, and calls of min, max, round and "
                "abs.",
                element=error.detail,
                **where,
            ),
            "exponent": lambda: self.env._(
                "The commission formula of %(plan)s raises to a power that is "
                "not a number between -%(limit)s and %(limit)s written in the "
                "formula (line %(line)s, column %(column)s).",
                limit=commission_formula.MAX_EXPONENT,
                **where,
            ),
            "time": lambda: self.env._(
                "The commission formula of %(plan)s takes longer than "
                "%(limit)s seconds to evaluate.",
                plan=self.name,
                limit=commission_formula.TIME_LIMIT,
            ),
            "result": lambda: self.env._(
                "The commission formula of %(plan)s must give a number, not %(value)s.",
                plan=self.name,
                value=error.detail,
            ),
            "evaluation": lambda: self.env._(
                "The commission formula of %(plan)s does not evaluate: %(error)s",
                plan=self.name,
                error=error.detail,
            ),
        }
        return messages[error.kind]()
