# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Stage codes the recompute infers, by side of the relationship.
PROSPECT_CODES = ("target", "potential", "opportunity")
CUSTOMER_CODES = (
    "exploration",
    "formation",
    "growth",
    "maturity",
    "decline",
    "dormant",
    "recovered",
)


def dormancy_threshold_sql(gap_p90, class_gap, floor):
    """SQL: a customer's dormancy threshold in days: the 90th percentile of
    its own gaps between orders (``gap_p90``, from 3 orders on), else the
    median of those of its class (``class_gap``), never less than
    ``floor``."""
    return SQL(
        "GREATEST(%s, CEIL(COALESCE(%s, %s, 0)))::int", floor, gap_p90, class_gap
    )


def orders_sql(company, before, scope):
    """SQL: the confirmed orders of ``company`` dated before ``before``, one
    row each: the customer company (``partner_id``), ``date_order``, its
    ``day``, ``margin`` and ``untaxed`` amount in the company's currency,
    and ``gap``: the days since the customer's order before, whose 90th
    percentile :func:`dormancy_threshold_sql` reads. ``scope``: conditions
    on ``sale`` and ``partner`` (the order's contact) that limit the
    customers, beginning with ``AND``, or empty."""
    return SQL(
        """SELECT partner.commercial_partner_id AS partner_id,
           sale.date_order,
           sale.date_order::date AS day,
           sale.margin / NULLIF(sale.currency_rate, 0) AS margin,
           sale.amount_untaxed / NULLIF(sale.currency_rate, 0) AS untaxed,
           sale.date_order::date - LAG(sale.date_order::date) OVER (
               PARTITION BY partner.commercial_partner_id
               ORDER BY sale.date_order, sale.id) AS gap
      FROM sale_order sale
      JOIN res_partner partner ON partner.id = sale.partner_id
     WHERE sale.company_id = %s
       AND sale.state = 'sale'
       AND sale.date_order < %s
       %s""",
        company.id,
        before,
        scope,
    )


def profile_dormancy_threshold_sql():
    """SQL: :func:`dormancy_threshold_sql` of a stored ``profile`` row of
    ``company``, from the class medians the last recompute kept on it."""
    return dormancy_threshold_sql(
        SQL("profile.order_gap_p90_days"),
        SQL("(company.dormancy_class_gap_days ->> profile.abc_class_computed)::float8"),
        SQL("company.lifecycle_dormancy_floor_days"),
    )


class CrmLifecycleStage(models.Model):
    """A stage of the customer relationship lifecycle (客户关系生命周期)."""

    _name = "crm.lifecycle.stage"
    _description = "Relationship Lifecycle Stage"
    _order = "sequence, id"

    _code_unique = models.Constraint("UNIQUE(code)", "A stage code must be unique.")

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [(code, code) for code in (*PROSPECT_CODES, *CUSTOMER_CODES)],
        required=True,
        help="What the recompute infers this stage from; see the description.",
    )
    sequence = fields.Integer(default=10)
    side = fields.Selection(
        [("prospect", "Prospect"), ("customer", "Customer")], required=True
    )
    description = fields.Text(translate=True)
    fold = fields.Boolean(string="Folded in Funnel")
    profile_count = fields.Integer(compute="_compute_profile_count", string="Customers")

    def _compute_profile_count(self):
        counts = dict(
            self.env["crm.customer.profile"]._read_group(
                [("lifecycle_stage_id", "in", self.ids)],
                ["lifecycle_stage_id"],
                ["__count"],
            )
        )
        for stage in self:
            stage.profile_count = counts.get(stage, 0)

    @api.model
    def _profile_ctes(self, company, today):
        """The stage each customer's data points to (CTE ``staged`` of the
        customer profiles' recompute, ``crm.customer.profile``).

        Prospects (no order, no invoice) take their stage from their open leads.
        A customer's dormancy threshold is the 90th percentile of its own gaps
        between orders; with fewer than 3 orders, the median of those of its
        ABC class (CTE ``class_threshold``, which the statement keeps on the
        company: :meth:`_class_gap_cte`); never less than the company's
        floor. The rules apply in order: dormant, recovered (after dormant,
        for the exploration period), exploration, decline, growth, maturity,
        else formation.
        """
        return SQL(
            """
class_threshold AS (
    SELECT ranked.abc_class_computed,
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY value.order_gap_p90_days)
               AS class_threshold
      FROM value
      JOIN ranked ON ranked.partner_id = value.partner_id
     WHERE value.order_gap_p90_days IS NOT NULL
     GROUP BY ranked.abc_class_computed
), activity AS (
    SELECT value.partner_id,
           %(threshold)s AS dormancy_threshold_days,
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
), stage_by_code AS (
    SELECT JSONB_OBJECT_AGG(code, id) AS ids FROM crm_lifecycle_stage
), staged AS (
    -- the rule worked out once per customer, its stage looked up by code
    -- (joined on the rule, the rule ran once per customer and stage: 0.16 s
    -- on the bench's 100 000 customers)
    SELECT activity.partner_id,
           activity.dormancy_threshold_days,
           (stage_by_code.ids ->> CASE
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
      END)::integer AS lifecycle_stage_computed_id
      FROM activity
     CROSS JOIN stage_by_code
)
            """,
            company=company.id,
            today=today,
            tomorrow=today + relativedelta(days=1),
            threshold=dormancy_threshold_sql(
                SQL("value.order_gap_p90_days"),
                SQL("class_threshold.class_threshold"),
                company.lifecycle_dormancy_floor_days,
            ),
            exploration_start=today
            - relativedelta(months=company.lifecycle_exploration_months),
            maturity_start=today
            - relativedelta(months=company.lifecycle_maturity_months),
            growth=company.lifecycle_growth_pct,
            decline=company.lifecycle_decline_pct,
        )

    @api.model
    def _class_gap_cte(self, company):
        """The CTE of the profiles' statement that keeps each class's median
        order gap (CTE ``class_threshold`` of :meth:`_profile_ctes`) on
        ``company`` when it moved: stored in each customer's row, it
        rewrote every customer of a class with fewer than 3 orders when one
        customer entered or left the class."""
        return SQL(
            """class_gap AS (
    UPDATE res_company company
       SET dormancy_class_gap_days = gaps.days
      FROM (SELECT COALESCE(JSONB_OBJECT_AGG(abc_class_computed, class_threshold),
                            '{}'::jsonb) AS days
              FROM class_threshold) gaps
     WHERE company.id = %s
       AND company.dormancy_class_gap_days IS DISTINCT FROM gaps.days
 RETURNING company.id
)""",
            company.id,
        )
