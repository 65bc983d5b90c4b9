# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from ..models.crm_commission_line import LINE_KINDS
from ..models.crm_commission_plan import PERIOD_TYPES

# The columns a commission line brings to both halves of the analysis,
# unchanged.
LINE_COLUMNS = (
    "company_id",
    "user_id",
    "partner_id",
    "customer_class",
    "product_categ_id",
    "plan_id",
    "kind",
)


class CrmCommissionAnalysis(models.Model):
    """Commission analysis with the previous period alongside.

    Odoo's search has no period comparison, so each period carries its
    previous period's figures: the view is the union of

    - every commission line in its own period (base and commission; the
      previous measures 0), and
    - every commission line attributed to the *following* period of the
      same company and kind, the one starting the day after the line's
      period ends (base and commission 0; the previous measures the line's).

    Grouped by anything (salesperson, customer, category, kind…), a period's
    cell then holds what it earned and what the same group earned in the
    period before. The rows of one line differ only by period, so they share
    the line's salesperson and company and the record rules read them alike.
    A row's id is twice its line's id, plus one for the previous-period row.

    The figures are the lines' (before the satisfaction multiplier, the
    retention factor and the pay curve, which apply per salesperson: see
    *By Salesperson*). Cancelled periods are left out on both sides. The
    sales team is the salesperson's main team today (``sale_team_id``), the
    team the satisfaction answers read too. A sales manager reads the rows
    whose line he reads: those of the periods in which he led the
    salesperson (``crm.commission.led.mixin``).
    """

    _name = "crm.commission.analysis"
    _description = "Commission Analysis"
    _auto = False
    _order = "period_start desc, user_id, id"
    _rec_name = "period_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    period_id = fields.Many2one("crm.commission.period", readonly=True)
    period_start = fields.Date(
        readonly=True, help="The first day of the period: group by it by month."
    )
    period_type = fields.Selection(PERIOD_TYPES, string="Period Kind", readonly=True)
    line_id = fields.Many2one(
        "crm.commission.line",
        string="Commission Line",
        readonly=True,
        help="The commission line of this period, or of the period before on "
        "a previous-period row.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The salesperson's main sales team today.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C"), ("none", "No sales")],
        readonly=True,
        help="The customer's class when the line's period was computed.",
    )
    product_categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    plan_id = fields.Many2one("crm.commission.plan", readonly=True)
    kind = fields.Selection(LINE_KINDS, readonly=True)
    base_amount = fields.Monetary(string="Base", readonly=True)
    amount = fields.Monetary(string="Commission", readonly=True)
    previous_base_amount = fields.Monetary(
        string="Previous Base",
        readonly=True,
        help="The base of the same salesperson, customer, category… in the "
        "period before.",
    )
    previous_amount = fields.Monetary(
        string="Previous Commission",
        readonly=True,
        help="The commission of the same salesperson, customer, category… in "
        "the period before.",
    )
    base_variation = fields.Monetary(
        readonly=True,
        help="Base less previous base.",
    )
    variation = fields.Monetary(
        string="Commission Variation",
        readonly=True,
        help="Commission less previous commission. A percentage would not add "
        "up in a pivot's totals: divide the two sums instead.",
    )

    _depends = {
        "crm.commission.line": [
            "period_id",
            *LINE_COLUMNS,
            "base_amount",
            "amount",
        ],
        "crm.commission.period": [
            "company_id",
            "period_type",
            "date_from",
            "date_to",
            "state",
        ],
        "res.company": ["currency_id"],
        "res.users": ["sale_team_id"],
    }

    # ------------------------------------------------------------------
    # View
    # ------------------------------------------------------------------

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    def _query(self):
        """Both halves join the lines on a period id only: the lines of a
        period, and the lines of the period before each period, found
        among the periods themselves (a few per company and year)."""
        line_columns = SQL(", ").join(
            SQL("line.%s", SQL.identifier(column)) for column in LINE_COLUMNS
        )
        source_columns = SQL(", ").join(
            SQL("source.%s", SQL.identifier(column)) for column in LINE_COLUMNS
        )
        return SQL(
            """
SELECT source.id,
       source.period_id,
       period.date_from AS period_start,
       period.period_type,
       source.line_id,
       company.currency_id,
       salesperson.sale_team_id AS team_id,
       %(source_columns)s,
       source.base_amount,
       source.amount,
       source.previous_base_amount,
       source.previous_amount,
       source.base_amount - source.previous_base_amount AS base_variation,
       source.amount - source.previous_amount AS variation
  FROM (
        SELECT line.id * 2 AS id,
               line.period_id,
               line.id AS line_id,
               %(line_columns)s,
               COALESCE(line.base_amount, 0) AS base_amount,
               COALESCE(line.amount, 0) AS amount,
               0::numeric AS previous_base_amount,
               0::numeric AS previous_amount
          FROM crm_commission_line line
        UNION ALL
        SELECT line.id * 2 + 1 AS id,
               following.id AS period_id,
               line.id AS line_id,
               %(line_columns)s,
               0::numeric AS base_amount,
               0::numeric AS amount,
               COALESCE(line.base_amount, 0) AS previous_base_amount,
               COALESCE(line.amount, 0) AS previous_amount
          FROM crm_commission_period previous
          JOIN crm_commission_period following
            ON following.company_id = previous.company_id
           AND following.period_type = previous.period_type
           AND following.date_from = previous.date_to + 1
          JOIN crm_commission_line line ON line.period_id = previous.id
         WHERE previous.state != 'cancel'
       ) source
  JOIN crm_commission_period period ON period.id = source.period_id
  JOIN res_company company ON company.id = source.company_id
  LEFT JOIN res_users salesperson ON salesperson.id = source.user_id
 WHERE period.state != 'cancel'
            """,
            source_columns=source_columns,
            line_columns=line_columns,
        )
