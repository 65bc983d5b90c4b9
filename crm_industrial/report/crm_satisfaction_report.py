# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from ..models.crm_customer_profile import ABC_CLASSES
from ..models.crm_satisfaction_score import DIMENSIONS
from ..models.satisfaction_rules import CSAT_DETRACTOR_MAX
from ..models.survey_user_input import NPS_CATEGORIES


class CrmSatisfactionReport(models.Model):
    """Satisfaction analysis: one row per scored line of a counted answer.

    The NPS answer and each CSAT rating of the answers that count, with the
    salesperson and team the answer is attributed to, and the customer's
    current salesperson, class and industry. The record rules read the
    customer's current salesperson, as for the answers themselves; the
    respondent is for sales managers only.
    """

    _name = "crm.satisfaction.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date = fields.Date(string="Answered On", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_user_id = fields.Many2one(
        "res.users",
        string="Current Salesperson",
        readonly=True,
        help="The customer's salesperson today.",
    )
    salesperson_id = fields.Many2one(
        "res.users",
        string="Salesperson at Answer",
        readonly=True,
        help="Who owned the customer when the answer came in.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team at Answer", readonly=True)
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        readonly=True,
        help="The customer's class today, in the answer's company.",
    )
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    contact_role_id = fields.Many2one("crm.contact.role", readonly=True)
    respondent_id = fields.Many2one(
        "res.partner",
        readonly=True,
        groups="sales_team.group_sale_manager",
    )
    dimension = fields.Selection(DIMENSIONS, readonly=True)
    salesperson_controlled = fields.Boolean(
        string="Controlled by the Salesperson", readonly=True
    )
    value = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="NPS answer (0-10) or CSAT rating (1-5); averaged when grouped.",
    )
    nps_category = fields.Selection(NPS_CATEGORIES, readonly=True)
    promoter = fields.Integer(
        string="Promoters", readonly=True, help="NPS answers of 9 or 10."
    )
    detractor = fields.Integer(
        string="Detractors",
        readonly=True,
        help="NPS answers of 0 to 6 and CSAT ratings of 2 or less.",
    )
    answer_line_count = fields.Integer(string="Ratings", readonly=True)

    _depends = {
        "survey.user_input": [
            "crm_company_id",
            "crm_counted",
            "crm_nps_category",
            "crm_partner_id",
            "crm_salesperson_id",
            "crm_team_id",
            "end_datetime",
            "partner_id",
            "state",
            "survey_id",
        ],
        "survey.user_input.line": [
            "answer_type",
            "question_id",
            "skipped",
            "user_input_id",
            "value_scale",
        ],
        "survey.question": [
            "crm_csat_dimension",
            "crm_salesperson_controlled",
            "crm_score_role",
        ],
        "res.partner": ["crm_contact_role_id", "industry_id", "user_id"],
        "crm.customer.profile": ["abc_class", "company_id", "partner_id"],
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
        return SQL(
            """
SELECT line.id,
       answer.end_datetime::date AS date,
       answer.id AS user_input_id,
       answer.survey_id,
       line.question_id,
       answer.crm_company_id AS company_id,
       answer.crm_partner_id AS partner_id,
       customer.user_id AS customer_user_id,
       answer.crm_salesperson_id AS salesperson_id,
       answer.crm_team_id AS team_id,
       profile.abc_class,
       customer.industry_id,
       respondent.crm_contact_role_id AS contact_role_id,
       answer.partner_id AS respondent_id,
       CASE question.crm_score_role
            WHEN 'nps' THEN 'nps'
            ELSE question.crm_csat_dimension
       END AS dimension,
       COALESCE(question.crm_salesperson_controlled, FALSE)
           AS salesperson_controlled,
       line.value_scale AS value,
       CASE question.crm_score_role
            WHEN 'nps' THEN answer.crm_nps_category
       END AS nps_category,
       CASE WHEN question.crm_score_role = 'nps'
                 AND answer.crm_nps_category = 'promoter' THEN 1 ELSE 0
       END AS promoter,
       CASE WHEN question.crm_score_role = 'nps'
                 AND answer.crm_nps_category = 'detractor' THEN 1
            WHEN question.crm_score_role = 'csat'
                 AND line.value_scale <= %(csat_detractor_max)s THEN 1
            ELSE 0
       END AS detractor,
       1 AS answer_line_count
  FROM survey_user_input_line line
  JOIN survey_user_input answer ON answer.id = line.user_input_id
  JOIN survey_question question ON question.id = line.question_id
  JOIN res_partner customer ON customer.id = answer.crm_partner_id
  LEFT JOIN res_partner respondent ON respondent.id = answer.partner_id
  LEFT JOIN crm_customer_profile profile
    ON profile.partner_id = answer.crm_partner_id
   AND profile.company_id = answer.crm_company_id
 WHERE answer.crm_counted
   AND answer.state = 'done'
   AND question.crm_score_role IS NOT NULL
   AND line.answer_type = 'scale'
   AND line.skipped IS NOT TRUE
            """,
            csat_detractor_max=CSAT_DETRACTOR_MAX,
        )
