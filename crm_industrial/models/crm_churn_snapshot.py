# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from .crm_lifecycle_stage import dormancy_threshold_sql, orders_sql

# The features of a snapshot, in the order of the model's columns. A figure
# that may be unknown has its own 0/1 ``*_unknown`` indicator, and is 0
# when unknown: the model learns what "unknown" says instead of reading it
# as a zero.
FEATURES = (
    "dormancy_closeness",
    "time_left",
    "recency_ratio",
    "recency_unknown",
    "frequency_trend",
    "revenue_trend_6m",
    "revenue_trend_12m",
    "margin_trend",
    "margin_unknown",
    "category_count",
    "category_trend",
    "complaint_count",
    "complaint_late_count",
    "owner_changed",
    "class_a",
    "class_b",
    "class_unknown",
    "overdue_share",
    "payment_days_trend",
    "payment_unknown",
    "late_delivery_share",
    "late_delivery_trend",
    "delivery_unknown",
    "nps",
    "nps_unknown",
    "csat",
    "csat_unknown",
)

# The bands of a churn risk, from the company's thresholds.
CHURN_BANDS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]

# How a feature tells a reason for a customer's risk: the direction in
# which it makes a customer riskier as the practice knows it (+1 more is
# riskier, -1 less is riskier) and the value past which it does (None: any
# value riskier than the average customer's). A feature is a reason only
# when its coefficient goes that way, its value is past that point and it
# makes the customer riskier than the average one: a coefficient that a
# company's history turned the other way still counts in the risk, but "no
# complaint" or "revenue up" is never told as a reason to leave. Features
# missing here (a class, an unknown figure) are never reasons in
# themselves.
REASON_RULES = {
    "dormancy_closeness": (1, None),
    "time_left": (-1, None),
    "recency_ratio": (1, 1),
    "frequency_trend": (-1, 0),
    "revenue_trend_6m": (-1, 0),
    "revenue_trend_12m": (-1, 0),
    "margin_trend": (-1, 0),
    "category_count": (-1, None),
    "category_trend": (-1, 0),
    "complaint_count": (1, 0),
    "complaint_late_count": (1, 0),
    "owner_changed": (1, 0),
    "overdue_share": (1, 0),
    "payment_days_trend": (1, 0),
    "late_delivery_share": (1, 0),
    "late_delivery_trend": (1, 0),
    "nps": (-1, 0),
    "csat": (-1, 0),
}

# Features told by the same reason (their group's line): the strongest of
# them counts for it.
REASON_GROUPS = {
    "time_left": "dormancy_closeness",
    "complaint_late_count": "complaint_count",
    "late_delivery_trend": "late_delivery_share",
}

# A trend is the natural logarithm of the ratio of two periods, each plus
# one, bounded: past e**5 (148 times), more says nothing more.
TREND_BOUND = 5
# The days left before dormancy, in horizons: bounded.
TIME_LEFT_BOUND = 2
# Days since the last invoice, in the customer's own median interval: bounded.
RECENCY_RATIO_BOUND = 10


# What happened next: whether an active customer became dormant within the
# horizon (CTE ``label``, from the snapshot's CTEs ``invoice``, ``sales`` and
# ``active``), only when training.
LABEL_CTES = """activity AS (
    SELECT partner_id, day FROM invoice
     WHERE invoices > 0 AND day > %(day)s AND day <= %(horizon_end)s
     UNION
    SELECT partner_id, day FROM sales
     WHERE day > %(day)s AND day <= %(horizon_end)s
), future AS (
    -- the customer's orders and invoices after the snapshot, within the
    -- horizon, each with the days since the one before
    SELECT active.partner_id, activity.day AS event,
           activity.day - COALESCE(LAG(activity.day) OVER (
               PARTITION BY active.partner_id ORDER BY activity.day),
               active.last_activity) AS gap
      FROM active
      JOIN activity ON activity.partner_id = active.partner_id
), label AS (
    -- dormant on a day more than its threshold after the last order or
    -- invoice: inside a gap (the day before the next one) or at the end
    SELECT active.partner_id,
           COALESCE(BOOL_OR(future.gap - 1 > active.threshold), FALSE)
           OR %(horizon_end)s - COALESCE(MAX(future.event), active.last_activity)
              > active.threshold AS dormant
      FROM active
      LEFT JOIN future ON future.partner_id = active.partner_id
     GROUP BY active.partner_id, active.last_activity, active.threshold
)"""


class CrmChurnSnapshot(models.AbstractModel):
    """What a customer looked like at the end of one day (a *snapshot*):
    the features the churn model reads, and what happened next (the label).

    One statement gives both, for a set of customers on one day: the
    nightly scoring asks it for every customer today, the training for
    every customer at each month's end of the company's history, one
    statement a month. Each source is read once, in the day's windows
    (constants), and aggregated per customer. A feature reads only
    documents dated on or before its snapshot's day (tested); the label
    reads the months after it.

    - *Active*: a customer whose last order or invoice is no older than its
      dormancy threshold on that day, by the lifecycle's own rule
      (:func:`~.crm_lifecycle_stage.dormancy_threshold_sql`: the 90th
      percentile of its gaps between orders so far, else the median of
      those of the customers of its ABC class that day, never less than the
      company's floor). Only active customers are scored and learned from.
    - *Label*: the customer became dormant by the same rule within the
      horizon: some day after the snapshot and up to ``horizon`` months
      later was more than its threshold (that day's) after its last order
      or invoice.
    """

    _name = "crm.churn.snapshot"
    _description = "Churn Snapshot"

    @api.model
    def _features(self):
        """The features' codes, in column order."""
        return FEATURES

    @api.model
    def _snapshot_sql(self, company, customers, day, horizon=None, *, labelled=None):
        """SQL: a row per active customer of query ``customers`` (column
        ``partner_id``) at the end of ``day``: ``partner_id``, ``day``,
        ``label`` (when ``labelled``: by default, when ``horizon`` is
        given), ``threshold`` (days), the features of :meth:`_features` by
        name, and ``figures``: the raw figures behind them (JSON), from
        which their reasons are told. ``horizon`` (months) is the model's,
        else the company's."""
        horizon_months = horizon or company.churn_horizon_months
        labelled = bool(horizon) if labelled is None else labelled
        horizon_end = day + relativedelta(months=horizon_months)
        # the documents read: up to the horizon's end for the labels
        until = horizon_end if labelled else day
        windows = {
            "day": day,
            "d6": day - relativedelta(months=6),
            "d12": day - relativedelta(months=12),
            "d24": day - relativedelta(months=24),
            "horizon_end": horizon_end,
        }
        return SQL(
            """
WITH customer AS (
    SELECT DISTINCT partner_id FROM (%(customers)s) customers
), invoice AS (
    SELECT move.commercial_partner_id AS partner_id, move.invoice_date AS day,
           SUM(move.amount_untaxed_signed) AS revenue,
           COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') AS invoices
      FROM account_move move
      JOIN customer ON customer.partner_id = move.commercial_partner_id
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND move.invoice_date <= %(until)s
     GROUP BY move.commercial_partner_id, move.invoice_date
), invoice_gap AS (
    SELECT partner_id, day,
           day - LAG(day) OVER (PARTITION BY partner_id ORDER BY day) AS gap
      FROM invoice
     WHERE invoices > 0 AND day <= %(day)s
), rhythm AS (
    SELECT partner_id, MAX(day) AS last_invoice, COUNT(gap) AS gaps,
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap) AS median_gap
      FROM invoice_gap
     GROUP BY partner_id
), billing AS (
    SELECT partner_id,
           COALESCE(SUM(invoices) FILTER (WHERE day > %(d6)s), 0) AS invoices_6m,
           COALESCE(SUM(invoices) FILTER (WHERE day <= %(d6)s
               AND day > %(d12)s), 0) AS invoices_prev_6m,
           COALESCE(SUM(revenue) FILTER (WHERE day > %(d6)s), 0) AS revenue_6m,
           COALESCE(SUM(revenue) FILTER (WHERE day <= %(d6)s
               AND day > %(d12)s), 0) AS revenue_prev_6m,
           COALESCE(SUM(revenue) FILTER (WHERE day > %(d12)s), 0) AS revenue_12m,
           COALESCE(SUM(revenue) FILTER (WHERE day <= %(d12)s), 0)
               AS revenue_prev_12m
      FROM invoice
     WHERE day > %(d24)s AND day <= %(day)s
     GROUP BY partner_id
), sales AS (
    %(sales)s
), ordering AS (
    SELECT partner_id,
           MAX(day) AS last_order,
           CASE WHEN COUNT(gap) >= 2
                THEN PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY gap)
           END AS gap_p90,
           SUM(margin) FILTER (WHERE day > %(d6)s) AS margin_6m,
           SUM(untaxed) FILTER (WHERE day > %(d6)s) AS sales_6m,
           SUM(margin) FILTER (WHERE day <= %(d6)s AND day > %(d12)s)
               AS margin_prev_6m,
           SUM(untaxed) FILTER (WHERE day <= %(d6)s AND day > %(d12)s)
               AS sales_prev_6m
      FROM sales
     WHERE day <= %(day)s
     GROUP BY partner_id
), klass AS (
    SELECT DISTINCT ON (history.partner_id)
           history.partner_id, history.class_to AS abc_class
      FROM crm_customer_abc_history history
      JOIN customer ON customer.partner_id = history.partner_id
     WHERE history.company_id = %(company)s
       AND history.date <= %(day)s
     ORDER BY history.partner_id, history.date DESC, history.id DESC
), base AS (
    SELECT customer.partner_id, %(day)s::date AS day,
           %(d6)s::date AS d6, %(d12)s::date AS d12,
           %(horizon_end)s::date AS horizon_end,
           rhythm.last_invoice, rhythm.gaps, rhythm.median_gap,
           billing.invoices_6m, billing.invoices_prev_6m,
           billing.revenue_6m, billing.revenue_prev_6m,
           billing.revenue_12m, billing.revenue_prev_12m,
           ordering.gap_p90, ordering.margin_6m, ordering.sales_6m,
           ordering.margin_prev_6m, ordering.sales_prev_6m,
           COALESCE(klass.abc_class, 'none') AS abc_class,
           GREATEST(rhythm.last_invoice, ordering.last_order) AS last_activity
      FROM customer
      LEFT JOIN rhythm ON rhythm.partner_id = customer.partner_id
      LEFT JOIN billing ON billing.partner_id = customer.partner_id
      LEFT JOIN ordering ON ordering.partner_id = customer.partner_id
      LEFT JOIN klass ON klass.partner_id = customer.partner_id
), class_gap AS (
    SELECT abc_class,
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap_p90) AS class_gap
      FROM base
     WHERE gap_p90 IS NOT NULL
     GROUP BY abc_class
), judged AS (
    SELECT base.*, %(threshold)s AS threshold
      FROM base
      LEFT JOIN class_gap ON class_gap.abc_class = base.abc_class
), active AS (
    SELECT * FROM judged
     WHERE last_activity IS NOT NULL AND day - last_activity <= threshold
), %(label)s, bought AS (
    -- each product category a customer bought in the 12 months, in the
    -- last 6 (recent) or the 6 before (a product without one counts in
    -- none). Every customer's, not only the
    -- snapshot's (joined to them below): estimated from the snapshot's
    -- customers, the lines were read invoice by invoice, 1.4 million
    -- random reads for the bench's 12 months
    SELECT DISTINCT move.commercial_partner_id AS partner_id, template.categ_id,
           move.invoice_date > %(d6)s AS recent
      FROM account_move move
      JOIN account_move_line line
        ON line.move_id = move.id AND line.display_type = 'product'
      JOIN product_product product ON product.id = line.product_id
      JOIN product_template template ON template.id = product.product_tmpl_id
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type = 'out_invoice'
       AND move.invoice_date > %(d12)s
       AND move.invoice_date <= %(day)s
), breadth AS (
    SELECT bought.partner_id,
           COUNT(DISTINCT bought.categ_id) AS categories_12m,
           COUNT(bought.categ_id) FILTER (WHERE bought.recent) AS categories_6m,
           COUNT(bought.categ_id) FILTER (WHERE NOT bought.recent)
               AS categories_prev_6m
      FROM bought
      JOIN active ON active.partner_id = bought.partner_id
     GROUP BY bought.partner_id
), complaint AS (
    -- late: its answer or resolution deadline passed by the end of the day
    -- without it (what was known that day)
    SELECT claim.crm_partner_id AS partner_id,
           COUNT(*) AS complaints_6m,
           COUNT(*) FILTER (WHERE
               (claim.response_deadline < %(after_day)s
                AND (claim.date_first_response IS NULL
                     OR claim.date_first_response > claim.response_deadline))
               OR (claim.resolution_deadline < %(after_day)s
                   AND (claim.date_resolved IS NULL
                        OR claim.date_resolved > claim.resolution_deadline))
           ) AS complaints_late_6m
      FROM crm_claim claim
      JOIN active ON active.partner_id = claim.crm_partner_id
     WHERE claim.company_id = %(company)s
       AND claim.active IS NOT FALSE
       AND claim.date >= %(after_d6)s
       AND claim.date < %(after_day)s
     GROUP BY claim.crm_partner_id
), instalment AS (
    SELECT line.id, move.commercial_partner_id AS partner_id, move.invoice_date,
           line.date_maturity, line.balance
      FROM account_move move
      JOIN active ON active.partner_id = move.commercial_partner_id
      JOIN account_move_line line
        ON line.move_id = move.id AND line.display_type = 'payment_term'
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type = 'out_invoice'
       AND move.invoice_date > %(d24)s
       AND move.invoice_date <= %(day)s
), payment AS (
    SELECT instalment.id, instalment.partner_id, instalment.invoice_date,
           instalment.date_maturity, instalment.balance,
           partial.max_date, partial.amount,
           SUM(partial.amount) OVER (
               PARTITION BY instalment.id ORDER BY partial.max_date, partial.id
           ) AS paid_so_far
      FROM instalment
      JOIN account_partial_reconcile partial ON partial.debit_move_id = instalment.id
), owed AS (
    SELECT partner_id, SUM(balance) AS owed
      FROM instalment
     WHERE date_maturity < %(day)s
     GROUP BY partner_id
), repaid AS (
    SELECT partner_id, SUM(amount) AS repaid
      FROM payment
     WHERE date_maturity < %(day)s AND max_date <= %(day)s
     GROUP BY partner_id
), paid_in_full AS (
    SELECT id, partner_id, invoice_date, MIN(max_date) AS paid_on
      FROM payment
     WHERE paid_so_far >= balance - 0.005
     GROUP BY id, partner_id, invoice_date
), paying AS (
    SELECT partner_id,
           AVG(paid_on - invoice_date) FILTER (WHERE paid_on > %(d6)s)
               AS pay_days_6m,
           AVG(paid_on - invoice_date) FILTER (WHERE paid_on <= %(d6)s)
               AS pay_days_prev_6m
      FROM paid_in_full
     WHERE paid_on > %(d12)s AND paid_on <= %(day)s
     GROUP BY partner_id
), delivered AS (
    %(delivered)s
), delivery AS (
    -- the last 6 months' deliveries and the 6 before, on time and in full
    SELECT partner_id,
           COUNT(*) FILTER (WHERE day > %(d6)s) AS deliveries_6m,
           COUNT(*) FILTER (WHERE day > %(d6)s AND on_time AND in_full)
               AS otif_6m,
           COUNT(*) FILTER (WHERE day <= %(d6)s) AS deliveries_prev_6m,
           COUNT(*) FILTER (WHERE day <= %(d6)s AND on_time AND in_full)
               AS otif_prev_6m
      FROM delivered
     GROUP BY partner_id
), rating AS (
    -- the customer's counted answers of the satisfaction window that day
    SELECT answer.crm_partner_id AS partner_id, %(tally)s
      FROM survey_user_input answer
      JOIN active ON active.partner_id = answer.crm_partner_id
     WHERE %(counted)s
     GROUP BY answer.crm_partner_id
), reassigned AS (
    SELECT DISTINCT period.partner_id
      FROM crm_customer_ownership period
      JOIN active ON active.partner_id = period.partner_id
      JOIN crm_customer_ownership earlier
        ON earlier.partner_id = period.partner_id
       AND earlier.company_id = period.company_id
       AND earlier.date_from < period.date_from
       AND earlier.user_id IS DISTINCT FROM period.user_id
     WHERE period.company_id = %(company)s
       AND period.date_from > %(d12)s
       AND period.date_from <= %(day)s
), figures AS (
    SELECT active.*,
           label.dormant,
           active.day - active.last_invoice AS days_since_invoice,
           COALESCE(breadth.categories_12m, 0) AS categories_12m,
           COALESCE(breadth.categories_6m, 0) AS categories_6m,
           COALESCE(breadth.categories_prev_6m, 0) AS categories_prev_6m,
           COALESCE(complaint.complaints_6m, 0) AS complaints_6m,
           COALESCE(complaint.complaints_late_6m, 0) AS complaints_late_6m,
           GREATEST(COALESCE(owed.owed, 0) - COALESCE(repaid.repaid, 0), 0)
               AS overdue,
           paying.pay_days_6m, paying.pay_days_prev_6m,
           reassigned.partner_id IS NOT NULL AS owner_changed,
           COALESCE(delivery.deliveries_6m, 0) AS deliveries_6m,
           COALESCE(delivery.otif_6m, 0) AS otif_6m,
           COALESCE(delivery.deliveries_prev_6m, 0) AS deliveries_prev_6m,
           COALESCE(delivery.otif_prev_6m, 0) AS otif_prev_6m,
           CASE WHEN rating.nps_count >= %(min_answers)s
                THEN %(nps)s END AS nps,
           COALESCE(rating.nps_count, 0) AS nps_answers,
           CASE WHEN rating.csat_count >= %(min_answers)s
                THEN rating.csat END AS csat,
           COALESCE(rating.csat_count, 0) AS csat_answers
      FROM active
      LEFT JOIN label ON label.partner_id = active.partner_id
      LEFT JOIN breadth ON breadth.partner_id = active.partner_id
      LEFT JOIN complaint ON complaint.partner_id = active.partner_id
      LEFT JOIN owed ON owed.partner_id = active.partner_id
      LEFT JOIN repaid ON repaid.partner_id = active.partner_id
      LEFT JOIN paying ON paying.partner_id = active.partner_id
      LEFT JOIN reassigned ON reassigned.partner_id = active.partner_id
      LEFT JOIN delivery ON delivery.partner_id = active.partner_id
      LEFT JOIN rating ON rating.partner_id = active.partner_id
)
SELECT partner_id, day, threshold,
       CASE WHEN %(labelled)s THEN dormant END AS label,
       %(features)s,
       JSONB_BUILD_OBJECT(
           'days_since_activity', day - last_activity,
           'threshold', threshold,
           'days_since_invoice', days_since_invoice,
           'median_gap', ROUND(median_gap::numeric, 1),
           'invoices_6m', invoices_6m,
           'invoices_prev_6m', invoices_prev_6m,
           'revenue_6m', ROUND(revenue_6m::numeric, 2),
           'revenue_prev_6m', ROUND(revenue_prev_6m::numeric, 2),
           'revenue_12m', ROUND(revenue_12m::numeric, 2),
           'revenue_prev_12m', ROUND(revenue_prev_12m::numeric, 2),
           'margin_6m_pct', ROUND((100 * margin_6m / NULLIF(sales_6m, 0))::numeric, 1),
           'margin_prev_6m_pct',
               ROUND((100 * margin_prev_6m / NULLIF(sales_prev_6m, 0))::numeric, 1),
           'categories_12m', categories_12m,
           'categories_6m', categories_6m,
           'categories_prev_6m', categories_prev_6m,
           'complaints_6m', complaints_6m,
           'complaints_late_6m', complaints_late_6m,
           'overdue', ROUND(overdue::numeric, 2),
           'pay_days_6m', ROUND(pay_days_6m::numeric, 1),
           'pay_days_prev_6m', ROUND(pay_days_prev_6m::numeric, 1),
           'deliveries_6m', deliveries_6m,
           'otif_6m_pct',
               ROUND((100.0 * otif_6m / NULLIF(deliveries_6m, 0))::numeric, 1),
           'deliveries_prev_6m', deliveries_prev_6m,
           'otif_prev_6m_pct',
               ROUND((100.0 * otif_prev_6m / NULLIF(deliveries_prev_6m, 0))::numeric,
                     1),
           'nps', ROUND(nps::numeric, 1),
           'nps_answers', nps_answers,
           'csat', ROUND(csat::numeric, 2),
           'csat_answers', csat_answers
       ) AS figures
  FROM figures
            """,
            customers=customers,
            company=company.id,
            until=until,
            sales=orders_sql(
                company,
                until + relativedelta(days=1),
                SQL(
                    "AND partner.commercial_partner_id"
                    " IN (SELECT partner_id FROM customer)"
                ),
            ),
            after_day=day + relativedelta(days=1),
            after_d6=windows["d6"] + relativedelta(days=1),
            labelled=labelled,
            label=SQL(LABEL_CTES, **windows)
            if labelled
            else SQL(
                "label AS (SELECT NULL::int AS partner_id,"
                " NULL::boolean AS dormant WHERE FALSE)"
            ),
            threshold=dormancy_threshold_sql(
                SQL("base.gap_p90"),
                SQL("class_gap.class_gap"),
                company.lifecycle_dormancy_floor_days,
            ),
            features=self._feature_columns(company),
            delivered=self.env["stock.picking"]._crm_deliveries_sql(
                company,
                SQL("SELECT partner_id FROM active"),
                windows["d12"] + relativedelta(days=1),
                day + relativedelta(days=1),
                day,
            ),
            counted=self.env["survey.user_input"]._crm_counted_sql(
                "answer", company, *self._rating_window(company, day)
            ),
            tally=self.env["survey.user_input"]._crm_tally_sql(),
            min_answers=company.satisfaction_min_answers,
            nps=self.env["survey.user_input"]._crm_nps_sql(
                SQL("rating.promoters"),
                SQL("rating.detractors"),
                SQL("rating.nps_count"),
            ),
            **windows,
        )

    @api.model
    def _rating_window(self, company, day):
        """The satisfaction window ending ``day`` (its bounds in UTC), as
        the customers' satisfaction scores read it that day."""
        _date_from, _date_to, start, end = self.env["crm.satisfaction.score"]._window(
            company, day
        )
        return start, end

    @api.model
    def _feature_columns(self, company):
        """SQL: the features of :meth:`_features`, as columns of ``figures``."""
        columns = self._feature_sql(company)
        return SQL(", ").join(
            SQL("(%s)::float8 AS %s", columns[code], SQL.identifier(code))
            for code in self._features()
        )

    @api.model
    def _feature_sql(self, _company):
        """SQL of each feature, by code, over a row of the statement's
        ``figures`` (a customer ``partner_id`` of the company on ``day``)."""
        known_rhythm = SQL("gaps >= 2 AND median_gap > 0")
        known_margin = SQL("sales_6m > 0 AND sales_prev_6m > 0")
        known_payment = SQL("pay_days_6m IS NOT NULL AND pay_days_prev_6m IS NOT NULL")

        def trend(recent, before):
            return SQL(
                "GREATEST(LEAST(LN((GREATEST(%s, 0) + 1)::float8"
                " / (GREATEST(%s, 0) + 1)), %s), -%s)",
                recent,
                before,
                TREND_BOUND,
                TREND_BOUND,
            )

        return {
            "dormancy_closeness": SQL(
                "(day - last_activity)::float8 / GREATEST(threshold, 1)"
            ),
            # the days left before the threshold, in horizons: past 1, the
            # customer cannot become dormant within it without a change
            "time_left": SQL(
                "LEAST(GREATEST(threshold - (day - last_activity), 0)::float8"
                " / (horizon_end - day), %s)",
                TIME_LEFT_BOUND,
            ),
            "recency_ratio": SQL(
                "CASE WHEN %s THEN LEAST(days_since_invoice / median_gap, %s)"
                " ELSE 0 END",
                known_rhythm,
                RECENCY_RATIO_BOUND,
            ),
            "recency_unknown": SQL("CASE WHEN %s THEN 0 ELSE 1 END", known_rhythm),
            "frequency_trend": trend(SQL("invoices_6m"), SQL("invoices_prev_6m")),
            "revenue_trend_6m": trend(SQL("revenue_6m"), SQL("revenue_prev_6m")),
            "revenue_trend_12m": trend(SQL("revenue_12m"), SQL("revenue_prev_12m")),
            "margin_trend": SQL(
                "CASE WHEN %s THEN 100 * (margin_6m / sales_6m"
                " - margin_prev_6m / sales_prev_6m) ELSE 0 END",
                known_margin,
            ),
            "margin_unknown": SQL("CASE WHEN %s THEN 0 ELSE 1 END", known_margin),
            "category_count": SQL("categories_12m"),
            "category_trend": SQL("categories_6m - categories_prev_6m"),
            "complaint_count": SQL("complaints_6m"),
            "complaint_late_count": SQL("complaints_late_6m"),
            "owner_changed": SQL("CASE WHEN owner_changed THEN 1 ELSE 0 END"),
            "class_a": SQL("CASE WHEN abc_class = 'a' THEN 1 ELSE 0 END"),
            "class_b": SQL("CASE WHEN abc_class = 'b' THEN 1 ELSE 0 END"),
            "class_unknown": SQL("CASE WHEN abc_class = 'none' THEN 1 ELSE 0 END"),
            "overdue_share": SQL("LEAST(overdue / GREATEST(revenue_12m, 1), 1)"),
            "payment_days_trend": SQL(
                "CASE WHEN %s THEN pay_days_6m - pay_days_prev_6m ELSE 0 END",
                known_payment,
            ),
            "payment_unknown": SQL("CASE WHEN %s THEN 0 ELSE 1 END", known_payment),
            "late_delivery_share": SQL(
                "CASE WHEN deliveries_6m > 0"
                " THEN 1 - otif_6m::float8 / deliveries_6m ELSE 0 END"
            ),
            # the share's change from the 6 months before, when both had
            # deliveries
            "late_delivery_trend": SQL(
                "CASE WHEN deliveries_6m > 0 AND deliveries_prev_6m > 0"
                " THEN otif_prev_6m::float8 / deliveries_prev_6m"
                " - otif_6m::float8 / deliveries_6m ELSE 0 END"
            ),
            "delivery_unknown": SQL("CASE WHEN deliveries_6m > 0 THEN 0 ELSE 1 END"),
            "nps": SQL("COALESCE(nps, 0)"),
            "nps_unknown": SQL("CASE WHEN nps IS NULL THEN 1 ELSE 0 END"),
            # from the middle of the 1-5 scale
            "csat": SQL("COALESCE(csat - 3, 0)"),
            "csat_unknown": SQL("CASE WHEN csat IS NULL THEN 1 ELSE 0 END"),
        }
