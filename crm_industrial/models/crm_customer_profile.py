# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .crm_churn_snapshot import CHURN_BANDS
from .crm_company_recompute import (
    RecomputeInProgress,
)
from .crm_lifecycle_stage import profile_dormancy_threshold_sql

_logger = logging.getLogger(__name__)

ABC_CLASSES = [
    ("a", "A"),
    ("b", "B"),
    ("c", "C"),
    ("none", "No sales"),
]
RETENTION_STATES = [
    ("open", "Activity open"),
    ("handled", "Handled"),
    ("unassigned", "Without assignee"),
]

# The order customers are ranked in, for their class and the rank shown.
ABC_RANKING = SQL("abc_value DESC, partner_id")


def abc_share_above_sql(method):
    """SQL: the share (%) of the customers ranked above a row, over rows
    with an ABC value: of their value (``cumulative_value``) or of their
    number."""
    if method == "cumulative_value":
        return SQL(
            "100 * COALESCE(SUM(abc_value) OVER (ORDER BY %s ROWS BETWEEN"
            " UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / SUM(abc_value) OVER ()",
            ABC_RANKING,
        )
    return SQL(
        "100.0 * (ROW_NUMBER() OVER (ORDER BY %s) - 1) / COUNT(*) OVER ()",
        ABC_RANKING,
    )


# Errors a run meets when another run of the same company committed first.
CONCURRENT_RUN_ERRORS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)
# The unique rows a run inserts that another run may have committed first.
CONCURRENT_RUN_CONSTRAINTS = (
    "crm_customer_profile_partner_company_unique",
    "mail_activity_crm_retention_open_unique",
)


class CrmCustomerProfile(models.Model):
    """What the company knows of one customer company, in one company of ours.

    Rows are written set-based by :meth:`_recompute`, never by per-record
    compute triggers: one statement per step and company.
    """

    _name = "crm.customer.profile"
    _inherit = ["crm.company.recompute"]
    _description = "Customer Profile"
    _order = "abc_value desc, id"
    _rec_name = "partner_id"

    _partner_company_unique = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "A customer has one profile per company.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(
        related="partner_id.user_id.sale_team_id", string="Sales Team", store=True
    )
    industry_id = fields.Many2one(related="partner_id.industry_id", store=True)
    country_id = fields.Many2one(related="partner_id.country_id", store=True)

    revenue_12m = fields.Monetary(
        string="Revenue (12 months)",
        readonly=True,
        help="Posted customer invoices net of credit notes, in company "
        "currency, over the last 12 months.",
    )
    revenue_prev_12m = fields.Monetary(
        string="Revenue (previous 12 months)",
        readonly=True,
        help="The same over the 12 months before.",
    )
    revenue_trend_pct = fields.Float(
        string="Trend (%)",
        readonly=True,
        digits=(16, 1),
        help="Revenue of the last 12 months against the 12 before; empty when "
        "there was no revenue before.",
    )
    revenue_lifetime = fields.Monetary(string="Lifetime Revenue", readonly=True)
    margin_12m = fields.Monetary(
        string="Gross Margin (12 months)",
        readonly=True,
        help="Margin of the sale orders confirmed in the last 12 months.",
    )
    margin_pct = fields.Float(string="Margin (%)", readonly=True, digits=(16, 1))
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    invoice_count_12m = fields.Integer(string="Invoices (12 months)", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    first_order_date = fields.Date(readonly=True)
    last_order_date = fields.Date(readonly=True)
    last_invoice_date = fields.Date(readonly=True)
    order_gap_avg_days = fields.Float(
        string="Average Days Between Orders", readonly=True, digits=(16, 1)
    )
    receivable_open = fields.Monetary(string="Open Receivable", readonly=True)
    receivable_overdue = fields.Monetary(string="Overdue", readonly=True)
    payment_days_avg = fields.Float(
        string="Average Days to Pay",
        readonly=True,
        digits=(16, 1),
        help="From invoice date to full payment, over the invoices of the last "
        "12 months that are paid.",
    )

    abc_value = fields.Monetary(
        string="ABC Value",
        readonly=True,
        help="Revenue or gross margin over the ABC look-back, as configured.",
    )
    abc_rank = fields.Integer(
        string="ABC Rank",
        compute="_compute_abc_rank",
        help="Position of the customer by ABC value in its company, 1 being the"
        " most valuable; worked out when read, from the last recompute's values.",
    )
    abc_share_above = fields.Float(
        string="Share Above (%)",
        compute="_compute_abc_share_above",
        digits=(16, 2),
        help="Cumulative share of the customers ranked above this one; worked "
        "out when read, from the last recompute's values.",
    )
    customer_share_pct = fields.Float(
        string="Share of Customers (%)",
        readonly=True,
        digits=(16, 1),
        help="This customer's share of the company's customers with sales in "
        "the look-back; sums to the share of a class.",
    )
    revenue_share_pct = fields.Float(
        string="Share of Revenue (%)",
        readonly=True,
        digits=(16, 1),
        help="This customer's share of the company's revenue of the last 12 months.",
    )
    margin_share_pct = fields.Float(
        string="Share of Margin (%)",
        readonly=True,
        digits=(16, 1),
        help="This customer's share of the company's gross margin of the last "
        "12 months.",
    )
    pareto_customer_pct = fields.Integer(
        string="Top Customers (%)",
        readonly=True,
        help="The customer is among this top share of the company's customers "
        "ranked by revenue of the last 12 months, in steps of 5 %: the axis of "
        "the Pareto curve.",
    )
    abc_class_computed = fields.Selection(
        ABC_CLASSES, string="Computed Class", readonly=True, default="none"
    )
    abc_class_manual = fields.Selection(
        ABC_CLASSES[:3], string="Manual Class", readonly=True
    )
    abc_manual_reason = fields.Char(string="Override Reason", readonly=True)
    abc_manual_until = fields.Date(string="Override Until", readonly=True)
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        readonly=True,
        default="none",
        index=True,
        help="The manual class while an override is in force, else the computed one.",
    )
    abc_history_ids = fields.One2many(
        "crm.customer.abc.history", "profile_id", string="Class History"
    )

    first_invoice_date = fields.Date(readonly=True)
    dormancy_threshold_days = fields.Integer(
        string="Dormancy Threshold (days)",
        compute="_compute_dormancy_threshold_days",
        help="No order for longer than this makes the customer dormant: the 90th "
        "percentile of its own gaps between orders (with fewer than 3 orders, "
        "the median of its class), never less than the company's floor.",
    )
    order_gap_p90_days = fields.Float(
        string="Order Gap, 90th Percentile (days)",
        readonly=True,
        help="The 90th percentile of the customer's own gaps between orders, "
        "from 3 orders on: its dormancy threshold before the floor.",
    )
    lifecycle_stage_computed_id = fields.Many2one(
        "crm.lifecycle.stage", string="Computed Stage", readonly=True
    )
    lifecycle_stage_manual_id = fields.Many2one(
        "crm.lifecycle.stage", string="Pinned Stage", readonly=True
    )
    lifecycle_pin_reason = fields.Char(string="Pin Reason", readonly=True)
    lifecycle_stage_id = fields.Many2one(
        "crm.lifecycle.stage",
        readonly=True,
        index=True,
        group_expand="_read_group_expand_full",
        help="The pinned stage, else the stage inferred from the data.",
    )
    lifecycle_stage_since = fields.Date(string="In Stage Since", readonly=True)
    lifecycle_history_ids = fields.One2many(
        "crm.lifecycle.history", "profile_id", string="Stage History"
    )
    value_drop_since = fields.Date(
        string="Revenue Drop Since",
        readonly=True,
        help="Since when this class A or B customer's trend has been below the "
        "retention alert of the company.",
    )
    retention_state = fields.Selection(
        RETENTION_STATES,
        string="Retention Work",
        readonly=True,
        index=True,
        help="Open: a retention activity is scheduled. Handled: its salesperson "
        "marked it done or cancelled it, and the customer is still in the same "
        "condition. Without assignee: nobody could be given the activity.",
    )
    retention_done_date = fields.Date(
        string="Retention Work Done On",
        readonly=True,
        help="When the last retention activity was marked done or cancelled.",
    )
    retention_done_reasons = fields.Char(
        readonly=True,
        help="Codes of the reasons the last retention activity marked done or "
        "cancelled was about, comma-separated.",
    )
    churn_risk_pct = fields.Float(
        string="Churn Risk (%)", compute="_compute_churn", digits=(16, 0)
    )
    churn_band = fields.Selection(
        CHURN_BANDS, string="Churn Risk", compute="_compute_churn"
    )
    churn_reason_text = fields.Text(
        string="Churn Risk Reasons", compute="_compute_churn"
    )
    rfm_recency_score = fields.Integer(string="Recency", readonly=True)
    rfm_frequency_score = fields.Integer(string="Frequency", readonly=True)
    rfm_monetary_score = fields.Integer(string="Monetary", readonly=True)
    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment", string="RFM Segment", readonly=True, index=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_churn(self):
        """The customer's churn risk (``crm.customer.churn``), or why it has none."""
        Churn = self.env["crm.customer.churn"]
        churns = {
            churn.profile_id: churn
            for churn in Churn.search([("profile_id", "in", self.ids)])
        }
        # why not, once per company (a model searched), not per customer
        unscored = {
            company: Churn._unscored_text(company)
            for company in self.filtered(lambda p: p not in churns).company_id
        }
        for profile in self:
            churn = churns.get(profile)
            profile.churn_risk_pct = churn.risk_pct if churn else 0.0
            profile.churn_band = churn.band if churn else False
            profile.churn_reason_text = (
                churn.reason_text if churn else unscored[profile.company_id]
            )

    def _compute_abc_rank(self):
        # Not stored: one customer moving up would renumber, and rewrite, every
        # profile ranked below it at each recompute. Ranked as for the class.
        ranks = {}
        profiles = self.filtered("id")
        if profiles:
            self.flush_model(["abc_value", "company_id", "partner_id"])
            self.env.cr.execute(
                SQL(
                    """
SELECT id, abc_rank
  FROM (SELECT id, ROW_NUMBER() OVER (
                   PARTITION BY company_id ORDER BY %s) AS abc_rank
          FROM crm_customer_profile
         WHERE company_id IN %s AND abc_value > 0) ranked
 WHERE id IN %s
                    """,
                    ABC_RANKING,
                    tuple(profiles.company_id.ids),
                    tuple(profiles.ids),
                )
            )
            ranks = dict(self.env.cr.fetchall())
        for profile in self:
            profile.abc_rank = ranks.get(profile.id, 0)

    @api.depends(
        "order_gap_p90_days",
        "abc_class_computed",
        "company_id.dormancy_class_gap_days",
        "company_id.lifecycle_dormancy_floor_days",
    )
    def _compute_dormancy_threshold_days(self):
        # Not stored: a class's median moving would rewrite every customer
        # of the class with fewer than 3 orders. Read as the recompute
        # stages it, from the median the last recompute kept on the company.
        thresholds = {}
        profiles = self.filtered("id")
        if profiles:
            self.flush_model(["order_gap_p90_days", "abc_class_computed", "company_id"])
            self.env["res.company"].flush_model(
                ["dormancy_class_gap_days", "lifecycle_dormancy_floor_days"]
            )
            self.env.cr.execute(
                SQL(
                    """
SELECT profile.id, %s
  FROM crm_customer_profile profile
  JOIN res_company company ON company.id = profile.company_id
 WHERE profile.id IN %s
                    """,
                    profile_dormancy_threshold_sql(),
                    tuple(profiles.ids),
                )
            )
            thresholds = dict(self.env.cr.fetchall())
        for profile in self:
            profile.dormancy_threshold_days = thresholds.get(profile.id, 0)

    def _compute_abc_share_above(self):
        # Not stored, as the rank: one customer's value moving would
        # rewrite the share above of every profile ranked below it.
        shares = {}
        profiles = self.filtered("id")
        if profiles:
            self.flush_model(["abc_value", "company_id", "partner_id"])
            for company in profiles.company_id:
                self.env.cr.execute(
                    SQL(
                        """
SELECT id, ROUND(share_above, 2)
  FROM (SELECT id, %s AS share_above
          FROM crm_customer_profile
         WHERE company_id = %s AND abc_value > 0) ranked
 WHERE id IN %s
                        """,
                        abc_share_above_sql(company.abc_method),
                        company.id,
                        tuple(
                            profiles.filtered(
                                lambda p, c=company: p.company_id == c
                            ).ids
                        ),
                    )
                )
                shares.update(self.env.cr.fetchall())
        for profile in self:
            profile.abc_share_above = float(shares.get(profile.id, 0.0))

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        """Profiles are written by the recompute and the governed actions only.

        Nobody holds the write right on profiles: the override, the pin and
        their removal check who acts, then write through ``sudo``.
        """
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Customer profiles are computed: sales managers change a "
                    "class with Override Class and a stage with Pin Stage."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def _check_sales_manager(self, message):
        """Raise ``message`` (translated by the caller) unless a sales manager acts."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(message)

    def action_recompute_all(self):
        """Recompute the profiles of the current companies (sales managers).

        Each company is computed on its own: the notification names the
        companies that failed, and why, beside what the others wrote.
        """
        self._check_sales_manager(
            self.env._("Only sales managers can recompute customer profiles.")
        )
        result = self.sudo()._recompute(self.env.companies)
        return self._recompute_notification(
            result,
            self.env._("Customer profiles recomputed"),
            self.env._(
                "%(count)s customer profiles and retention activities written.",
                count=result.written,
            ),
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _recompute_failure(self, company, error):
        """Log why ``company``'s run failed; the message for the manager.

        Called while handling ``error``. Another run of the same company, in
        progress or just committed, is no failure of this company: it is not
        recorded on the company, whose profiles that run computed.
        """
        if isinstance(error, CONCURRENT_RUN_ERRORS) and (
            not isinstance(error, pg_errors.UniqueViolation)
            or error.diag.constraint_name in CONCURRENT_RUN_CONSTRAINTS
        ):
            _logger.info(
                "Customer profiles of %s: a concurrent run came first (%s)",
                company.name,
                error.pgcode,
            )
            return self.env._(
                "The customer profiles of %(company)s were recomputed by another "
                "run at the same time; what it wrote is kept. Recompute again to "
                "include any later change.",
                company=company.name,
            )
        message = super()._recompute_failure(company, error)
        if not isinstance(error, RecomputeInProgress):
            self._record_run(company, message)
        return message

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The customer profiles of %(company)s are being recomputed by "
            "another run; they will be up to date when it finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The customer profiles of %(company)s could not be recomputed: %(error)s",
            company=company.name,
            error=error,
        )

    def _recompute_company(self, company, today, partners=None, retention=None):
        """Recompute one company under its lock; the number of rows written.

        The steps, in order: the profiles (value, classes, stages, history;
        of the customers ``partners`` only, when given, the others' figures
        read as stored), every active customer's churn risk
        (``crm.customer.churn``), their retention work (of the customers
        ``retention`` only, when given: ``mail.activity._crm_retention_scope``), the
        satisfaction scores (the customers' of ``partners`` only, when
        given), the complaint figures.
        """
        self._lock_company(company)
        written = self._recompute_profiles(company, today, partners)
        written += self.env["crm.customer.churn"]._recompute_company(company, today)
        written += self.env["mail.activity"]._crm_sync_retention_activities(
            company, today, retention
        )
        written += self.env["crm.satisfaction.score"]._recompute_company(
            company, today, partners
        )
        written += self.env["crm.complaint.score"]._recompute_company(company, today)
        self._record_run(company)
        return written

    def _recompute_sources(self):
        """What the steps of :meth:`_recompute_company` read. Posted journal
        entries and their lines cannot be deleted (they are reset to draft
        first, which writes them), done stock moves neither: not counted."""
        return {
            "account.move": False,
            "account.move.line": False,
            "account.partial.reconcile": True,
            "crm.claim": True,
            "crm.churn.model": True,
            "crm.claim.stage": True,
            "crm.customer.churn": True,
            "crm.customer.ownership": True,
            "crm.customer.profile": True,
            "crm.lead": True,
            "crm.lifecycle.stage": True,
            "crm.rfm.segment": True,
            "crm.team": True,
            "mail.activity": True,
            "mail.activity.type": True,
            "res.company": True,
            "res.currency": True,
            "res.partner": True,
            "res.users": True,
            "resource.calendar": True,
            "resource.calendar.attendance": True,
            "resource.calendar.leaves": True,
            "sale.order": True,
            "stock.picking": True,
            "survey.question": True,
            "survey.user_input": True,
            "survey.user_input.line": True,
        }

    def _recompute_own_sources(self):
        """The profiles, their churn risk and their retention activities."""
        return ["crm.customer.churn", "crm.customer.profile", "mail.activity"]

    def _recompute_partner_sources(self):
        """The profiles' statement and the customers' satisfaction scores
        compute customer by customer: the rows of the sources they read name
        their customers. The other steps compute every customer each run,
        but the retention work, which finds its own customers in the
        profiles and activities written since
        (``mail.activity._crm_retention_scope``):
        their sources' rows name none (``None``). The company's settings,
        the stages, the segments and the survey questions name no customer:
        their change computes everything."""
        of_contact = SQL(
            "SELECT contact.commercial_partner_id AS partner_id"
            " FROM res_partner contact WHERE contact.id = source.partner_id"
        )
        of_line = (
            "SELECT move.commercial_partner_id AS partner_id"
            " FROM account_move_line line"
            " JOIN account_move move ON move.id = line.move_id"
            " WHERE line.id IN (%s)"
        )
        read_whole = dict.fromkeys(
            (
                # written by the run, and by overrides, pins and retention
                # work that every run reads for every customer; only a
                # deleted customer or company deletes one
                "crm.customer.profile",
                "crm.customer.churn",
                "crm.churn.model",
                "crm.claim",
                "crm.claim.stage",
                "crm.customer.ownership",
                "crm.team",
                "mail.activity",
                "mail.activity.type",
                "resource.calendar",
                "resource.calendar.attendance",
                "resource.calendar.leaves",
                "stock.picking",
            ),
            None,
        )
        return read_whole | {
            "account.move": SQL("SELECT source.commercial_partner_id AS partner_id"),
            "account.move.line": SQL(of_line % "source.id"),
            "account.partial.reconcile": SQL(
                of_line % "source.debit_move_id, source.credit_move_id"
            ),
            "crm.lead": of_contact,
            "res.partner": SQL("SELECT source.commercial_partner_id AS partner_id"),
            # its customers, and its own company (a contact becoming an
            # employee: its invitations count no more)
            "res.users": SQL(
                "SELECT customer.commercial_partner_id AS partner_id"
                " FROM res_partner customer"
                " WHERE customer.user_id = source.id OR customer.id = source.partner_id"
            ),
            "sale.order": of_contact,
            "survey.user_input": SQL("SELECT source.crm_partner_id AS partner_id"),
            "survey.user_input.line": SQL(
                "SELECT answer.crm_partner_id AS partner_id"
                " FROM survey_user_input answer WHERE answer.id = source.user_input_id"
            ),
        }

    def _recompute_calendar_partners(self, company, last_day, today):
        """The customers whose figures move from ``last_day`` to ``today``
        (the windows of :meth:`_values_ctes`): invoices and orders dated in
        the days since, or leaving a window of 12 or 24 months or the ABC
        look-back in them; instalments falling due; payments dated in them;
        leads created in them; answers and invitations entering or leaving
        the satisfaction window."""
        if last_day >= today:
            return None
        offsets = sorted({0, 12, 24, company.abc_lookback_months})

        def day_end(day):
            return datetime.combine(day + relativedelta(days=1), time.min)

        def moved(column, as_datetime=False):
            """``column`` after a window's start (or end) of ``last_day``
            and not after that of ``today`` (a datetime: before the end of
            that day)."""
            bounds = []
            for months in offsets:
                low = last_day - relativedelta(months=months)
                high = today - relativedelta(months=months)
                if as_datetime:
                    low, high = day_end(low), day_end(high)
                    bound = SQL("(%s >= %s AND %s < %s)", column, low, column, high)
                else:
                    bound = SQL("(%s > %s AND %s <= %s)", column, low, column, high)
                bounds.append(bound)
            return SQL("(%s)", SQL(" OR ").join(bounds))

        return SQL(
            """
SELECT move.commercial_partner_id AS partner_id
  FROM account_move move
 WHERE move.company_id = %(company)s
   AND move.move_type IN ('out_invoice', 'out_refund')
   AND %(invoiced)s
 UNION
SELECT move.commercial_partner_id
  FROM account_move_line line
  JOIN account_move move ON move.id = line.move_id
 WHERE move.company_id = %(company)s
   AND line.display_type = 'payment_term'
   AND line.date_maturity >= %(last_day)s
   AND line.date_maturity < %(today)s
 UNION
SELECT move.commercial_partner_id
  FROM account_partial_reconcile partial
  JOIN account_move_line line ON line.id = partial.debit_move_id
  JOIN account_move move ON move.id = line.move_id
 WHERE move.company_id = %(company)s
   AND partial.max_date > %(last_day)s
   AND partial.max_date <= %(today)s
 UNION
SELECT contact.commercial_partner_id
  FROM sale_order sale
  JOIN res_partner contact ON contact.id = sale.partner_id
 WHERE sale.company_id = %(company)s
   AND %(ordered)s
 UNION
SELECT contact.commercial_partner_id
  FROM crm_lead lead
  JOIN res_partner contact ON contact.id = lead.partner_id
 WHERE lead.create_date >= %(after_last_day)s
   AND lead.create_date < %(after_today)s
 UNION
%(satisfaction)s
            """,
            satisfaction=self.env["crm.satisfaction.score"]._calendar_partners_sql(
                company, last_day, today
            ),
            company=company.id,
            invoiced=moved(SQL("move.invoice_date")),
            ordered=moved(SQL("sale.date_order"), as_datetime=True),
            last_day=last_day,
            today=today,
            after_last_day=day_end(last_day),
            after_today=day_end(today),
        )

    def _recompute_changed(self, company, today, mark, counts=None):
        """Only the customers changed since ``mark`` (when it can tell)."""
        partners = mark._changed_partners(self, company, today, counts)
        if partners is None:
            return self._recompute_company(company, today), True
        retention = self.env["mail.activity"]._crm_retention_scope(
            mark, company, today, partners
        )
        return self._recompute_company(company, today, partners, retention), False

    def init(self):
        res = super().init()
        self.env["crm.recompute.mark"]._index_sources(self)
        # the instalments of the changed customers' invoices (receivables,
        # overdue, days to pay): found through all the lines of their
        # invoices, 58 000 rows read for 5 800 instalments on the bench
        create_index(
            self.env.cr,
            "account_move_line__crm_payment_term_move_id_index",
            "account_move_line",
            ["move_id"],
            where="display_type = 'payment_term'",
            comment="crm_industrial: the instalments of a customer's invoices",
        )
        return res

    @api.model
    def _record_run(self, company, error=None):
        """Note on the company when its profiles were computed, and any failure."""
        self.env.cr.execute(
            SQL(
                """
UPDATE res_company
   SET customer_profile_last_run = %(now)s, customer_profile_last_error = %(error)s
 WHERE id = %(company)s
                """,
                now=SQL("NOW() AT TIME ZONE 'UTC'"),
                error=error,
                company=company.id,
            )
        )
        company.invalidate_recordset(
            ["customer_profile_last_run", "customer_profile_last_error"]
        )

    # ------------------------------------------------------------------
    # Overrides and pins
    # ------------------------------------------------------------------

    def _set_abc_override(self, abc_class, reason, until):
        """Write the manual class and apply it at once, with its history."""
        self.sudo().write(
            {
                "abc_class_manual": abc_class,
                "abc_manual_reason": reason,
                "abc_manual_until": until,
            }
        )
        self._apply_rules_now()

    def action_clear_abc_override(self):
        """Back to the computed class (sales managers)."""
        self._check_sales_manager(
            self.env._("Only sales managers can remove a class override.")
        )
        self.sudo().write(
            {
                "abc_class_manual": False,
                "abc_manual_reason": False,
                "abc_manual_until": False,
            }
        )
        self._apply_rules_now()

    def _pin_lifecycle_stage(self, stage, reason):
        """Pin ``stage`` and apply it at once, with its history."""
        self.sudo().write(
            {"lifecycle_stage_manual_id": stage.id, "lifecycle_pin_reason": reason}
        )
        self._apply_rules_now()

    def action_unpin_lifecycle_stage(self):
        """Back to the stage inferred from the data (sales managers)."""
        self._check_sales_manager(
            self.env._("Only sales managers can unpin a customer's stage.")
        )
        self.sudo().write(
            {"lifecycle_stage_manual_id": False, "lifecycle_pin_reason": False}
        )
        self._apply_rules_now()
