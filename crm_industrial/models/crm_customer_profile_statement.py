# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer profiles of a company: one set-based statement."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_company_recompute import heavy_statement_settings
from .crm_customer_profile import abc_share_above_sql
from .crm_lifecycle_stage import orders_sql

# Memory each sort or hash of the recompute may use before spilling to disk.
RECOMPUTE_WORK_MEM_MB = 32

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
    "order_gap_p90_days",
)
CLASS_COLUMNS = (
    "customer_share_pct",
    "revenue_share_pct",
    "margin_share_pct",
    "pareto_customer_pct",
    "abc_class_computed",
    "abc_class",
)
LIFECYCLE_COLUMNS = (
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
    """The statement that writes a company's profiles (value, classes, RFM
    and stages) and their histories, in data-flow order, and the same rules
    applied at once to an override or a pin."""

    _name = "crm.customer.profile"
    _inherit = ["crm.customer.profile", "crm.computed.rows"]
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

    def _recompute_profiles(self, company, today, partners=None):
        """The one statement writing the company's profiles and their
        history: of the customers ``partners`` (ids), when given, the others'
        value figures read as stored."""
        cr = self.env.cr
        # the statement's CTEs hold one row per customer, which the planner
        # cannot tell; its per-customer aggregates and windows want memory
        with heavy_statement_settings(cr, RECOMPUTE_WORK_MEM_MB):
            cr.execute(self._recompute_query(company, today, partners))
            written = sum(cr.fetchone())
        self.env.invalidate_all()
        self._computed_rows_written(written)
        return written

    def _recompute_query(self, company, today, partners=None):
        """The statement of the company's profiles: their rows through
        ``crm.computed.rows`` (a profile outlives its customer's data: never
        deleted), then the class and stage changes into their histories, and
        each class's median order gap onto the company.
        Classes, RFM scores and stages rank and stage every customer, from
        the value figures of ``partners`` computed and the others' stored."""
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
            values=self._values_ctes(company, today, partners),
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
), %s, %s""",
                self._history_ctes(today),
                self.env["crm.lifecycle.stage"]._class_gap_cte(company),
            ),
        )

    def _values_ctes(self, company, today, partners=None):
        """Value, margin, orders and receivables of every customer (CTE ``value``).

        Computed for the customers ``partners`` (ids) when given, the
        others' read from their profiles as the last run stored them.

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
        scope = self._values_scope(company, partners)
        return SQL(
            """
%(scoped_contact)s invoice AS (
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
       %(move_scope)s
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
       %(move_scope)s
     GROUP BY move.commercial_partner_id
), orders AS (
    %(orders)s
), so AS (
    SELECT partner_id,
           COUNT(*) AS order_count,
           MIN(date_order)::date AS first_order_date,
           MAX(date_order)::date AS last_order_date,
           SUM(margin) FILTER (WHERE day > %(d12)s) AS margin_12m,
           SUM(untaxed) FILTER (WHERE day > %(d12)s) AS sales_12m,
           SUM(margin) FILTER (WHERE day > %(dlb)s) AS margin_lookback,
           CASE WHEN COUNT(gap) >= 2
                THEN PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY gap)
           END AS order_gap_p90_days
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
           %(move_scope)s
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
     UNION SELECT partner_id FROM prospect WHERE TRUE %(customer_scope)s
     UNION SELECT partner_id FROM crm_customer_profile
            WHERE company_id = %(company)s %(customer_scope)s
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
           so.order_gap_p90_days
      FROM customer
      LEFT JOIN invoice ON invoice.partner_id = customer.partner_id
      LEFT JOIN overdue ON overdue.partner_id = customer.partner_id
      LEFT JOIN so ON so.partner_id = customer.partner_id
      LEFT JOIN paid ON paid.partner_id = customer.partner_id
     %(stored)s
)
            """,
            **scope,
            orders=orders_sql(
                company, today + relativedelta(days=1), scope["order_scope"]
            ),
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

    def _values_scope(self, company, partners):
        """The parts of :meth:`_values_ctes` that limit it to ``partners``
        (none when ``None``) and read the other customers' stored figures."""
        if partners is None:
            return dict.fromkeys(
                (
                    "scoped_contact",
                    "move_scope",
                    "order_scope",
                    "customer_scope",
                    "stored",
                ),
                SQL(),
            )
        return {
            # the documents are read through their contact's index
            "scoped_contact": SQL(
                "scoped_contact AS (SELECT id FROM res_partner"
                " WHERE commercial_partner_id = ANY(%s)),",
                partners,
            ),
            "move_scope": SQL(
                "AND move.partner_id IN (SELECT id FROM scoped_contact)"
                " AND move.commercial_partner_id = ANY(%s)",
                partners,
            ),
            "order_scope": SQL(
                "AND sale.partner_id IN (SELECT id FROM scoped_contact)"
            ),
            "customer_scope": SQL("AND partner_id = ANY(%s)", partners),
            "stored": SQL(
                """
     UNION ALL
    SELECT partner_id, %(columns)s
      FROM crm_customer_profile
     WHERE company_id = %(company)s
       AND partner_id <> ALL(%(partners)s)""",
                columns=SQL(", ").join(SQL.identifier(c) for c in VALUE_COLUMNS),
                company=company.id,
                partners=partners,
            ),
        }

    def _abc_ctes(self, company):
        """Rank the customers by value and cut them into classes (CTE ``ranked``).

        A customer belongs to a class when the share of the customers ranked
        above it is below that class's limit, so the customer that crosses
        the A limit is still A. Customers without value get "No sales".
        Customers with revenue in the last 12 months also get their step of
        5 % on the Pareto curve (ranked by that revenue).
        """
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
            share_above=abc_share_above_sql(company.abc_method),
            a_limit=company.abc_a_share,
            b_limit=company.abc_a_share + company.abc_b_share,
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

    @api.model
    def _history_ctes(self, today):
        """Append the class and stage changes of CTE ``changed`` to their
        histories (see ``_changes_cte`` of each history)."""
        return SQL(
            "%s, %s",
            self.env["crm.customer.abc.history"]._changes_cte(today),
            self.env["crm.lifecycle.history"]._changes_cte(today),
        )
