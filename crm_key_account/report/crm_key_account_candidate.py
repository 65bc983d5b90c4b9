# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_industrial.models.crm_customer_profile import ABC_CLASSES

from ..models.crm_key_account_criterion import CLASS_POINTS


class CrmKeyAccountCandidate(models.Model):
    """Customers ranked by the measured key-account selection criteria.

    One row per customer profile with revenue in the last 12 months: its
    percentile among the company's customers on revenue, margin and trend,
    the points of its ABC class, and their weighted mean by the company's
    measured criteria. Rated criteria come in once a customer is proposed.
    Rows carry the profile's salesperson, so salespeople read their own
    customers only, as on the profiles.
    """

    _name = "crm.key.account.candidate"
    _description = "Key Account Candidate"
    _auto = False
    _order = "company_id, measured_score desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="Class", readonly=True)
    revenue_12m = fields.Monetary(string="Revenue (12 months)", readonly=True)
    margin_12m = fields.Monetary(string="Gross Margin (12 months)", readonly=True)
    revenue_trend_pct = fields.Float(string="Trend (%)", readonly=True, digits=(16, 1))
    revenue_points = fields.Float(readonly=True, digits=(16, 1), aggregator="avg")
    margin_points = fields.Float(readonly=True, digits=(16, 1), aggregator="avg")
    growth_points = fields.Float(readonly=True, digits=(16, 1), aggregator="avg")
    class_points = fields.Float(readonly=True, digits=(16, 1), aggregator="avg")
    measured_score = fields.Float(
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Weighted mean, 0 to 100, of the measured criteria.",
    )
    key_account_id = fields.Many2one("crm.key.account", readonly=True)
    key_account_state = fields.Selection(
        related="key_account_id.state", string="Key Account State"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        class_points = SQL(" ").join(
            SQL("WHEN %s THEN %s", abc_class, points)
            for abc_class, points in CLASS_POINTS.items()
        )
        self.env.cr.execute(
            SQL(
                """
CREATE VIEW %(table)s AS (
WITH weight AS (
    SELECT company_id,
           SUM(weight) FILTER (WHERE source = 'revenue') AS revenue,
           SUM(weight) FILTER (WHERE source = 'margin') AS margin,
           SUM(weight) FILTER (WHERE source = 'growth') AS growth,
           SUM(weight) FILTER (WHERE source = 'class') AS class
      FROM crm_key_account_criterion
     WHERE active
     GROUP BY company_id
), ranked AS (
    SELECT profile.id, profile.partner_id, profile.company_id, profile.user_id,
           profile.industry_id, profile.abc_class, profile.revenue_12m,
           profile.margin_12m, profile.revenue_trend_pct,
           100.0 * PERCENT_RANK() OVER (
               PARTITION BY profile.company_id ORDER BY profile.revenue_12m
           ) AS revenue_points,
           100.0 * PERCENT_RANK() OVER (
               PARTITION BY profile.company_id ORDER BY profile.margin_12m
           ) AS margin_points,
           CASE WHEN profile.revenue_trend_pct IS NOT NULL
                THEN 100.0 * PERCENT_RANK() OVER (
                    PARTITION BY profile.company_id,
                                 profile.revenue_trend_pct IS NULL
                    ORDER BY profile.revenue_trend_pct)
           END AS growth_points,
           CASE profile.abc_class %(class_points)s ELSE 0 END AS class_points
      FROM crm_customer_profile profile
     WHERE profile.revenue_12m > 0
)
SELECT ranked.*,
       (COALESCE(weight.revenue, 0) * ranked.revenue_points
        + COALESCE(weight.margin, 0) * ranked.margin_points
        + COALESCE(weight.growth, 0) * COALESCE(ranked.growth_points, 0)
        + COALESCE(weight.class, 0) * ranked.class_points)
       / NULLIF(COALESCE(weight.revenue, 0) + COALESCE(weight.margin, 0)
                + CASE WHEN ranked.growth_points IS NULL THEN 0
                       ELSE COALESCE(weight.growth, 0) END
                + COALESCE(weight.class, 0), 0) AS measured_score,
       account.id AS key_account_id
  FROM ranked
  LEFT JOIN weight ON weight.company_id = ranked.company_id
  LEFT JOIN crm_key_account account
         ON account.partner_id = ranked.partner_id
        AND account.company_id = ranked.company_id
        AND account.state IN ('proposed', 'approved', 'active')
)
                """,
                table=SQL.identifier(self._table),
                class_points=class_points,
            )
        )

    def action_propose(self):
        """Open a new proposal for this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.key.account",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
            },
        }
