# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_company_recompute import heavy_statement_settings
from .satisfaction_rules import Z_95
from .survey_question import CSAT_DIMENSIONS

SCOPES = [
    ("customer", "Customer"),
    ("salesperson", "Salesperson"),
    ("team", "Sales Team"),
    ("company", "Company"),
]
DIMENSIONS = [("nps", "NPS"), ("csat", "CSAT (overall)"), *CSAT_DIMENSIONS]

# Columns the recompute writes, after the row's key.
SCORE_COLUMNS = (
    "answer_count",
    "score",
    "margin_of_error",
    "enough",
    "invited_count",
    "response_rate",
)

# Memory each sort or hash of the recompute may use before spilling to disk.
RECOMPUTE_WORK_MEM_MB = 64


def _subject(alias):
    """The subject of row ``alias`` as the unique index reads it."""
    return SQL(
        "COALESCE(%(alias)s.partner_id, %(alias)s.user_id, %(alias)s.team_id, 0)",
        alias=SQL.identifier(alias),
    )


class CrmSatisfactionScore(models.Model):
    """One satisfaction score of a customer, salesperson, team or company.

    One row per company, scope, subject and dimension, over the company's
    window of completed, counted answers; written set-based by
    :meth:`_recompute_company`, never by hand. A salesperson's and a team's
    rows count the answers attributed to them when the answers came in.
    """

    _name = "crm.satisfaction.score"
    _inherit = ["crm.computed.rows"]
    _description = "Customer Satisfaction Score"
    _computed_key = ("scope", "dimension", "partner_id", "user_id", "team_id")
    _computed_columns = ("company_id", *SCORE_COLUMNS)
    # 300 000 rows a company on the bench: an unchanged run merged them on
    # five sorted keys in 3.3 s, by hash in 1.9 s
    _computed_hash_join = True
    _order = "company_id, scope, dimension, answer_count desc, id"
    _rec_name = "dimension"
    # figures of the last run, rewritten in bulk: no author or date per row
    _log_access = False

    _subject_unique = models.UniqueIndex(
        "(company_id, scope, dimension, (COALESCE(partner_id, user_id, team_id, 0)))",
        "A subject has one score per dimension and company.",
    )
    _subject_of_scope = models.Constraint(
        """CHECK(
            (scope = 'customer' AND partner_id IS NOT NULL
             AND user_id IS NULL AND team_id IS NULL)
            OR (scope = 'salesperson' AND user_id IS NOT NULL
                AND partner_id IS NULL AND team_id IS NULL)
            OR (scope = 'team' AND team_id IS NOT NULL
                AND partner_id IS NULL AND user_id IS NULL)
            OR (scope = 'company' AND partner_id IS NULL
                AND user_id IS NULL AND team_id IS NULL))""",
        "A score's subject is the customer, salesperson or team of its scope.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    # found through the unique index, which starts with the company
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    scope = fields.Selection(SCOPES, required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", readonly=True, ondelete="cascade"
    )
    dimension = fields.Selection(DIMENSIONS, required=True, readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    score = fields.Float(
        string="Score Value",
        readonly=True,
        digits=(16, 2),
        aggregator=None,
        help="NPS: promoters minus detractors, from -100 to 100. CSAT: the "
        "average rating, from 1 to 5.",
    )
    margin_of_error = fields.Float(
        string="Margin of Error (95 %)",
        readonly=True,
        digits=(16, 2),
        aggregator=None,
        help="Had every contact answered, the score would lie within this many "
        "points of this one 19 times out of 20; empty under two answers.",
    )
    enough = fields.Boolean(
        string="Enough Answers",
        readonly=True,
        help="At least the company's minimum number of answers: otherwise the "
        "score is shown as 'not enough answers'.",
    )
    invited_count = fields.Integer(
        string="Invited",
        readonly=True,
        help="Invitations the company sent in the window (NPS and CSAT rows).",
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        readonly=True,
        digits=(16, 1),
        aggregator=None,
        help="Share of those invitations that were answered.",
    )
    date_from = fields.Date(
        string="Answers From", related="company_id.satisfaction_window_from"
    )
    date_to = fields.Date(
        string="Answers To", related="company_id.satisfaction_window_to"
    )
    score_text = fields.Char(
        string="Score",
        compute="_compute_score_text",
        help="The score and its margin of error, or 'not enough answers'.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("dimension", "score", "margin_of_error", "enough", "answer_count")
    def _compute_score_text(self):
        for row in self:
            row.score_text = row._score_text()

    def _score_text(self):
        """``40 ± 12`` (NPS), ``4.2 ± 0.3`` (CSAT), or "not enough answers (3)"."""
        self.ensure_one()
        if not self.answer_count or not self.enough:
            return self.env._("not enough answers (%(count)s)", count=self.answer_count)
        if self.dimension == "nps":
            # a sign shows which side of zero the NPS lies; zero has none
            score = f"{self.score:+.0f}" if round(self.score) else "0"
            margin = f"{self.margin_of_error:.0f}"
        else:
            score = f"{self.score:.1f}"
            margin = f"{self.margin_of_error:.1f}"
        if self.answer_count < 2:
            return score
        return self.env._("%(score)s ± %(margin)s", score=score, margin=margin)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _recompute_company(self, company, today, partners=None):
        """Recompute the satisfaction scores of ``company``; rows written.

        One statement: the counted answers completed in the company's window
        ending ``today`` (their NPS, overall CSAT and CSAT per dimension) and
        the invitations sent in it, aggregated per customer (of the
        customers ``partners`` only, when given: the others' rows are left
        as they are) and per salesperson, team and company (from every
        answer), written through ``crm.computed.rows`` (rows of subjects
        with neither answers nor invitations left in the window are
        deleted; a company's first run inserts its rows subject by subject,
        so that the foreign keys' checks find the customer they have just
        read); then the company records the window. Run twice, it writes
        nothing the second time.
        """
        self.env.flush_all()
        cr = self.env.cr
        ctes, new = self._recompute_query(company, today, partners)
        scope = SQL("old.company_id = %s", company.id)
        if partners is not None:
            scope = SQL(
                "%s AND (old.scope <> 'customer' OR old.partner_id = ANY(%s))",
                scope,
                partners,
            )
        # one row per customer and dimension
        with heavy_statement_settings(cr, RECOMPUTE_WORK_MEM_MB):
            written = self._computed_rows_write(new, scope, ctes, _subject("diff"))
        return written + self._record_window(company, today)

    @api.model
    def _calendar_partners_sql(self, company, last_day, today):
        """A query of the customers (column ``partner_id``) whose answers or
        invitations enter or leave the window from a run of ``last_day`` to
        one of ``today``."""
        _from, _to, last_start, last_end = self._window(company, last_day)
        _from, _to, start, end = self._window(company, today)
        return SQL(
            """
SELECT answer.crm_partner_id AS partner_id
  FROM survey_user_input answer
 WHERE answer.crm_company_id = %(company)s
   AND ((answer.end_datetime >= %(last_start)s AND answer.end_datetime < %(start)s)
        OR (answer.end_datetime >= %(last_end)s AND answer.end_datetime < %(end)s)
        OR (answer.crm_invitation_date >= %(last_start)s
            AND answer.crm_invitation_date < %(start)s)
        OR (answer.crm_invitation_date >= %(last_end)s
            AND answer.crm_invitation_date < %(end)s))
            """,
            company=company.id,
            last_start=last_start,
            start=start,
            last_end=last_end,
            end=end,
        )

    @api.model
    def _record_window(self, company, today):
        """Record on ``company`` the window ending ``today`` that its
        satisfaction scores and complaint figures were computed over, once
        for all their rows (stored in each, it rewrote every row each day);
        the rows written, 0 or 1."""
        date_from, date_to, _start, _end = self._window(company, today)
        self.env.cr.execute(
            SQL(
                """UPDATE res_company
                      SET satisfaction_window_from = %(date_from)s,
                          satisfaction_window_to = %(date_to)s
                    WHERE id = %(company)s
                      AND (satisfaction_window_from, satisfaction_window_to)
                          IS DISTINCT FROM (%(date_from)s, %(date_to)s)""",
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        company.invalidate_recordset(
            ["satisfaction_window_from", "satisfaction_window_to"]
        )
        return self.env.cr.rowcount

    @api.model
    def _window(self, company, today):
        """First and last day of the window, and its bounds in UTC datetimes."""
        date_from = (
            today
            - relativedelta(months=company.satisfaction_window_months)
            + relativedelta(days=1)
        )
        return (
            date_from,
            today,
            datetime.combine(date_from, time.min),
            datetime.combine(today + relativedelta(days=1), time.min),
        )

    @api.model
    def _scored_sql(self, partners):
        """The figures of CTE ``point`` per customer (of ``partners`` only,
        when given), salesperson, team and company: in one pass when every
        customer is computed."""
        figures = SQL(
            """COUNT(value) AS answer_count,
           COUNT(*) FILTER (WHERE category = 'promoter') AS promoters,
           COUNT(*) FILTER (WHERE category = 'detractor') AS detractors,
           AVG(value) AS average,
           STDDEV_SAMP(value) AS deviation,
           COUNT(answered) AS invited_count,
           COUNT(*) FILTER (WHERE answered) AS answered_count"""
        )
        others = SQL(
            """CASE WHEN GROUPING(user_id) = 0 THEN 'salesperson'
                WHEN GROUPING(team_id) = 0 THEN 'team'
                ELSE 'company'
           END"""
        )
        if partners is None:
            return SQL(
                """SELECT CASE WHEN GROUPING(partner_id) = 0 THEN 'customer'
                ELSE %(others)s END AS scope,
           partner_id, user_id, team_id, dimension, %(figures)s
      FROM point
     GROUP BY GROUPING SETS ((dimension, partner_id), (dimension, user_id),
                             (dimension, team_id), (dimension))""",
                others=others,
                figures=figures,
            )
        return SQL(
            """SELECT 'customer' AS scope, partner_id, NULL::integer AS user_id,
           NULL::integer AS team_id, dimension, %(figures)s
      FROM point
     WHERE partner_id = ANY(%(partners)s)
     GROUP BY dimension, partner_id
     UNION ALL
    SELECT %(others)s, NULL, user_id, team_id, dimension, %(figures)s
      FROM point
     GROUP BY GROUPING SETS ((dimension, user_id), (dimension, team_id),
                             (dimension))""",
            others=others,
            figures=figures,
            partners=partners,
        )

    def _recompute_query(self, company, today, partners=None):
        """The statement's common table expressions and its new rows: the
        customers' of ``partners`` only, when given."""
        _date_from, _date_to, start, end = self._window(company, today)
        ctes = SQL(
            """
answer AS (
    SELECT answer.id, answer.crm_partner_id AS partner_id,
           answer.crm_salesperson_id AS user_id, answer.crm_team_id AS team_id,
           answer.crm_nps, answer.crm_nps_category, answer.crm_csat_avg
      FROM survey_user_input answer
     WHERE %(counted)s
), survey_dimension AS (
    SELECT DISTINCT question.survey_id,
           CASE question.crm_score_role WHEN 'nps' THEN 'nps' ELSE 'csat' END
               AS dimension
      FROM survey_question question
     WHERE question.crm_score_role IS NOT NULL
), point AS (
    -- one row per rating: NULL category and answered for ratings
    SELECT partner_id, user_id, team_id, 'nps' AS dimension,
           crm_nps::float8 AS value, crm_nps_category AS category,
           NULL::boolean AS answered
      FROM answer
     WHERE crm_nps_category IS NOT NULL
     UNION ALL
    SELECT partner_id, user_id, team_id, 'csat', crm_csat_avg, NULL, NULL
      FROM answer
     WHERE crm_csat_avg IS NOT NULL
     UNION ALL
    SELECT answer.partner_id, answer.user_id, answer.team_id,
           question.crm_csat_dimension, line.value_scale::float8, NULL, NULL
      FROM answer
      JOIN survey_user_input_line line ON line.user_input_id = answer.id
      JOIN survey_question question ON question.id = line.question_id
     WHERE question.crm_score_role = 'csat'
       AND question.crm_csat_dimension IS NOT NULL
       AND line.answer_type = 'scale'
       AND line.skipped IS NOT TRUE
     UNION ALL
    -- one row per invitation sent in the window: NULL value
    SELECT invitation.crm_partner_id, invitation.crm_salesperson_id,
           invitation.crm_team_id, survey_dimension.dimension, NULL, NULL,
           invitation.state = 'done'
      FROM survey_user_input invitation
      JOIN survey_dimension ON survey_dimension.survey_id = invitation.survey_id
     WHERE invitation.crm_company_id = %(company)s
       AND invitation.crm_invitation IS NOT NULL
       AND invitation.crm_partner_id IS NOT NULL
       AND invitation.test_entry IS NOT TRUE
       -- an employee's invitation counts nowhere, as their answer does
       AND NOT EXISTS (
           SELECT 1 FROM res_users employee
            WHERE employee.partner_id = invitation.partner_id
              AND NOT employee.share)
       AND invitation.crm_invitation_date >= %(start)s
       AND invitation.crm_invitation_date < %(end)s
), scored AS (
    %(scored)s
)
            """,
            scored=self._scored_sql(partners),
            company=company.id,
            start=start,
            end=end,
            counted=self.env["survey.user_input"]._crm_counted_sql(
                "answer", company, start, end
            ),
        )
        new = SQL(
            """
    SELECT %(company)s AS company_id,
           scope, partner_id, user_id, team_id, dimension,
           answer_count::integer AS answer_count,
           ROUND((CASE WHEN answer_count = 0 THEN NULL
                       WHEN dimension = 'nps' THEN %(nps)s
                       ELSE average
                  END)::numeric, 2) AS score,
           ROUND((CASE WHEN answer_count < 2 THEN NULL
                       WHEN dimension = 'nps'
                       THEN %(z)s * 100.0 * SQRT(GREATEST(0.0,
                            (promoters + detractors)::float8 / answer_count
                            - POWER((promoters - detractors)::float8
                                    / answer_count, 2))
                            / answer_count)
                       ELSE %(z)s * deviation / SQRT(answer_count)
                  END)::numeric, 2) AS margin_of_error,
           answer_count >= %(min_answers)s AS enough,
           invited_count::integer AS invited_count,
           ROUND(100.0 * answered_count / NULLIF(invited_count, 0), 1)
               AS response_rate
      FROM scored
     WHERE scope = 'company' OR COALESCE(partner_id, user_id, team_id) IS NOT NULL
            """,
            company=company.id,
            nps=self.env["survey.user_input"]._crm_nps_sql(
                SQL("promoters"), SQL("detractors"), SQL("answer_count")
            ),
            z=Z_95,
            min_answers=company.satisfaction_min_answers,
        )
        return ctes, new
