# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

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
    "date_from",
    "date_to",
)

# Memory each sort or hash of the recompute may use before spilling to disk.
RECOMPUTE_WORK_MEM_MB = 32


class CrmSatisfactionScore(models.Model):
    """One satisfaction score of a customer, salesperson, team or company.

    One row per company, scope, subject and dimension, over the company's
    window of completed, counted answers; written set-based by
    :meth:`_recompute_company`, never by hand. A salesperson's and a team's
    rows count the answers attributed to them when the answers came in.
    """

    _name = "crm.satisfaction.score"
    _description = "Customer Satisfaction Score"
    _order = "company_id, scope, dimension, answer_count desc, id"
    _rec_name = "dimension"

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

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
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
        help="The score of all customers lies within this many points of the "
        "score 19 times out of 20; empty under two answers.",
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
    date_from = fields.Date(string="Answers From", readonly=True)
    date_to = fields.Date(string="Answers To", readonly=True)
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
    def _recompute_company(self, company, today):
        """Recompute every satisfaction score of ``company``; rows written.

        One statement: the counted answers completed in the company's window
        ending ``today``, their NPS, overall CSAT and CSAT per dimension,
        aggregated per customer, salesperson, team and company in one pass
        (grouping sets), with the invitations sent in the window; rows
        whose figures changed are written, rows of subjects with neither
        answers nor invitations left in the window are deleted. Run twice,
        it writes nothing the second time.
        """
        self.env.flush_all()
        cr = self.env.cr
        # one row per customer and dimension: more than the default 4 MB per
        # sort or hash, and estimates the planner cannot make (no JIT)
        cr.execute("SET LOCAL jit = off")
        cr.execute(SQL("SET LOCAL work_mem = %s", f"{RECOMPUTE_WORK_MEM_MB}MB"))
        cr.execute(self._recompute_query(company, today))
        written = sum(cr.fetchone())
        cr.execute("RESET jit")
        cr.execute("RESET work_mem")
        self.invalidate_model()
        return written

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

    def _recompute_query(self, company, today):
        date_from, date_to, start, end = self._window(company, today)
        new_values = SQL(", ").join(
            SQL("new.%s", SQL.identifier(column)) for column in SCORE_COLUMNS
        )
        return SQL(
            """
WITH answer AS (
    SELECT answer.id, answer.crm_partner_id AS partner_id,
           answer.crm_salesperson_id AS user_id, answer.crm_team_id AS team_id,
           answer.crm_nps, answer.crm_nps_category, answer.crm_csat_avg
      FROM survey_user_input answer
     WHERE answer.crm_company_id = %(company)s
       AND answer.crm_counted
       AND answer.state = 'done'
       AND answer.crm_partner_id IS NOT NULL
       AND answer.end_datetime >= %(start)s
       AND answer.end_datetime < %(end)s
), point AS (
    SELECT partner_id, user_id, team_id, 'nps' AS dimension,
           crm_nps::numeric AS value, crm_nps_category AS category
      FROM answer
     WHERE crm_nps_category IS NOT NULL
     UNION ALL
    SELECT partner_id, user_id, team_id, 'csat', crm_csat_avg::numeric, NULL
      FROM answer
     WHERE crm_csat_avg IS NOT NULL
     UNION ALL
    SELECT answer.partner_id, answer.user_id, answer.team_id,
           question.crm_csat_dimension, line.value_scale::numeric, NULL
      FROM answer
      JOIN survey_user_input_line line ON line.user_input_id = answer.id
      JOIN survey_question question ON question.id = line.question_id
     WHERE question.crm_score_role = 'csat'
       AND question.crm_csat_dimension IS NOT NULL
       AND line.answer_type = 'scale'
       AND line.skipped IS NOT TRUE
), scored AS (
    SELECT %(scope)s AS scope, partner_id, user_id, team_id, dimension,
           COUNT(*) AS answer_count,
           COUNT(*) FILTER (WHERE category = 'promoter') AS promoters,
           COUNT(*) FILTER (WHERE category = 'detractor') AS detractors,
           AVG(value) AS average,
           STDDEV_SAMP(value) AS deviation
      FROM point
     GROUP BY GROUPING SETS ((dimension, partner_id), (dimension, user_id),
                             (dimension, team_id), (dimension))
), survey_dimension AS (
    SELECT DISTINCT question.survey_id,
           CASE question.crm_score_role WHEN 'nps' THEN 'nps' ELSE 'csat' END
               AS dimension
      FROM survey_question question
     WHERE question.crm_score_role IS NOT NULL
), invitation AS (
    SELECT answer.crm_partner_id AS partner_id,
           answer.crm_salesperson_id AS user_id, answer.crm_team_id AS team_id,
           survey_dimension.dimension, answer.state = 'done' AS answered
      FROM survey_user_input answer
      JOIN survey_dimension ON survey_dimension.survey_id = answer.survey_id
     WHERE answer.crm_company_id = %(company)s
       AND answer.crm_invitation IS NOT NULL
       AND answer.crm_partner_id IS NOT NULL
       AND answer.test_entry IS NOT TRUE
       AND answer.crm_invitation_date >= %(start)s
       AND answer.crm_invitation_date < %(end)s
), invited AS (
    SELECT %(scope)s AS scope, partner_id, user_id, team_id, dimension,
           COUNT(*) AS invited_count,
           COUNT(*) FILTER (WHERE answered) AS answered_count
      FROM invitation
     GROUP BY GROUPING SETS ((dimension, partner_id), (dimension, user_id),
                             (dimension, team_id), (dimension))
), new AS (
    SELECT COALESCE(scored.scope, invited.scope) AS scope,
           COALESCE(scored.partner_id, invited.partner_id) AS partner_id,
           COALESCE(scored.user_id, invited.user_id) AS user_id,
           COALESCE(scored.team_id, invited.team_id) AS team_id,
           COALESCE(scored.dimension, invited.dimension) AS dimension,
           COALESCE(scored.answer_count, 0)::integer AS answer_count,
           ROUND(CASE WHEN scored.dimension = 'nps'
                      THEN 100.0 * (scored.promoters - scored.detractors)
                           / scored.answer_count
                      ELSE scored.average
                 END, 2) AS score,
           ROUND(CASE WHEN scored.answer_count < 2 THEN NULL
                      WHEN scored.dimension = 'nps'
                      THEN %(z)s * 100.0 * SQRT(GREATEST(0,
                           (scored.promoters + scored.detractors)::numeric
                           / scored.answer_count
                           - POWER((scored.promoters - scored.detractors)::numeric
                                   / scored.answer_count, 2))
                           / scored.answer_count)
                      ELSE %(z)s * scored.deviation / SQRT(scored.answer_count::numeric)
                 END, 2) AS margin_of_error,
           COALESCE(scored.answer_count, 0) >= %(min_answers)s AS enough,
           COALESCE(invited.invited_count, 0)::integer AS invited_count,
           ROUND(100.0 * invited.answered_count
                 / NULLIF(invited.invited_count, 0), 1) AS response_rate,
           %(date_from)s AS date_from,
           %(date_to)s AS date_to
      FROM scored
      FULL JOIN invited
        ON invited.scope = scored.scope
       AND invited.dimension = scored.dimension
       AND %(invited_subject)s = %(scored_subject)s
), kept AS (
    SELECT * FROM new
     WHERE scope = 'company'
        OR COALESCE(partner_id, user_id, team_id) IS NOT NULL
), upserted AS (
    INSERT INTO crm_satisfaction_score (
        company_id, scope, partner_id, user_id, team_id, dimension,
        %(columns)s, create_uid, create_date, write_uid, write_date)
    SELECT %(company)s, new.scope, new.partner_id, new.user_id, new.team_id,
           new.dimension, %(new_values)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM kept new
        ON CONFLICT (company_id, scope, dimension,
                     (COALESCE(partner_id, user_id, team_id, 0)))
        DO UPDATE SET (%(columns)s, write_uid, write_date)
                      = (%(excluded_values)s, %(uid)s, %(now)s)
     WHERE (%(old_values)s) IS DISTINCT FROM (%(excluded_values)s)
 RETURNING 1
), deleted AS (
    DELETE FROM crm_satisfaction_score score
     WHERE score.company_id = %(company)s
       AND NOT EXISTS (
           SELECT 1 FROM kept
            WHERE kept.scope = score.scope
              AND kept.dimension = score.dimension
              AND %(kept_subject)s = %(score_subject)s)
 RETURNING 1
)
SELECT (SELECT COUNT(*) FROM upserted), (SELECT COUNT(*) FROM deleted)
            """,
            company=company.id,
            start=start,
            end=end,
            scope=SQL(
                """CASE WHEN GROUPING(partner_id) = 0 THEN 'customer'
                        WHEN GROUPING(user_id) = 0 THEN 'salesperson'
                        WHEN GROUPING(team_id) = 0 THEN 'team'
                        ELSE 'company' END"""
            ),
            z=Z_95,
            min_answers=company.satisfaction_min_answers,
            date_from=date_from,
            date_to=date_to,
            invited_subject=SQL(
                "COALESCE(invited.partner_id, invited.user_id, invited.team_id, 0)"
            ),
            scored_subject=SQL(
                "COALESCE(scored.partner_id, scored.user_id, scored.team_id, 0)"
            ),
            kept_subject=SQL(
                "COALESCE(kept.partner_id, kept.user_id, kept.team_id, 0)"
            ),
            score_subject=SQL(
                "COALESCE(score.partner_id, score.user_id, score.team_id, 0)"
            ),
            columns=SQL(", ").join(SQL.identifier(column) for column in SCORE_COLUMNS),
            new_values=new_values,
            old_values=SQL(", ").join(
                SQL("crm_satisfaction_score.%s", SQL.identifier(column))
                for column in SCORE_COLUMNS
            ),
            excluded_values=SQL(", ").join(
                SQL("EXCLUDED.%s", SQL.identifier(column)) for column in SCORE_COLUMNS
            ),
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )
