# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

ABC_CLASSES = [
    ("a", "A"),
    ("b", "B"),
    ("c", "C"),
    ("none", "No sales"),
]

# The order customers are ranked in, for their class and the rank shown.
ABC_RANKING = SQL("abc_value DESC, partner_id")

# Memory each sort or hash of the recompute may use before spilling to disk.
RECOMPUTE_WORK_MEM_MB = 32

# Columns the recompute writes: value, then class, then RFM.
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
    "abc_class_computed",
    "abc_class",
)
LIFECYCLE_COLUMNS = (
    "dormancy_threshold_days",
    "lifecycle_stage_computed_id",
    "lifecycle_stage_id",
    "lifecycle_stage_since",
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
        related="partner_id.user_id", string="Salesperson", store=True
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
        digits=(16, 4),
        help="This customer's share of the company's customers with sales in "
        "the look-back; sums to the share of a class.",
    )
    revenue_share_pct = fields.Float(
        string="Share of Revenue (%)",
        readonly=True,
        digits=(16, 4),
        help="This customer's share of the company's revenue of the last 12 months.",
    )
    margin_share_pct = fields.Float(
        string="Share of Margin (%)",
        readonly=True,
        digits=(16, 4),
        help="This customer's share of the company's gross margin of the last "
        "12 months.",
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
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def _check_sales_manager(self, message):
        """Raise ``message`` (translated by the caller) unless a sales manager acts."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(message)

    def action_recompute_all(self):
        """Recompute the profiles of the current companies (sales managers)."""
        self._check_sales_manager(
            self.env._("Only sales managers can recompute customer profiles.")
        )
        self.sudo()._recompute(self.env.companies)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_recompute(self):
        self._recompute(self.env["res.company"].search([("active", "=", True)]))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _recompute(self, companies, today=None):
        """The one recompute entry point, one statement per company.

        Invoices, orders, payments and leads dated after ``today`` are left
        out, so a run can be dated in the past (open receivables are read as
        they stand).

        Value, ABC class, RFM scores and the effective class of every customer
        are computed together; only changed profiles are written, each at most
        once, and every change of effective class is appended to the history.
        Returns the number of profile rows written.
        """
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        cr = self.env.cr
        # The planner cannot tell that the statement's CTEs hold one row per
        # customer: its estimates explode, and so would the time PostgreSQL
        # spends compiling the plan (JIT). Its per-customer aggregates and
        # windows want more than the default 4 MB per node to stay in memory.
        cr.execute("SET LOCAL jit = off")
        cr.execute(SQL("SET LOCAL work_mem = %s", f"{RECOMPUTE_WORK_MEM_MB}MB"))
        written = 0
        for company in companies:
            cr.execute(self._recompute_query(company, today))
            written += sum(cr.fetchone())
            self.env.invalidate_all()
            written += self._sync_retention_activities(company, today)
        cr.execute("RESET jit")
        cr.execute("RESET work_mem")
        return written

    def _recompute_query(self, company, today):
        columns = (*VALUE_COLUMNS, *CLASS_COLUMNS, *RFM_COLUMNS, *LIFECYCLE_COLUMNS)
        new_values = SQL(", ").join(
            SQL("new.%s", SQL.identifier(column)) for column in columns
        )
        old_values = SQL(", ").join(
            SQL("profile.%s", SQL.identifier(column)) for column in columns
        )
        changed_columns = SQL(
            "id, partner_id, class_before, abc_class, manual,"
            " stage_before, lifecycle_stage_id, pinned, since_before"
        )
        return SQL(
            """
WITH %(values)s,
%(classes)s,
%(rfm)s,
%(lifecycle)s,
new AS (
    SELECT value.*,
           %(class_columns)s,
           scored.rfm_recency_score, scored.rfm_frequency_score,
           scored.rfm_monetary_score, scored.rfm_segment_id,
           staged.dormancy_threshold_days,
           staged.lifecycle_stage_computed_id,
           profile.id AS profile_id,
           profile.abc_class AS class_before,
           %(manual_in_force)s AS manual,
           CASE WHEN %(manual_in_force)s THEN profile.abc_class_manual
                ELSE ranked.abc_class_computed
           END AS abc_class,
           profile.lifecycle_stage_id AS stage_before,
           profile.lifecycle_stage_since AS since_before,
           profile.lifecycle_stage_manual_id IS NOT NULL AS pinned,
           COALESCE(profile.lifecycle_stage_manual_id,
                    staged.lifecycle_stage_computed_id) AS lifecycle_stage_id,
           CASE WHEN profile.lifecycle_stage_id IS NOT DISTINCT FROM
                     COALESCE(profile.lifecycle_stage_manual_id,
                              staged.lifecycle_stage_computed_id)
                THEN profile.lifecycle_stage_since
                ELSE %(today)s
           END AS lifecycle_stage_since
      FROM value
      JOIN ranked ON ranked.partner_id = value.partner_id
      JOIN staged ON staged.partner_id = value.partner_id
      LEFT JOIN scored ON scored.partner_id = value.partner_id
      LEFT JOIN crm_customer_profile profile
        ON profile.partner_id = value.partner_id
       AND profile.company_id = %(company)s
), updated AS (
    UPDATE crm_customer_profile profile
       SET (%(column_names)s, write_uid, write_date)
           = (%(new_values)s, %(uid)s, %(now)s)
      FROM new
     WHERE profile.id = new.profile_id
       AND (%(old_values)s) IS DISTINCT FROM (%(new_values)s)
 RETURNING profile.id, profile.partner_id, new.class_before, new.abc_class,
           new.manual, new.stage_before, new.lifecycle_stage_id, new.pinned,
           new.since_before
), inserted AS (
    INSERT INTO crm_customer_profile (
        partner_id, company_id, user_id, industry_id, country_id, team_id,
        %(column_names)s, create_uid, create_date, write_uid, write_date)
    SELECT new.partner_id, %(company)s, partner.user_id, partner.industry_id,
           partner.country_id, salesperson.sale_team_id,
           %(new_values)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM new
      JOIN res_partner partner ON partner.id = new.partner_id
      LEFT JOIN res_users salesperson ON salesperson.id = partner.user_id
     WHERE new.profile_id IS NULL
 RETURNING id, partner_id, 'none' AS class_before, abc_class, FALSE AS manual,
           NULL::integer AS stage_before, lifecycle_stage_id, FALSE AS pinned,
           NULL::date AS since_before
), changed AS (
    SELECT %(changed_columns)s FROM updated
     UNION ALL
    SELECT %(changed_columns)s FROM inserted
), class_history AS (
    INSERT INTO crm_customer_abc_history (
        profile_id, partner_id, company_id, date, class_from, class_to, origin,
        user_id, create_uid, create_date, write_uid, write_date)
    SELECT id, partner_id, %(company)s, %(today)s, class_before, abc_class,
           CASE WHEN manual THEN 'manual' ELSE 'computed' END,
           %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM changed
     WHERE class_before IS DISTINCT FROM abc_class
), stage_history AS (
    INSERT INTO crm_lifecycle_history (
        profile_id, partner_id, company_id, date, stage_from_id, stage_to_id,
        origin, days_in_previous_stage,
        user_id, create_uid, create_date, write_uid, write_date)
    SELECT id, partner_id, %(company)s, %(today)s, stage_before, lifecycle_stage_id,
           CASE WHEN pinned THEN 'manual' ELSE 'computed' END,
           %(today)s - since_before,
           %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM changed
     WHERE stage_before IS DISTINCT FROM lifecycle_stage_id
)
SELECT (SELECT COUNT(*) FROM updated), (SELECT COUNT(*) FROM inserted)
            """,
            values=self._values_ctes(company, today),
            classes=self._abc_ctes(company),
            rfm=self._rfm_ctes(company, today),
            lifecycle=self._lifecycle_ctes(company, today),
            class_columns=SQL(", ").join(
                SQL("ranked.%s", SQL.identifier(column))
                for column in CLASS_COLUMNS
                if column != "abc_class"
            ),
            manual_in_force=self._manual_class_in_force(today),
            column_names=SQL(", ").join(SQL.identifier(column) for column in columns),
            new_values=new_values,
            old_values=old_values,
            changed_columns=changed_columns,
            company=company.id,
            today=today,
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )

    def _lifecycle_ctes(self, company, today):
        """The relationship stage each customer's data points to (CTE ``staged``).

        Prospects (no order, no invoice) take their stage from their open leads.
        A customer's dormancy threshold is the 90th percentile of its own gaps
        between orders; with fewer than 3 orders, the median threshold of its
        ABC class; never less than the company's floor. The rules apply in
        order: dormant, recovered (after dormant, for the exploration period),
        exploration, decline, growth, maturity, else formation.
        """
        return SQL(
            """
class_threshold AS (
    SELECT ranked.abc_class_computed,
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY value.own_threshold)
               AS class_threshold
      FROM value
      JOIN ranked ON ranked.partner_id = value.partner_id
     WHERE value.own_threshold IS NOT NULL
     GROUP BY ranked.abc_class_computed
), activity AS (
    SELECT value.partner_id,
           GREATEST(%(floor)s, CEIL(COALESCE(
               value.own_threshold, class_threshold.class_threshold, 0)))::int
               AS dormancy_threshold_days,
           LEAST(value.first_order_date, value.first_invoice_date) AS first_date,
           GREATEST(value.last_order_date, value.last_invoice_date) AS last_date,
           value.revenue_trend_pct,
           prospect.level AS prospect_level,
           previous.code AS previous_code,
           profile.lifecycle_stage_since
      FROM value
      JOIN ranked ON ranked.partner_id = value.partner_id
      LEFT JOIN class_threshold
        ON class_threshold.abc_class_computed = ranked.abc_class_computed
      LEFT JOIN prospect ON prospect.partner_id = value.partner_id
      LEFT JOIN crm_customer_profile profile
        ON profile.partner_id = value.partner_id
       AND profile.company_id = %(company)s
      LEFT JOIN crm_lifecycle_stage previous
        ON previous.id = profile.lifecycle_stage_computed_id
), staged AS (
    SELECT activity.partner_id,
           activity.dormancy_threshold_days,
           stage.id AS lifecycle_stage_computed_id
      FROM activity
      LEFT JOIN crm_lifecycle_stage stage ON stage.code = CASE
          WHEN activity.last_date IS NULL THEN
              CASE activity.prospect_level
                  WHEN 1 THEN 'target'
                  WHEN 2 THEN 'potential'
                  WHEN 3 THEN 'opportunity'
              END
          WHEN %(today)s - activity.last_date > activity.dormancy_threshold_days
              THEN 'dormant'
          WHEN activity.previous_code = 'dormant' THEN 'recovered'
          WHEN activity.previous_code = 'recovered'
               AND activity.lifecycle_stage_since > %(exploration_start)s
              THEN 'recovered'
          WHEN activity.first_date > %(exploration_start)s THEN 'exploration'
          WHEN activity.revenue_trend_pct < -%(decline)s THEN 'decline'
          WHEN activity.revenue_trend_pct > %(growth)s THEN 'growth'
          WHEN activity.first_date <= %(maturity_start)s THEN 'maturity'
          ELSE 'formation'
      END
)
            """,
            company=company.id,
            today=today,
            tomorrow=today + relativedelta(days=1),
            floor=company.lifecycle_dormancy_floor_days,
            exploration_start=today
            - relativedelta(months=company.lifecycle_exploration_months),
            maturity_start=today
            - relativedelta(months=company.lifecycle_maturity_months),
            growth=company.lifecycle_growth_pct,
            decline=company.lifecycle_decline_pct,
        )

    @api.model
    def _manual_class_in_force(self, today):
        """The rule of a manual class: set, and not ended before ``today``."""
        return SQL(
            "(profile.abc_class_manual IS NOT NULL"
            " AND (profile.abc_manual_until IS NULL"
            " OR profile.abc_manual_until >= %s))",
            today,
        )

    def _values_ctes(self, company, today):
        """Value, margin, orders and receivables of every customer (CTE ``value``).

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
           SUM(margin) FILTER (WHERE date_order >= %(d12)s) AS margin_12m,
           SUM(untaxed) FILTER (WHERE date_order >= %(d12)s) AS sales_12m,
           SUM(margin) FILTER (WHERE date_order >= %(dlb)s) AS margin_lookback,
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
           CASE WHEN valued.partner_id IS NULL THEN 'none'
                WHEN valued.share_above < %(a_limit)s THEN 'a'
                WHEN valued.share_above < %(b_limit)s THEN 'b'
                ELSE 'c'
           END AS abc_class_computed
      FROM value
      CROSS JOIN totals
      LEFT JOIN valued ON valued.partner_id = value.partner_id
)
            """,
            share_above=share_above,
            a_limit=company.abc_a_share,
            b_limit=company.abc_a_share + company.abc_b_share,
        )

    def _rfm_ctes(self, company, today):
        """Recency, frequency and monetary quintiles and the segment (CTE ``scored``).

        Scores 1 to 5 over the company's active customers (revenue in the last
        12 months); ties share a score. The segment is the first active rule,
        by sequence, whose ranges hold the three scores: looked up once for
        each of the 125 possible triples.
        """
        return SQL(
            """
active AS (
    SELECT partner_id,
           CEIL(5 * CUME_DIST() OVER (
               ORDER BY %(today)s - last_invoice_date DESC))::int AS recency,
           CEIL(5 * CUME_DIST() OVER (ORDER BY invoice_count_12m))::int AS frequency,
           CEIL(5 * CUME_DIST() OVER (ORDER BY revenue_12m))::int AS monetary
      FROM value
     WHERE revenue_12m > 0 AND last_invoice_date IS NOT NULL
), segment_of AS (
    SELECT DISTINCT ON (recency, frequency, monetary)
           recency, frequency, monetary, segment.id AS segment_id
      FROM generate_series(1, 5) recency
     CROSS JOIN generate_series(1, 5) frequency
     CROSS JOIN generate_series(1, 5) monetary
      LEFT JOIN crm_rfm_segment segment
        ON segment.active
       AND (segment.company_id IS NULL OR segment.company_id = %(company)s)
       AND recency BETWEEN segment.recency_min AND segment.recency_max
       AND frequency BETWEEN segment.frequency_min AND segment.frequency_max
       AND monetary BETWEEN segment.monetary_min AND segment.monetary_max
     ORDER BY recency, frequency, monetary, segment.sequence, segment.id
), scored AS (
    SELECT active.partner_id,
           active.recency AS rfm_recency_score,
           active.frequency AS rfm_frequency_score,
           active.monetary AS rfm_monetary_score,
           segment_of.segment_id AS rfm_segment_id
      FROM active
      JOIN segment_of USING (recency, frequency, monetary)
)
            """,
            company=company.id,
            today=today,
        )

    def _apply_effective_abc_class(self, today):
        """Apply the manual classes of these profiles now, with their history."""
        self.env.cr.execute(
            SQL(
                """
WITH changed AS (
    UPDATE crm_customer_profile profile
       SET abc_class = CASE WHEN %(manual_in_force)s THEN profile.abc_class_manual
                            ELSE profile.abc_class_computed
                       END
      FROM crm_customer_profile before
     WHERE profile.id = ANY(%(ids)s)
       AND before.id = profile.id
       AND profile.abc_class IS DISTINCT FROM
           CASE WHEN %(manual_in_force)s THEN profile.abc_class_manual
                ELSE profile.abc_class_computed
           END
 RETURNING profile.id, profile.partner_id, profile.company_id,
           before.abc_class AS class_before, profile.abc_class,
           %(manual_in_force)s AS manual
)
INSERT INTO crm_customer_abc_history (
    profile_id, partner_id, company_id, date, class_from, class_to, origin,
    user_id, create_uid, create_date, write_uid, write_date)
SELECT id, partner_id, company_id, %(today)s, class_before, abc_class,
       CASE WHEN manual THEN 'manual' ELSE 'computed' END,
       %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
  FROM changed
                """,
                ids=self.ids,
                manual_in_force=self._manual_class_in_force(today),
                today=today,
                uid=self.env.uid,
                now=SQL("NOW() AT TIME ZONE 'UTC'"),
            )
        )

    # ------------------------------------------------------------------
    # Overrides
    # ------------------------------------------------------------------

    def _set_abc_override(self, abc_class, reason, until):
        """Write the manual class and apply it at once, with its history."""
        self.write(
            {
                "abc_class_manual": abc_class,
                "abc_manual_reason": reason,
                "abc_manual_until": until,
            }
        )
        self._apply_overrides_now()

    def action_clear_abc_override(self):
        """Back to the computed class (sales managers)."""
        self._check_sales_manager(
            self.env._("Only sales managers can remove a class override.")
        )
        self.write(
            {
                "abc_class_manual": False,
                "abc_manual_reason": False,
                "abc_manual_until": False,
            }
        )
        self._apply_overrides_now()

    def _apply_overrides_now(self):
        self.env.flush_all()
        self._apply_effective_abc_class(fields.Date.context_today(self))
        self.invalidate_recordset()
        self.env["crm.customer.abc.history"].invalidate_model()

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def _sync_retention_activities(self, company, today):
        """One open retention activity per customer and reason, no more.

        A customer in decline or dormant, or of class A or B whose trend falls
        below the company's threshold, gets an activity for its salesperson
        (its team leader when it has none or when the salesperson left) that
        says why in numbers; all are inserted by one statement. Activities
        whose reason no longer holds are marked done. Returns the number of
        activities created and closed.
        """
        activity_type = self.env.ref("crm_industrial.mail_activity_type_retention")
        default_leader = (
            self.env["crm.team"]
            .search(
                [("company_id", "in", (company.id, False)), ("user_id", "!=", False)],
                limit=1,
            )
            .user_id
        )
        reasons = self.env["mail.activity"]._fields["crm_retention_reason"]
        reason_labels = SQL(" ").join(
            SQL("WHEN %s THEN %s", code, label)
            for code, label in reasons._description_selection(self.env)
        )
        self.env.cr.execute(
            SQL(
                """
WITH wanted AS (
    SELECT profile.id AS profile_id, reason.code AS reason
      FROM crm_customer_profile profile
      LEFT JOIN crm_lifecycle_stage stage ON stage.id = profile.lifecycle_stage_id
     CROSS JOIN LATERAL (VALUES
           (CASE WHEN stage.code IN ('decline', 'dormant') THEN stage.code END),
           (CASE WHEN profile.abc_class IN ('a', 'b')
                      AND profile.revenue_trend_pct < -%(threshold)s
                 THEN 'value_drop' END)) AS reason (code)
     WHERE profile.company_id = %(company)s
       AND reason.code IS NOT NULL
), open_activity AS (
    SELECT activity.id, activity.crm_retention_profile_id AS profile_id,
           activity.crm_retention_reason AS reason
      FROM mail_activity activity
      JOIN crm_customer_profile profile
        ON profile.id = activity.crm_retention_profile_id
     WHERE activity.active AND profile.company_id = %(company)s
), missing AS (
    SELECT wanted.profile_id, wanted.reason, profile.partner_id,
           partner.complete_name,
           COALESCE(CASE WHEN salesperson.active THEN salesperson.id END,
                    team.user_id, %(default_leader)s, %(uid)s) AS assignee_id,
           CASE WHEN wanted.reason IN ('decline', 'value_drop')
                     AND profile.revenue_trend_pct IS NOT NULL
                THEN CASE WHEN profile.revenue_trend_pct >= 0 THEN '+' ELSE '' END
                     || ROUND(profile.revenue_trend_pct)::text
           END AS trend,
           %(today)s - GREATEST(profile.last_order_date, profile.last_invoice_date)
               AS days,
           ROUND(profile.order_gap_avg_days)::int AS gap
      FROM wanted
      JOIN crm_customer_profile profile ON profile.id = wanted.profile_id
      JOIN res_partner partner ON partner.id = profile.partner_id
      LEFT JOIN res_users salesperson ON salesperson.id = profile.user_id
      LEFT JOIN crm_team team ON team.id = profile.team_id
      LEFT JOIN open_activity
        ON open_activity.profile_id = wanted.profile_id
       AND open_activity.reason = wanted.reason
     WHERE open_activity.id IS NULL
), inserted AS (
    INSERT INTO mail_activity (
        res_model_id, res_model, res_id, res_name, activity_type_id, user_id,
        user_tz, summary, note, date_deadline, automated, active,
        crm_retention_profile_id, crm_retention_reason,
        create_uid, create_date, write_uid, write_date)
    SELECT %(partner_model)s, 'res.partner', missing.partner_id,
           missing.complete_name, %(activity_type)s, missing.assignee_id,
           assignee_partner.tz,
           %(summary)s,
           '<p>' || CONCAT_WS('; ',
               CASE WHEN missing.trend IS NOT NULL THEN %(trend_fact)s END,
               CASE WHEN missing.days IS NOT NULL AND missing.gap IS NOT NULL
                    THEN %(rhythm_fact)s
                    WHEN missing.days IS NOT NULL THEN %(last_order_fact)s
               END) || '</p>',
           %(deadline)s, TRUE, TRUE, missing.profile_id, missing.reason,
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM missing
      JOIN res_users assignee ON assignee.id = missing.assignee_id
      JOIN res_partner assignee_partner ON assignee_partner.id = assignee.partner_id
 RETURNING id
)
SELECT (SELECT COUNT(*) FROM inserted),
       ARRAY(SELECT open_activity.id
               FROM open_activity
               LEFT JOIN wanted
                 ON wanted.profile_id = open_activity.profile_id
                AND wanted.reason = open_activity.reason
              WHERE wanted.profile_id IS NULL)
                """,
                company=company.id,
                threshold=company.retention_trend_threshold_pct,
                default_leader=default_leader.id,
                uid=self.env.uid,
                today=today,
                partner_model=self.env["ir.model"]._get_id("res.partner"),
                activity_type=activity_type.id,
                summary=self._sql_text(
                    self.env._("Retention: %(reason)s"),
                    reason=SQL("CASE missing.reason %s END", reason_labels),
                ),
                trend_fact=self._sql_text(
                    self.env._("revenue %(trend)s %% against the previous 12 months"),
                    trend=SQL("missing.trend"),
                ),
                rhythm_fact=self._sql_text(
                    self.env._("last order %(days)s days ago, usually every %(gap)s"),
                    days=SQL("missing.days"),
                    gap=SQL("missing.gap"),
                ),
                last_order_fact=self._sql_text(
                    self.env._("last order %(days)s days ago"), days=SQL("missing.days")
                ),
                deadline=today + relativedelta(days=activity_type.delay_count),
                now=SQL("NOW() AT TIME ZONE 'UTC'"),
            )
        )
        created, to_close_ids = self.env.cr.fetchone()
        self.env["mail.activity"].invalidate_model()
        if to_close_ids:
            self.env["mail.activity"].browse(to_close_ids).sudo()._action_done(
                feedback=self.env._("Closed automatically: the reason no longer holds.")
            )
        return created + len(to_close_ids)

    @api.model
    def _sql_text(self, template, **values):
        """SQL concatenating a translated ``%(name)s`` template with SQL values."""
        parts = []
        for index, chunk in enumerate(re.split(r"%\((\w+)\)s", template)):
            if index % 2:
                parts.append(SQL("COALESCE((%s)::text, '')", values[chunk]))
            elif chunk:
                parts.append(SQL("%s", chunk.replace("%%", "%")))
        return SQL("(%s)", SQL(" || ").join(parts))

    # ------------------------------------------------------------------
    # Pins
    # ------------------------------------------------------------------

    def action_unpin_lifecycle_stage(self):
        """Back to the stage inferred from the data (sales managers)."""
        self._check_sales_manager(
            self.env._("Only sales managers can unpin a customer's stage.")
        )
        self.write({"lifecycle_stage_manual_id": False, "lifecycle_pin_reason": False})
        self._move_to_stage(pinned=False)

    def _move_to_stage(self, pinned):
        """Apply the pinned (or else the computed) stage now, with its history."""
        today = fields.Date.context_today(self)
        history = []
        for profile in self:
            stage = (
                profile.lifecycle_stage_manual_id or profile.lifecycle_stage_computed_id
            )
            if stage == profile.lifecycle_stage_id:
                continue
            history.append(
                {
                    "profile_id": profile.id,
                    "partner_id": profile.partner_id.id,
                    "company_id": profile.company_id.id,
                    "date": today,
                    "stage_from_id": profile.lifecycle_stage_id.id,
                    "stage_to_id": stage.id,
                    "origin": "manual" if pinned else "computed",
                    "days_in_previous_stage": profile.lifecycle_stage_since
                    and (today - profile.lifecycle_stage_since).days,
                    "user_id": self.env.uid,
                }
            )
            profile.write(
                {"lifecycle_stage_id": stage.id, "lifecycle_stage_since": today}
            )
        self.env["crm.lifecycle.history"].sudo().create(history)
