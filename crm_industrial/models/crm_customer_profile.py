# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .crm_company_recompute import (
    RecomputeInProgress,
    heavy_statement_settings,
)

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

# Memory each sort or hash of the recompute may use before spilling to disk.
RECOMPUTE_WORK_MEM_MB = 32

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

# Columns the recompute writes: value, then class, then RFM, then lifecycle.
VALUE_COLUMNS = (
    "revenue_12m",
    "revenue_prev_12m",
    "revenue_trend_pct",
    "revenue_lifetime",
    "margin_12m",
    "margin_pct",
    "invoice_count",
    "invoice_count_12m",
    "order_count",
    "first_order_date",
    "last_order_date",
    "first_invoice_date",
    "last_invoice_date",
    "order_gap_avg_days",
    "receivable_open",
    "receivable_overdue",
    "payment_days_avg",
    "abc_value",
)
CLASS_COLUMNS = (
    "abc_share_above",
    "customer_share_pct",
    "revenue_share_pct",
    "margin_share_pct",
    "pareto_customer_pct",
    "abc_class_computed",
    "abc_class",
)
LIFECYCLE_COLUMNS = (
    "dormancy_threshold_days",
    "lifecycle_stage_computed_id",
    "lifecycle_stage_id",
    "lifecycle_stage_since",
    "value_drop_since",
)
RFM_COLUMNS = (
    "rfm_recency_score",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "rfm_segment_id",
)


class CrmCustomerProfile(models.Model):
    """What the company knows of one customer company, in one company of ours.

    Rows are written set-based by :meth:`_recompute`, never by per-record
    compute triggers: one statement per step and company.
    """

    _name = "crm.customer.profile"
    _inherit = ["crm.company.recompute", "crm.computed.rows"]
    _computed_key = ("partner_id",)
    _computed_columns = (
        *VALUE_COLUMNS,
        *CLASS_COLUMNS,
        *RFM_COLUMNS,
        *LIFECYCLE_COLUMNS,
    )
    _computed_insert_columns = (
        "company_id",
        "user_id",
        "industry_id",
        "country_id",
        "team_id",
    )
    _computed_keep_gone = True
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
        readonly=True,
        digits=(16, 2),
        help="Cumulative share of the customers ranked above this one.",
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
        readonly=True,
        help="No order for longer than this makes the customer dormant: the 90th "
        "percentile of its own gaps between orders (with fewer than 3 orders, "
        "the median of its class), never less than the company's floor.",
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
    rfm_recency_score = fields.Integer(string="Recency", readonly=True)
    rfm_frequency_score = fields.Integer(string="Frequency", readonly=True)
    rfm_monetary_score = fields.Integer(string="Monetary", readonly=True)
    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment", string="RFM Segment", readonly=True, index=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

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

    @api.model
    def _cron_recompute(self):
        """Every active company, each committed on its own as it is done."""
        companies = self.env["res.company"].search([("active", "=", True)])
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(companies))
        for company in companies:
            self._recompute(company)
            cron._commit_progress(1)

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

    def _recompute_company(self, company, today):
        """Recompute one company under its lock; the number of rows written.

        The steps, in order: the profiles (value, classes, stages, history),
        their retention work, the satisfaction scores, the complaint figures.
        """
        self._lock_company(company)
        written = self._recompute_profiles(company, today)
        written += self.env["mail.activity"]._crm_sync_retention_activities(
            company, today
        )
        written += self.env["crm.satisfaction.score"]._recompute_company(company, today)
        written += self.env["crm.complaint.score"]._recompute_company(company, today)
        self._record_run(company)
        return written

    def _recompute_profiles(self, company, today):
        """The one statement writing the company's profiles and their history."""
        cr = self.env.cr
        # the statement's CTEs hold one row per customer, which the planner
        # cannot tell; its per-customer aggregates and windows want memory
        with heavy_statement_settings(cr, RECOMPUTE_WORK_MEM_MB):
            cr.execute(self._recompute_query(company, today))
            written = sum(cr.fetchone())
        self.env.invalidate_all()
        return written

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

    def _recompute_query(self, company, today):
        """The statement of the company's profiles: their rows through
        ``crm.computed.rows`` (a profile outlives its customer's data: never
        deleted), then the class and stage changes into their histories."""
        effective = self._effective_rules(
            today,
            SQL("ranked.abc_class_computed"),
            SQL("staged.lifecycle_stage_computed_id"),
        )
        ctes = SQL(
            """
%(values)s,
%(classes)s,
%(rfm)s,
%(lifecycle)s
            """,
            values=self._values_ctes(company, today),
            classes=self._abc_ctes(company),
            rfm=self.env["crm.rfm.segment"]._profile_ctes(company, today),
            lifecycle=self.env["crm.lifecycle.stage"]._profile_ctes(company, today),
        )
        new = SQL(
            """
    SELECT value.*,
           %(class_columns)s,
           scored.rfm_recency_score, scored.rfm_frequency_score,
           scored.rfm_monetary_score, scored.rfm_segment_id,
           staged.dormancy_threshold_days,
           staged.lifecycle_stage_computed_id,
           profile.abc_class AS class_before,
           profile.lifecycle_stage_id AS stage_before,
           profile.lifecycle_stage_since AS since_before,
           %(manual)s AS manual,
           %(pinned)s AS pinned,
           %(abc_class)s AS abc_class,
           %(stage)s AS lifecycle_stage_id,
           %(since)s AS lifecycle_stage_since,
           CASE WHEN %(abc_class)s IN ('a', 'b')
                     AND value.revenue_trend_pct < -%(retention_threshold)s
                THEN COALESCE(profile.value_drop_since, %(today)s)
           END AS value_drop_since,
           %(company)s AS company_id,
           partner.user_id, partner.industry_id, partner.country_id,
           salesperson.sale_team_id AS team_id
      FROM value
      JOIN ranked ON ranked.partner_id = value.partner_id
      JOIN staged ON staged.partner_id = value.partner_id
      JOIN res_partner partner ON partner.id = value.partner_id
      LEFT JOIN res_users salesperson ON salesperson.id = partner.user_id
      LEFT JOIN scored ON scored.partner_id = value.partner_id
      LEFT JOIN crm_customer_profile profile
        ON profile.partner_id = value.partner_id
       AND profile.company_id = %(company)s
            """,
            class_columns=SQL(", ").join(
                SQL("ranked.%s", SQL.identifier(column))
                for column in CLASS_COLUMNS
                if column != "abc_class"
            ),
            **effective,
            retention_threshold=company.retention_trend_threshold_pct,
            company=company.id,
            today=today,
        )
        return self._computed_rows_sql(
            new,
            SQL("old.company_id = %s", company.id),
            ctes,
            updated_returning=SQL(
                """stored.id, stored.partner_id, stored.company_id,
                   stored.user_id AS salesperson_id, diff.class_before,
                   diff.abc_class, diff.manual, diff.stage_before,
                   diff.lifecycle_stage_id, diff.pinned, diff.since_before"""
            ),
            inserted_returning=SQL(
                """id, partner_id, company_id, user_id AS salesperson_id,
                   'none' AS class_before, abc_class, FALSE AS manual,
                   NULL::integer AS stage_before, lifecycle_stage_id,
                   FALSE AS pinned, NULL::date AS since_before"""
            ),
            then=SQL(
                """changed AS (
    SELECT * FROM updated
     UNION ALL
    SELECT * FROM inserted
), %s""",
                self._history_ctes(today),
            ),
        )

    @api.model
    def _effective_rules(self, today, computed_class, computed_stage):
        """What a customer's class and stage are, as SQL over its ``profile`` row.

        The manual class while its override is in force (set, and not ended
        before ``today``), else ``computed_class``; the pinned stage, else
        ``computed_stage``; the stage's entry date moves to ``today`` when the
        stage changes. ``profile`` is the row before the change, or NULL for a
        customer without a profile yet.
        """
        manual = SQL(
            "(profile.abc_class_manual IS NOT NULL"
            " AND (profile.abc_manual_until IS NULL"
            " OR profile.abc_manual_until >= %s))",
            today,
        )
        stage = SQL("COALESCE(profile.lifecycle_stage_manual_id, %s)", computed_stage)
        return {
            "manual": manual,
            "pinned": SQL("(profile.lifecycle_stage_manual_id IS NOT NULL)"),
            "abc_class": SQL(
                "(CASE WHEN %s THEN profile.abc_class_manual ELSE %s END)",
                manual,
                computed_class,
            ),
            "stage": stage,
            "since": SQL(
                "(CASE WHEN profile.lifecycle_stage_id IS NOT DISTINCT FROM %s"
                " THEN profile.lifecycle_stage_since ELSE %s::date END)",
                stage,
                today,
            ),
        }

    @api.model
    def _history_ctes(self, today):
        """Append the class and stage changes of CTE ``changed`` to their histories.

        ``changed`` holds one row per profile written: its id, partner_id,
        company_id and salesperson_id, the class (``class_before``,
        ``abc_class``) and stage (``stage_before``, ``lifecycle_stage_id``,
        ``since_before``) before and after, and whether the class is manual
        and the stage pinned.
        """
        return SQL(
            """
class_history AS (
    INSERT INTO crm_customer_abc_history (
        profile_id, partner_id, company_id, salesperson_id, date, class_from,
        class_to, origin, user_id, create_uid, create_date, write_uid, write_date)
    SELECT id, partner_id, company_id, salesperson_id, %(today)s, class_before,
           abc_class, CASE WHEN manual THEN 'manual' ELSE 'computed' END,
           %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM changed
     WHERE class_before IS DISTINCT FROM abc_class
), stage_history AS (
    INSERT INTO crm_lifecycle_history (
        profile_id, partner_id, company_id, salesperson_id, date, stage_from_id,
        stage_to_id, origin, days_in_previous_stage,
        user_id, create_uid, create_date, write_uid, write_date)
    SELECT id, partner_id, company_id, salesperson_id, %(today)s, stage_before,
           lifecycle_stage_id, CASE WHEN pinned THEN 'manual' ELSE 'computed' END,
           %(today)s - since_before,
           %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM changed
     WHERE stage_before IS DISTINCT FROM lifecycle_stage_id
)
            """,
            today=today,
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )

    def _values_ctes(self, company, today):
        """Value, margin, orders and receivables of every customer (CTE ``value``).

        A window of 12 months ending ``today`` holds the documents dated after
        the same day a year before, for invoices and orders alike.
        Read from the totals Odoo stores on each document, in company
        currency: an invoice's untaxed amount and residual (signed, so credit
        notes count negative), an order's untaxed amount and margin (converted
        at the order's rate). Lines are read only for the open invoices, whose
        payment-term lines say which instalments are past due, and for the
        payments of the last 12 months.
        """
        abc_value = (
            SQL("invoice.revenue_lookback")
            if company.abc_value_basis == "revenue"
            else SQL("so.margin_lookback")
        )
        return SQL(
            """
invoice AS (
    SELECT move.commercial_partner_id AS partner_id,
           SUM(move.amount_untaxed_signed) FILTER (WHERE move.invoice_date > %(d12)s)
               AS revenue_12m,
           SUM(move.amount_untaxed_signed) FILTER (WHERE move.invoice_date > %(d24)s
               AND move.invoice_date <= %(d12)s) AS revenue_prev_12m,
           SUM(move.amount_untaxed_signed) AS revenue_lifetime,
           SUM(move.amount_untaxed_signed) FILTER (WHERE move.invoice_date > %(dlb)s)
               AS revenue_lookback,
           SUM(move.amount_residual_signed) AS receivable_open,
           COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') AS invoice_count,
           COUNT(*) FILTER (WHERE move.move_type = 'out_invoice'
               AND move.invoice_date > %(d12)s) AS invoice_count_12m,
           MIN(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice')
               AS first_invoice_date,
           MAX(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice')
               AS last_invoice_date
      FROM account_move move
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND move.invoice_date <= %(today)s
     GROUP BY move.commercial_partner_id
), overdue AS (
    SELECT move.commercial_partner_id AS partner_id,
           SUM(line.amount_residual) AS receivable_overdue
      FROM account_move move
      JOIN account_move_line line ON line.move_id = move.id
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND move.invoice_date <= %(today)s
       AND move.amount_residual_signed <> 0
       AND line.display_type = 'payment_term'
       AND line.date_maturity < %(today)s
     GROUP BY move.commercial_partner_id
), orders AS (
    SELECT partner.commercial_partner_id AS partner_id,
           sale.date_order,
           sale.date_order::date AS order_day,
           sale.margin / NULLIF(sale.currency_rate, 0) AS margin,
           sale.amount_untaxed / NULLIF(sale.currency_rate, 0) AS untaxed,
           sale.date_order::date - LAG(sale.date_order::date) OVER (
               PARTITION BY partner.commercial_partner_id
               ORDER BY sale.date_order, sale.id) AS gap_days
      FROM sale_order sale
      JOIN res_partner partner ON partner.id = sale.partner_id
     WHERE sale.company_id = %(company)s
       AND sale.state = 'sale'
       AND sale.date_order < %(tomorrow)s
), so AS (
    SELECT partner_id,
           COUNT(*) AS order_count,
           MIN(date_order)::date AS first_order_date,
           MAX(date_order)::date AS last_order_date,
           SUM(margin) FILTER (WHERE order_day > %(d12)s) AS margin_12m,
           SUM(untaxed) FILTER (WHERE order_day > %(d12)s) AS sales_12m,
           SUM(margin) FILTER (WHERE order_day > %(dlb)s) AS margin_lookback,
           CASE WHEN COUNT(gap_days) >= 2
                THEN PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY gap_days)
           END AS own_threshold
      FROM orders
     GROUP BY partner_id
), paid AS (
    SELECT partner_id, AVG(paid_date - invoice_date) AS payment_days_avg
      FROM (
        SELECT move.commercial_partner_id AS partner_id, move.invoice_date,
               MAX(partial.max_date) AS paid_date
          FROM account_move move
          JOIN account_move_line line
            ON line.move_id = move.id
           AND line.display_type = 'payment_term'
          JOIN account_partial_reconcile partial
            ON partial.debit_move_id = line.id
           AND partial.max_date <= %(today)s
         WHERE move.company_id = %(company)s
           AND move.state = 'posted'
           AND move.move_type = 'out_invoice'
           AND move.payment_state IN ('paid', 'in_payment')
           AND move.invoice_date > %(d12)s
           AND move.invoice_date <= %(today)s
         GROUP BY move.id
      ) paid_invoice
     GROUP BY partner_id
), prospect AS (
    SELECT partner.commercial_partner_id AS partner_id,
           MAX(CASE WHEN lead.type = 'lead' THEN 1
                    WHEN COALESCE(lead.probability, 0)
                         < %(opportunity_probability)s THEN 2
                    ELSE 3
               END) AS level
      FROM crm_lead lead
      JOIN res_partner partner ON partner.id = lead.partner_id
     WHERE lead.active
       AND COALESCE(lead.probability, 0) < 100
       AND lead.create_date < %(tomorrow)s
       AND (lead.company_id = %(company)s OR lead.company_id IS NULL)
     GROUP BY partner.commercial_partner_id
), customer AS (
    SELECT partner_id FROM invoice
     UNION SELECT partner_id FROM so
     UNION SELECT partner_id FROM prospect
     UNION SELECT partner_id FROM crm_customer_profile WHERE company_id = %(company)s
), value AS (
    SELECT customer.partner_id,
           ROUND(COALESCE(invoice.revenue_12m, 0), %(digits)s) AS revenue_12m,
           ROUND(COALESCE(invoice.revenue_prev_12m, 0), %(digits)s)
               AS revenue_prev_12m,
           CASE WHEN invoice.revenue_prev_12m > 0
                THEN ROUND(100 * (COALESCE(invoice.revenue_12m, 0)
                                  - invoice.revenue_prev_12m)
                           / invoice.revenue_prev_12m, 1)
           END AS revenue_trend_pct,
           ROUND(COALESCE(invoice.revenue_lifetime, 0), %(digits)s)
               AS revenue_lifetime,
           ROUND(COALESCE(so.margin_12m, 0), %(digits)s) AS margin_12m,
           ROUND(100 * so.margin_12m / NULLIF(so.sales_12m, 0), 1) AS margin_pct,
           COALESCE(invoice.invoice_count, 0) AS invoice_count,
           COALESCE(invoice.invoice_count_12m, 0) AS invoice_count_12m,
           COALESCE(so.order_count, 0) AS order_count,
           so.first_order_date,
           so.last_order_date,
           invoice.first_invoice_date,
           invoice.last_invoice_date,
           ROUND((so.last_order_date - so.first_order_date)::numeric
                 / NULLIF(so.order_count - 1, 0), 1) AS order_gap_avg_days,
           ROUND(COALESCE(invoice.receivable_open, 0), %(digits)s) AS receivable_open,
           ROUND(COALESCE(overdue.receivable_overdue, 0), %(digits)s)
               AS receivable_overdue,
           ROUND(paid.payment_days_avg, 1) AS payment_days_avg,
           ROUND(COALESCE(%(abc_value)s, 0), %(digits)s) AS abc_value,
           so.own_threshold
      FROM customer
      LEFT JOIN invoice ON invoice.partner_id = customer.partner_id
      LEFT JOIN overdue ON overdue.partner_id = customer.partner_id
      LEFT JOIN so ON so.partner_id = customer.partner_id
      LEFT JOIN paid ON paid.partner_id = customer.partner_id
)
            """,
            company=company.id,
            today=today,
            d12=today - relativedelta(months=12),
            d24=today - relativedelta(months=24),
            dlb=today - relativedelta(months=company.abc_lookback_months),
            digits=company.currency_id.decimal_places,
            abc_value=abc_value,
            opportunity_probability=company.lifecycle_opportunity_probability,
            tomorrow=today + relativedelta(days=1),
        )

    def _abc_ctes(self, company):
        """Rank the customers by value and cut them into classes (CTE ``ranked``).

        A customer belongs to a class when the share of the customers ranked
        above it is below that class's limit, so the customer that crosses
        the A limit is still A. Customers without value get "No sales".
        Customers with revenue in the last 12 months also get their step of
        5 % on the Pareto curve (ranked by that revenue).
        """
        if company.abc_method == "cumulative_value":
            share_above = SQL(
                "100 * COALESCE(SUM(abc_value) OVER (ORDER BY %s"
                " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
                " / SUM(abc_value) OVER ()",
                ABC_RANKING,
            )
        else:
            share_above = SQL(
                "100.0 * (ROW_NUMBER() OVER (ORDER BY %s) - 1) / COUNT(*) OVER ()",
                ABC_RANKING,
            )
        return SQL(
            """
valued AS (
    SELECT partner_id,
           %(share_above)s AS share_above,
           100.0 / COUNT(*) OVER () AS customer_share
      FROM value
     WHERE abc_value > 0
), pareto AS (
    SELECT partner_id,
           5 * CEIL(20.0 * ROW_NUMBER() OVER (ORDER BY revenue_12m DESC, partner_id)
                    / COUNT(*) OVER ())::int AS pareto_customer_pct
      FROM value
     WHERE revenue_12m > 0
), totals AS (
    SELECT NULLIF(SUM(revenue_12m) FILTER (WHERE revenue_12m > 0), 0) AS revenue,
           NULLIF(SUM(margin_12m) FILTER (WHERE margin_12m > 0), 0) AS margin
      FROM value
), ranked AS (
    SELECT value.partner_id,
           ROUND(valued.share_above, 2) AS abc_share_above,
           ROUND(COALESCE(valued.customer_share, 0), 4) AS customer_share_pct,
           ROUND(COALESCE(
               100 * GREATEST(value.revenue_12m, 0) / totals.revenue, 0), 4)
               AS revenue_share_pct,
           ROUND(COALESCE(
               100 * GREATEST(value.margin_12m, 0) / totals.margin, 0), 4)
               AS margin_share_pct,
           pareto.pareto_customer_pct,
           CASE WHEN valued.partner_id IS NULL THEN 'none'
                WHEN valued.share_above < %(a_limit)s THEN 'a'
                WHEN valued.share_above < %(b_limit)s THEN 'b'
                ELSE 'c'
           END AS abc_class_computed
      FROM value
      CROSS JOIN totals
      LEFT JOIN valued ON valued.partner_id = value.partner_id
      LEFT JOIN pareto ON pareto.partner_id = value.partner_id
)
            """,
            share_above=share_above,
            a_limit=company.abc_a_share,
            b_limit=company.abc_a_share + company.abc_b_share,
        )

    def _apply_rules_now(self):
        """Apply the effective class and stage rules to these profiles now.

        The same rules and history as the recompute (:meth:`_effective_rules`,
        :meth:`_history_ctes`), on the class and stage computed by the last
        run: for an override, a pin, or their removal.
        """
        self.env.flush_all()
        today = fields.Date.context_today(self)
        effective = self._effective_rules(
            today,
            SQL("profile.abc_class_computed"),
            SQL("profile.lifecycle_stage_computed_id"),
        )
        self.env.cr.execute(
            SQL(
                """
WITH changed AS (
    UPDATE crm_customer_profile profile
       SET abc_class = %(abc_class)s,
           lifecycle_stage_id = %(stage)s,
           lifecycle_stage_since = %(since)s,
           write_uid = %(uid)s,
           write_date = %(now)s
      FROM crm_customer_profile before
     WHERE profile.id = ANY(%(ids)s)
       AND before.id = profile.id
       AND (profile.abc_class, profile.lifecycle_stage_id)
           IS DISTINCT FROM (%(abc_class)s, %(stage)s)
 RETURNING profile.id, profile.partner_id, profile.company_id,
           profile.user_id AS salesperson_id, before.abc_class AS class_before,
           profile.abc_class, %(manual)s AS manual,
           before.lifecycle_stage_id AS stage_before, profile.lifecycle_stage_id,
           %(pinned)s AS pinned, before.lifecycle_stage_since AS since_before
), %(history)s
SELECT COUNT(*) FROM changed
                """,
                **effective,
                history=self._history_ctes(today),
                ids=self.ids,
                uid=self.env.uid,
                now=SQL("NOW() AT TIME ZONE 'UTC'"),
            )
        )
        self.invalidate_recordset()
        self.env["crm.customer.abc.history"].invalidate_model()
        self.env["crm.lifecycle.history"].invalidate_model()

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
