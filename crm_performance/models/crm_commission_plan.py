# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from . import (
    pay_curve,
    retention_factor,
    satisfaction_multiplier,
    scorecard_multiplier,
)
from .commission_calendar import LOCKED_STATES, PERIOD_MONTHS

PERIOD_TYPES = [("month", "Monthly"), ("quarter", "Quarterly")]

# What of a plan that paid a locked period may still change: its children
# are governed one by one (crm.commission.plan.input).
FREE_ON_LOCKED_PLAN = {
    "name",
    "active",
    "date_to",
    "rule_ids",
    "tier_ids",
    "target_ids",
    "satisfaction_band_ids",
    "retention_band_ids",
    "scorecard_band_ids",
}


class CrmCommissionPlan(models.Model):
    """How a company pays its salespeople commission, period by period.

    A plan applies, between its validity dates, to the salespeople it names
    and to the members of the sales teams it names; a salesperson is on one
    plan at a time. The commission base of each invoice line is what the plan
    counts (invoiced, paid or gross margin), at the rate of the first rule
    that matches the line, else the plan's default rate; the pay curve then
    turns each salesperson's commission into a payout according to their
    target attainment in the period.
    """

    _name = "crm.commission.plan"
    _inherit = ["crm.commission.plan.input"]
    _description = "Commission Plan"
    _order = "company_id, date_from desc, name, id"
    _check_company_auto = True

    _dates_ordered = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "A plan cannot end before it starts.",
    )
    _new_customer_months_positive = models.Constraint(
        "CHECK(new_customer_months > 0)",
        "A customer is new for at least one month.",
    )
    _unpaid_reversal_days_positive = models.Constraint(
        "CHECK(unpaid_reversal_days >= 0)",
        "An invoice is reversed at the earliest on its due date.",
    )
    _retention_amounts_positive = models.Constraint(
        "CHECK(retention_new_customer_bonus >= 0 AND retention_dormancy_penalty >= 0)",
        "A retention bonus or penalty cannot be negative.",
    )
    _satisfaction_gate_valid = models.Constraint(
        "CHECK(satisfaction_gate_min_answers >= 1 AND "
        "satisfaction_gate_rate_pct BETWEEN 0 AND 100)",
        "A satisfaction gate needs at least one answer and a gated rate "
        "between 0 and 100 % of the normal rate.",
    )
    _caps_positive = models.Constraint(
        "CHECK(max_multiplier >= 0 AND max_payout >= 0)",
        "A cap cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    pay_curve_chart = fields.Html(
        compute="_compute_pay_curve_chart",
        sanitize=False,
        help="The multiplier the curve gives a commission against the target "
        "attainment, from 0 to 200 %, as configured (steps and caps).",
    )
    previous_version_id = fields.Many2one(
        "crm.commission.plan",
        string="Replaces",
        readonly=True,
        copy=False,
        help="The version of this plan that paid the periods before this one "
        "starts: a plan that paid an approved period is changed by a new "
        "version, never backwards.",
    )
    locked_until = fields.Date(
        string="Paid Periods Until",
        compute="_compute_locked_until",
        help="The last day of the last approved, validated or paid period of "
        "this plan: its rules, curve, bands and the targets of those periods "
        "stay as they were; a new version changes them from the day after.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="Valid To", help="Empty: until further notice.")
    period_type = fields.Selection(
        PERIOD_TYPES,
        string="Period",
        required=True,
        default=lambda self: self.env.company.commission_period,
        help="The period targets are set for and the pay curve applies to; "
        "the plan is computed by the commission periods of this kind.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "crm_commission_plan_user_rel",
        "plan_id",
        "user_id",
        string="Salespeople",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_ids = fields.Many2many(
        "crm.team",
        "crm_commission_plan_team_rel",
        "plan_id",
        "team_id",
        string="Sales Teams",
        check_company=True,
        help="The plan also applies to the members of these teams.",
    )
    base = fields.Selection(
        [
            ("invoiced", "Invoiced"),
            ("paid", "Paid"),
            ("margin", "Gross Margin"),
        ],
        string="Commission Base",
        required=True,
        default="invoiced",
        help="Invoiced: the untaxed amount of the posted customer invoice "
        "lines, credit notes deducted, on the invoice date. Paid: the same, "
        "earned as the customer pays, in proportion to each payment, on the "
        "payment date. Gross margin: the untaxed amount minus the cost of the "
        "invoice lines, fixed when each invoice was posted, on the invoice "
        "date.",
    )
    negative_margin = fields.Selection(
        [
            ("net", "Netted in the Period"),
            ("floor", "Floored at Zero per Line"),
        ],
        string="Below-Cost Sales",
        required=True,
        default="net",
        help="Gross margin plans: how an invoice line sold below its cost "
        "counts. Netted: its negative margin lowers the salesperson's base of "
        "the period (a sale of 1 000 at a cost of 2 000 counts -1 000). "
        "Floored: it counts 0, neither earning nor costing commission.",
    )
    default_rate = fields.Float(
        string="Default Rate (%)",
        digits=(16, 2),
        help="The rate of an invoice line that no rule matches.",
    )
    new_customer_months = fields.Integer(
        default=12,
        required=True,
        help="A customer is new when its first posted invoice is at most this "
        "many months before the invoice line.",
    )
    # a new version of the plan copies its rules, curve and bands
    rule_ids = fields.One2many(
        "crm.commission.rule", "plan_id", string="Rate Rules", copy=True
    )
    unpaid_reversal_days = fields.Integer(
        string="Reverse When Unpaid After (Days)",
        help="Invoiced and margin plans: an invoice still unpaid this many "
        "days after its due date loses its commission in the period in which "
        "the days pass (at the earliest the period after the invoice's), and "
        "earns it again in the period in which it is paid. 0: never.",
    )
    holdback_pct = fields.Float(
        string="New Customer Holdback (%)",
        digits=(16, 2),
        help="The share of the commission on a new customer's revenue held "
        "back in the period of the sale: released in the first period after "
        "it in which the customer has bought again (its next invoice within "
        "the holdback window), forfeited if it does not. 0: nothing is held.",
    )
    holdback_months = fields.Integer(
        string="Holdback Window (Months)",
        default=6,
        help="How long after the invoice a new customer has to buy again "
        "for the held commission to be released.",
    )

    curve_type = fields.Selection(
        [("steps", "Steps"), ("levels", "Levels")],
        string="Pay Curve",
        help="Empty: the commission is paid as computed, whatever the target "
        "attainment. Steps: bands of attainment, each with a multiplier. "
        "Levels: attainment points with a multiplier, interpolated between "
        "them.",
    )
    step_mode = fields.Selection(
        [("marginal", "Marginal"), ("whole", "Whole")],
        required=True,
        default="marginal",
        help="Marginal: each band's multiplier applies to the part of the "
        "commission earned in that band. Whole: the multiplier of the band "
        "reached applies to all the commission.",
    )
    tier_ids = fields.One2many(
        "crm.commission.tier", "plan_id", string="Curve", copy=True
    )
    max_multiplier = fields.Float(
        digits=(16, 2), help="The curve pays at most this multiple; 0: no cap."
    )
    max_payout = fields.Monetary(
        string="Maximum Payout",
        currency_field="currency_id",
        help="A salesperson is paid at most this much commission per period; "
        "0: no cap.",
    )

    target_ids = fields.One2many("crm.commission.target", "plan_id", string="Targets")
    target_growth_pct = fields.Float(
        string="Target Growth (%)",
        digits=(16, 1),
        help="How much higher than the last period's targets the next "
        "period's are, when copied.",
    )

    satisfaction_score = fields.Selection(
        [("nps", "NPS"), ("csat", "CSAT")],
        string="Satisfaction Multiplier",
        help="Empty: satisfaction does not change the commission. NPS or "
        "CSAT: the score of the salesperson's customers over the company's "
        "satisfaction window up to the period's end, on the questions the "
        "salesperson controls and the answers to the company's invitations "
        "only, each customer's score weighted by its revenue in the window, "
        "turns into a multiplier of the commission by the bands.",
    )
    satisfaction_band_ids = fields.One2many(
        "crm.commission.satisfaction.band",
        "plan_id",
        string="Satisfaction Bands",
        copy=True,
    )
    satisfaction_min_answers = fields.Integer(
        string="Minimum Answers",
        default=5,
        help="With fewer answers the satisfaction multiplier is neutral (1).",
    )
    satisfaction_credibility = fields.Float(
        string="Credibility Constant",
        digits=(16, 1),
        default=10.0,
        help="k: a salesperson's own score counts for n / (n + k) of their "
        "score for n answers, the team's (all the plan's salespeople) for "
        "the rest, so that a few answers do not swing pay.",
    )
    satisfaction_floor = fields.Float(
        string="Lowest Satisfaction Multiplier", digits=(16, 2), default=0.8
    )
    satisfaction_cap = fields.Float(
        string="Highest Satisfaction Multiplier", digits=(16, 2), default=1.2
    )

    satisfaction_gate = fields.Selection(
        [("nps", "NPS"), ("csat", "CSAT")],
        help="Empty: no gate. NPS or CSAT: the revenue of a customer whose own "
        "score (all its counted answers over the company's satisfaction "
        "window up to the period's end) is below the threshold, on at least "
        "the minimum answers, earns only a share of the normal rate.",
    )
    satisfaction_gate_threshold = fields.Float(
        string="Gate Threshold",
        digits=(16, 2),
        help="NPS from -100 to 100, or CSAT from 1 to 5: a customer's score "
        "below it closes the gate.",
    )
    satisfaction_gate_min_answers = fields.Integer(
        string="Gate Minimum Answers",
        default=3,
        help="A customer with fewer answers is not gated.",
    )
    satisfaction_gate_rate_pct = fields.Float(
        string="Gated Rate (% of Normal)",
        digits=(16, 1),
        default=50.0,
        help="The rate of a gated customer's revenue, as a share of the rate "
        "the rules give it.",
    )
    retention_factor = fields.Boolean(
        help="The share of the salesperson's A and B customers of the same "
        "period last year (their class then, bought in it) who bought again "
        "in this one, the customers they own at the period's end, turns into "
        "a factor of the commission by the bands; new customers reaching "
        "class B or better earn a bonus, A customers lost to dormancy cost a "
        "penalty, each for the salesperson who owned the customer then.",
    )
    retention_band_ids = fields.One2many(
        "crm.commission.retention.band", "plan_id", string="Retention Bands", copy=True
    )
    retention_new_customer_bonus = fields.Monetary(
        string="Bonus per New B Customer",
        currency_field="currency_id",
        help="Paid once per new customer (first invoiced within the plan's "
        "new-customer months) the first time it reaches class B or better.",
    )
    retention_dormancy_penalty = fields.Monetary(
        string="Penalty per A Customer Lost",
        currency_field="currency_id",
        help="Deducted per class A customer that entered the dormant stage "
        "of the relationship lifecycle in the period.",
    )

    scorecard_multiplier = fields.Boolean(
        help="The total score of the salesperson's scorecard of the period "
        "(computed with the commissions) turns into a multiplier of the "
        "commission by the bands, within the floor and cap; neutral (1) when "
        "the salesperson has no scorecard in the period or none of its "
        "metrics could be measured.",
    )
    scorecard_band_ids = fields.One2many(
        "crm.commission.scorecard.band", "plan_id", string="Scorecard Bands", copy=True
    )
    scorecard_floor = fields.Float(
        string="Lowest Scorecard Multiplier", digits=(16, 2), default=0.8
    )
    scorecard_cap = fields.Float(
        string="Highest Scorecard Multiplier", digits=(16, 2), default=1.2
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(
        "satisfaction_min_answers",
        "satisfaction_credibility",
        "satisfaction_floor",
        "satisfaction_cap",
    )
    def _check_satisfaction(self):
        for plan in self:
            if plan.satisfaction_min_answers < 1 or plan.satisfaction_credibility < 0:
                raise ValidationError(
                    self.env._(
                        "The satisfaction multiplier of %(plan)s needs at least one "
                        "answer and a credibility constant of 0 or more.",
                        plan=plan.name,
                    )
                )
            if not 0 <= plan.satisfaction_floor <= 1 <= plan.satisfaction_cap:
                raise ValidationError(
                    self.env._(
                        "The satisfaction multiplier of %(plan)s must be kept "
                        "between a floor of at most 1 and a cap of at least 1, "
                        "not between %(floor)s and %(cap)s.",
                        plan=plan.name,
                        floor=plan.satisfaction_floor,
                        cap=plan.satisfaction_cap,
                    )
                )

    @api.constrains("scorecard_floor", "scorecard_cap")
    def _check_scorecard(self):
        for plan in self:
            if not 0 <= plan.scorecard_floor <= 1 <= plan.scorecard_cap:
                raise ValidationError(
                    self.env._(
                        "The scorecard multiplier of %(plan)s must be kept "
                        "between a floor of at most 1 and a cap of at least 1, "
                        "not between %(floor)s and %(cap)s.",
                        plan=plan.name,
                        floor=plan.scorecard_floor,
                        cap=plan.scorecard_cap,
                    )
                )

    @api.constrains(
        "user_ids", "team_ids", "date_from", "date_to", "company_id", "active"
    )
    def _check_one_plan_per_salesperson(self):
        """A salesperson is on at most one plan at any date."""
        for plan in self.filtered("active"):
            others = self.search(
                [
                    ("id", "!=", plan.id),
                    ("company_id", "=", plan.company_id.id),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", plan.date_from),
                ]
                + ([("date_from", "<=", plan.date_to)] if plan.date_to else [])
            )
            salespeople = plan._salespeople()
            for other in others:
                shared = salespeople & other._salespeople()
                if shared:
                    raise ValidationError(
                        self.env._(
                            "%(salespeople)s would be on two commission plans at "
                            "the same time: %(plan)s and %(other)s overlap.",
                            salespeople=", ".join(shared.mapped("name")),
                            plan=plan.name,
                            other=other.name,
                        )
                    )

    @api.constrains("holdback_pct", "holdback_months")
    def _check_holdback(self):
        for plan in self:
            if not 0 <= plan.holdback_pct <= 100 or (
                plan.holdback_pct and plan.holdback_months < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The holdback of %(plan)s must be a share of 0 to 100 %% "
                        "of a new customer's commission (not %(pct)s %%), held "
                        "for at least one month (not %(months)s).",
                        plan=plan.name,
                        pct=plan.holdback_pct,
                        months=plan.holdback_months,
                    )
                )

    @api.constrains("default_rate")
    def _check_default_rate(self):
        for plan in self:
            if plan.default_rate < 0:
                raise ValidationError(
                    self.env._(
                        "The default rate of %(plan)s cannot be negative "
                        "(%(rate)s %%).",
                        plan=plan.name,
                        rate=plan.default_rate,
                    )
                )

    @api.constrains("tier_ids", "curve_type")
    def _check_curve(self):
        for plan in self.filtered("curve_type"):
            error = plan.tier_ids._curve_error(plan)
            if error:
                raise ValidationError(error)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_copy_last_targets(self):
        """Copy the targets of each plan's last period to the next period,
        raised by the plan's target growth; the next period's targets
        already set are kept."""
        self.check_access("write")
        for plan in self:
            if not plan.target_ids:
                raise UserError(
                    self.env._("%(plan)s has no targets to copy yet.", plan=plan.name)
                )
            last_start = max(plan.target_ids.mapped("period_start"))
            next_start = last_start + relativedelta(
                months=PERIOD_MONTHS[plan.period_type]
            )
            already = plan.target_ids.filtered(
                lambda target, start=next_start: target.period_start == start
            ).user_id
            growth = 1 + plan.target_growth_pct / 100.0
            plan.write(
                {
                    "target_ids": [
                        Command.create(
                            {
                                "user_id": target.user_id.id,
                                "period_start": next_start,
                                "amount": plan.currency_id.round(
                                    target.amount * growth
                                ),
                            }
                        )
                        for target in plan.target_ids
                        if target.period_start == last_start
                        and target.user_id not in already
                    ]
                }
            )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A plan that computed commissions is archived, not deleted: its
        lines and summaries keep pointing to the rules that made them."""
        used = (
            self.env["crm.commission.summary"]
            .sudo()
            .search([("plan_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "%(plan)s computed commissions (%(period)s): archive it "
                    "instead of deleting it.",
                    plan=used.plan_id.display_name,
                    period=used.period_id.display_name,
                )
            )

    def action_new_version(self):
        """A copy of this plan, rules, curve and bands included, that applies
        from the day after the last period it paid (the next open period),
        this plan ending the day before; the targets from then on move to
        it. The way to change how a plan that paid a locked period pays."""
        self.ensure_one()
        self._check_pay_input_change({})  # Commission HR, never the own plan
        locked_until = self._locked_until()
        if not locked_until:
            raise UserError(
                self.env._(
                    "%(plan)s has paid no approved period yet: change it as it is.",
                    plan=self.display_name,
                )
            )
        effective = locked_until + relativedelta(days=1)
        if self.date_to and self.date_to < effective:
            raise UserError(
                self.env._(
                    "%(plan)s ends on %(date)s, before the next open period: "
                    "create a new plan instead.",
                    plan=self.display_name,
                    date=format_date(self.env, self.date_to),
                )
            )
        plan = self.sudo()
        date_to = plan.date_to
        plan.date_to = effective - relativedelta(days=1)
        version = plan.copy(
            {
                "name": plan.name,
                "date_from": effective,
                "date_to": date_to,
                "previous_version_id": plan.id,
            }
        )
        plan.target_ids.filtered(
            lambda target: target.period_start >= effective
        ).plan_id = version
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": version.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.depends(
        "curve_type",
        "step_mode",
        "tier_ids.from_pct",
        "tier_ids.to_pct",
        "tier_ids.multiplier",
        "max_multiplier",
    )
    def _compute_pay_curve_chart(self):
        """The curve drawn from 0 to 200 % of the target, with what it pays
        at 100 % and where it reaches x1: what HR configures, seen."""
        for plan in self:
            curve = plan._pay_curve()
            if not curve.kind or not curve.bands:
                plan.pay_curve_chart = False
                continue
            at_target = pay_curve.multiplier_at(100.0, curve)
            reaches_one = pay_curve.first_reaching(curve, 1.0)
            svg = pay_curve.chart_svg(
                curve,
                {
                    "title": self.env._("Pay curve"),
                    "x": self.env._("Target attainment"),
                },
            )
            summary = self.env._(
                "At 100 %% of the target a commission counts %(multiplier)s times.",
                multiplier=f"{at_target:.2f}",
            )
            if reaches_one is None:
                summary += " " + self.env._("It never reaches 1.")
            else:
                summary += " " + self.env._(
                    "It counts once from %(attainment)s %% of the target.",
                    attainment=f"{reaches_one:g}",
                )
            plan.pay_curve_chart = Markup("<p>%s</p>%s") % (summary, Markup(svg))

    def _compute_locked_until(self):
        for plan in self:
            plan.locked_until = plan._locked_until()

    def _locked_until(self):
        """The last day of the last period this plan paid that is approved,
        validated or paid, else False: its pay inputs stay as they were."""
        self.ensure_one()
        if not self.id:
            return False
        summaries = (
            self.env["crm.commission.summary"]
            .sudo()
            .search(
                [("plan_id", "=", self.id), ("period_id.state", "in", LOCKED_STATES)]
            )
        )
        return max(summaries.period_id.mapped("date_to"), default=False)

    def _governed_plans(self):
        return self

    def _own_pay_records(self):
        user = self.env.user
        return self.filtered(lambda plan: user in plan._salespeople())

    def _locked_records(self, vals):
        """A plan that paid a locked period keeps its pay inputs: only its
        name, whether it is active, its end (after the locked periods) and
        its children (each governed itself) change."""
        if vals is None:
            return self.filtered(lambda plan: plan._locked_until())
        changed = set(vals) - FREE_ON_LOCKED_PLAN
        date_to = fields.Date.to_date(vals.get("date_to"))

        def reaches_back(plan):
            locked_until = plan._locked_until()
            return locked_until and (
                changed or ("date_to" in vals and date_to and date_to < locked_until)
            )

        return self.filtered(reaches_back)

    def _salespeople(self):
        """The users the plan applies to: named, or members of its teams."""
        self.ensure_one()
        return self.sudo().user_ids | self.sudo().team_ids.member_ids

    @api.model
    def _salespeople_sql(self, plan_ids):
        """SQL: :meth:`_salespeople` of the plans whose ids ``plan_ids`` (a
        query) selects, set-based: ``(plan_id, user_id, priority)``, the
        priority 0 for a salesperson named on the plan, 1 for a member of
        one of its teams (one row each way a salesperson is reached)."""
        return SQL(
            """
    SELECT rel.plan_id, rel.user_id, 0 AS priority
      FROM crm_commission_plan_user_rel rel
     WHERE rel.plan_id IN (%(plans)s)
     UNION
    SELECT rel.plan_id, member.user_id, 1 AS priority
      FROM crm_commission_plan_team_rel rel
      JOIN crm_team_member member ON member.crm_team_id = rel.team_id
     WHERE rel.plan_id IN (%(plans)s)
       AND member.active
            """,
            plans=plan_ids,
        )

    def _satisfaction_rule(self):
        """The plan's :class:`~.satisfaction_multiplier.SatisfactionRule`."""
        self.ensure_one()
        return satisfaction_multiplier.SatisfactionRule(
            min_answers=self.satisfaction_min_answers,
            credibility_k=self.satisfaction_credibility,
            bands=tuple(
                (band.score_from, band.multiplier)
                for band in self.satisfaction_band_ids
            ),
            floor=self.satisfaction_floor,
            cap=self.satisfaction_cap,
        )

    def _retention_rule(self):
        """The plan's :class:`~.retention_factor.RetentionRule`."""
        self.ensure_one()
        return retention_factor.RetentionRule(
            bands=tuple(
                (band.retention_from, band.factor) for band in self.retention_band_ids
            ),
            new_customer_bonus=self.retention_new_customer_bonus,
            dormancy_penalty=self.retention_dormancy_penalty,
        )

    def _scorecard_rule(self):
        """The plan's :class:`~.scorecard_multiplier.ScorecardRule`."""
        self.ensure_one()
        return scorecard_multiplier.ScorecardRule(
            bands=tuple(
                (band.score_from, band.multiplier) for band in self.scorecard_band_ids
            ),
            floor=self.scorecard_floor,
            cap=self.scorecard_cap,
        )

    def _pay_curve(self):
        """The plan's :class:`~.pay_curve.PayCurve`."""
        self.ensure_one()
        return pay_curve.PayCurve(
            kind=self.curve_type or None,
            step_mode=self.step_mode,
            bands=self.tier_ids._curve_bands(self.curve_type),
            max_multiplier=self.max_multiplier or None,
            max_amount=self.max_payout or None,
        )
