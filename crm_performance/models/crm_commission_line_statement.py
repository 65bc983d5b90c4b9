# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission lines of a period: one set-based statement."""

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.crm_industrial.models.crm_company_recompute import (
    heavy_statement_settings,
)

from .commission_adjustment_sql import PREVIEW_TABLE, adjustment_sql, preview_sql
from .commission_sources import partner_in_sql

# The memory of each sort or hash of the lines' statement, in MB: it sorts
# and hashes a row per invoice line, payment and split (the default 4 MB
# spills them to disk).
LINES_WORK_MEM_MB = 64

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

# The first stages of the lines' statement, each computed into a temporary
# table with its own statistics before the rest reads it: estimated from
# the CTEs, a month of 20 000 invoice lines looked like one row, and the
# customers' first invoices and classes were joined to it by nested loops
# re-reading them per line (3.2 s where 0.3 s do). Each is analyzed on the
# columns the later stages join, group and filter it on: analyzing every
# column took 0.27 s of a day's 1.9 s recompute on the bench.
LINE_STAGES = {
    "invoice_line": (
        "move_line_id",
        "move_id",
        "partner_id",
        "product_id",
        "reversed_entry_id",
        "invoice_date",
    ),
    "assigned": (
        "move_id",
        "partner_id",
        "product_id",
        "invoice_date",
        "user_id",
        "plan_id",
    ),
}

# The posted customer invoice and credit note lines the period counts (on
# their date or on a payment in it), of a salesperson on a plan, of a key
# account's team, or refunding an invoice; their cost as fixed at posting,
# corrected by the landed costs of their delivery.
INVOICE_LINE_SQL = """
    SELECT line.id AS move_line_id,
           line.move_id,
           line.invoice_user_id,
           line.commercial_partner_id AS partner_id,
           line.invoice_date,
           CASE WHEN line.move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
           ABS(line.amount_total_signed) AS invoice_total,
           line.invoice_currency_rate,
           line.reversed_entry_id,
           line.product_id,
           line.sequence,
           line.quantity,
           -line.balance AS untaxed,
           line.cost AS line_cost,
           line.cost_source AS line_cost_source,
           line.landed_cost_id
      FROM (%(sale_lines)s) line
     WHERE (line.invoice_user_id IN (SELECT user_id FROM plan_salesperson)
            OR line.commercial_partner_id IN (
                SELECT partner_id FROM key_account_share)
            OR line.reversed_entry_id IS NOT NULL)
       AND (line.invoice_date BETWEEN %(date_from)s AND %(date_to)s
            OR line.move_id IN (SELECT move_id FROM payment))
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


class CrmCommissionLine(models.Model):
    """The statement that writes a period's commission lines (or a locked
    period's preview), run by the period's computation."""

    _name = "crm.commission.line"
    _inherit = ["crm.commission.line", "crm.computed.rows"]
    _computed_key = (
        "period_id",
        "move_line_id",
        "partial_id",
        "user_id",
        "kind",
        "origin_period_id",
    )
    _computed_columns = LINE_COLUMNS

    @api.model
    def _write_period_lines(self, period, today, locked, partners=None):
        """Write the lines of ``period``, adjusting the ``locked`` earlier
        periods by what their lines would be today (their preview): those
        of the customers ``partners`` (ids), or all when ``None``. Returns
        the rows written."""
        period.ensure_one()
        cr = self.env.cr
        # a row per invoice line, payment and split
        with heavy_statement_settings(cr, LINES_WORK_MEM_MB):
            if locked:
                cr.execute(PREVIEW_TABLE)
                for earlier in locked:
                    self._run_lines_query(
                        earlier,
                        today,
                        preview=True,
                        costs_until=period.date_to,
                        partners=partners,
                    )
            written = self._run_lines_query(period, today, locked, partners=partners)
        self.invalidate_model()
        self._computed_rows_written(written)
        return written

    @api.model
    def _run_lines_query(
        self,
        period,
        today,
        locked=None,
        preview=False,
        costs_until=None,
        *,
        partners=None,
    ):
        """Run :meth:`_lines_query`: its :data:`LINE_STAGES` into temporary
        tables first, analyzed, then the statement on them. Returns the
        rows written (none in a preview, whose rows are in the preview
        table)."""
        cr = self.env.cr
        staged = []

        def query(select=None):
            return self._lines_query(
                period,
                today,
                locked,
                preview,
                costs_until,
                staged=staged,
                select=select,
                partners=partners,
            )

        for stage, analyzed in LINE_STAGES.items():
            table = SQL.identifier(f"crm_commission_stage_{stage}")
            cr.execute(
                SQL(
                    """DROP TABLE IF EXISTS %(table)s;
                       CREATE TEMPORARY TABLE %(table)s ON COMMIT DROP AS %(rows)s;
                       ANALYZE %(table)s (%(columns)s)""",
                    table=table,
                    rows=query(SQL("SELECT * FROM %s", SQL.identifier(stage))),
                    columns=SQL(", ").join(map(SQL.identifier, analyzed)),
                )
            )
            staged.append(stage)
        cr.execute(query())
        return 0 if preview else cr.fetchone()[0]

    @api.model
    def _lines_query(
        self,
        period,
        today,
        locked=None,
        preview=False,
        costs_until=None,
        *,
        staged=(),
        select=None,
        partners=None,
    ):
        """One statement: the period's commission lines, written when changed,
        the lines that no longer apply deleted; returns the rows written.
        Run through :meth:`_run_lines_query`: the stages ``staged`` read
        their temporary tables; ``select`` ends the statement instead of
        the write (a stage's rows); ``partners``: the lines of these
        customers only (ids; see ``crm.company.recompute``'s
        ``_recompute_changed``), the others left as they are.

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
        period.ensure_one()
        company = period.company_id

        _date_from, _date_to, gate_start, gate_end = self.env[
            "crm.satisfaction.score"
        ]._window(company, period.date_to)
        ctes = SQL(
            """
plan AS (
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
       AND %(answer_in_scope)s
     GROUP BY plan.id, answer.crm_partner_id
    HAVING COUNT(*) >= MIN(plan.satisfaction_gate_min_answers)
       AND CASE MIN(plan.satisfaction_gate)
               WHEN 'nps' THEN %(gate_nps)s
               ELSE AVG(answer.crm_csat_avg)
           END < MIN(plan.satisfaction_gate_threshold)
), plan_salesperson AS (
    %(plan_salespeople)s
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
       AND %(earlier_in_scope)s
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
       AND %(line_in_scope)s
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
)
            """,
            company=company.id,
            period=period.id,
            period_type=period.period_type,
            date_from=period.date_from,
            date_to=period.date_to,
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
            plan_salespeople=self.env["crm.commission.plan"]._salespeople_sql(
                SQL("SELECT id FROM plan")
            ),
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
                date_from=period.date_from,
                date_to=period.date_to,
                sale_lines=self.env["account.move.line"]._crm_sale_lines_sql(
                    company.id, costs_until or period.date_to, partners
                ),
            ),
            assigned=self._line_stage_sql("assigned", staged, ASSIGNED_SQL),
            adjustment=adjustment_sql(
                period,
                locked,
                ADJUSTED_COLUMNS,
                partner_in_sql(SQL("line.partner_id"), partners),
            )
            if locked
            else SQL(),
            answer_in_scope=partner_in_sql(SQL("answer.crm_partner_id"), partners),
            earlier_in_scope=partner_in_sql(SQL("earlier_line.partner_id"), partners),
            line_in_scope=partner_in_sql(SQL("line.partner_id"), partners),
        )
        new = SQL(
            """
    SELECT line_value.*, %(period)s AS period_id, %(company)s AS company_id,
           COALESCE(line_value.adjusted_amount,
                    ROUND(line_value.base_amount * line_value.rate / 100, 2))
               AS amount
      FROM line_value
            """,
            period=period.id,
            company=company.id,
        )
        if select is not None or preview:
            return SQL(
                "WITH %s, new AS (%s) %s",
                ctes,
                new,
                select if select is not None else preview_sql(period),
            )
        # the period's lines compared with the new ones by one hash join: a
        # first computation inserts them all, an unchanged one writes nothing
        return self._computed_rows_sql(
            new,
            SQL(
                "old.period_id = %s AND %s",
                period.id,
                partner_in_sql(SQL("old.partner_id"), partners),
            ),
            ctes,
        )

    @api.model
    def _line_stage_sql(self, stage, staged, code, **params):
        """The body of the CTE ``stage`` of :meth:`_lines_query`: ``code``
        with ``params``, or its temporary table once ``staged``."""
        if stage in staged:
            return SQL(
                "SELECT * FROM %s", SQL.identifier(f"crm_commission_stage_{stage}")
            )
        return SQL(code, **params)
