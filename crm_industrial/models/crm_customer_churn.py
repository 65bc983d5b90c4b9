# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, format_amount

from .crm_churn_snapshot import CHURN_BANDS, REASON_GROUPS, REASON_RULES
from .crm_company_recompute import heavy_statement_settings
from .crm_customer_profile import ABC_CLASSES

# The reasons a score gives: its strongest features, of those that make the
# customer riskier than the average one.
REASONS_SHOWN = 3

# Memory each sort or hash of the scoring statement may use.
SCORING_WORK_MEM_MB = 64


class CrmCustomerChurn(models.Model):
    """The churn risk of one active customer, scored nightly by its
    company's churn model (``crm.churn.model``) from the customer's
    snapshot of the day (``crm.churn.snapshot``): the probability that it
    becomes dormant within the company's horizon, its band, and the
    features that make it riskier than the average customer, strongest
    first, with the figures behind them.

    Customers that are dormant already, or never bought, have no risk; nor
    has a company without a model. Read as the customer profile: a
    salesperson sees the risk of their own customers.
    """

    _name = "crm.customer.churn"
    _inherit = ["crm.computed.rows"]
    _description = "Customer Churn Risk"
    _order = "revenue_at_risk desc, risk_pct desc, id"
    _rec_name = "partner_id"

    _computed_key = ("profile_id",)
    _computed_columns = (
        "company_id",
        "partner_id",
        "user_id",
        "team_id",
        "abc_class",
        "industry_id",
        "model_id",
        "risk_pct",
        "band",
        "revenue_12m",
        "revenue_at_risk",
        "reasons",
        "figures",
        "high_since",
    )

    _profile_unique = models.Constraint(
        "UNIQUE(profile_id)", "A customer has one churn risk per company."
    )

    profile_id = fields.Many2one(
        "crm.customer.profile", required=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    model_id = fields.Many2one(
        "crm.churn.model", string="Churn Model", readonly=True, ondelete="set null"
    )
    risk_pct = fields.Float(
        string="Churn Risk (%)",
        readonly=True,
        digits=(16, 0),
        aggregator="avg",
        help="The probability that the customer becomes dormant within the "
        "company's horizon, learned from the company's own history.",
    )
    band = fields.Selection(CHURN_BANDS, string="Risk", readonly=True, index=True)
    revenue_12m = fields.Monetary(string="Revenue (12 months)", readonly=True)
    revenue_at_risk = fields.Monetary(
        readonly=True,
        help="The churn risk times the revenue of the last 12 months.",
    )
    reasons = fields.Json(string="Reason Codes", readonly=True)
    figures = fields.Json(readonly=True)
    reason_text = fields.Text(string="Reasons", compute="_compute_reason_text")
    high_since = fields.Date(
        string="High Risk Since",
        readonly=True,
        help="The day the customer's risk last became high.",
    )

    def _compute_reason_text(self):
        for churn in self:
            churn.reason_text = "\n".join(churn._reason_lines()) or self.env._(
                "No figure makes this customer riskier than the average one: its "
                "risk is about the company's usual rate."
            )

    @api.model
    def _unscored_text(self, company):
        """Why a customer of ``company`` has no churn risk, in words."""
        if not self.env["crm.churn.model"].search_count(
            [("company_id", "=", company.id)], limit=1
        ):
            return company.churn_training_error or self.env._(
                "No churn model has been trained for this company yet."
            )
        return self.env._(
            "No churn risk: the customer is dormant already, or has no invoice yet."
        )

    # ------------------------------------------------------------------
    # Reasons
    # ------------------------------------------------------------------

    @api.model
    def _feature_labels(self):
        """The features of the churn model, by code, in words."""
        return {
            "dormancy_closeness": self.env._(
                "Time since the last order or invoice, of its dormancy threshold"
            ),
            "time_left": self.env._("Days left before dormancy, of the horizon"),
            "recency_ratio": self.env._(
                "Time since the last invoice, in its own rhythm"
            ),
            "recency_unknown": self.env._("Too few invoices for a rhythm"),
            "frequency_trend": self.env._(
                "Invoices: last 6 months against the 6 before"
            ),
            "revenue_trend_6m": self.env._(
                "Revenue: last 6 months against the 6 before"
            ),
            "revenue_trend_12m": self.env._(
                "Revenue: last 12 months against the 12 before"
            ),
            "margin_trend": self.env._("Margin: last 6 months against the 6 before"),
            "margin_unknown": self.env._("No margin to compare"),
            "category_count": self.env._("Product categories bought in 12 months"),
            "category_trend": self.env._(
                "Product categories: last 6 months against before"
            ),
            "complaint_count": self.env._("Complaints in 6 months"),
            "complaint_late_count": self.env._("Complaints answered or resolved late"),
            "owner_changed": self.env._("Salesperson changed in 12 months"),
            "class_a": self.env._("Class A"),
            "class_b": self.env._("Class B"),
            "class_unknown": self.env._("No ABC class"),
            "overdue_share": self.env._(
                "Overdue receivables, of the revenue of 12 months"
            ),
            "payment_days_trend": self.env._(
                "Days to pay: last 6 months against before"
            ),
            "payment_unknown": self.env._("No payment times to compare"),
            "late_delivery_share": self.env._(
                "Deliveries not on time and in full, of the last 6 months"
            ),
            "late_delivery_trend": self.env._(
                "Deliveries not on time and in full: last 6 months against before"
            ),
            "delivery_unknown": self.env._("No delivery in 6 months"),
            "nps": self.env._("NPS of the satisfaction window"),
            "nps_unknown": self.env._("Too few NPS answers"),
            "csat": self.env._("CSAT of the satisfaction window, from 3 of 5"),
            "csat_unknown": self.env._("Too few CSAT answers"),
        }

    def _reason_lines(self):
        """This risk's reasons, strongest first, in words and numbers."""
        self.ensure_one()
        figures = self.figures or {}
        return [self._reason_line(code, figures) for code in (self.reasons or [])]

    def _reason_line(self, code, figures):
        """One reason in words, with the figures behind it."""

        def amount(key):
            return format_amount(self.env, figures.get(key) or 0.0, self.currency_id)

        def number(key):
            value = figures.get(key)
            return "-" if value is None else f"{value:g}"

        gap = figures.get("median_gap") or 0
        days = figures.get("days_since_invoice") or 0
        lines = {
            "dormancy_closeness": lambda: self.env._(
                "No order or invoice for %(days)s days; dormant after "
                "%(threshold)s days",
                days=number("days_since_activity"),
                threshold=number("threshold"),
            ),
            "recency_ratio": lambda: self.env._(
                "No invoice for %(days)s days, %(ratio)s times its usual %(gap)s days",
                days=days,
                ratio=f"{days / gap:.1f}" if gap else "-",
                gap=f"{gap:g}",
            ),
            "frequency_trend": lambda: self.env._(
                "%(recent)s invoices in the last 6 months against %(before)s in "
                "the 6 before",
                recent=number("invoices_6m"),
                before=number("invoices_prev_6m"),
            ),
            "revenue_trend_6m": lambda: self.env._(
                "Revenue of the last 6 months %(recent)s against %(before)s in the "
                "6 before",
                recent=amount("revenue_6m"),
                before=amount("revenue_prev_6m"),
            ),
            "revenue_trend_12m": lambda: self.env._(
                "Revenue of the last 12 months %(recent)s against %(before)s in the "
                "12 before",
                recent=amount("revenue_12m"),
                before=amount("revenue_prev_12m"),
            ),
            "margin_trend": lambda: self.env._(
                "Margin %(recent)s %% in the last 6 months against %(before)s %% in "
                "the 6 before",
                recent=number("margin_6m_pct"),
                before=number("margin_prev_6m_pct"),
            ),
            "category_count": lambda: self.env._(
                "%(count)s product categories bought in the last 12 months",
                count=number("categories_12m"),
            ),
            "category_trend": lambda: self.env._(
                "%(recent)s product categories bought in the last 6 months against "
                "%(before)s in the 6 before",
                recent=number("categories_6m"),
                before=number("categories_prev_6m"),
            ),
            "complaint_count": lambda: self.env._(
                "%(count)s complaints in 6 months, %(late)s answered or resolved late",
                count=number("complaints_6m"),
                late=number("complaints_late_6m"),
            ),
            "owner_changed": lambda: self.env._(
                "Its salesperson changed in the last 12 months"
            ),
            "overdue_share": lambda: self.env._(
                "%(overdue)s overdue, against %(revenue)s invoiced in 12 months",
                overdue=amount("overdue"),
                revenue=amount("revenue_12m"),
            ),
            "payment_days_trend": lambda: self.env._(
                "Pays in %(recent)s days on average in the last 6 months against "
                "%(before)s days in the 6 before",
                recent=number("pay_days_6m"),
                before=number("pay_days_prev_6m"),
            ),
            "late_delivery_share": lambda: self.env._(
                "On time and in full: %(recent)s %% of %(count)s deliveries in the "
                "last 6 months, against %(before)s %% in the 6 before",
                recent=number("otif_6m_pct"),
                count=number("deliveries_6m"),
                before=number("otif_prev_6m_pct"),
            ),
            "nps": lambda: self.env._(
                "NPS %(nps)s from %(count)s answers",
                nps=number("nps"),
                count=number("nps_answers"),
            ),
            "csat": lambda: self.env._(
                "Satisfaction (CSAT) %(csat)s of 5 from %(count)s answers",
                csat=number("csat"),
                count=number("csat_answers"),
            ),
        }
        return lines[code]()

    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------

    @api.model
    def _recompute_company(self, company, today):
        """Score the active customers of ``company`` with its churn model
        (no model: no score); the rows written. A step of the customer
        profiles' run, under its lock, after the profiles."""
        model = self.env["crm.churn.model"].search(
            [("company_id", "=", company.id)], limit=1
        )
        if not model:
            new = SQL(
                "SELECT %s FROM crm_customer_churn WHERE FALSE",
                SQL(", ").join(
                    SQL.identifier(column)
                    for column in (*self._computed_key, *self._computed_columns)
                ),
            )
        else:
            new = self._scored_sql(company, today, model)
        with heavy_statement_settings(self.env.cr, SCORING_WORK_MEM_MB):
            return self._computed_rows_write(
                new, SQL("old.company_id = %s", company.id)
            )

    @api.model
    def _scored_sql(self, company, today, model):
        """SQL: the rows of :meth:`_recompute_company` scored by ``model``."""
        customers = SQL(
            """SELECT profile.partner_id
                 FROM crm_customer_profile profile
                 JOIN res_partner partner
                   ON partner.id = profile.partner_id AND partner.active
                WHERE profile.company_id = %s""",
            company.id,
        )
        snapshot = self.env["crm.churn.snapshot"]._snapshot_sql(
            company, customers, today, model.horizon_months, labelled=False
        )
        coefficients = model.coefficient_ids
        terms = {
            line: SQL(
                "%s * ((%s) - %s) / %s",
                line.coefficient,
                SQL.identifier(line.feature),
                line.mean,
                line.scale,
            )
            for line in coefficients
        }
        # the features that may be told as reasons (REASON_RULES), with
        # their contribution where their value is past their point
        reasons = {}
        for line in coefficients:
            direction, neutral = REASON_RULES.get(line.feature, (0, None))
            if line.coefficient * direction <= 0:
                continue
            reasons[line] = (
                terms[line]
                if neutral is None
                else SQL(
                    "CASE WHEN (%s - %s) * %s > 0 THEN %s ELSE 0 END",
                    SQL.identifier(line.feature),
                    neutral,
                    direction,
                    terms[line],
                )
            )
        return SQL(
            """
SELECT profile.id AS profile_id, profile.company_id, profile.partner_id,
       profile.user_id, profile.team_id, profile.abc_class, profile.industry_id,
       %(model)s AS model_id,
       risk.risk_pct,
       CASE WHEN risk.risk_pct >= %(high)s THEN 'high'
            WHEN risk.risk_pct >= %(medium)s THEN 'medium'
            ELSE 'low' END AS band,
       profile.revenue_12m,
       ROUND(GREATEST(profile.revenue_12m, 0) * risk.risk_pct / 100, 2)
           AS revenue_at_risk,
       reasons.codes AS reasons,
       scored.figures,
       CASE WHEN risk.risk_pct >= %(high)s
            THEN CASE WHEN stored.band = 'high' THEN stored.high_since
                      ELSE %(today)s::date END
       END AS high_since
  FROM (
    SELECT features.partner_id, features.figures,
           %(intercept)s + %(logit)s AS logit,
           ARRAY[%(codes)s]::varchar[] AS codes,
           ARRAY[%(reason_terms)s]::float8[] AS contributions
      FROM (%(snapshot)s) features
  ) scored
  JOIN crm_customer_profile profile
    ON profile.partner_id = scored.partner_id AND profile.company_id = %(company)s
  LEFT JOIN crm_customer_churn stored ON stored.profile_id = profile.id
 CROSS JOIN LATERAL (
    SELECT ROUND((100 / (1 + EXP(-LEAST(GREATEST(scored.logit, -50), 50))))::numeric)
               AS risk_pct
 ) risk
 CROSS JOIN LATERAL (
    SELECT COALESCE(JSONB_AGG(top.code ORDER BY top.contribution DESC, top.code),
                    '[]') AS codes
      FROM (
        -- riskier than the average customer; a reason told once, by the
        -- strongest of its features
        SELECT code, MAX(contribution) AS contribution
          FROM UNNEST(scored.codes, scored.contributions) AS term(code, contribution)
         WHERE contribution > 0
         GROUP BY code
         ORDER BY contribution DESC, code
         LIMIT %(shown)s
      ) top
 ) reasons
            """,
            model=model.id,
            high=company.churn_high_pct,
            medium=company.churn_medium_pct,
            today=today,
            intercept=model.intercept,
            logit=SQL(" + ").join(terms.values()) if terms else SQL("0"),
            codes=SQL(", ").join(
                SQL("%s", REASON_GROUPS.get(line.feature, line.feature))
                for line in reasons
            ),
            reason_terms=SQL(", ").join(reasons.values()),
            snapshot=snapshot,
            company=company.id,
            shown=REASONS_SHOWN,
        )
