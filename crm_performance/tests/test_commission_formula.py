# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import CommissionCommon, tiers

# below 80 % half rate, 80-100 % full rate, from 100 % one and a half
STEPS = [(0, 80, 0.5), (80, 100, 1.0), (100, 0, 1.5)]

FORMULA = "commission * curve_multiplier + (500 if attainment >= 100 else 0)"

RECOMPUTE_LOGGER = "odoo.addons.crm_industrial.models.crm_company_recompute"


@tagged("post_install", "-at_install")
class TestCommissionFormula(CommissionCommon):
    """Liu Yang's plan pays 10 % of what is invoiced, whole steps 0-80 %
    x 0.5, 80-100 % x 1, from 100 % x 1.5; in June he invoices 1 200
    (commission 120) against a target of 1 000: 120 % attainment, x 1.5.
    Guo Qiang's plan pays 5 %, without a target; in June he invoices 2 000
    (commission 100).

    With the formula ``commission * curve_multiplier + (500 if attainment
    >= 100 else 0)`` Liu Yang earns 120 x 1.5 + 500 = 680 instead of 180.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan(
            "East formula",
            june_target=1000.0,
            default_rate=10.0,
            curve_type="steps",
            step_mode="whole",
            tier_ids=tiers(STEPS),
        )
        cls.plan_north = cls._plan("North", users=cls.user_north, default_rate=5.0)
        liu, guo = cls.user_commission_user, cls.user_north
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 3), [(cls.service, 1, 1200)])
        cls._invoice(cls.customer_gear, guo, date(2026, 6, 4), [(cls.bearing, 20, 100)])

    def test_formula_replaces_the_composition(self):
        """680 for Liu Yang, said to come from the formula; Guo Qiang's plan
        has none: 100 as composed. Computing again writes nothing."""
        self.plan.commission_formula = FORMULA
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [
                {
                    "attainment_pct": 120.0,
                    "multiplier": 1.5,
                    "commission_before_curve": 120.0,
                    "commission": 680.0,
                    "cap_applied": False,
                    "commission_formula_used": True,
                }
            ],
        )
        self.assertRecordValues(
            self._summary_of(period, self.user_north),
            [{"commission": 100.0, "commission_formula_used": False}],
        )
        self.assertEqual(self._compute(period), 0)

    def test_statement_shows_the_formula(self):
        """The statement gives the formula and its 680 after the curve's
        inputs (120 x 1.5 = 180)."""
        self.plan.commission_formula = FORMULA
        period = self._june()
        self._compute(period)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "crm_performance.action_report_commission_statement",
            self._summary_of(period, self.user_commission_user).ids,
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        self.assertIn("Commission Formula", text)
        self.assertIn(FORMULA.replace(">", "&gt;"), text)
        self.assertIn("680.00", text)
        self.assertIn("180.00", text)

    def test_formula_below_target(self):
        """Target 2 000: 60 %, x 0.5, no bonus: 120 x 0.5 = 60."""
        self.plan.write(
            {"commission_formula": FORMULA, "target_ids": [Command.clear()]}
        )
        self.plan.target_ids = [self._target(2000.0)]
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [{"attainment_pct": 60.0, "multiplier": 0.5, "commission": 60.0}],
        )

    def test_formula_caps_with_min_and_ignores_the_maximum_payout(self):
        """The plan's maximum payout (150) does not cap a formula: min()
        does (680 capped at 400)."""
        self.plan.write(
            {"max_payout": 150.0, "commission_formula": f"min({FORMULA}, 400)"}
        )
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [{"commission": 400.0, "cap_applied": False}],
        )

    def test_removing_the_formula_composes_again(self):
        self.plan.commission_formula = FORMULA
        period = self._june()
        self._compute(period)
        self.plan.commission_formula = False
        self.assertEqual(self._compute(period), 1)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [{"commission": 180.0, "commission_formula_used": False}],
        )

    def test_syntax_error_refused_with_its_position(self):
        with self.assertRaisesRegex(ValidationError, r"line 1, column 14"):
            self.plan.commission_formula = "commission * (curve_multiplier"
        with self.assertRaisesRegex(ValidationError, r"line 3, column 7"):
            self.plan.commission_formula = "\n(commission\n * 2 +)"

    def test_unknown_name_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"unknown name bonus \(line 1, column 14\)"
        ):
            self.plan.commission_formula = "commission * bonus"
        # the builtins safe_eval would offer are not inputs either
        with self.assertRaisesRegex(ValidationError, "unknown name len"):
            self.plan.commission_formula = "len('abc')"

    def test_non_numeric_result_refused(self):
        with self.assertRaisesRegex(ValidationError, "must give a number"):
            self.plan.commission_formula = "'a lot'"
        with self.assertRaisesRegex(ValidationError, "must give a number"):
            self.plan.commission_formula = "attainment >= 100"

    def test_unbounded_formulas_refused(self):
        """No formula keeps a worker busy: enormous powers, collections,
        generators and over-long formulas are refused when saved."""
        refused = {
            "commission * 10**10**10": "raises to a power",
            "commission ** attainment": "raises to a power",
            "max([1] * 10**9)": r"may not use \(List",
            "max(commission for commission in (1, 2))": r"may not use \(GeneratorExp",
            "min(commission, key=abs)": r"may not use \(Call",
            # 200 times 13 characters, and 1
            "commission + " * 200 + "1": "too long: 2601 characters, at most 1000",
            # 200 numbers, 199 additions and their 199 operators, 1 expression
            "+".join(["1"] * 200): "too long: 599 elements, at most 300",
            "'a' * 10**9": "does not evaluate: 'a' is not a number",
        }
        for formula, message in refused.items():
            with (
                self.subTest(formula=formula[:40]),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.plan.commission_formula = formula
        self.plan.commission_formula = "round(min(commission, 0.1 * base), 2)"

    def test_formula_failing_on_the_sample_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not evaluate"):
            self.plan.commission_formula = "commission / (target - 80000)"

    def test_division_by_zero_at_compute(self):
        """Guo Qiang has no target: his plan's formula divides by zero. The
        company's run stops and leaves the period as it was: Liu Yang's
        new invoice earns nothing yet, his summary is unchanged."""
        period = self._june()
        self._compute(period)
        lines = period.line_ids
        summaries = {
            summary.user_id: summary.commission for summary in period.summary_ids
        }
        self.plan_north.commission_formula = "commission / target * 1000"
        liu = self.user_commission_user
        self._invoice(
            self.customer_chem, liu, date(2026, 6, 10), [(self.service, 1, 300)]
        )
        with mute_logger(RECOMPUTE_LOGGER):
            result = period._recompute(period.company_id)
        self.assertEqual(result.written, 0)
        message = result.failures[period.company_id]
        self.assertIn("Guo Qiang", message)
        self.assertIn("ZeroDivisionError", message)
        self.assertEqual(period.line_ids, lines)
        self.assertEqual(
            {summary.user_id: summary.commission for summary in period.summary_ids},
            summaries,
        )
        self.assertFalse(period.summary_ids.filtered("commission_formula_used"))

        with self.assertRaisesRegex(UserError, "Guo Qiang"), self.env.cr.savepoint():
            period._recompute_company(period.company_id, date(2026, 7, 1))

    def test_division_by_zero_leaves_a_new_period_empty(self):
        self.plan_north.commission_formula = "commission / target * 1000"
        period = self._june()
        with mute_logger(RECOMPUTE_LOGGER):
            result = period._recompute(period.company_id)
        self.assertTrue(result.failures)
        self.assertFalse(period.line_ids)
        self.assertFalse(period.summary_ids)
        self.assertEqual(period.state, "draft")
