# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Months recomputed by a run: the current month and the twelve before it.
RECOMPUTED_MONTHS = 13

# The months a key account's figures (on the account, in its health) sum:
# the current one and the eleven before it.
FIGURE_MONTHS = 12

# Columns the recompute writes, besides the key (key account, month).
FIGURE_COLUMNS = (
    "company_id",
    "partner_id",
    "delivery_count",
    "on_time_count",
    "in_full_count",
    "otif_count",
    "otd_pct",
    "otif_pct",
    "delivery_target_pct",
    "otd_met",
    "otif_met",
    "complaint_count",
    "response_due_count",
    "answered_in_target_count",
    "resolution_due_count",
    "resolved_in_target_count",
    "response_pct",
    "resolution_pct",
    "complaint_target_pct",
    "complaint_met",
)


class CrmKeyAccountServiceLevel(models.Model):
    """The service a key account got in one month, measured from Odoo's
    documents against the targets of the account.

    **Deliveries** to the key account's customer, on time and in full, are
    those of ``stock.picking._crm_deliveries_sql`` (the one definition the
    churn model reads too), each counted in the month (company time zone)
    it counts in; the company's tolerance
    (``key_account_delivery_tolerance_days``) says how many days after its
    promised day a delivery is still on time. An order is delivered in full
    when all its deliveries are.

    - OTD % is on-time deliveries over deliveries, OTIF % on-time-and-in-full
      deliveries over deliveries; each is met when it reaches the account's
      on-time target.

    **Complaints** are the complaints of the company about the customer,
    counted in the month they were received, measured in working hours by
    the complaints' own service levels. A key account's complaint must be
    answered within the stricter of its own target and the company's
    key-account response target (``key_account_complaint_response_hours``),
    and resolved within its own resolution target. A complaint counts for the
    answer once answered or late (its own target passed unanswered), for the
    resolution once resolved or late; the percentages are those in time among
    them, met when both reach the account's complaint target. Whether an open
    complaint is late is its state at the last refresh of the complaints'
    service levels (a frequent scheduled action); an unanswered complaint
    past the key-account target but not past its own counts once answered.

    Rows are written set-based by :meth:`_recompute_company`, one statement
    per company for the active key accounts and the last
    :data:`RECOMPUTED_MONTHS` months, and only when a figure changed; the
    rows of retired accounts and of older months stay as they were.
    """

    _name = "crm.key.account.service.level"
    _inherit = ["crm.company.recompute", "crm.computed.rows"]
    _description = "Key Account Service Level"
    _order = "month desc, key_account_id"
    _rec_name = "key_account_id"
    _computed_key = ("key_account_id", "month")
    _computed_columns = FIGURE_COLUMNS

    _key_account_month_unique = models.Constraint(
        "UNIQUE(key_account_id, month)",
        "A key account has one service level per month.",
    )
    _company_month_idx = models.Index("(company_id, month)")

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    key_account_id = fields.Many2one(
        "crm.key.account",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    manager_id = fields.Many2one(
        related="key_account_id.manager_id", string="Key Account Manager"
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")

    delivery_count = fields.Integer(string="Deliveries", readonly=True)
    on_time_count = fields.Integer(string="On Time", readonly=True)
    in_full_count = fields.Integer(string="In Full", readonly=True)
    otif_count = fields.Integer(string="On Time In Full", readonly=True)
    otd_pct = fields.Float(
        string="On-time Delivery (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
    )
    otif_pct = fields.Float(
        string="OTIF (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )
    delivery_target_pct = fields.Float(
        string="On-time Target (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )
    otd_met = fields.Boolean(string="On-time Target Met", readonly=True)
    otif_met = fields.Boolean(string="OTIF Target Met", readonly=True)

    complaint_count = fields.Integer(string="Complaints", readonly=True)
    response_due_count = fields.Integer(
        string="Answers Due",
        readonly=True,
        help="Complaints answered, or unanswered past their target.",
    )
    answered_in_target_count = fields.Integer(string="Answered in Time", readonly=True)
    resolution_due_count = fields.Integer(
        string="Resolutions Due",
        readonly=True,
        help="Complaints resolved, or unresolved past their target.",
    )
    resolved_in_target_count = fields.Integer(string="Resolved in Time", readonly=True)
    response_pct = fields.Float(
        string="Answered in Time (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )
    resolution_pct = fields.Float(
        string="Resolved in Time (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )
    complaint_target_pct = fields.Float(
        string="Complaint Target (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )
    complaint_met = fields.Boolean(string="Complaint Target Met", readonly=True)

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The key-account service levels of %(company)s are being "
            "recomputed by another run; they will be up to date when it "
            "finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The service levels of %(company)s could not be recomputed: %(error)s",
            company=company.name,
            error=error,
        )

    @api.model
    def _recompute_company(self, company, today):
        """The service levels of ``company``'s active key accounts, by month.

        One lock, one statement: the months from the twelfth before
        ``today``'s to ``today``'s. Returns the number of rows written
        (inserted, updated or deleted): a second run writes none.
        """
        self._lock_company(company)
        self.env.flush_all()
        start, _end = self._window(today)
        ctes, new = self._recompute_query(company, today)
        return self._computed_rows_write(
            new,
            SQL(
                "old.key_account_id IN (SELECT id FROM account) AND old.month >= %s",
                start,
            ),
            ctes,
        )

    # ------------------------------------------------------------------
    # The statement
    # ------------------------------------------------------------------

    @api.model
    def _figures_since(self, today):
        """First day of the twelve months a key account's figures sum: the
        month of ``today`` and the eleven before it."""
        return today.replace(day=1) - relativedelta(months=FIGURE_MONTHS - 1)

    @api.model
    def _window(self, today):
        """First day of the first month recomputed, and the day after ``today``."""
        first = today.replace(day=1) - relativedelta(months=RECOMPUTED_MONTHS - 1)
        return first, today + relativedelta(days=1)

    @api.model
    def _recompute_query(self, company, today):
        """The statement's common table expressions and its new rows."""
        start, end = self._window(today)
        zone = company._crm_time_zone()

        def local(moment):
            return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", moment, zone)

        ctes = SQL(
            """
account AS (
    SELECT id, partner_id, on_time_target_pct, complaint_target_pct
      FROM crm_key_account
     WHERE company_id = %(company)s
       AND state = 'active'
), delivery AS (
    SELECT account.id AS key_account_id,
           date_trunc('month', delivered.day)::date AS month,
           delivered.on_time, delivered.in_full
      FROM (%(delivered)s) delivered
      JOIN account ON account.partner_id = delivered.partner_id
), delivery_figures AS (
    SELECT key_account_id, month,
           COUNT(*) AS delivery_count,
           COUNT(*) FILTER (WHERE on_time) AS on_time_count,
           COUNT(*) FILTER (WHERE in_full) AS in_full_count,
           COUNT(*) FILTER (WHERE on_time AND in_full) AS otif_count
      FROM delivery
     GROUP BY key_account_id, month
), complaint AS (
    SELECT account.id AS key_account_id,
           date_trunc('month', %(received_at)s)::date AS month,
           claim.date_first_response IS NOT NULL AS answered,
           claim.date_resolved IS NOT NULL AS resolved,
           claim.response_met,
           claim.response_hours <= %(response_hours)s AS within_key_account_hours,
           claim.resolution_met
      FROM account
      JOIN crm_claim claim ON claim.crm_partner_id = account.partner_id
     WHERE claim.company_id = %(company)s
       AND claim.date >= %(start)s
       AND claim.date < %(end)s
), complaint_figures AS (
    SELECT key_account_id, month,
           COUNT(*) AS complaint_count,
           COUNT(*) FILTER (WHERE answered OR NOT response_met) AS response_due_count,
           COUNT(*) FILTER (
               WHERE answered AND response_met AND within_key_account_hours
           ) AS answered_in_target_count,
           COUNT(*) FILTER (WHERE resolved OR NOT resolution_met)
               AS resolution_due_count,
           COUNT(*) FILTER (WHERE resolved AND resolution_met)
               AS resolved_in_target_count
      FROM complaint
     GROUP BY key_account_id, month
), counted AS (
    SELECT COALESCE(d.key_account_id, c.key_account_id) AS key_account_id,
           COALESCE(d.month, c.month) AS month,
           COALESCE(d.delivery_count, 0) AS delivery_count,
           COALESCE(d.on_time_count, 0) AS on_time_count,
           COALESCE(d.in_full_count, 0) AS in_full_count,
           COALESCE(d.otif_count, 0) AS otif_count,
           COALESCE(c.complaint_count, 0) AS complaint_count,
           COALESCE(c.response_due_count, 0) AS response_due_count,
           COALESCE(c.answered_in_target_count, 0) AS answered_in_target_count,
           COALESCE(c.resolution_due_count, 0) AS resolution_due_count,
           COALESCE(c.resolved_in_target_count, 0) AS resolved_in_target_count
      FROM delivery_figures d
      FULL JOIN complaint_figures c
        ON c.key_account_id = d.key_account_id AND c.month = d.month
), rated AS (
    SELECT counted.*,
           account.partner_id,
           account.on_time_target_pct AS delivery_target_pct,
           account.complaint_target_pct,
           %(otd)s AS otd_pct,
           %(otif)s AS otif_pct,
           %(response)s AS response_pct,
           %(resolution)s AS resolution_pct
      FROM counted
      JOIN account ON account.id = counted.key_account_id
)
            """,
            company=company.id,
            start=start,
            end=end,
            delivered=self.env["stock.picking"]._crm_deliveries_sql(
                company, SQL("SELECT partner_id FROM account"), start, end, today
            ),
            received_at=local(SQL("claim.date")),
            response_hours=company.key_account_complaint_response_hours,
            otd=self._pct_sql("on_time_count", "delivery_count"),
            otif=self._pct_sql("otif_count", "delivery_count"),
            response=self._pct_sql("answered_in_target_count", "response_due_count"),
            resolution=self._pct_sql(
                "resolved_in_target_count", "resolution_due_count"
            ),
        )
        new = SQL(
            """
    SELECT rated.*,
           %(company)s AS company_id,
           otd_pct >= delivery_target_pct AS otd_met,
           otif_pct >= delivery_target_pct AS otif_met,
           COALESCE(response_pct, 100) >= complaint_target_pct
               AND COALESCE(resolution_pct, 100) >= complaint_target_pct
               AS complaint_met
      FROM rated
            """,
            company=company.id,
        )
        return ctes, new

    @api.model
    def _pct_sql(self, part, whole):
        """SQL: ``part`` over ``whole`` in percent to 0.01, NULL when nothing is due."""
        return SQL(
            "ROUND(100.0 * %(part)s / NULLIF(%(whole)s, 0), 2)",
            part=SQL.identifier(part),
            whole=SQL.identifier(whole),
        )
