# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmCommissionSummary(models.Model):
    """A salesperson's commission of a period on one plan: the lines' total,
    the satisfaction multiplier, the target attainment and what the pay
    curve makes of it.

    Written only by the period's computation, with every input of the
    multipliers as they were then, so that the salesperson can check the
    figures by hand and a later computation can tell what changed.
    """

    _name = "crm.commission.summary"
    _inherit = ["crm.commission.led.mixin"]
    _description = "Commission Summary"
    _order = "period_id desc, user_id, id"
    _rec_name = "user_id"

    _user_plan_unique = models.Constraint(
        "UNIQUE(period_id, user_id, plan_id)",
        "A salesperson has one summary per period and plan.",
    )

    period_id = fields.Many2one(
        "crm.commission.period",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, readonly=True, index=True
    )
    plan_id = fields.Many2one(
        "crm.commission.plan",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    base_total = fields.Monetary(string="Base", readonly=True)
    target_amount = fields.Monetary(string="Target", readonly=True)
    attainment_pct = fields.Float(
        string="Attainment (%)",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The base over the target; 0 without a target.",
    )
    multiplier = fields.Float(
        string="Curve Multiplier", readonly=True, digits=(16, 4), aggregator=False
    )
    commission_before_curve = fields.Monetary(
        string="Commission of the Lines",
        readonly=True,
        help="The total of the salesperson's commission lines.",
    )
    satisfaction_answer_count = fields.Integer(
        string="Satisfaction Answers",
        readonly=True,
        aggregator=False,
        help="n: the counted answers of the salesperson's customers with "
        "revenue in the satisfaction window, on the questions the "
        "salesperson controls.",
    )
    satisfaction_score = fields.Float(
        string="Own Satisfaction Score",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The score of the salesperson's customers, each customer's "
        "weighted by its revenue in the window; 0 without answers.",
    )
    satisfaction_margin = fields.Float(
        string="Margin of Error (±)",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="How far the own score may be, at 95 % confidence, from what "
        "all the customers would answer (unweighted); 0 under two answers.",
    )
    satisfaction_team_score = fields.Float(
        string="Team Satisfaction Score",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The same score over the answers of all the plan's salespeople.",
    )
    satisfaction_weight = fields.Float(
        string="Credibility Weight",
        readonly=True,
        digits=(16, 4),
        aggregator=False,
        help="n / (n + k): the share of the own score in the weighted score, "
        "the team's taking the rest.",
    )
    satisfaction_weighted_score = fields.Float(
        string="Weighted Satisfaction Score",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="Weight x own score + (1 - weight) x team score: the score the "
        "plan's bands read.",
    )
    satisfaction_multiplier = fields.Float(
        readonly=True,
        digits=(16, 4),
        default=1.0,
        aggregator=False,
        help="The band of the weighted score, kept within the plan's floor "
        "and cap; 1 with fewer answers than the plan's minimum or without a "
        "satisfaction multiplier on the plan.",
    )
    retention_customer_count = fields.Integer(
        string="Customers to Keep",
        readonly=True,
        aggregator=False,
        help="The A and B customers of the same period last year (invoiced "
        "then, of that class on its last day) the salesperson owns at this "
        "period's end.",
    )
    retention_retained_count = fields.Integer(
        string="Customers Kept",
        readonly=True,
        aggregator=False,
        help="Those of them invoiced in this period.",
    )
    retention_pct = fields.Float(
        string="Retention (%)",
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The customers kept over the customers to keep; 0 without any.",
    )
    retention_factor = fields.Float(
        readonly=True,
        digits=(16, 4),
        default=1.0,
        aggregator=False,
        help="The band of the retention; 1 without customers to keep or "
        "without a retention factor on the plan.",
    )
    retention_bonus_count = fields.Integer(
        string="New B Customers",
        readonly=True,
        aggregator=False,
        help="New customers who reached class B or better in the period, "
        "owned by the salesperson that day.",
    )
    retention_bonus_amount = fields.Monetary(string="Retention Bonus", readonly=True)
    retention_penalty_count = fields.Integer(
        string="A Customers Lost",
        readonly=True,
        aggregator=False,
        help="Class A customers who became dormant in the period, owned by the "
        "salesperson that day.",
    )
    retention_penalty_amount = fields.Monetary(
        string="Retention Penalty", readonly=True
    )
    scorecard_measured = fields.Boolean(
        readonly=True,
        help="The salesperson has a scorecard in the period with at least one "
        "metric measured; without, the scorecard multiplier is neutral.",
    )
    scorecard_score = fields.Float(
        readonly=True,
        digits=(16, 2),
        aggregator=False,
        help="The total score of the salesperson's scorecard of the period, "
        "0 to 100, as it was when the period was computed.",
    )
    scorecard_multiplier = fields.Float(
        readonly=True,
        digits=(16, 4),
        default=1.0,
        aggregator=False,
        help="The band of the scorecard score, kept within the plan's floor "
        "and cap; 1 without a scorecard measured or without a scorecard "
        "multiplier on the plan.",
    )
    multiplier_adjustment_amount = fields.Monetary(
        string="Multiplier Adjustments",
        readonly=True,
        help="What the multipliers of locked earlier periods would change "
        "today (a satisfaction answer, a complaint or a customer's history "
        "recorded after their approval), less what other periods adjusted "
        "already. Added to the commission, neither multiplied nor curved.",
    )
    multiplier_adjustment_ids = fields.One2many(
        "crm.commission.summary.adjustment",
        "summary_id",
        string="Adjustments of Locked Periods",
    )
    clawback_amount = fields.Monetary(
        string="Clawbacks and Reversals",
        readonly=True,
        help="The total of the lines that reverse (or earn again) commission "
        "of an earlier period: refund clawbacks, unpaid invoices reversed and "
        "paid at last, adjustments of locked periods, new customers' "
        "holdbacks held, released or forfeited. Added to the commission "
        "after the curve, neither multiplied nor curved.",
    )
    commission = fields.Monetary(
        string="Commission After Curve",
        readonly=True,
        help="The commission of the earned lines times the satisfaction "
        "multiplier, the retention factor and the scorecard multiplier, and "
        "what the pay curve and its cap make of it; plus the retention bonus, "
        "less its penalty, plus the clawbacks and reversals and the "
        "multiplier adjustments. With the plan's commission formula: the "
        "formula's value plus the clawbacks and reversals and the multiplier "
        "adjustments.",
    )
    cap_applied = fields.Boolean(string="Capped", readonly=True)
    commission_formula_used = fields.Boolean(
        string="Formula Used",
        readonly=True,
        help="The commission before the clawbacks and reversals is the value "
        "of the plan's commission formula, not the composition of the "
        "multipliers, the pay curve and the retention bonus and penalty.",
    )

    # workflow: the sales manager's approval (written by the period's
    # Approve, Reopen and Cancel actions only)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)

    def _statement_lines(self):
        """The commission lines this summary counts, as its statement lists
        them: the salesperson's lines of the period on its plan, and those
        of a plan that applies no more (the clawback of what an older
        version paid; :meth:`_summary_key`)."""
        self.ensure_one()
        period = self.period_id
        summary_key = self._summary_key(period._applicable_plans())
        return (
            self.env["crm.commission.line"]
            .search(
                [("period_id", "=", period.id), ("user_id", "=", self.user_id.id)],
                order="date, id",
            )
            .filtered(
                lambda line: summary_key(line.user_id, line.plan_id)[1] == self.plan_id
            )
        )

    def _approve(self, user):
        """``user`` approves these summaries of one period, once their
        disputes are answered; whether every summary of the period is now
        approved (those ``user`` does not read included)."""
        period = self.period_id.ensure_one()
        self.env["crm.commission.dispute"]._check_answered(self)
        self.sudo().write(
            {"approved_by_id": user.id, "approved_date": fields.Datetime.now()}
        )
        period.sudo().message_post(
            body=self.env._(
                "Commissions of %(salespeople)s approved.",
                salespeople=", ".join(self.user_id.mapped("name")),
            )
        )
        return not self.sudo().search_count(
            [("period_id", "=", period.id), ("approved_by_id", "=", False)]
        )

    def _withdraw_approval(self):
        """Back to awaiting the manager's approval (reopened, cancelled, or
        its commission changed by a new computation)."""
        self.sudo().write({"approved_by_id": False, "approved_date": False})

    @api.model
    def _approvable(self, periods, user):
        """The summaries of ``periods`` ``user`` may approve: those
        ``user`` leads for their period (see ``crm.commission.led.mixin``);
        for Commission HR also those of the salespeople nobody leads; never
        ``user``'s own."""
        is_hr = user.has_group("crm_performance.group_commission_hr")
        # searched, not read through summary_ids: the record rules apply
        summaries = self.search(
            [("period_id", "in", periods.ids), ("user_id", "!=", user.id)]
        )
        return summaries.filtered(
            lambda summary: user in summary.leader_ids if summary.leader_ids else is_hr
        )

    @api.model
    def _withdraw_changed_approvals(self, approved):
        """Withdraw the approvals of the summaries (keys of ``approved``, by
        their commission when approved) whose commission changed since."""
        changed = self.browse()
        for summary, commission in approved.items():
            if summary.exists() and summary.currency_id.compare_amounts(
                summary.commission, commission
            ):
                changed |= summary
        if not changed:
            return
        changed._withdraw_approval()
        for period in changed.period_id:
            period.sudo().message_post(
                body=self.env._(
                    "Computed again: the commission of %(salespeople)s changed, "
                    "their approval is withdrawn.",
                    salespeople=", ".join(
                        changed.filtered(
                            lambda summary, period=period: summary.period_id == period
                        ).user_id.mapped("name")
                    ),
                )
            )

    def _send_statements(self):
        """Email each salesperson the statement of these summaries, in
        their language, the PDF attached; say so on each period."""
        template = self.env.ref("crm_performance.mail_template_commission_statement")
        for summary in self:
            template.send_mail(
                summary.id, email_layout_xmlid="mail.mail_notification_light"
            )
        for period, summaries in self.grouped("period_id").items():
            period.message_post(
                body=self.env._(
                    "Commission statements sent to %(salespeople)s.",
                    salespeople=", ".join(summaries.user_id.mapped("name")),
                )
            )
