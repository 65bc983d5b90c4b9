# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_industrial.models.satisfaction_rules import nps_score

from . import scorecard_rules
from .crm_salesperson_scorecard_line import METRIC_COLUMNS
from .retention_factor import retention_pct

# The account plans whose objectives count: agreed, not drafts.
AGREED_PLAN_STATES = ("approved", "in_execution", "closed")


class CrmSalespersonScorecard(models.Model):
    """A salesperson's balanced scorecard for one commission period.

    Each metric of the company's template is measured from the period's
    documents, compared to its target and turned into points
    (:mod:`.scorecard_rules`); the score is the weighted mean of the points
    of the metrics measured. Computing a period's scorecards measures all
    the company's salespeople at once, set-based, and writes only what
    changed: a second run writes nothing.
    """

    _name = "crm.salesperson.scorecard"
    _inherit = [
        "crm.company.recompute",
        "crm.commission.led.mixin",
        "crm.computed.rows",
    ]
    _description = "Salesperson Scorecard"
    _order = "date_from desc, total_score desc, id"
    _rec_name = "user_id"
    _computed_key = ("period_id", "user_id")
    _computed_columns = ("company_id", "date_from", "date_to", "total_score")

    _period_user_unique = models.Constraint(
        "UNIQUE(period_id, user_id)",
        "A salesperson has one scorecard per period.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    period_id = fields.Many2one(
        "crm.commission.period",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    date_from = fields.Date(related="period_id.date_from", store=True)
    date_to = fields.Date(related="period_id.date_to", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    total_score = fields.Float(
        string="Score",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="0 to 100: the weighted mean of the points of the metrics measured.",
    )
    line_ids = fields.One2many(
        "crm.salesperson.scorecard.line", "scorecard_id", string="Metrics"
    )

    # ------------------------------------------------------------------
    # The computation
    # ------------------------------------------------------------------

    @api.model
    def _compute_periods(self, periods):
        """Compute the scorecards of ``periods``, company by company; a
        :class:`RecomputeResult` of the rows written."""
        return self.with_context(scorecard_period_ids=periods.ids)._recompute(
            periods.company_id
        )

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The scorecards of %(company)s are being computed by another run; "
            "they will be up to date when it finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The scorecards of %(company)s could not be computed: %(error)s",
            company=company.name,
            error=error,
        )

    def _recompute_company(self, company, _today):
        """Compute the scorecards of ``company``'s periods among those of
        :meth:`_compute_periods`, under its lock; the rows written."""
        self._lock_company(company)
        template = self.env["crm.scorecard.template"].search(
            [("company_id", "=", company.id)], limit=1
        )
        if not template.metric_ids:
            raise UserError(
                self.env._(
                    "%(company)s has no scorecard metrics: set them in the "
                    "scorecard template first.",
                    company=company.name,
                )
            )
        template._check_weights()
        self.env.flush_all()
        periods = self.env["crm.commission.period"].browse(
            self.env.context.get("scorecard_period_ids", [])
        )
        written = 0
        for period in periods.filtered(lambda period: period.company_id == company):
            written += self._compute_period(period, template.metric_ids)
        return written

    def _compute_period(self, period, metrics):
        """Measure every salesperson of the period's company, write the
        scorecards and lines that changed; the number of rows written."""
        scorecards, lines = self._period_values(period, metrics)
        return self._write_period(period, scorecards, lines)

    def _period_values(self, period, metrics):
        """Measure every salesperson of the period's company on ``metrics``,
        writing nothing: the scorecards' values (user_id, total_score) and
        their lines' (user_id and one line's values each)."""
        self.env.cr.execute(self._figures_query(period))
        figures = {row["user_id"]: row for row in self.env.cr.dictfetchall()}
        progress = self._plan_progress(period, list(figures))
        min_answers = period.company_id.satisfaction_min_answers
        scorecards, lines = [], []
        for user_id, row in figures.items():
            measures = _measures(row, progress.get(user_id), min_answers)
            total, user_lines = _scorecard_values(metrics, measures)
            scorecards.append({"user_id": user_id, "total_score": total})
            lines.extend({"user_id": user_id, **line} for line in user_lines)
        return scorecards, lines

    @api.model
    def _period_scores(self, period, store):
        """{salesperson id: total score} of the salespeople of ``period``
        with at least one metric measured, from the company's template;
        ``store``: also write the period's scorecards (under the scorecards'
        lock of the company), else only measure them (a locked period's
        scorecards as they would be today). Empty without metrics."""
        company = period.company_id
        metrics = (
            self.env["crm.scorecard.template"]
            .search([("company_id", "=", company.id)], limit=1)
            .metric_ids
        )
        if not metrics:
            return {}
        scorecards, lines = self._period_values(period, metrics)
        if store:
            self._lock_company(company)
            self._write_period(period, scorecards, lines)
        measured = {line["user_id"] for line in lines if line["measured"]}
        return {
            scorecard["user_id"]: scorecard["total_score"]
            for scorecard in scorecards
            if scorecard["user_id"] in measured
        }

    def _write_period(self, period, scorecards, lines):
        """Write the period's ``scorecards`` (user_id, total_score) and
        their ``lines`` (user_id, code and the computed columns) that
        changed, delete those of salespeople or metrics no longer measured;
        returns the rows written."""
        written = self._computed_rows_write(
            SQL(
                """SELECT %s AS period_id, %s AS company_id,
                          %s::date AS date_from, %s::date AS date_to, row.*
                     FROM (%s) row""",
                period.id,
                period.company_id.id,
                period.date_from,
                period.date_to,
                self._computed_rows_json(scorecards, ["user_id", "total_score"]),
            ),
            SQL("old.period_id = %s", period.id),
        )
        Line = self.env["crm.salesperson.scorecard.line"]
        return written + Line._computed_rows_write(
            SQL(
                """SELECT scorecard.id AS scorecard_id, scorecard.company_id,
                          row.*
                     FROM (%s) row
                     JOIN crm_salesperson_scorecard scorecard
                       ON scorecard.period_id = %s
                      AND scorecard.user_id = row.user_id""",
                Line._computed_rows_json(lines, ["user_id", "code", *METRIC_COLUMNS]),
                period.id,
            ),
            SQL(
                """old.scorecard_id IN (SELECT id FROM crm_salesperson_scorecard
                                         WHERE period_id = %s)""",
                period.id,
            ),
        )

    def _plan_progress(self, period, user_ids):
        """{salesperson id: mean progress of the agreed account plans of the
        period's year of the key accounts they manage}; left out when none
        has a measured objective."""
        plans = (
            self.env["crm.key.account.plan"]
            .sudo()
            .search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("year", "=", period.date_from.year),
                    ("state", "in", AGREED_PLAN_STATES),
                    ("key_account_id.manager_id", "in", user_ids),
                ]
            )
        )
        by_manager = defaultdict(list)
        for plan, progress in plans._progress_pct().items():
            by_manager[plan.key_account_id.manager_id.id].append(progress)
        return {
            user_id: sum(values) / len(values) for user_id, values in by_manager.items()
        }

    def _figures_query(self, period):
        """One statement: the figures of every salesperson of the period's
        company, one row each. The salespeople are the active members of the
        company's sales teams (or of teams of no company, if they work for
        it) and whoever invoiced in the period.

        - *revenue* and *margin*: the untaxed amount of the product lines of
          the posted customer invoices of the period whose salesperson
          (``invoice_user_id``) they are, credit notes deducted, in company
          currency; the margin less the cost the commissions count (fixed
          when the invoice was posted, corrected by the landed costs of its
          delivery dated by the period's end).
        - *new customers*: customers whose first posted invoice of the
          company falls in the period, owned by the salesperson on that day.
        - *retention*: the retention cohort of the period, the one the
          commissions count (``crm.customer.abc.history``): the customers of
          class A or B who bought in the same period a year before, owned by
          the salesperson on this period's last day, and how many of them
          bought in this period.
        - *NPS* and *CSAT*: the counted answers completed in the period and
          attributed to the salesperson.
        - *complaints* and *deliveries*: the complaints received in the
          period from customers the salesperson owned then, and the
          deliveries done to them, as the complaint figures count them.
        - *key-account deliveries*: the monthly service levels of the period
          of the key accounts the salesperson manages or is a member of.
        """
        company = period.company_id
        zone = company._crm_time_zone()

        start = _utc_midnight(period.date_from, zone)
        end = _utc_midnight(SQL("%s::date + 1", period.date_to), zone)

        return SQL(
            """
WITH sale_line AS (
    SELECT line.invoice_user_id AS user_id,
           -line.balance AS untaxed,
           CASE WHEN line.move_type = 'out_refund' THEN -1 ELSE 1 END
           * line.cost AS cost
      FROM (%(sale_lines)s) line
     WHERE line.invoice_user_id IS NOT NULL
       AND line.invoice_date BETWEEN %(date_from)s AND %(date_to)s
), sales AS (
    SELECT user_id, SUM(untaxed) AS revenue, SUM(untaxed - cost) AS margin
      FROM sale_line
     GROUP BY user_id
), salesperson AS (
    SELECT member.user_id
      FROM crm_team_member member
      JOIN crm_team team ON team.id = member.crm_team_id
     WHERE member.active
       AND team.active
       AND (team.company_id = %(company)s
            OR team.company_id IS NULL
               AND EXISTS (SELECT 1
                             FROM res_company_users_rel rel
                            WHERE rel.user_id = member.user_id
                              AND rel.cid = %(company)s))
     UNION
    SELECT user_id FROM sales
), customer_invoice AS (
    SELECT move.commercial_partner_id AS partner_id, move.invoice_date
      FROM account_move move
     WHERE move.company_id = %(company)s
       AND move.state = 'posted'
       AND move.move_type = 'out_invoice'
), first_invoice AS (
    SELECT partner_id, MIN(invoice_date) AS invoice_date
      FROM customer_invoice
     GROUP BY partner_id
    HAVING MIN(invoice_date) BETWEEN %(date_from)s AND %(date_to)s
), new_customer AS (
    SELECT %(first_invoice_owner)s AS user_id, COUNT(*) AS new_customers
      FROM first_invoice
     GROUP BY 1
), retained AS (
    SELECT user_id, retained AS kept
      FROM (%(cohort)s) cohort
), retention AS (
    SELECT user_id, COUNT(*) AS retention_base,
           COUNT(*) FILTER (WHERE kept) AS retention_kept
      FROM retained
     GROUP BY user_id
), satisfaction AS (
    SELECT answer.crm_salesperson_id AS user_id, %(tally)s
      FROM survey_user_input answer
     WHERE %(counted)s
       AND answer.crm_salesperson_id IS NOT NULL
     GROUP BY answer.crm_salesperson_id
), complaint AS (
    SELECT claim.salesperson_id AS user_id, COUNT(*) AS complaints
      FROM crm_claim claim
     WHERE claim.company_id = %(company)s
       AND claim.salesperson_id IS NOT NULL
       AND claim.date >= %(start)s
       AND claim.date < %(end)s
     GROUP BY claim.salesperson_id
), delivery AS (
    SELECT user_id, COUNT(*) AS deliveries
      FROM (%(deliveries)s) done_delivery
     GROUP BY user_id
), key_account_user AS (
    SELECT account.id AS key_account_id, account.manager_id AS user_id
      FROM crm_key_account account
     WHERE account.company_id = %(company)s
       AND account.manager_id IS NOT NULL
     UNION
    SELECT member.key_account_id, member.user_id
      FROM crm_key_account_member member
      JOIN crm_key_account account ON account.id = member.key_account_id
     WHERE account.company_id = %(company)s
), on_time AS (
    SELECT key_account_user.user_id,
           SUM(level.delivery_count) AS key_account_deliveries,
           SUM(level.on_time_count) AS key_account_on_time
      FROM crm_key_account_service_level level
      JOIN key_account_user
        ON key_account_user.key_account_id = level.key_account_id
     WHERE level.company_id = %(company)s
       AND level.month BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY key_account_user.user_id
)
SELECT salesperson.user_id,
       COALESCE(sales.revenue, 0) AS revenue,
       COALESCE(sales.margin, 0) AS margin,
       COALESCE(new_customer.new_customers, 0) AS new_customers,
       COALESCE(retention.retention_base, 0) AS retention_base,
       COALESCE(retention.retention_kept, 0) AS retention_kept,
       COALESCE(satisfaction.nps_count, 0) AS nps_count,
       COALESCE(satisfaction.promoters, 0) AS promoters,
       COALESCE(satisfaction.detractors, 0) AS detractors,
       COALESCE(satisfaction.csat_count, 0) AS csat_count,
       satisfaction.csat,
       COALESCE(complaint.complaints, 0) AS complaints,
       COALESCE(delivery.deliveries, 0) AS deliveries,
       COALESCE(on_time.key_account_deliveries, 0) AS key_account_deliveries,
       COALESCE(on_time.key_account_on_time, 0) AS key_account_on_time
  FROM salesperson
  LEFT JOIN sales ON sales.user_id = salesperson.user_id
  LEFT JOIN new_customer ON new_customer.user_id = salesperson.user_id
  LEFT JOIN retention ON retention.user_id = salesperson.user_id
  LEFT JOIN satisfaction ON satisfaction.user_id = salesperson.user_id
  LEFT JOIN complaint ON complaint.user_id = salesperson.user_id
  LEFT JOIN delivery ON delivery.user_id = salesperson.user_id
  LEFT JOIN on_time ON on_time.user_id = salesperson.user_id
 ORDER BY salesperson.user_id
            """,
            company=company.id,
            date_from=period.date_from,
            date_to=period.date_to,
            start=start,
            end=end,
            counted=self.env["survey.user_input"]._crm_counted_sql(
                "answer", company, start, end
            ),
            tally=self.env["survey.user_input"]._crm_tally_sql(),
            first_invoice_owner=self.env["crm.customer.ownership"]._owner_on_sql(
                SQL("first_invoice.partner_id"), SQL("first_invoice.invoice_date")
            ),
            cohort=self.env["crm.customer.abc.history"]._retention_cohort_sql(
                company, period.date_from, period.date_to
            ),
            deliveries=self.env["crm.claim"]._deliveries_sql(company, start, end, zone),
            sale_lines=self.env["account.move.line"]._crm_sale_lines_sql(
                company.id, period.date_to
            ),
        )


def _utc_midnight(day, zone):
    """SQL: the UTC moment of midnight starting ``day`` in time zone ``zone``."""
    return SQL(
        "((%s)::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'",
        day,
        zone,
    )


def _measures(row, plan_progress, min_answers):
    """{metric code: (figure, None) or (None, why it was not measured)} of
    one salesperson's ``row`` of figures."""
    revenue = float(row["revenue"])
    nps_count, csat_count = row["nps_count"], row["csat_count"]
    deliveries = row["deliveries"]
    key_account_deliveries = row["key_account_deliveries"]
    return {
        "revenue": (revenue, None),
        "margin_pct": (100.0 * float(row["margin"]) / revenue, None)
        if revenue > 0
        else (None, "no_revenue"),
        "new_customers": (float(row["new_customers"]), None),
        "retention_pct": (
            retention_pct(row["retention_base"], row["retention_kept"]),
            None,
        )
        if row["retention_base"]
        else (None, "no_customers"),
        "nps": (nps_score(row["promoters"], row["detractors"], nps_count), None)
        if nps_count and nps_count >= min_answers
        else (None, "not_enough_answers"),
        "csat": (row["csat"], None)
        if csat_count and csat_count >= min_answers
        else (None, "not_enough_answers"),
        "complaints_per_100": (100.0 * row["complaints"] / deliveries, None)
        if deliveries
        else (None, "no_deliveries"),
        "on_time_pct": (
            100.0 * row["key_account_on_time"] / key_account_deliveries,
            None,
        )
        if key_account_deliveries
        else (None, "no_deliveries"),
        "plan_progress_pct": (plan_progress, None)
        if plan_progress is not None
        else (None, "no_plans"),
    }


def _scorecard_values(metrics, measures):
    """The score and the line values, one per metric, of one salesperson."""
    lines = []
    weights = []
    for metric in metrics:
        actual, reason = measures[metric.code]
        values = {
            "code": metric.code,
            "sequence": metric.sequence,
            "direction": metric.direction,
            "measured": actual is not None,
            "not_measured_reason": reason,
            "actual": round(actual or 0.0, 2),
            "target": metric.target,
            "achievement_pct": 0.0,
            "points": 0.0,
            "weight": metric.weight,
        }
        got = None
        if actual is not None:
            achievement = scorecard_rules.achievement_pct(
                actual, metric.target, metric.direction
            )
            got = scorecard_rules.points(achievement)
            values["achievement_pct"] = round(achievement, 1)
            values["points"] = round(got, 2)
        weights.append((metric.weight, got))
        lines.append(values)
    total, weighted = scorecard_rules.score(weights)
    for values, item in zip(lines, weighted, strict=True):
        values["effective_weight"] = round(item.effective_weight, 2)
        values["weighted_points"] = round(item.weighted_points, 2)
    return round(total or 0.0, 2), lines
