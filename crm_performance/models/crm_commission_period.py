# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, format_date

from odoo.addons.crm_industrial.models.crm_company_recompute import (
    column_list,
    heavy_statement_settings,
)

from . import (
    commission_calendar,
    commission_formula,
    pay_curve,
    retention_factor,
    satisfaction_multiplier,
    scorecard_multiplier,
)
from .commission_calendar import LOCKED_STATES, period_end, period_start
from .crm_commission_plan import PERIOD_TYPES

# The memory of each sort or hash of the lines' statement, in MB: it sorts
# and hashes a row per invoice line, payment and split (the default 4 MB
# spills them to disk).
LINES_WORK_MEM_MB = 64

# The states in which a period's lines may be computed again; the later
# steps of a period's workflow extend the selection after them.
RECOMPUTABLE_STATES = ("draft", "computed")

# The fields only the workflow's actions write (as superuser, after checking
# who acts): refused in a plain write.
WORKFLOW_FIELDS = {"state", "payment_date", "payroll_batch_ref"}

# What a period is: changed only while it is a draft.
PERIOD_KEY_FIELDS = {"period_type", "date_from", "company_id"}

# The states of a period HR may still delete.
DELETABLE_STATES = ("draft", "computed", "cancel")

# Columns the line computation writes, besides the key (period, invoice
# line, payment, salesperson).
LINE_COLUMNS = (
    "company_id",
    "plan_id",
    "move_id",
    "partner_id",
    "date",
    "product_categ_id",
    "customer_class",
    "is_new_customer",
    "is_key_account",
    "share_pct",
    "base_amount",
    "rate",
    "rule_id",
    "amount",
    "origin_move_id",
    "origin_line_id",
    "is_satisfaction_gated",
    "cost_amount",
    "cost_source",
    "landed_cost_id",
    "paid_factor",
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

# Columns of the lines an adjustment copies, besides the amounts.
ADJUSTED_COLUMNS = (
    "move_line_id",
    "partial_id",
    "user_id",
    "plan_id",
    "move_id",
    "partner_id",
    "date",
    "product_categ_id",
    "customer_class",
    "is_new_customer",
    "is_key_account",
    "share_pct",
    "rate",
    "rule_id",
    "is_satisfaction_gated",
)


# The lines a locked period would have if computed today, compared with
# those it has; dropped at the end of the transaction.
PREVIEW_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS crm_commission_line_preview (
    period_id integer, move_line_id integer, partial_id integer,
    user_id integer, kind varchar, plan_id integer, move_id integer,
    partner_id integer, date date, product_categ_id integer,
    customer_class varchar, is_new_customer boolean, is_key_account boolean,
    share_pct numeric, base_amount numeric, rate numeric, rule_id integer,
    amount numeric, is_satisfaction_gated boolean, landed_cost_id integer
) ON COMMIT DROP;
TRUNCATE crm_commission_line_preview;
"""

# The first stages of the lines' statement, each computed into a temporary
# table with its own statistics before the rest reads it: estimated from
# the CTEs, a month of 20 000 invoice lines looked like one row, and the
# customers' first invoices and classes were joined to it by nested loops
# re-reading them per line (3.2 s where 0.3 s do).
LINE_STAGES = ("invoice_line", "assigned")

# The posted customer invoice and credit note lines the period counts (on
# their date or on a payment in it), of a salesperson on a plan, of a key
# account's team, or refunding an invoice; their cost as fixed at posting,
# corrected by the landed costs of their delivery.
INVOICE_LINE_SQL = """
    SELECT line.id AS move_line_id,
           move.id AS move_id,
           move.invoice_user_id,
           move.commercial_partner_id AS partner_id,
           move.invoice_date,
           CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
           ABS(move.amount_total_signed) AS invoice_total,
           move.invoice_currency_rate,
           move.reversed_entry_id,
           line.product_id,
           line.sequence,
           line.quantity,
           -line.balance AS untaxed,
           COALESCE(line.crm_cost_amount, 0)
               + COALESCE(correction.amount, 0) AS line_cost,
           line.crm_cost_source AS line_cost_source,
           correction.landed_cost_id
      FROM account_move move
      JOIN account_move_line line ON line.move_id = move.id
      LEFT JOIN (%(cost_correction)s) correction
        ON correction.move_line_id = line.id
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND line.display_type = 'product'
       AND (move.invoice_user_id IN (SELECT user_id FROM plan_salesperson)
            OR move.commercial_partner_id IN (
                SELECT partner_id FROM key_account_share)
            OR move.reversed_entry_id IS NOT NULL)
       AND (move.invoice_date BETWEEN %(date_from)s AND %(date_to)s
            OR move.id IN (SELECT move_id FROM payment))
"""

# Each line with its salesperson's plan on its day.
ASSIGNED_SQL = """
    SELECT split.*, day_plan.plan_id, day_plan.base, day_plan.default_rate,
           day_plan.new_customer_months, day_plan.satisfaction_gate_rate_pct,
           day_plan.holdback_pct, day_plan.holdback_months,
           day_plan.negative_margin
      FROM split
      JOIN day_plan
        ON day_plan.user_id = split.user_id
       AND day_plan.date = split.date
       AND day_plan.is_paid = (split.partial_id IS NOT NULL)
"""

# Fields of a salesperson's summary the computation writes, with the
# decimals they are compared to.
SUMMARY_FIELDS = {
    "base_total": 2,
    "target_amount": 2,
    "attainment_pct": 2,
    "multiplier": 4,
    "commission_before_curve": 2,
    "clawback_amount": 2,
    "satisfaction_answer_count": None,
    "satisfaction_score": 2,
    "satisfaction_margin": 2,
    "satisfaction_team_score": 2,
    "satisfaction_weight": 4,
    "satisfaction_weighted_score": 2,
    "satisfaction_multiplier": 4,
    "retention_customer_count": None,
    "retention_retained_count": None,
    "retention_pct": 2,
    "retention_factor": 4,
    "retention_bonus_count": None,
    "retention_bonus_amount": 2,
    "retention_penalty_count": None,
    "retention_penalty_amount": 2,
    "scorecard_measured": None,
    "scorecard_score": 2,
    "scorecard_multiplier": 4,
    "multiplier_adjustment_amount": 2,
    "commission": 2,
    "cap_applied": None,
    "commission_formula_used": None,
}


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

# Fields of a multiplier adjustment the computation writes, with the
# decimals they are compared to (None: compared exactly).
ADJUSTMENT_FIELDS = {
    "summary_id": None,
    "old_commission": 2,
    "new_commission": 2,
    "adjusted_before": 2,
    "amount": 2,
    "old_retention_net": 2,
    "new_retention_net": 2,
    **{
        f"{age}_{name}": None
        if name.endswith("count")
        else 4
        if name.endswith(("multiplier", "factor"))
        else 2
        for name in ADJUSTED_MULTIPLIERS.values()
        for age in ("old", "new")
    },
}


class CrmCommissionPeriod(models.Model):
    """A month or quarter of a company's commissions.

    Computing a period writes its commission lines, one per invoice line
    (invoiced and margin plans) or per payment of an invoice line (paid
    plans) of a salesperson on a plan, set-based in one statement; then one
    summary per salesperson and plan applies the plan's pay curve to the
    salesperson's commission. A period can be computed again as long as it
    is not approved: it gives the same lines, and writes only what changed.
    """

    _name = "crm.commission.period"
    _inherit = ["crm.company.recompute", "mail.thread"]
    _description = "Commission Period"
    _order = "date_from desc, company_id, id"

    _company_period_unique = models.Constraint(
        "UNIQUE(company_id, period_type, date_from)",
        "A company has one commission period of each kind per month or quarter.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        PERIOD_TYPES,
        string="Period",
        required=True,
        default=lambda self: self.env.company.commission_period,
        help="The plans of this kind are computed by the period.",
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: period_start(
            fields.Date.context_today(self), self.env.company.commission_period
        ),
    )
    date_to = fields.Date(compute="_compute_date_to", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("approved", "Approved"),
            ("validated", "Validated"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many("crm.commission.line", "period_id", string="Lines")
    summary_ids = fields.One2many(
        "crm.commission.summary", "period_id", string="Salespeople"
    )
    line_count = fields.Integer(compute="_compute_totals")
    commission_total = fields.Monetary(
        string="Commission", compute="_compute_totals", currency_field="currency_id"
    )

    # workflow: approval, disputes, payment
    payment_date = fields.Date(readonly=True, copy=False, tracking=True)
    payroll_batch_ref = fields.Char(
        string="Payroll Batch",
        readonly=True,
        copy=False,
        tracking=True,
        help="The reference of the payroll batch that paid these commissions.",
    )
    dispute_ids = fields.One2many(
        "crm.commission.dispute", "period_id", string="Disputes"
    )
    open_dispute_count = fields.Integer(compute="_compute_open_dispute_count")
    can_approve = fields.Boolean(
        compute="_compute_can_approve",
        help="The current user may approve salespeople of this period still "
        "awaiting approval.",
    )
    approvable_date = fields.Date(
        string="Approvable From",
        compute="_compute_calendar",
        help="A period is approved once it has ended: from the day after its "
        "last day, during the month that follows.",
    )
    is_running = fields.Boolean(
        string="Running",
        compute="_compute_calendar",
        help="The period has not ended yet: its commissions can be followed "
        "but not approved.",
    )
    planned_payment_date = fields.Date(
        string="Pay Day",
        compute="_compute_calendar",
        help="The company's commission pay day of the month after the approval "
        "month, brought forward to the last working day before it when the "
        "company does not work that day.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("date_from", "period_type")
    def _compute_name(self):
        for period in self:
            if not period.date_from:
                period.name = False
            elif period.period_type == "quarter":
                quarter = (period.date_from.month - 1) // 3 + 1
                period.name = f"{period.date_from.year}-Q{quarter}"
            else:
                period.name = period.date_from.strftime("%Y-%m")

    @api.depends("date_from", "period_type")
    def _compute_date_to(self):
        for period in self:
            period.date_to = period.date_from and period_end(
                period.date_from, period.period_type
            )

    @api.depends_context("tz")
    @api.depends("date_to", "company_id.commission_pay_day")
    def _compute_calendar(self):
        today = fields.Date.context_today(self)
        for company, periods in self.grouped("company_id").items():
            ended = periods.filtered("date_to")
            (periods - ended).update(
                {
                    "approvable_date": False,
                    "is_running": False,
                    "planned_payment_date": False,
                }
            )
            if not ended:
                continue
            pay_months = [
                commission_calendar.approval_month(period.date_to)[1]
                for period in ended
            ]
            working_day = company._commission_working_day(
                min(pay_months), max(pay_months) + relativedelta(months=2)
            )
            for period in ended:
                period.approvable_date = period.date_to + relativedelta(days=1)
                period.is_running = not commission_calendar.is_approvable(
                    period.date_to, today
                )
                period.planned_payment_date = commission_calendar.pay_date(
                    period.date_to, company.commission_pay_day, working_day
                )

    @api.depends("summary_ids.commission")
    def _compute_totals(self):
        lines = dict(
            self.env["crm.commission.line"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.line_count = lines.get(period, 0)
            period.commission_total = sum(period.summary_ids.mapped("commission"))

    @api.constrains("date_from", "period_type")
    def _check_date_from(self):
        for period in self:
            if period.date_from != period_start(period.date_from, period.period_type):
                raise ValidationError(
                    self.env._(
                        "A commission period starts on the first day of a month "
                        "or quarter, not on %(date)s.",
                        date=period.date_from,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute(self):
        """Compute (again) the lines and summaries of these periods.

        Approved, validated and paid periods are locked. A salesperson's
        approval whose commission the new computation changes is withdrawn.
        """
        self.check_access("write")
        locked = self.filtered(lambda period: period.state not in RECOMPUTABLE_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The commissions of %(periods)s are locked (%(state)s): only "
                    "draft or computed periods can be computed again. A sales "
                    "manager reopens an approved period first.",
                    periods=", ".join(locked.mapped("display_name")),
                    state=locked[0]._state_label(),
                )
            )
        approved = {
            summary: summary.commission
            for summary in self.env["crm.commission.summary"].search(
                [("period_id", "in", self.ids), ("approved_by_id", "!=", False)]
            )
        }
        result = self.sudo()._recompute(self.company_id)
        self._withdraw_changed_approvals(approved)
        return self._recompute_notification(
            result,
            self.env._("Commissions computed"),
            self.env._("The commission lines and summaries are up to date."),
        )

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_performance.action_crm_commission_line"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_analysis(self):
        """The commission analysis of this period, next to the period
        before, by salesperson and product category."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_performance.action_crm_commission_analysis"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {
            "pivot_row_groupby": ["user_id"],
            "pivot_column_groupby": ["product_categ_id"],
        }
        action["display_name"] = self.env._(
            "Commission Analysis: %(period)s", period=self.display_name
        )
        return action

    # ------------------------------------------------------------------
    # Workflow: approval by the sales managers, validation and payment by HR
    #
    # A salesperson's summaries are approved by the leader of a sales team
    # they belong to (never by themselves); a salesperson in no team led by
    # someone else (a team leader, say) is approved by Commission HR. The
    # period is approved when every summary is. Validation, payment and
    # cancellation are HR's. Each step is checked here, then written as
    # superuser: nobody writes a period's state or a summary's approval
    # directly.
    # ------------------------------------------------------------------

    @api.depends("dispute_ids.state")
    def _compute_open_dispute_count(self):
        counts = dict(
            self.env["crm.commission.dispute"]._read_group(
                [("period_id", "in", self.ids), ("state", "=", "open")],
                ["period_id"],
                ["__count"],
            )
        )
        for period in self:
            period.open_dispute_count = counts.get(period, 0)

    @api.depends_context("uid", "tz")
    @api.depends("state", "date_to", "summary_ids.approved_by_id")
    def _compute_can_approve(self):
        for period in self:
            period.can_approve = (
                period.state == "computed"
                and not period.is_running
                and bool(
                    period._approvable_summaries(self.env.user).filtered(
                        lambda summary: not summary.approved_by_id
                    )
                )
            )

    def write(self, vals):
        if not self.env.su and WORKFLOW_FIELDS & vals.keys():
            raise UserError(
                self.env._(
                    "A commission period's state and payment change only "
                    "through its Approve, Validate, Pay, Reopen and Cancel "
                    "buttons."
                )
            )
        changed = {
            name for name in vals if not name.startswith(("message_", "activity_"))
        }
        locked = self.filtered(lambda period: period.state in LOCKED_STATES)
        if not self.env.su and changed and locked:
            raise UserError(
                self.env._(
                    "%(period)s is %(state)s: none of its fields change any "
                    "more. A sales manager reopens an approved period first.",
                    period=locked[0].display_name,
                    state=locked[0]._state_label(),
                )
            )
        moved = self.filtered(lambda period: period.state != "draft")
        if not self.env.su and PERIOD_KEY_FIELDS & vals.keys() and moved:
            raise UserError(
                self.env._(
                    "%(period)s is %(state)s: its kind and dates are those its "
                    "commissions were computed for. Cancel it and reset it to "
                    "draft to change them.",
                    period=moved[0].display_name,
                    state=moved[0]._state_label(),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        kept = self.filtered(lambda period: period.state not in DELETABLE_STATES)
        if kept:
            raise UserError(
                self.env._(
                    "The commission period %(period)s is %(state)s: it cannot "
                    "be deleted.",
                    period=kept[0].display_name,
                    state=kept[0]._state_label(),
                )
            )

    def action_approve(self):
        """Approve the summaries of these periods the current user may
        approve; a period whose summaries are all approved is approved."""
        self._check_group(
            "crm_performance.group_commission_manager",
            self.env._("Only sales managers approve commissions."),
        )
        user = self.env.user
        for period in self:
            period._check_state(
                ("computed",),
                self.env._(
                    "Only a computed commission period can be approved; "
                    "%(period)s is %(state)s."
                ),
            )
            if period.is_running:
                raise UserError(
                    self.env._(
                        "%(period)s has not ended: its commissions can be "
                        "approved from %(date)s.",
                        period=period.display_name,
                        date=format_date(self.env, period.approvable_date),
                    )
                )
            summaries = period._approvable_summaries(user).filtered(
                lambda summary: not summary.approved_by_id
            )
            if not summaries:
                raise UserError(
                    self.env._(
                        "No salesperson of %(period)s awaiting approval is in "
                        "a team you lead.",
                        period=period.display_name,
                    )
                )
            disputes = (
                self.env["crm.commission.dispute"]
                .sudo()
                .search(
                    [
                        ("period_id", "=", period.id),
                        ("user_id", "in", summaries.user_id.ids),
                        ("state", "=", "open"),
                    ]
                )
            )
            if disputes:
                raise UserError(
                    self.env._(
                        "Answer the disputes of %(salespeople)s before approving "
                        "their commissions of %(period)s.",
                        salespeople=", ".join(disputes.user_id.mapped("name")),
                        period=period.display_name,
                    )
                )
            summaries.sudo().write(
                {"approved_by_id": user.id, "approved_date": fields.Datetime.now()}
            )
            period.sudo().message_post(
                body=self.env._(
                    "Commissions of %(salespeople)s approved.",
                    salespeople=", ".join(summaries.user_id.mapped("name")),
                )
            )
            # every summary, those the manager does not read included
            if not summaries.sudo().search_count(
                [("period_id", "=", period.id), ("approved_by_id", "=", False)]
            ):
                period.sudo().state = "approved"
        return True

    def action_validate(self):
        """HR validates the approved periods for payroll."""
        self._check_hr()
        self._check_state(
            ("approved",),
            self.env._(
                "Only an approved commission period can be validated; "
                "%(period)s is %(state)s."
            ),
        )
        self.sudo().state = "validated"
        return True

    def action_open_pay(self):
        """The wizard in which HR gives the payment's date and payroll batch."""
        self.ensure_one()
        self._check_payable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pay Commissions"),
            "res_model": "crm.commission.period.pay",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    def _check_payable(self):
        """Only HR pays, and only validated periods."""
        self._check_hr()
        self._check_state(
            ("validated",),
            self.env._(
                "Only a validated commission period can be paid; "
                "%(period)s is %(state)s."
            ),
        )

    def _pay(self, payment_date, payroll_batch_ref):
        """Mark the validated periods paid on ``payment_date`` by the payroll
        batch ``payroll_batch_ref``."""
        self._check_payable()
        if not payment_date or not (payroll_batch_ref or "").strip():
            raise UserError(
                self.env._("A payment needs its date and its payroll batch.")
            )
        self.sudo().write(
            {
                "state": "paid",
                "payment_date": payment_date,
                "payroll_batch_ref": payroll_batch_ref.strip(),
            }
        )

    def action_open_reopen(self):
        """The wizard in which a sales manager says why they reopen."""
        self.ensure_one()
        self._check_reopenable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Commission Period"),
            "res_model": "crm.commission.period.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    def _reopen(self, reason):
        """Back to computed: withdraw the approvals the current user gave
        (HR: all of them), log ``reason`` on the chatter."""
        self._check_reopenable()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the period is reopened."))
        for period in self:
            summaries = period._approvable_summaries(self.env.user)
            summaries._withdraw_approval()
            period.sudo().state = "computed"
            period.sudo().message_post(
                body=self.env._(
                    "Reopened; approvals of %(salespeople)s withdrawn. "
                    "Reason: %(reason)s",
                    salespeople=", ".join(summaries.user_id.mapped("name")),
                    reason=reason.strip(),
                )
            )

    def action_cancel(self):
        """HR cancels a period not validated yet."""
        self._check_hr()
        self._check_state(
            ("draft", "computed", "approved"),
            self.env._(
                "The commission period %(period)s is %(state)s: a validated "
                "or paid period cannot be cancelled."
            ),
        )
        self.env["crm.commission.summary"].sudo().search(
            [("period_id", "in", self.ids)]
        )._withdraw_approval()
        self.sudo().state = "cancel"
        return True

    def action_draft(self):
        """HR brings a cancelled period back to draft."""
        self._check_hr()
        self._check_state(
            ("cancel",),
            self.env._(
                "Only a cancelled commission period goes back to draft; "
                "%(period)s is %(state)s."
            ),
        )
        self.sudo().state = "draft"
        return True

    def action_send_statements(self):
        """HR emails each salesperson their statement of these periods, in
        their language, the PDF attached."""
        self._check_hr()
        self._check_state(
            ("approved", "validated", "paid"),
            self.env._(
                "Statements are sent once the period is approved; "
                "%(period)s is %(state)s."
            ),
        )
        template = self.env.ref("crm_performance.mail_template_commission_statement")
        summaries = self.env["crm.commission.summary"].search(
            [("period_id", "in", self.ids)]
        )
        for summary in summaries:
            template.send_mail(
                summary.id, email_layout_xmlid="mail.mail_notification_light"
            )
        for period in self:
            period.message_post(
                body=self.env._(
                    "Commission statements sent to %(salespeople)s.",
                    salespeople=", ".join(
                        summaries.filtered(
                            lambda summary, period=period: summary.period_id == period
                        ).user_id.mapped("name")
                    ),
                )
            )
        return True

    def _approvable_summaries(self, user):
        """The summaries of these periods ``user`` may approve: those
        ``user`` leads for their period (see ``crm.commission.led.mixin``);
        for Commission HR also those of the salespeople nobody leads; never
        ``user``'s own."""
        is_hr = user.has_group("crm_performance.group_commission_hr")
        # searched, not read through summary_ids: the record rules apply
        summaries = self.env["crm.commission.summary"].search(
            [("period_id", "in", self.ids), ("user_id", "!=", user.id)]
        )
        return summaries.filtered(
            lambda summary: user in summary.leader_ids if summary.leader_ids else is_hr
        )

    def _withdraw_changed_approvals(self, approved):
        """Withdraw the approvals of the summaries (keys of ``approved``, by
        their commission when approved) whose commission changed since."""
        changed = self.env["crm.commission.summary"]
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

    def _check_reopenable(self):
        self._check_group(
            "crm_performance.group_commission_manager",
            self.env._("Only sales managers reopen commission periods."),
        )
        for period in self:
            period._check_state(
                ("approved",),
                self.env._(
                    "Only an approved commission period can be reopened; "
                    "%(period)s is %(state)s."
                ),
            )
            if not period._approvable_summaries(self.env.user):
                raise UserError(
                    self.env._(
                        "No salesperson of %(period)s is in a team you lead: "
                        "you cannot reopen it.",
                        period=period.display_name,
                    )
                )

    def _check_hr(self):
        self._check_group(
            "crm_performance.group_commission_hr",
            self.env._("Only Commission HR validates, pays and cancels periods."),
        )

    def _check_group(self, group, message):
        if not self.env.user.has_group(group):
            raise AccessError(message)

    def _check_state(self, states, message):
        """Refuse with ``message`` (translated, naming ``%(period)s`` and
        ``%(state)s``) unless each of these periods is in one of ``states``."""
        for period in self:
            if period.state not in states:
                raise UserError(
                    message
                    % {"period": period.display_name, "state": period._state_label()}
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # The computation
    # ------------------------------------------------------------------

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The commissions of %(company)s are being computed by another run; "
            "they will be up to date when it finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The commissions of %(company)s could not be computed: %(error)s",
            company=company.name,
            error=error,
        )

    def _recompute_company(self, company, today):
        """Compute the periods of ``company`` among these, under its lock
        (a period's dates, not the day of the run, say what it counts).

        Returns the number of lines and summaries written (inserted, updated
        or deleted): a second run writes none.
        """
        self._lock_company(company)
        self.env.flush_all()
        self._check_key_account_shares(company)
        written = 0
        cr = self.env.cr
        for period in self.filtered(lambda period: period.company_id == company):
            locked = period._locked_earlier_periods()
            # a row per invoice line, payment and split
            with heavy_statement_settings(cr, LINES_WORK_MEM_MB):
                if locked:
                    cr.execute(PREVIEW_TABLE)
                    for earlier in locked:
                        earlier._run_lines_query(
                            today, preview=True, costs_until=period.date_to
                        )
                written += period._run_lines_query(today, locked)
            self.env["crm.commission.line"].invalidate_model()
            written += period._compute_summaries(locked)
            if period.state == "draft":
                period.state = "computed"
        return written

    def _check_key_account_shares(self, company):
        """The team shares of each active key account of ``company`` that
        has any add up to 100 %: its revenue is split by them."""
        wrong = [
            (account, total)
            for account, total in self.env["crm.key.account.member"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("key_account_id.state", "=", "active"),
                    ("share_pct", ">", 0),
                ],
                ["key_account_id"],
                ["share_pct:sum"],
            )
            if float_compare(total, 100.0, precision_digits=1)
        ]
        if wrong:
            raise UserError(
                self.env._(
                    "The commissions of a key account are split among its team "
                    "by their shares, which must add up to 100 %%: %(accounts)s.",
                    accounts=", ".join(
                        self.env._(
                            "%(account)s (%(total)s %%)",
                            account=account.display_name,
                            total=round(total, 1),
                        )
                        for account, total in wrong
                    ),
                )
            )

    def _locked_earlier_periods(self):
        """The approved, validated and paid periods of the company and kind
        before this one: what they would compute differently today is
        adjusted in this one."""
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_type", "=", self.period_type),
                ("state", "in", LOCKED_STATES),
                ("date_to", "<", self.date_from),
            ]
        )

    def _applicable_plans(self):
        """The active plans of the period's company and kind valid in it."""
        self.ensure_one()
        return self.env["crm.commission.plan"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_type", "=", self.period_type),
                ("date_from", "<=", self.date_to),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", self.date_from),
            ]
        )

    def _run_lines_query(self, today, locked=None, preview=False, costs_until=None):
        """Run :meth:`_lines_query`: its :data:`LINE_STAGES` into temporary
        tables first, analyzed, then the statement on them. Returns the
        rows written (none in a preview, whose rows are in the preview
        table)."""
        cr = self.env.cr
        staged = []
        for stage in LINE_STAGES:
            table = SQL.identifier(f"crm_commission_stage_{stage}")
            cr.execute(
                SQL(
                    """DROP TABLE IF EXISTS %(table)s;
                       CREATE TEMPORARY TABLE %(table)s ON COMMIT DROP AS %(rows)s;
                       ANALYZE %(table)s""",
                    table=table,
                    rows=self._lines_query(
                        today,
                        locked,
                        preview,
                        costs_until,
                        staged=staged,
                        select=SQL("SELECT * FROM %s", SQL.identifier(stage)),
                    ),
                )
            )
            staged.append(stage)
        cr.execute(
            self._lines_query(today, locked, preview, costs_until, staged=staged)
        )
        return 0 if preview else cr.fetchone()[0]

    def _lines_query(
        self,
        today,
        locked=None,
        preview=False,
        costs_until=None,
        *,
        staged=(),
        select=None,
    ):
        """One statement: the period's commission lines, written when changed,
        the lines that no longer apply deleted; returns the rows written.
        Run through :meth:`_run_lines_query`: the stages ``staged`` read
        their temporary tables; ``select`` ends the statement instead of
        the write (a stage's rows).

        - The lines are the product lines of the company's posted customer
          invoices and credit notes (negative) of the salespeople on a plan
          valid on the line's date; a line's salesperson is its invoice's
          salesperson (``invoice_user_id``). A salesperson named on a plan
          takes that plan before one reaching them through a sales team.
        - The revenue of a key account, invoiced while it was active, is
          split among its team by the shares valid on the invoice date: one
          line per member with a share, of that share of the base, on the
          member's plan (a member on no plan earns nothing); any other
          revenue goes 100 % to the invoice's salesperson. A line is a key
          account's when its invoice date falls while the account was
          active.
        - Invoiced and margin plans count a line on its invoice date; the
          base is its untaxed amount in company currency, for margin less its
          cost, the one fixed when its invoice was posted
          (``account.move.line.crm_cost_amount``, kept on the line with its
          source), corrected by the landed costs of its delivery dated on or
          before ``costs_until`` (by default the period's end; see
          ``account.move.line._crm_cost_correction_sql``), and floored at
          zero on a plan that does not net a below-cost sale's negative
          margin.
        - Paid plans count a line once per payment of its invoice (any
          reconciliation of the invoice's receivable, credit notes included)
          dated in the period, pro rata: the amount reconciled over the
          invoice's total, times the line's untaxed amount, in company
          currency; the payment's date is the later date of the two
          reconciled entries.
        - The rate is the first rule of the plan (by sequence) that matches
          the line, else the plan's default rate; on a plan with a
          satisfaction gate, that rate times the gate's percentage for a
          customer whose own score (NPS or CSAT of its counted answers in
          the company's satisfaction window up to the period's end) is below
          the gate's threshold on at least its minimum answers.
        - Clawbacks (invoiced and margin plans): a credit note line dated in
          the period that reverses (``reversed_entry_id``) an invoice whose
          matching product line (the same product, in the same order)
          earned commission in an earlier period of this kind does not earn
          as above: it gives, for each commission line of that invoice line,
          a line of the same salesperson, plan, split and rate, of the
          refunded part of that line's base (the credit note line's untaxed
          amount over the invoice line's), pointing to both.
        - Adjustments, when ``locked`` (locked periods before this one) is
          given, their lines as computed today in the preview table (see
          ``preview``): for each locked period, invoice line (or payment)
          and salesperson, what the period would earn today less what it
          earned and what other periods (not cancelled) adjusted already
          is one adjustment line of this period, pointing to the locked
          period and its line: a late credit note dated in it, an invoice
          reset and posted again, a landed cost on its delivery (the line
          then points to it too). ``preview``: write the lines
          into the preview table instead, none of this period's.
        - On a plan reversing unpaid invoices after N days: an invoice line
          with commission of an earlier period whose invoice is not fully
          paid N days after its due date (or was paid later) loses it on
          the later of that day and the day after its period, when that day
          is in this period and not after ``today``; it earns it again on
          the later of that day and the day its invoice was fully paid.
        """
        self.ensure_one()
        company = self.company_id
        _date_from, _date_to, gate_start, gate_end = self.env[
            "crm.satisfaction.score"
        ]._window(company, self.date_to)
        return SQL(
            """
WITH plan AS (
    SELECT id, base, default_rate, new_customer_months, date_from,
           COALESCE(date_to, 'infinity'::date) AS date_to,
           satisfaction_gate, satisfaction_gate_threshold,
           satisfaction_gate_min_answers, satisfaction_gate_rate_pct,
           holdback_pct, holdback_months, negative_margin
      FROM crm_commission_plan
     WHERE company_id = %(company)s
       -- an archived plan pays no open period, but a locked period is as
       -- it was (its preview computes it with the plans that paid it)
       AND (active OR %(preview)s)
       AND period_type = %(period_type)s
       AND date_from <= %(date_to)s
       AND (date_to IS NULL OR date_to >= %(date_from)s)
), gated_customer AS (
    SELECT plan.id AS plan_id, answer.crm_partner_id AS partner_id
      FROM plan
      JOIN survey_user_input answer
        ON %(gate_counted)s
       AND CASE plan.satisfaction_gate
               WHEN 'nps' THEN answer.crm_nps_category IS NOT NULL
               ELSE answer.crm_csat_avg IS NOT NULL
           END
     WHERE plan.satisfaction_gate IS NOT NULL
     GROUP BY plan.id, answer.crm_partner_id
    HAVING COUNT(*) >= MIN(plan.satisfaction_gate_min_answers)
       AND CASE MIN(plan.satisfaction_gate)
               WHEN 'nps' THEN %(gate_nps)s
               ELSE AVG(answer.crm_csat_avg)
           END < MIN(plan.satisfaction_gate_threshold)
), plan_salesperson AS (
    SELECT rel.plan_id, rel.user_id, 0 AS priority
      FROM crm_commission_plan_user_rel rel
      JOIN plan ON plan.id = rel.plan_id
     UNION
    SELECT rel.plan_id, member.user_id, 1 AS priority
      FROM crm_commission_plan_team_rel rel
      JOIN plan ON plan.id = rel.plan_id
      JOIN crm_team_member member ON member.crm_team_id = rel.team_id
     WHERE member.active
), key_account_share AS (
    -- the shares of the key accounts' teams and the days each split revenue
    %(key_account_shares)s
), payment AS (
    SELECT term.move_id, partial.id AS partial_id, partial.max_date AS date,
           partial.amount
      FROM account_partial_reconcile partial
      JOIN account_move_line term
        ON term.id IN (partial.debit_move_id, partial.credit_move_id)
     WHERE partial.company_id = %(company)s
       AND partial.max_date BETWEEN %(date_from)s AND %(date_to)s
       AND term.display_type = 'payment_term'
), invoice_line AS (
    %(invoice_line)s
), earlier_line AS (
    -- with what one unit of its commission paid in its period: the
    -- salesperson's commission there on the lines (after the multipliers
    -- and the curve, before the reversals, adjustments, retention bonus
    -- and penalty) over the lines' commission
    SELECT line.*, period.date_to AS period_date_to,
           COALESCE(ROUND((summary.commission - summary.clawback_amount
                           - summary.multiplier_adjustment_amount
                           - summary.retention_bonus_amount
                           + summary.retention_penalty_amount)
                          / NULLIF(summary.commission_before_curve, 0), 4),
                    1) AS period_paid_factor
      FROM crm_commission_line line
      JOIN crm_commission_period period ON period.id = line.period_id
      LEFT JOIN crm_commission_summary summary
        ON summary.period_id = line.period_id
       AND summary.user_id = line.user_id
       AND summary.plan_id = line.plan_id
       AND summary.commission_before_curve > 0
     WHERE period.company_id = %(company)s
       AND period.period_type = %(period_type)s
       AND period.date_to < %(date_from)s
       AND period.state != 'cancel'
       AND line.kind = 'earned'
       AND line.partial_id IS NULL
), refund_line AS (
    SELECT invoice_line.*,
           ROW_NUMBER() OVER (
               PARTITION BY invoice_line.move_id, invoice_line.product_id
               ORDER BY invoice_line.sequence, invoice_line.move_line_id
           ) AS product_rank
      FROM invoice_line
     WHERE invoice_line.reversed_entry_id IS NOT NULL
       AND invoice_line.invoice_date BETWEEN %(date_from)s AND %(date_to)s
), refunded_line AS (
    SELECT line.id, line.move_id, line.product_id, -line.balance AS untaxed,
           ROW_NUMBER() OVER (
               PARTITION BY line.move_id, line.product_id
               ORDER BY line.sequence, line.id
           ) AS product_rank
      FROM account_move_line line
     WHERE line.move_id IN (SELECT reversed_entry_id FROM refund_line)
       AND line.display_type = 'product'
), clawback AS (
    SELECT refund_line.move_line_id, NULL::integer AS partial_id,
           earlier_line.user_id, 'clawback' AS kind,
           earlier_line.plan_id, refund_line.move_id, refund_line.partner_id,
           refund_line.invoice_date AS date, earlier_line.product_categ_id,
           earlier_line.customer_class, earlier_line.is_new_customer,
           earlier_line.is_key_account, earlier_line.share_pct,
           ROUND(earlier_line.base_amount * refund_line.untaxed
                 / NULLIF(refunded_line.untaxed, 0), 2) AS base_amount,
           earlier_line.rate, earlier_line.rule_id,
           earlier_line.move_id AS origin_move_id,
           earlier_line.id AS origin_line_id,
           earlier_line.is_satisfaction_gated,
           earlier_line.period_paid_factor AS paid_factor
      FROM refund_line
      JOIN refunded_line
        ON refunded_line.move_id = refund_line.reversed_entry_id
       AND refunded_line.product_id IS NOT DISTINCT FROM refund_line.product_id
       AND refunded_line.product_rank = refund_line.product_rank
      JOIN earlier_line ON earlier_line.move_line_id = refunded_line.id
), overdue AS (
    SELECT earlier_line.*, deadline.reversal_date,
           -- GREATEST ignores NULLs: an unpaid invoice is not paid again
           CASE WHEN settled.paid_date IS NOT NULL
                THEN GREATEST(settled.paid_date, deadline.reversal_date)
           END AS paid_again_date
      FROM earlier_line
      JOIN crm_commission_plan plan ON plan.id = earlier_line.plan_id
      JOIN account_move move ON move.id = earlier_line.move_id
      CROSS JOIN LATERAL (
          SELECT move.invoice_date_due + plan.unpaid_reversal_days AS unpaid_date,
                 GREATEST(move.invoice_date_due + plan.unpaid_reversal_days,
                          earlier_line.period_date_to + 1) AS reversal_date
      ) deadline
      CROSS JOIN LATERAL (
          SELECT CASE WHEN move.amount_residual = 0 THEN MAX(partial.max_date)
                 END AS paid_date
            FROM account_move_line term
            JOIN account_partial_reconcile partial
              ON term.id IN (partial.debit_move_id, partial.credit_move_id)
           WHERE term.move_id = move.id
             AND term.display_type = 'payment_term'
      ) settled
     WHERE plan.unpaid_reversal_days > 0
       AND plan.base != 'paid'
       AND move.move_type = 'out_invoice'
       AND deadline.reversal_date <= LEAST(%(date_to)s, %(today)s)
       AND (settled.paid_date IS NULL OR settled.paid_date > deadline.unpaid_date)
), reversal AS (
    SELECT * FROM clawback
     UNION ALL
    SELECT overdue.move_line_id, NULL::integer, overdue.user_id, kind.name,
           overdue.plan_id, overdue.move_id, overdue.partner_id, kind.date,
           overdue.product_categ_id, overdue.customer_class,
           overdue.is_new_customer, overdue.is_key_account, overdue.share_pct,
           kind.sign * overdue.base_amount, overdue.rate, overdue.rule_id,
           overdue.move_id, overdue.id, overdue.is_satisfaction_gated,
           NULL::numeric
      FROM overdue
     CROSS JOIN LATERAL (
         VALUES ('unpaid', overdue.reversal_date, -1),
                ('paid_late', overdue.paid_again_date, 1)
     ) kind (name, date, sign)
     WHERE kind.date BETWEEN %(date_from)s AND %(date_to)s
), source AS (
    SELECT invoice_line.*, NULL::integer AS partial_id,
           invoice_line.invoice_date AS date, invoice_line.untaxed AS paid_untaxed
      FROM invoice_line
     WHERE invoice_line.invoice_date BETWEEN %(date_from)s AND %(date_to)s
       AND invoice_line.move_line_id NOT IN (SELECT move_line_id FROM clawback)
     UNION ALL
    SELECT invoice_line.*, payment.partial_id, payment.date,
           ROUND(invoice_line.untaxed * payment.amount
                 / NULLIF(invoice_line.invoice_total, 0), 2)
      FROM invoice_line
      JOIN payment ON payment.move_id = invoice_line.move_id
), split AS MATERIALIZED (
    -- materialized: each line's salesperson is known before the plans are
    -- joined on it (a hash join, not every line against every salesperson)
    SELECT source.*,
           COALESCE(key_account_share.user_id, source.invoice_user_id) AS user_id,
           COALESCE(key_account_share.share_pct, 100.0) AS share_pct
      FROM source
      LEFT JOIN key_account_share
        ON key_account_share.partner_id = source.partner_id
       AND source.invoice_date BETWEEN key_account_share.date_from
                                   AND key_account_share.date_to
), day_plan AS (
    -- the plan of each salesperson on each day of the period, for invoice
    -- lines and for payments: the plan naming them before one reaching them
    -- through a sales team (a few thousand rows, joined to the lines by hash)
    SELECT DISTINCT ON (plan_salesperson.user_id, day.date, plan.base = 'paid')
           plan_salesperson.user_id, day.date::date AS date,
           plan.base = 'paid' AS is_paid, plan.id AS plan_id, plan.base,
           plan.default_rate, plan.new_customer_months,
           plan.satisfaction_gate_rate_pct, plan.holdback_pct,
           plan.holdback_months, plan.negative_margin
      FROM plan_salesperson
      JOIN plan ON plan.id = plan_salesperson.plan_id
      CROSS JOIN generate_series(GREATEST(plan.date_from, %(date_from)s),
                                 LEAST(plan.date_to, %(date_to)s),
                                 '1 day'::interval) day (date)
     ORDER BY plan_salesperson.user_id, day.date, plan.base = 'paid',
              plan_salesperson.priority, plan.id
), assigned AS (
    %(assigned)s
), first_invoice AS (
    SELECT move.commercial_partner_id AS partner_id,
           MIN(move.invoice_date) AS invoice_date
      FROM account_move move
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type = 'out_invoice'
       AND move.commercial_partner_id IN (SELECT partner_id FROM assigned)
     GROUP BY move.commercial_partner_id
), class_day AS MATERIALIZED (
    -- the customer's class on the invoice date, once per customer and day
    SELECT customer_day.partner_id, customer_day.invoice_date,
           COALESCE(%(class_on_day)s, 'none') AS customer_class
      FROM (SELECT DISTINCT partner_id, invoice_date FROM assigned) customer_day
), classified AS (
    SELECT assigned.*,
           -- a margin plan's base is the margin: the untaxed amount less the
           -- cost fixed when the invoice was posted, floored at zero per
           -- line on a plan that does not net below-cost sales
           ROUND(assigned.share_pct / 100 * CASE
               WHEN assigned.base != 'margin' THEN assigned.paid_untaxed
               WHEN assigned.negative_margin = 'floor' THEN assigned.sign
                   * GREATEST(assigned.sign * assigned.untaxed - assigned.line_cost, 0)
               ELSE assigned.untaxed - assigned.sign * assigned.line_cost
           END, 2) AS base_amount,
           CASE WHEN assigned.base = 'margin' THEN ROUND(
               assigned.share_pct / 100 * assigned.sign * assigned.line_cost, 2)
           END AS cost_amount,
           CASE WHEN assigned.base = 'margin' THEN assigned.line_cost_source
           END AS cost_source,
           template.categ_id AS product_categ_id,
           category.parent_path AS category_path,
           COALESCE(class_day.customer_class, 'none') AS customer_class,
           COALESCE(first_invoice.invoice_date >= (assigned.date
               - make_interval(months => assigned.new_customer_months))::date,
               FALSE) AS is_new_customer,
           key_account.partner_id IS NOT NULL AS is_key_account
      FROM assigned
      -- a key account on the invoice date
      LEFT JOIN (%(key_account_days)s) key_account
        ON key_account.partner_id = assigned.partner_id
       AND assigned.invoice_date BETWEEN key_account.date_from
                                     AND key_account.date_to
      LEFT JOIN product_product product ON product.id = assigned.product_id
      LEFT JOIN product_template template ON template.id = product.product_tmpl_id
      LEFT JOIN product_category category ON category.id = template.categ_id
      LEFT JOIN class_day
        ON class_day.partner_id = assigned.partner_id
       AND class_day.invoice_date = assigned.invoice_date
      LEFT JOIN first_invoice ON first_invoice.partner_id = assigned.partner_id
), rule_key AS (
    -- the first matching rule is looked up once per kind of line, not per line
    SELECT DISTINCT classified.plan_id, classified.customer_class,
           classified.is_new_customer, classified.is_key_account,
           COALESCE(classified.product_categ_id, 0) AS product_categ_id,
           classified.category_path
      FROM classified
), rule_match AS MATERIALIZED (
    -- materialized: else the planner looks the rule up again for each line
    SELECT rule_key.*, matched.id AS rule_id, matched.rate
      FROM rule_key
      LEFT JOIN LATERAL (
          SELECT rule.id, rule.rate
            FROM crm_commission_rule rule
            LEFT JOIN product_category rule_category
              ON rule_category.id = rule.product_categ_id
           WHERE rule.plan_id = rule_key.plan_id
             AND (rule.customer_class IS NULL
                  OR rule.customer_class = rule_key.customer_class)
             AND (rule.customer_type IS NULL
                  OR (rule.customer_type = 'new') = rule_key.is_new_customer)
             AND (rule.key_account IS NULL
                  OR (rule.key_account = 'key') = rule_key.is_key_account)
             AND (rule.product_categ_id IS NULL
                  OR rule_key.category_path LIKE rule_category.parent_path || '%%')
           ORDER BY rule.sequence, rule.id
           LIMIT 1
      ) matched ON TRUE
), rated AS (
    SELECT classified.*, rule_match.rule_id,
           COALESCE(rule_match.rate, classified.default_rate)
               * CASE WHEN gated_customer.plan_id IS NULL THEN 1
                      ELSE classified.satisfaction_gate_rate_pct / 100
                 END AS rate,
           gated_customer.plan_id IS NOT NULL AS is_satisfaction_gated
      FROM classified
      JOIN rule_match
        ON rule_match.plan_id = classified.plan_id
       AND rule_match.customer_class = classified.customer_class
       AND rule_match.is_new_customer = classified.is_new_customer
       AND rule_match.is_key_account = classified.is_key_account
       AND rule_match.product_categ_id = COALESCE(classified.product_categ_id, 0)
      LEFT JOIN gated_customer
        ON gated_customer.plan_id = classified.plan_id
       AND gated_customer.partner_id = classified.partner_id
), held AS (
    -- the holdbacks of earlier periods (not cancelled), with their plan's
    -- window: released in the first period after theirs in which the
    -- customer has bought again within the window, else forfeited after it
    SELECT line.move_line_id, line.partial_id, line.user_id, line.plan_id,
           line.move_id, line.partner_id, line.date, line.product_categ_id,
           line.customer_class, line.is_new_customer, line.is_key_account,
           line.share_pct, line.base_amount, line.rate, line.rule_id,
           line.is_satisfaction_gated, line.amount, line.id AS line_id,
           period.date_to AS period_date_to,
           (line.date + make_interval(months => plan.holdback_months))::date
               AS window_end
      FROM crm_commission_line line
      JOIN crm_commission_period period ON period.id = line.period_id
      JOIN crm_commission_plan plan ON plan.id = line.plan_id
     WHERE period.company_id = %(company)s
       AND period.period_type = %(period_type)s
       AND period.date_to < %(date_from)s
       AND period.state != 'cancel'
       AND line.kind = 'holdback'
), holdback AS (
    SELECT held.*, kind.name AS kind, kind.date AS kind_date,
           kind.amount AS kind_amount
      FROM held
      LEFT JOIN LATERAL (
          -- the customer's next invoice after the held line's, in the window
          SELECT MIN(move.invoice_date) AS date
            FROM account_move move
           WHERE move.commercial_partner_id = held.partner_id
             AND move.company_id = %(company)s
             AND move.state = 'posted'
             AND move.move_type = 'out_invoice'
             AND move.invoice_date > held.date
             AND move.invoice_date <= held.window_end
      ) repurchase ON TRUE
     CROSS JOIN LATERAL (
         -- (GREATEST ignores NULLs: no purchase, no release)
         VALUES ('holdback_release',
                 CASE WHEN repurchase.date IS NOT NULL
                      THEN GREATEST(repurchase.date, held.period_date_to + 1)
                 END,
                 -held.amount),
                ('holdback_forfeit',
                 CASE WHEN repurchase.date IS NULL
                      THEN GREATEST(held.window_end, held.period_date_to) + 1
                 END, 0)
     ) kind (name, date, amount)
     WHERE kind.date BETWEEN %(date_from)s AND LEAST(%(date_to)s, %(today)s)
), line_value AS (
    -- each line earns; a new customer's line on a plan with a holdback also
    -- holds the plan's share of its commission back
    SELECT rated.move_line_id, rated.partial_id, rated.user_id, line_kind.kind,
           rated.plan_id, rated.move_id, rated.partner_id, rated.date,
           rated.product_categ_id, rated.customer_class, rated.is_new_customer,
           rated.is_key_account, rated.share_pct, rated.base_amount, rated.rate,
           rated.rule_id, line_kind.origin_move_id,
           NULL::integer AS origin_line_id, rated.is_satisfaction_gated,
           line_kind.amount AS adjusted_amount,
           NULL::integer AS origin_period_id,
           CASE WHEN line_kind.kind = 'earned' THEN rated.cost_amount
           END AS cost_amount,
           CASE WHEN line_kind.kind = 'earned' THEN rated.cost_source
           END AS cost_source,
           CASE WHEN line_kind.kind = 'earned' AND rated.base = 'margin'
                THEN rated.landed_cost_id
           END AS landed_cost_id,
           NULL::numeric AS paid_factor
      FROM rated
     CROSS JOIN LATERAL (
         VALUES ('earned', NULL::integer, NULL::numeric),
                ('holdback', rated.move_id,
                 -ROUND(ROUND(rated.base_amount * rated.rate / 100, 2)
                        * rated.holdback_pct / 100, 2))
     ) line_kind (kind, origin_move_id, amount)
     WHERE line_kind.kind = 'earned'
        OR rated.is_new_customer AND rated.holdback_pct > 0
     UNION ALL
    -- a refund takes back what its line's commission paid: the line's
    -- commission times the factor its period paid it at
    SELECT reversal.move_line_id, reversal.partial_id, reversal.user_id,
           reversal.kind, reversal.plan_id, reversal.move_id,
           reversal.partner_id, reversal.date, reversal.product_categ_id,
           reversal.customer_class, reversal.is_new_customer,
           reversal.is_key_account, reversal.share_pct, reversal.base_amount,
           reversal.rate, reversal.rule_id, reversal.origin_move_id,
           reversal.origin_line_id, reversal.is_satisfaction_gated,
           ROUND(ROUND(reversal.base_amount * reversal.rate / 100, 2)
                 * reversal.paid_factor, 2),
           NULL::integer, NULL::numeric, NULL::varchar, NULL::integer,
           reversal.paid_factor
      FROM reversal
     UNION ALL
    SELECT holdback.move_line_id, holdback.partial_id, holdback.user_id,
           holdback.kind, holdback.plan_id, holdback.move_id,
           holdback.partner_id, holdback.kind_date, holdback.product_categ_id,
           holdback.customer_class, holdback.is_new_customer,
           holdback.is_key_account, holdback.share_pct, holdback.base_amount,
           holdback.rate, holdback.rule_id, holdback.move_id, holdback.line_id,
           holdback.is_satisfaction_gated, holdback.kind_amount, NULL::integer,
           NULL::numeric, NULL::varchar, NULL::integer, NULL::numeric
      FROM holdback
    %(adjustment)s
), new AS (
    SELECT line_value.*, %(company)s AS company_id,
           COALESCE(line_value.adjusted_amount,
                    ROUND(line_value.base_amount * line_value.rate / 100, 2))
               AS amount
      FROM line_value
)
%(write)s
            """,
            company=company.id,
            period=self.id,
            period_type=self.period_type,
            date_from=self.date_from,
            date_to=self.date_to,
            today=today,
            gate_counted=self.env["survey.user_input"]._crm_counted_sql(
                "answer", company, gate_start, gate_end
            ),
            gate_nps=self.env["survey.user_input"]._crm_nps_sql(
                SQL("COUNT(*) FILTER (WHERE answer.crm_nps_category = 'promoter')"),
                SQL("COUNT(*) FILTER (WHERE answer.crm_nps_category = 'detractor')"),
                SQL("COUNT(*)"),
            ),
            preview=preview,
            key_account_shares=self.env["crm.key.account.share"]._valid_shares_sql(
                company
            ),
            key_account_days=self.env["crm.key.account"]._active_days_sql(company),
            class_on_day=self.env["crm.customer.abc.history"]._class_on_sql(
                SQL("customer_day.partner_id"),
                company.id,
                SQL("customer_day.invoice_date"),
            ),
            invoice_line=self._line_stage_sql(
                "invoice_line",
                staged,
                INVOICE_LINE_SQL,
                company=company.id,
                date_from=self.date_from,
                date_to=self.date_to,
                cost_correction=self.env["account.move.line"]._crm_cost_correction_sql(
                    company.id, costs_until or self.date_to
                ),
            ),
            assigned=self._line_stage_sql("assigned", staged, ASSIGNED_SQL),
            adjustment=self._adjustment_sql(locked) if locked else SQL(),
            write=select
            or (self._preview_sql() if preview else self._write_lines_sql()),
        )

    def _line_stage_sql(self, stage, staged, code, **params):
        """The body of the CTE ``stage`` of :meth:`_lines_query`: ``code``
        with ``params``, or its temporary table once ``staged``."""
        if stage in staged:
            return SQL(
                "SELECT * FROM %s", SQL.identifier(f"crm_commission_stage_{stage}")
            )
        return SQL(code, **params)

    def _preview_sql(self):
        """The end of :meth:`_lines_query` that writes the lines of the
        statement's ``new`` into the preview table."""
        return SQL(
            """
INSERT INTO crm_commission_line_preview (
    period_id, move_line_id, partial_id, user_id, kind, plan_id, move_id,
    partner_id, date, product_categ_id, customer_class, is_new_customer,
    is_key_account, share_pct, base_amount, rate, rule_id, amount,
    is_satisfaction_gated, landed_cost_id)
SELECT %(period)s, new.move_line_id, new.partial_id, new.user_id, new.kind,
       new.plan_id, new.move_id, new.partner_id, new.date,
       new.product_categ_id, new.customer_class, new.is_new_customer,
       new.is_key_account, new.share_pct, new.base_amount, new.rate,
       new.rule_id, new.amount, new.is_satisfaction_gated, new.landed_cost_id
  FROM new
            """,
            period=self.id,
        )

    def _adjustment_sql(self, locked):
        """The branch of :meth:`_lines_query`'s ``line_value`` that adjusts
        the ``locked`` periods, from their preview."""
        return SQL(
            """
     UNION ALL
    SELECT adjustment.move_line_id, adjustment.partial_id, adjustment.user_id,
           'adjustment', adjustment.plan_id, adjustment.move_id,
           adjustment.partner_id, adjustment.date, adjustment.product_categ_id,
           adjustment.customer_class, adjustment.is_new_customer,
           adjustment.is_key_account, adjustment.share_pct,
           adjustment.base_amount, adjustment.rate, adjustment.rule_id,
           adjustment.move_id, adjustment.line_id,
           adjustment.is_satisfaction_gated, adjustment.amount,
           adjustment.origin_period_id, NULL::numeric, NULL::varchar,
           -- a landed cost the locked period did not know is the cause
           CASE WHEN adjustment.landed_cost_today
                     IS DISTINCT FROM adjustment.landed_cost_then
                THEN adjustment.landed_cost_today
           END,
           NULL::numeric
      FROM (
          SELECT movement.origin_period_id, movement.move_line_id,
                 movement.partial_id, movement.user_id,
                 MIN(movement.plan_id) AS plan_id,
                 MIN(movement.move_id) AS move_id,
                 MIN(movement.partner_id) AS partner_id,
                 MIN(movement.date) AS date,
                 MIN(movement.product_categ_id) AS product_categ_id,
                 MIN(movement.customer_class) AS customer_class,
                 BOOL_OR(movement.is_new_customer) AS is_new_customer,
                 BOOL_OR(movement.is_key_account) AS is_key_account,
                 MAX(movement.share_pct) AS share_pct,
                 MAX(movement.rate) AS rate,
                 MIN(movement.rule_id) AS rule_id,
                 BOOL_OR(movement.is_satisfaction_gated)
                     AS is_satisfaction_gated,
                 SUM(movement.base_amount) AS base_amount,
                 SUM(movement.amount) AS amount,
                 MIN(movement.line_id) AS line_id,
                 MAX(movement.landed_cost_today) AS landed_cost_today,
                 MAX(movement.landed_cost_then) AS landed_cost_then
            FROM (
                -- what the locked periods would earn today
                SELECT preview.period_id AS origin_period_id, %(preview)s,
                       preview.base_amount, preview.amount,
                       NULL::integer AS line_id,
                       preview.landed_cost_id AS landed_cost_today,
                       NULL::integer AS landed_cost_then
                  FROM crm_commission_line_preview preview
                 WHERE preview.period_id IN %(locked)s
                 UNION ALL
                -- less what they earned
                SELECT line.period_id, %(line)s, -line.base_amount,
                       -line.amount, line.id, NULL, line.landed_cost_id
                  FROM crm_commission_line line
                 WHERE line.period_id IN %(locked)s
                   AND line.kind != 'adjustment'
                 UNION ALL
                -- less what other periods adjusted already
                SELECT line.origin_period_id, %(line)s, -line.base_amount,
                       -line.amount, NULL, NULL, line.landed_cost_id
                  FROM crm_commission_line line
                  JOIN crm_commission_period period
                    ON period.id = line.period_id
                 WHERE line.kind = 'adjustment'
                   AND line.origin_period_id IN %(locked)s
                   AND line.period_id != %(period)s
                   AND period.state != 'cancel'
            ) movement
           GROUP BY movement.origin_period_id, movement.move_line_id,
                    movement.partial_id, movement.user_id
          HAVING SUM(movement.amount) != 0 OR SUM(movement.base_amount) != 0
      ) adjustment
            """,
            preview=column_list(ADJUSTED_COLUMNS, "preview"),
            line=column_list(ADJUSTED_COLUMNS, "line"),
            locked=tuple(locked.ids),
            period=self.id,
        )

    def _write_lines_sql(self):
        """The end of :meth:`_lines_query` that writes the lines of the
        statement's ``new`` that changed and deletes those gone; returns
        the rows written. The period's lines are compared with the new ones
        by one hash join: a first computation inserts them all, plainly, and
        an unchanged recompute writes nothing. (The company's lock keeps two
        computations of a period from running at once.)"""
        return SQL(
            """
, old AS (
    SELECT line.id, line.move_line_id, line.partial_id, line.user_id,
           line.kind, line.origin_period_id, %(line_values)s
      FROM crm_commission_line line
     WHERE line.period_id = %(period)s
), diff AS (
    -- the lines to insert (no old id), update (both) or delete (no new
    -- line), by one hash join of the new lines with the period's
    SELECT old.id AS old_id, new.move_line_id IS NULL AS is_gone, new.*
      FROM new
      FULL JOIN old
        ON old.move_line_id = new.move_line_id
       AND COALESCE(old.partial_id, 0) = COALESCE(new.partial_id, 0)
       AND old.user_id = new.user_id
       AND old.kind = new.kind
       AND COALESCE(old.origin_period_id, 0) = COALESCE(new.origin_period_id, 0)
     WHERE old.id IS NULL
        OR new.move_line_id IS NULL
        OR (%(old_values)s) IS DISTINCT FROM (%(new_values)s)
), inserted AS (
    INSERT INTO crm_commission_line (
        period_id, move_line_id, partial_id, user_id, kind, origin_period_id,
        %(columns)s, create_uid, create_date, write_uid, write_date)
    SELECT %(period)s, diff.move_line_id, diff.partial_id, diff.user_id,
           diff.kind, diff.origin_period_id, %(diff_values)s,
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM diff
     WHERE diff.old_id IS NULL
 RETURNING 1
), updated AS (
    UPDATE crm_commission_line line
       SET (%(columns)s, write_uid, write_date)
           = (%(diff_values)s, %(uid)s, %(now)s)
      FROM diff
     WHERE line.id = diff.old_id
       AND NOT diff.is_gone
 RETURNING 1
), deleted AS (
    DELETE FROM crm_commission_line line
     USING diff
     WHERE line.id = diff.old_id
       AND diff.is_gone
 RETURNING 1
)
SELECT (SELECT COUNT(*) FROM inserted) + (SELECT COUNT(*) FROM updated)
       + (SELECT COUNT(*) FROM deleted)
            """,
            period=self.id,
            columns=column_list(LINE_COLUMNS),
            new_values=column_list(LINE_COLUMNS, "new"),
            old_values=column_list(LINE_COLUMNS, "old"),
            line_values=column_list(LINE_COLUMNS, "line"),
            diff_values=column_list(LINE_COLUMNS, "diff"),
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )

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

    def _line_totals(self, summary_key):
        """{summary key: (revenue, commission, reversals)} of the period's
        lines: the revenue of the earned lines and refund clawbacks, the
        commission of the lines that are no reversal, and the reversals."""
        totals = {}
        for line_user, line_plan, kind, base, amount in self.env[
            "crm.commission.line"
        ]._read_group(
            [("period_id", "=", self.id)],
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

    def _compute_summaries(self, locked=None):
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
        self.ensure_one()
        Summary = self.env["crm.commission.summary"]
        plans = self._applicable_plans()
        summary_key = self._summary_key(plans)
        totals = self._line_totals(summary_key)
        targets = {
            (target.user_id, target.plan_id): target.amount
            for target in self.env["crm.commission.target"].search(
                [("plan_id", "in", plans.ids), ("period_start", "=", self.date_from)]
            )
        }
        satisfaction = plans._satisfaction_inputs(self.company_id, self.date_to)
        retention = plans._retention_inputs(
            self.company_id, self.date_from, self.date_to
        )
        scores = self._scorecard_scores(plans, store=True)
        adjustments = self._multiplier_adjustments(locked or self.browse())
        adjusted = {}
        for values in adjustments.values():
            key = summary_key(
                self.env["res.users"].browse(values["user_id"]),
                self.env["crm.commission.plan"].browse(values["plan_id"]),
            )
            adjusted[key] = adjusted.get(key, 0.0) + values["amount"]
        currency = self.currency_id
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
        vanished = Summary
        written = 0
        summaries = {}
        for summary in Summary.search([("period_id", "=", self.id)]):
            key = (summary.user_id, summary.plan_id)
            values = wanted.pop(key, None)
            if values is None:
                vanished |= summary
                continue
            summaries[key] = summary
            if _summary_changed(summary, values):
                summary.write(values)
                written += 1
        vanished.unlink()
        created = Summary.create(
            [
                {
                    "period_id": self.id,
                    "company_id": self.company_id.id,
                    "user_id": user.id,
                    "plan_id": plan.id,
                    **values,
                }
                for (user, plan), values in wanted.items()
            ]
        )
        summaries.update(zip(wanted, created, strict=True))
        written += self._write_multiplier_adjustments(adjustments, summaries)
        return written + len(vanished) + len(wanted)

    def _earned_commission(self, plan, user, *, base, target, commission, multipliers):
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

    def _scorecard_scores(self, plans, store):
        """{salesperson id: scorecard score} of the period when one of
        ``plans`` multiplies by the scorecard (else empty): the period's
        scorecards computed set-based (``store``: and written) before the
        summaries read them."""
        self.ensure_one()
        if not plans.filtered("scorecard_multiplier"):
            return {}
        return self.env["crm.salesperson.scorecard"]._period_scores(self, store)

    def _multiplier_adjustments(self, locked):
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
        self.ensure_one()
        if not locked:
            return {}
        Adjustment = self.env["crm.commission.summary.adjustment"]
        currency = self.currency_id
        locked_summaries = self.env["crm.commission.summary"].search(
            [("period_id", "in", locked.ids)]
        )
        if not locked_summaries:
            return {}
        already = dict(
            Adjustment._read_group(
                [
                    ("origin_summary_id", "in", locked_summaries.ids),
                    ("period_id", "!=", self.id),
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
            satisfaction = plans._satisfaction_inputs(self.company_id, earlier.date_to)
            retention = plans._retention_inputs(
                self.company_id, earlier.date_from, earlier.date_to
            )
            scores = earlier._scorecard_scores(plans, store=False)
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
                    "company_id": self.company_id.id,
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

    def _write_multiplier_adjustments(self, adjustments, summaries):
        """Write the period's multiplier ``adjustments`` (of
        :meth:`_multiplier_adjustments`) that changed, each on the period's
        summary of its salesperson and plan (``summaries``, by user and
        plan), delete those no longer due; the number of rows written."""
        Adjustment = self.env["crm.commission.summary.adjustment"]
        existing = {
            adjustment.origin_summary_id: adjustment
            for adjustment in Adjustment.search([("period_id", "=", self.id)])
        }
        written = 0
        new = []
        for origin, computed in adjustments.items():
            values = {
                **computed,
                "summary_id": summaries[origin.user_id, origin.plan_id].id,
            }
            adjustment = existing.pop(origin, None)
            if adjustment is None:
                new.append({"period_id": self.id, **values})
            elif _adjustment_changed(adjustment, values):
                adjustment.write(values)
                written += 1
        stale = Adjustment.union(*existing.values())
        stale.unlink()
        Adjustment.create(new)
        return written + len(stale) + len(new)

    def _formula_commission(self, plan, user, inputs):
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
                    period=self.name,
                    salesperson=user.name,
                    error=plan._formula_error_message(error),
                )
            ) from None


def _satisfaction_values(plan, user, inputs):
    """The summary's satisfaction fields of ``user`` on ``plan``, from the
    plan's :meth:`~.crm_commission_plan.CrmCommissionPlan._satisfaction_inputs`."""
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
    plan's :meth:`~.crm_commission_plan.CrmCommissionPlan._retention_inputs`."""
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


def _adjustment_changed(adjustment, values):
    """Whether ``values`` differ from ``adjustment``'s, to the decimals."""
    for name, digits in ADJUSTMENT_FIELDS.items():
        old, new = adjustment[name], values[name]
        if name == "summary_id":
            old = old.id
        if digits is None:
            if old != new:
                return True
        elif float_compare(old, new, precision_digits=digits):
            return True
    return False


def _summary_changed(summary, values):
    """Whether ``values`` differ from ``summary``'s, to the fields' decimals."""
    for name, digits in SUMMARY_FIELDS.items():
        old, new = summary[name], values[name]
        if digits is None:
            if old != new:
                return True
        elif float_compare(old, new, precision_digits=digits):
            return True
    return False
