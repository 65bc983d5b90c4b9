# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The summaries of a period: each salesperson's commission on a plan,
after the multipliers and the pay curve, and the multiplier adjustments of
the locked periods."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_industrial.models.satisfaction_rules import (
    PASSIVE_MIN,
    PROMOTER_MIN,
)

from . import (
    commission_formula,
    pay_curve,
    retention_factor,
    satisfaction_multiplier,
    scorecard_multiplier,
)

# The kinds of lines that reverse (or earn again) commission of an earlier
# period, or adjust a locked one: added to the commission after the
# multipliers and the curve.
REVERSAL_KINDS = (
    "clawback",
    "unpaid",
    "paid_late",
    "adjustment",
    "holdback",
    "holdback_release",
    "holdback_forfeit",
)


# The fields of a summary the multipliers' adjustments compare, then and
# today, and the adjustment's fields they are stored in.
ADJUSTED_MULTIPLIERS = {
    "satisfaction_weighted_score": "satisfaction_score",
    "satisfaction_answer_count": "satisfaction_answer_count",
    "satisfaction_multiplier": "satisfaction_multiplier",
    "retention_pct": "retention_pct",
    "retention_factor": "retention_factor",
    "scorecard_score": "scorecard_score",
    "scorecard_multiplier": "scorecard_multiplier",
}


class CrmCommissionSummary(models.Model):
    """The computation of a period's summaries, after its lines, and of
    the multiplier adjustments of the locked periods before it."""

    _name = "crm.commission.summary"
    _inherit = ["crm.commission.summary", "crm.computed.rows"]

    @api.model
    def _summary_key(self, plans):
        """The key (salesperson, plan) of the summary a line or adjustment of
        ``(user, plan)`` counts in, ``plans`` applying to the period: a line
        of a plan that applies no more (the clawback of what an older
        version of a plan paid) counts in the salesperson's summary of the
        plan that pays them in this period, when one does."""
        current = {user: plan for plan in plans for user in plan._salespeople()}

        def summary_key(user, plan):
            return user, plan if plan in plans else current.get(user, plan)

        return summary_key

    @api.model
    def _line_totals(self, period, summary_key):
        """{summary key: (revenue, commission, reversals)} of the period's
        lines: the revenue of the earned lines and refund clawbacks, the
        commission of the lines that are no reversal, and the reversals."""
        totals = {}
        for line_user, line_plan, kind, base, amount in self.env[
            "crm.commission.line"
        ]._read_group(
            [("period_id", "=", period.id)],
            ["user_id", "plan_id", "kind"],
            ["base_amount:sum", "amount:sum"],
        ):
            key = summary_key(line_user, line_plan)
            revenue, commission, clawback = totals.get(key, (0.0, 0.0, 0.0))
            if kind in ("earned", "clawback"):
                revenue += base
            if kind in REVERSAL_KINDS:
                clawback += amount
            else:
                commission += amount
            totals[key] = (revenue, commission, clawback)
        return totals

    @api.model
    def _compute_period_summaries(self, period, locked=None):
        """Multiply the commission each salesperson with lines or a target
        in the period earned by their plan's satisfaction multiplier,
        retention factor and scorecard multiplier, apply the plan's pay
        curve, add the retention bonus, deduct its penalty, add the
        clawbacks and reversals and the multiplier adjustments of the
        ``locked`` earlier periods; write the summaries and adjustments
        that changed. Returns the number of rows written.

        The base the target is measured against is the revenue: the earned
        lines' and the refund clawbacks' (an unpaid invoice's reversal does
        not undo its sale)."""
        period.ensure_one()
        Summary = self.env["crm.commission.summary"]
        plans = period._applicable_plans()
        summary_key = self._summary_key(plans)
        totals = self._line_totals(period, summary_key)
        targets = {
            (target.user_id, target.plan_id): target.amount
            for target in self.env["crm.commission.target"].search(
                [("plan_id", "in", plans.ids), ("period_start", "=", period.date_from)]
            )
        }
        satisfaction = self._satisfaction_inputs(
            plans, period.company_id, period.date_to
        )
        retention = self._retention_inputs(
            plans, period.company_id, period.date_from, period.date_to
        )
        scores = self._scorecard_scores(period, plans, store=True)
        adjustments = self._multiplier_adjustments(period, locked or period.browse())
        adjusted = {}
        for values in adjustments.values():
            key = summary_key(
                self.env["res.users"].browse(values["user_id"]),
                self.env["crm.commission.plan"].browse(values["plan_id"]),
            )
            adjusted[key] = adjusted.get(key, 0.0) + values["amount"]
        currency = period.currency_id
        wanted = {}
        for plan_id, user_id in retention:
            key = (self.env["res.users"].browse(user_id), plans.browse(plan_id))
            totals.setdefault(key, (0.0, 0.0, 0.0))
        for key in adjusted:
            totals.setdefault(key, (0.0, 0.0, 0.0))
        for user, plan in totals.keys() | targets.keys():
            base, commission, clawback = totals.get((user, plan), (0.0, 0.0, 0.0))
            target = targets.get((user, plan), 0.0)
            satisfied = _satisfaction_values(plan, user, satisfaction)
            retained = _retention_values(plan, user, retention)
            scored = _scorecard_values(plan, user, scores)
            earned, paid = self._earned_commission(
                period,
                plan,
                user,
                base=base,
                target=target,
                commission=commission,
                multipliers={**satisfied, **retained, **scored},
            )
            adjustment = adjusted.get((user, plan), 0.0)
            wanted[user, plan] = {
                "base_total": base,
                "target_amount": target,
                "attainment_pct": pay_curve.attainment_pct(base, target) or 0.0,
                "multiplier": paid.multiplier,
                "commission_before_curve": commission,
                "clawback_amount": clawback,
                **satisfied,
                **retained,
                **scored,
                "multiplier_adjustment_amount": adjustment,
                "commission": currency.round(earned + clawback + adjustment),
                "cap_applied": paid.capped and not plan.commission_formula,
                "commission_formula_used": bool(plan.commission_formula),
            }
        summaries, written = Summary._computed_records_write(
            Summary.search([("period_id", "=", period.id)]),
            wanted,
            lambda summary: (summary.user_id, summary.plan_id),
            lambda key: {
                "period_id": period.id,
                "company_id": period.company_id.id,
                "user_id": key[0].id,
                "plan_id": key[1].id,
            },
        )
        return written + self._write_multiplier_adjustments(
            period, adjustments, summaries
        )

    @api.model
    def _earned_commission(
        self, period, plan, user, *, base, target, commission, multipliers
    ):
        """The commission of ``user`` on ``plan`` before the clawbacks,
        reversals and adjustments, for the ``commission`` of their earned
        lines against ``base`` and ``target``, with the summary's values of
        ``multipliers`` (satisfaction multiplier, retention factor, bonus
        and penalty, scorecard multiplier); and the pay curve's
        :class:`~.pay_curve.Payout`."""
        attainment = pay_curve.attainment_pct(base, target)
        paid = pay_curve.payout(
            commission
            * multipliers["satisfaction_multiplier"]
            * multipliers["retention_factor"]
            * multipliers["scorecard_multiplier"],
            attainment,
            plan._pay_curve(),
        )
        if plan.commission_formula:
            earned = self._formula_commission(
                period,
                plan,
                user,
                {
                    "base": base,
                    "target": target,
                    "attainment": attainment or 0.0,
                    "commission": commission,
                    "curve_multiplier": paid.multiplier,
                    "satisfaction_multiplier": multipliers["satisfaction_multiplier"],
                    "retention_factor": multipliers["retention_factor"],
                    "scorecard_multiplier": multipliers["scorecard_multiplier"],
                    "new_customer_bonus": multipliers["retention_bonus_amount"],
                    "dormancy_penalty": multipliers["retention_penalty_amount"],
                },
            )
        else:
            earned = (
                paid.amount
                + multipliers["retention_bonus_amount"]
                - multipliers["retention_penalty_amount"]
            )
        return earned, paid

    @api.model
    def _scorecard_scores(self, period, plans, store):
        """{salesperson id: scorecard score} of the period when one of
        ``plans`` multiplies by the scorecard (else empty): the period's
        scorecards computed set-based (``store``: and written) before the
        summaries read them."""
        period.ensure_one()
        if not plans.filtered("scorecard_multiplier"):
            return {}
        return self.env["crm.salesperson.scorecard"]._period_scores(period, store)

    @api.model
    def _multiplier_adjustments(self, period, locked):
        """The multiplier adjustments this period pays for the summaries of
        the ``locked`` earlier periods: ``{origin summary: values}``.

        Each locked period's multiplier inputs are measured again as of
        today, set-based, once per period (satisfaction, retention,
        scorecards); a summary is adjusted by the commission it would earn
        with today's multipliers less the one it earned with its frozen
        ones, both on its frozen lines' commission, base and target through
        the plan's pay curve (or formula), less what other periods (not
        cancelled) adjusted for it already. Unchanged multipliers adjust
        nothing."""
        period.ensure_one()
        if not locked:
            return {}
        Adjustment = self.env["crm.commission.summary.adjustment"]
        currency = period.currency_id
        locked_summaries = self.env["crm.commission.summary"].search(
            [("period_id", "in", locked.ids)]
        )
        if not locked_summaries:
            return {}
        already = dict(
            Adjustment._read_group(
                [
                    ("origin_summary_id", "in", locked_summaries.ids),
                    ("period_id", "!=", period.id),
                    ("period_id.state", "!=", "cancel"),
                ],
                ["origin_summary_id"],
                ["amount:sum"],
            )
        )
        adjustments = {}
        for earlier in locked:
            summaries = locked_summaries.filtered(
                lambda summary, earlier=earlier: summary.period_id == earlier
            )
            if not summaries:
                continue
            plans = summaries.plan_id
            satisfaction = self._satisfaction_inputs(
                plans, period.company_id, earlier.date_to
            )
            retention = self._retention_inputs(
                plans, period.company_id, earlier.date_from, earlier.date_to
            )
            scores = self._scorecard_scores(earlier, plans, store=False)
            for summary in summaries:
                plan, user = summary.plan_id, summary.user_id
                today = {
                    **_satisfaction_values(plan, user, satisfaction),
                    **_retention_values(plan, user, retention),
                    **_scorecard_values(plan, user, scores),
                }
                then = {name: summary[name] for name in today}
                old, new = (
                    self._earned_commission(
                        period,
                        plan,
                        user,
                        base=summary.base_total,
                        target=summary.target_amount,
                        commission=summary.commission_before_curve,
                        multipliers=multipliers,
                    )[0]
                    for multipliers in (then, today)
                )
                before = already.get(summary, 0.0)
                amount = currency.round(
                    currency.round(new) - currency.round(old) - before
                )
                if currency.is_zero(amount):
                    continue
                adjustments[summary] = {
                    "company_id": period.company_id.id,
                    "user_id": user.id,
                    "plan_id": plan.id,
                    "origin_period_id": earlier.id,
                    "origin_summary_id": summary.id,
                    "old_commission": currency.round(old),
                    "new_commission": currency.round(new),
                    "adjusted_before": before,
                    "amount": amount,
                    "old_retention_net": then["retention_bonus_amount"]
                    - then["retention_penalty_amount"],
                    "new_retention_net": today["retention_bonus_amount"]
                    - today["retention_penalty_amount"],
                    **{
                        f"{age}_{field}": values[name]
                        for name, field in ADJUSTED_MULTIPLIERS.items()
                        for age, values in (("old", then), ("new", today))
                    },
                }
        return adjustments

    @api.model
    def _write_multiplier_adjustments(self, period, adjustments, summaries):
        """Write the period's multiplier ``adjustments`` (of
        :meth:`_multiplier_adjustments`) that changed, each on the period's
        summary of its salesperson and plan (``summaries``, by user and
        plan), delete those no longer due; the number of rows written."""
        Adjustment = self.env["crm.commission.summary.adjustment"]
        return Adjustment._computed_records_write(
            Adjustment.search([("period_id", "=", period.id)]),
            {
                origin: {
                    **computed,
                    "summary_id": summaries[origin.user_id, origin.plan_id].id,
                }
                for origin, computed in adjustments.items()
            },
            lambda adjustment: adjustment.origin_summary_id,
            lambda origin: {"period_id": period.id},
        )[1]

    @api.model
    def _satisfaction_inputs(self, plans, company, date_to):
        """The satisfaction of the salespeople of ``plans``, over the
        company's satisfaction window up to ``date_to``, in one statement.

        Returns ``{(plan id, user id): (answers, score, points, squares)}``,
        user id None for the plan's team (all its salespeople): the number
        of answers, the revenue-weighted score and the sum of the answers'
        points and of their squares (for the margin of error). An answer
        counts when it is counted (an invitation of ours), completed in the
        window and attributed to the salesperson (who owned the customer
        when it came in); its value is its rating of the questions the
        salesperson controls, of the plan's kind (CSAT: their average). NPS
        points are +100 (promoter), 0 or -100 (detractor), CSAT points the
        rating. A customer's score is the mean of its answers' points,
        weighted by the customer's untaxed revenue in the window; a
        customer with no revenue in the window weighs nothing.
        """
        plans = plans.filtered("satisfaction_score")
        if not plans:
            return {}
        date_from, _date_to, start, end = self.env["crm.satisfaction.score"]._window(
            company, date_to
        )
        self.env.cr.execute(
            SQL(
                """
WITH plan AS (
    SELECT id, satisfaction_score FROM crm_commission_plan WHERE id IN %(plans)s
), salesperson AS (
    SELECT DISTINCT plan_id, user_id FROM (%(salespeople)s) reached
), answer AS (
    SELECT salesperson.plan_id, answer.crm_salesperson_id AS user_id,
           answer.crm_partner_id AS partner_id, plan.satisfaction_score AS kind,
           AVG(line.value_scale) AS value
      FROM survey_user_input answer
      JOIN salesperson ON salesperson.user_id = answer.crm_salesperson_id
      JOIN plan ON plan.id = salesperson.plan_id
      JOIN survey_user_input_line line ON line.user_input_id = answer.id
      JOIN survey_question question ON question.id = line.question_id
     WHERE %(counted)s
       AND question.crm_salesperson_controlled
       AND question.crm_score_role = plan.satisfaction_score
       AND line.answer_type = 'scale'
       AND line.skipped IS NOT TRUE
     GROUP BY salesperson.plan_id, answer.id, plan.satisfaction_score
), point AS (
    SELECT plan_id, user_id, partner_id,
           CASE WHEN kind = 'csat' THEN value
                WHEN value >= %(promoter)s THEN 100
                WHEN value >= %(passive)s THEN 0
                ELSE -100
           END::float8 AS point
      FROM answer
), revenue AS (
    SELECT move.commercial_partner_id AS partner_id,
           SUM(move.amount_untaxed_signed) AS amount
      FROM account_move move
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND move.invoice_date BETWEEN %(date_from)s AND %(date_to)s
       AND move.commercial_partner_id IN (SELECT partner_id FROM point)
     GROUP BY move.commercial_partner_id
), customer AS (
    SELECT point.plan_id, point.user_id, revenue.amount::float8 AS weight,
           COUNT(*) AS answers, AVG(point.point) AS score,
           SUM(point.point) AS points, SUM(point.point * point.point) AS squares
      FROM point
      JOIN revenue ON revenue.partner_id = point.partner_id
     WHERE revenue.amount > 0
     GROUP BY point.plan_id, point.user_id, point.partner_id, revenue.amount
)
SELECT plan_id, CASE WHEN GROUPING(user_id) = 0 THEN user_id END,
       SUM(answers)::integer, SUM(weight * score) / SUM(weight),
       SUM(points), SUM(squares)
  FROM customer
 GROUP BY GROUPING SETS ((plan_id, user_id), (plan_id))
                """,
                plans=tuple(plans.ids),
                salespeople=plans._salespeople_sql(SQL("SELECT id FROM plan")),
                company=company.id,
                counted=self.env["survey.user_input"]._crm_counted_sql(
                    "answer", company, start, end
                ),
                date_from=date_from,
                date_to=date_to,
                promoter=PROMOTER_MIN,
                passive=PASSIVE_MIN,
            )
        )
        return {
            (plan_id, user_id): values
            for plan_id, user_id, *values in self.env.cr.fetchall()
        }

    @api.model
    def _retention_inputs(self, plans, company, date_from, date_to):
        """The retention counts of the salespeople of ``plans`` in the
        period from ``date_from`` to ``date_to``, in one statement.

        Returns ``{(plan id, user id): (customers, retained, reached,
        lost)}``. Each customer counts for the salesperson who owned it
        (ownership history) when it mattered, so that a reassignment never
        counts it twice nor not at all:

        - customers and retained: the retention cohort of the period, as
          ``crm.customer.abc.history._retention_cohort_sql`` defines it for
          the scorecard too (credited to the owner on the period's last day);
        - reached: the customers first invoiced at most the plan's
          new-customer months before the day they first reached class B or
          better, that day in the period, for their owner that day;
        - lost: the customers that entered the dormant lifecycle stage in
          the period while of class A (their class on the day before), for
          their owner that day.
        """
        plans = plans.filtered("retention_factor")
        if not plans:
            return {}
        history_model = self.env["crm.customer.abc.history"]
        self.env.cr.execute(
            SQL(
                """
WITH salesperson AS (
    SELECT DISTINCT plan_id, user_id FROM (%(salespeople)s) reached
), invoiced AS (
    SELECT move.commercial_partner_id AS partner_id, move.invoice_date
      FROM account_move move
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type = 'out_invoice'
), cohort AS (
    %(cohort)s
), reached AS (
    SELECT DISTINCT ON (history.partner_id)
           history.partner_id, history.date, %(owner_at_change)s AS user_id
      FROM crm_customer_abc_history history
     WHERE history.company_id = %(company)s
       AND history.date BETWEEN %(date_from)s AND %(date_to)s
       AND history.class_to IN ('a', 'b')
       AND NOT EXISTS (
           SELECT 1
             FROM crm_customer_abc_history earlier
            WHERE earlier.partner_id = history.partner_id
              AND earlier.company_id = history.company_id
              AND earlier.class_to IN ('a', 'b')
              AND (earlier.date, earlier.id) < (history.date, history.id))
     ORDER BY history.partner_id, history.date, history.id
), lost AS (
    SELECT DISTINCT ON (history.partner_id)
           history.partner_id, %(owner_at_change)s AS user_id
      FROM crm_lifecycle_history history
      JOIN crm_lifecycle_stage stage ON stage.id = history.stage_to_id
     WHERE history.company_id = %(company)s
       AND history.date BETWEEN %(date_from)s AND %(date_to)s
       AND stage.code = 'dormant'
       AND %(class_before_change)s = 'a'
     ORDER BY history.partner_id, history.date, history.id
), event AS (
    SELECT user_id, 1 AS customers, retained::integer AS retained,
           0 AS reached, 0 AS lost, NULL::date AS reached_on,
           NULL::integer AS partner_id
      FROM cohort
     UNION ALL
    SELECT user_id, 0, 0, 1, 0, date, partner_id
      FROM reached
     UNION ALL
    SELECT user_id, 0, 0, 0, 1, NULL, NULL
      FROM lost
)
SELECT salesperson.plan_id, event.user_id,
       SUM(event.customers)::integer, SUM(event.retained)::integer,
       COUNT(*) FILTER (
           WHERE event.reached = 1
             AND (SELECT MIN(invoiced.invoice_date)
                    FROM invoiced
                   WHERE invoiced.partner_id = event.partner_id)
                 >= (event.reached_on
                     - make_interval(months => plan.new_customer_months))::date
       )::integer,
       SUM(event.lost)::integer
  FROM event
  JOIN salesperson ON salesperson.user_id = event.user_id
  JOIN crm_commission_plan plan ON plan.id = salesperson.plan_id
 GROUP BY salesperson.plan_id, event.user_id
                """,
                salespeople=plans._salespeople_sql(
                    SQL("SELECT unnest(%s::int[])", plans.ids)
                ),
                company=company.id,
                date_from=date_from,
                date_to=date_to,
                cohort=history_model._retention_cohort_sql(company, date_from, date_to),
                class_before_change=history_model._class_on_sql(
                    SQL("history.partner_id"),
                    SQL("history.company_id"),
                    SQL("history.date - 1"),
                ),
                # the owner on the day of a class or stage change
                owner_at_change=self.env["crm.customer.ownership"]._owner_on_sql(
                    SQL("history.partner_id"), SQL("history.date")
                ),
            )
        )
        return {
            (plan_id, user_id): values
            for plan_id, user_id, *values in self.env.cr.fetchall()
        }

    @api.model
    def _formula_commission(self, period, plan, user, inputs):
        """The commission of ``user`` before the clawbacks, reversals and
        adjustments: the value of ``plan``'s commission formula over
        ``inputs``. A formula that does not evaluate for them stops the
        computation of the company (its run is rolled back)."""
        try:
            return commission_formula.evaluate(plan.commission_formula, inputs)
        except commission_formula.FormulaError as error:
            raise UserError(
                self.env._(
                    "The commission of %(salesperson)s in %(period)s could not "
                    "be computed: %(error)s",
                    period=period.name,
                    salesperson=user.name,
                    error=plan._formula_error_message(error),
                )
            ) from None


def _satisfaction_values(plan, user, inputs):
    """The summary's satisfaction fields of ``user`` on ``plan``, from the
    plan's :meth:`CrmCommissionSummary._satisfaction_inputs`."""
    if not plan.satisfaction_score:
        return {
            "satisfaction_answer_count": 0,
            "satisfaction_score": 0.0,
            "satisfaction_margin": 0.0,
            "satisfaction_team_score": 0.0,
            "satisfaction_weight": 0.0,
            "satisfaction_weighted_score": 0.0,
            "satisfaction_multiplier": 1.0,
        }
    count, score, points, squares = inputs.get((plan.id, user.id), (0, None, 0, 0))
    team_score = inputs.get((plan.id, None), (0, None))[1]
    result = satisfaction_multiplier.satisfaction_multiplier(
        count, score, team_score, plan._satisfaction_rule()
    )
    margin = satisfaction_multiplier.margin_of_error(
        plan.satisfaction_score, count, points, squares
    )
    return {
        "satisfaction_answer_count": count,
        "satisfaction_score": score or 0.0,
        "satisfaction_margin": margin or 0.0,
        "satisfaction_team_score": team_score or 0.0,
        "satisfaction_weight": result.weight,
        "satisfaction_weighted_score": result.credible_score or 0.0,
        "satisfaction_multiplier": result.multiplier,
    }


def _retention_values(plan, user, inputs):
    """The summary's retention fields of ``user`` on ``plan``, from the
    plan's :meth:`CrmCommissionSummary._retention_inputs`."""
    if not plan.retention_factor:
        return {
            "retention_customer_count": 0,
            "retention_retained_count": 0,
            "retention_pct": 0.0,
            "retention_factor": 1.0,
            "retention_bonus_count": 0,
            "retention_bonus_amount": 0.0,
            "retention_penalty_count": 0,
            "retention_penalty_amount": 0.0,
        }
    counts = inputs.get((plan.id, user.id), (0, 0, 0, 0))
    result = retention_factor.retention(*counts, plan._retention_rule())
    return {
        "retention_customer_count": result.customer_count,
        "retention_retained_count": result.retained_count,
        "retention_pct": result.retention_pct or 0.0,
        "retention_factor": result.factor,
        "retention_bonus_count": result.bonus_count,
        "retention_bonus_amount": result.bonus_amount,
        "retention_penalty_count": result.penalty_count,
        "retention_penalty_amount": result.penalty_amount,
    }


def _scorecard_values(plan, user, scores):
    """The summary's scorecard fields of ``user`` on ``plan``, from the
    period's :meth:`CrmCommissionPeriod._scorecard_scores`."""
    if not plan.scorecard_multiplier:
        return {
            "scorecard_measured": False,
            "scorecard_score": 0.0,
            "scorecard_multiplier": 1.0,
        }
    score = scores.get(user.id)
    return {
        "scorecard_measured": score is not None,
        "scorecard_score": score or 0.0,
        "scorecard_multiplier": scorecard_multiplier.scorecard_multiplier(
            score, plan._scorecard_rule()
        ),
    }
