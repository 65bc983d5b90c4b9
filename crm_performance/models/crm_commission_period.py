# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from odoo.addons.crm_industrial.models.crm_company_recompute import RecomputeResult

from . import (
    commission_calendar,
)
from .commission_calendar import LOCKED_STATES, period_end, period_start
from .crm_commission_plan import PERIOD_TYPES

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
    compute_job_id = fields.Many2one(
        "crm.recompute.job",
        string="Background Computation",
        compute="_compute_compute_job",
        compute_sudo=True,
        help="The computation of this period queued or running in the "
        "background, if any.",
    )
    # what the form shows of it (read as superuser: the job is HR's run)
    compute_job_state = fields.Selection(
        lambda self: self.env["crm.recompute.job"]._fields["state"].selection,
        string="Computation Status",
        compute="_compute_compute_job",
        compute_sudo=True,
    )
    compute_job_progress = fields.Float(
        string="Computation Progress", compute="_compute_compute_job", compute_sudo=True
    )
    compute_job_step_name = fields.Char(
        string="Computation Step", compute="_compute_compute_job", compute_sudo=True
    )
    compute_job_user_id = fields.Many2one(
        "res.users",
        string="Computation Started By",
        compute="_compute_compute_job",
        compute_sudo=True,
    )
    compute_job_date = fields.Datetime(
        string="Computation Queued On",
        compute="_compute_compute_job",
        compute_sudo=True,
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

    def _compute_compute_job(self):
        jobs = {
            job.res_id: job for job in self.env["crm.recompute.job"]._active_of(self)
        }
        for period in self:
            job = jobs.get(period.id, self.env["crm.recompute.job"])
            period.compute_job_id = job
            period.compute_job_state = job.state
            period.compute_job_progress = job.progress
            period.compute_job_step_name = job.step_name
            period.compute_job_user_id = job.user_id
            period.compute_job_date = job.create_date

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
        """Compute (again) the lines and summaries of these periods: while
        the user waits when a period has at most its company's
        ``commission_request_line_limit`` invoice lines, else queued in the
        background (``crm.recompute.job``), whoever started it being
        notified when it ends.

        Approved, validated and paid periods are locked. A salesperson's
        approval whose commission the new computation changes is withdrawn.
        """
        self.check_access("write")
        self._check_recomputable()
        active = self.env["crm.recompute.job"]._active_for(self)
        if active:
            raise UserError(
                self.env._(
                    "The commissions of %(periods)s are already being computed "
                    "in the background (started by %(user)s); you will be "
                    "notified when it ends.",
                    periods=", ".join(active.mapped("name")),
                    user=active[0].user_id.name,
                )
            )
        sizes = self.env["account.move.line"]._crm_commission_counts(self)
        queued = self.filtered(
            lambda period: (
                sizes[period] > period.company_id.commission_request_line_limit
            )
        )
        if queued:
            self.env["crm.recompute.job"]._enqueue(queued, sizes)
        now = self - queued
        result = now._compute_now() if now else RecomputeResult()
        if result.failures or not queued:
            return self._recompute_notification(
                result,
                self.env._("Commissions computed"),
                self.env._("The commission lines and summaries are up to date."),
            )
        return self._recompute_notification(
            result,
            self.env._("Commissions queued"),
            self.env._(
                "%(periods)s: more invoice lines (%(lines)s) than are computed "
                "while you wait; computed in the background, you will be "
                "notified when it ends.",
                periods=", ".join(queued.mapped("display_name")),
                lines=", ".join(str(sizes[period]) for period in queued),
            ),
        )

    def _check_recomputable(self):
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

    def _compute_now(self):
        """Compute these periods in this transaction; the
        :class:`RecomputeResult`."""
        approved = {
            summary: summary.commission
            for summary in self.env["crm.commission.summary"].search(
                [("period_id", "in", self.ids), ("approved_by_id", "!=", False)]
            )
        }
        result = self.sudo()._recompute(self.company_id)
        self.env["crm.commission.summary"]._withdraw_changed_approvals(approved)
        return result

    def _recompute_job_run(self):
        """Run a queued computation of this period (as the user who started
        it, see ``crm.recompute.job``); the message for them."""
        self.ensure_one()
        self._check_recomputable()
        result = self._compute_now()
        if result.failures:
            raise UserError("\n".join(result.failures.values()))
        self.invalidate_recordset(["line_count", "commission_total"])
        return self.env._(
            "The commissions of %(period)s are up to date: %(lines)s lines, "
            "%(total)s in commissions.",
            period=self.display_name,
            lines=self.line_count,
            total=format_amount(self.env, self.commission_total, self.currency_id),
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
        summaries = self.env["crm.commission.summary"]
        for period in self:
            period.can_approve = (
                period.state == "computed"
                and not period.is_running
                and bool(
                    summaries._approvable(period, self.env.user).filtered(
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
            summaries = (
                self.env["crm.commission.summary"]
                ._approvable(period, user)
                .filtered(lambda summary: not summary.approved_by_id)
            )
            if not summaries:
                raise UserError(
                    self.env._(
                        "No salesperson of %(period)s awaiting approval is in "
                        "a team you lead.",
                        period=period.display_name,
                    )
                )
            if summaries._approve(user):
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
            summaries = self.env["crm.commission.summary"]._approvable(
                period, self.env.user
            )
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
        summaries = self.env["crm.commission.summary"].search(
            [("period_id", "in", self.ids)]
        )
        summaries._send_statements()
        return True

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
            summaries = self.env["crm.commission.summary"]._approvable(
                period, self.env.user
            )
            if not summaries:
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
    # Scorecards
    # ------------------------------------------------------------------

    scorecard_ids = fields.One2many(
        "crm.salesperson.scorecard", "period_id", string="Scorecards"
    )
    scorecard_count = fields.Integer(compute="_compute_scorecard_count")

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["crm.salesperson.scorecard"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.scorecard_count = counts.get(period, 0)

    def action_compute_scorecards(self):
        """Compute (again) the scorecards of every salesperson of these
        periods' companies."""
        self.check_access("write")
        result = self.env["crm.salesperson.scorecard"].sudo()._compute_periods(self)
        return self.env["crm.salesperson.scorecard"]._recompute_notification(
            result,
            self.env._("Scorecards computed"),
            self.env._("The salespeople's scorecards are up to date."),
        )

    def action_open_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_performance.action_crm_salesperson_scorecard"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {}
        return action
