# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

SCOPES = [
    ("customer", "Customer"),
    ("salesperson", "Salesperson"),
    ("category", "Category"),
    ("company", "Company"),
]
# Columns the recompute writes, besides the key (company, scope, subject).
FIGURE_COLUMNS = (
    "partner_id",
    "user_id",
    "categ_id",
    "customer_user_id",
    "complaint_count",
    "open_count",
    "delivery_count",
    "per_100_deliveries",
    "answered_count",
    "answered_in_target_pct",
    "resolved_count",
    "resolved_in_target_pct",
    "resolution_avg_hours",
    "resolution_p90_hours",
)


class CrmComplaintScore(models.Model):
    """How one company handled the complaints of a customer, a salesperson,
    a category or the whole company over the window.

    Rows are written set-based by :meth:`_recompute_company`, one statement
    per company, and only when a figure changed.
    """

    _name = "crm.complaint.score"
    _inherit = ["crm.computed.rows"]
    _description = "Complaint Figures"
    _computed_key = ("scope", "subject_key")
    _computed_columns = ("company_id", *FIGURE_COLUMNS)
    _order = "company_id, scope, complaint_count desc, id"

    _company_scope_subject_unique = models.Constraint(
        "UNIQUE(company_id, scope, subject_key)",
        "The complaint figures of a subject are computed once per company.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    scope = fields.Selection(SCOPES, required=True, readonly=True, index=True)
    subject_key = fields.Integer(
        required=True,
        readonly=True,
        help="The id of the customer, salesperson or category the figures are "
        "about; 0 for the whole company, complaints without salesperson or "
        "without category.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index="btree_not_null"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        index="btree_not_null",
        help="The salesperson who owned the customers when their complaints "
        "were received and their goods delivered.",
    )
    categ_id = fields.Many2one(
        "crm.claim.category", string="Category", readonly=True, ondelete="cascade"
    )
    customer_user_id = fields.Many2one(
        related="partner_id.user_id",
        string="Customer's Salesperson",
        store=True,
        index=True,
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    open_count = fields.Integer(
        string="Open", readonly=True, help="Complaints not resolved yet."
    )
    delivery_count = fields.Integer(
        string="Deliveries",
        readonly=True,
        help="Outgoing deliveries done in the window: the customer's, the "
        "salesperson's customers' while they owned them, or all of the "
        "company's for a category and the company.",
    )
    per_100_deliveries = fields.Float(
        string="Complaints per 100 Deliveries",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
    )
    answered_count = fields.Integer(string="Answered", readonly=True)
    answered_in_target_pct = fields.Float(
        string="Answered in Time (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Among the complaints answered or already late for their first "
        "answer, the share answered within target.",
    )
    resolved_count = fields.Integer(string="Resolved", readonly=True)
    resolved_in_target_pct = fields.Float(
        string="Resolved in Time (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Among the complaints resolved or already late for their "
        "resolution, the share resolved within target.",
    )
    resolution_avg_hours = fields.Float(
        string="Average Resolution (h)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Average working hours to resolve the resolved complaints.",
    )
    resolution_p90_hours = fields.Float(
        string="90th Percentile Resolution (h)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Nine in ten resolved complaints took at most this many working "
        "hours (continuous percentile: interpolated between the two nearest "
        "resolution times).",
    )
    window_start = fields.Date(
        string="From", related="company_id.satisfaction_window_from"
    )
    window_end = fields.Date(string="To", related="company_id.satisfaction_window_to")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("scope", "partner_id", "user_id", "categ_id", "company_id")
    def _compute_display_name(self):
        for score in self:
            if score.scope == "customer":
                score.display_name = score.partner_id.display_name
            elif score.scope == "salesperson":
                score.display_name = score.user_id.display_name or self.env._(
                    "Without salesperson"
                )
            elif score.scope == "category":
                score.display_name = score.categ_id.display_name or self.env._(
                    "Without category"
                )
            else:
                score.display_name = score.company_id.display_name

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _recompute_company(self, company, today):
        """The complaint figures of ``company`` over the window ending ``today``.

        First the state of the company's open complaints as of now, then one
        statement that aggregates the complaints received and the deliveries
        done in the window, per customer, salesperson, category and for the
        company, writes the rows whose figures changed and deletes the rows
        of subjects without complaints in the window; the window itself is
        recorded once, on the company (``crm.satisfaction.score``'s, the
        same). Returns the number of rows written (complaints refreshed,
        figures written and deleted, the window): a second run at the same
        moment writes none.
        """
        written = self.env["crm.claim"]._refresh_open_service_levels(company)
        self.env.flush_all()
        Score = self.env["crm.satisfaction.score"]
        window_start, _date_to, _start, _end = Score._window(company, today)
        ctes, new = self._recompute_query(company, window_start, today)
        written += self._computed_rows_write(
            new, SQL("old.company_id = %s", company.id), ctes
        )
        return written + Score._record_window(company, today)

    def _recompute_query(self, company, window_start, today):
        """The statement's common table expressions and its new rows."""
        ctes = SQL(
            """
claim AS (
    SELECT claim.crm_partner_id AS partner_id,
           claim.salesperson_id AS user_id,
           claim.categ_id,
           claim.date_first_response IS NOT NULL AS answered,
           claim.date_resolved IS NOT NULL AS resolved,
           claim.response_met,
           claim.resolution_met,
           claim.resolution_hours
      FROM crm_claim claim
     WHERE claim.company_id = %(company)s
       AND claim.date >= %(start)s
       AND claim.date < %(end)s
), claim_figures AS (
    SELECT %(scope)s AS scope,
           COALESCE(partner_id, user_id, categ_id, 0) AS subject_key,
           partner_id, user_id, categ_id,
           COUNT(*) AS complaint_count,
           COUNT(*) FILTER (WHERE NOT resolved) AS open_count,
           COUNT(*) FILTER (WHERE answered) AS answered_count,
           COUNT(*) FILTER (WHERE answered AND response_met) AS answered_in_target,
           COUNT(*) FILTER (WHERE answered OR NOT response_met) AS response_due,
           COUNT(*) FILTER (WHERE resolved) AS resolved_count,
           COUNT(*) FILTER (WHERE resolved AND resolution_met) AS resolved_in_target,
           COUNT(*) FILTER (WHERE resolved OR NOT resolution_met) AS resolution_due,
           AVG(resolution_hours) FILTER (WHERE resolved) AS resolution_avg_hours,
           PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY resolution_hours)
               FILTER (WHERE resolved) AS resolution_p90_hours
      FROM claim
     GROUP BY GROUPING SETS ((partner_id), (user_id), (categ_id), ())
), delivery AS (
    %(deliveries)s
), delivery_figures AS (
    SELECT CASE WHEN GROUPING(partner_id) = 0 THEN 'customer'
                WHEN GROUPING(user_id) = 0 THEN 'salesperson'
                ELSE 'company' END AS scope,
           COALESCE(partner_id, user_id, 0) AS subject_key,
           COUNT(*) AS delivery_count
      FROM delivery
     GROUP BY GROUPING SETS ((partner_id), (user_id), ())
)
            """,
            scope=SQL(
                """CASE WHEN GROUPING(partner_id) = 0 THEN 'customer'
                        WHEN GROUPING(user_id) = 0 THEN 'salesperson'
                        WHEN GROUPING(categ_id) = 0 THEN 'category'
                        ELSE 'company' END"""
            ),
            deliveries=self.env["crm.claim"]._deliveries_sql(
                company,
                window_start,
                today + relativedelta(days=1),
                company._crm_time_zone(),
            ),
            company=company.id,
            start=window_start,
            end=today + relativedelta(days=1),
        )
        new = SQL(
            """
    SELECT %(company)s AS company_id, figures.scope, figures.subject_key,
           figures.partner_id, figures.user_id, figures.categ_id,
           partner.user_id AS customer_user_id,
           figures.complaint_count, figures.open_count,
           COALESCE(delivery.delivery_count, 0) AS delivery_count,
           ROUND(100.0 * figures.complaint_count
                 / NULLIF(delivery.delivery_count, 0), 2) AS per_100_deliveries,
           figures.answered_count,
           ROUND(100.0 * figures.answered_in_target
                 / NULLIF(figures.response_due, 0), 1) AS answered_in_target_pct,
           figures.resolved_count,
           ROUND(100.0 * figures.resolved_in_target
                 / NULLIF(figures.resolution_due, 0), 1) AS resolved_in_target_pct,
           ROUND(figures.resolution_avg_hours::numeric, 2) AS resolution_avg_hours,
           ROUND(figures.resolution_p90_hours::numeric, 2) AS resolution_p90_hours
      FROM claim_figures figures
      LEFT JOIN delivery_figures delivery
        ON delivery.scope = CASE figures.scope WHEN 'category' THEN 'company'
                                               ELSE figures.scope END
       AND delivery.subject_key = CASE figures.scope WHEN 'category' THEN 0
                                                     ELSE figures.subject_key END
      LEFT JOIN res_partner partner ON partner.id = figures.partner_id
     WHERE figures.scope <> 'customer' OR figures.partner_id IS NOT NULL
            """,
            company=company.id,
        )
        return ctes, new
