# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction survey answers of the benchmark database.

A step of :mod:`bench.data`, run after the customers (it reads the temporary
``bench_customer`` table and ``pg_temp.bench_rand``) with the parameters of
``sql_params`` and :func:`satisfaction_params`::

    cr.execute(SQL(SQL_SATISFACTION, **params, **satisfaction_params()))

It generates ``SURVEY_ANSWERS`` completed answers to the two surveys the
addon ships, each invited by the company and counted, spread over the same
three years as the invoices and skewed towards the larger customers: 60 %
relationship surveys (the NPS and five CSAT ratings), 40 % after a delivery
(one CSAT rating), and their answer lines. Each answer's NPS category, CSAT
average and detractor flag are those its completion would have written, by
the thresholds of the addon's own rules. Ids follow the tables' current
maximum; their sequences are moved past them at the end.
"""

import importlib.util
from pathlib import Path

SURVEY_ANSWERS = 300_000
RELATIONSHIP_SHARE = 0.6

# the addon's rules module imports nothing of Odoo: loaded by path, so that
# this module can be imported before the addons path is known
_RULES_PATH = (
    Path(__file__).resolve().parent.parent
    / "crm_industrial/models/satisfaction_rules.py"
)
_spec = importlib.util.spec_from_file_location("satisfaction_rules", _RULES_PATH)
satisfaction_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(satisfaction_rules)


def satisfaction_params():
    """The parameters of :data:`SQL_SATISFACTION` beyond ``sql_params``."""
    return {
        "survey_answers": SURVEY_ANSWERS,
        "relationship_share": RELATIONSHIP_SHARE,
        "promoter_min": satisfaction_rules.PROMOTER_MIN,
        "passive_min": satisfaction_rules.PASSIVE_MIN,
        "csat_detractor_max": satisfaction_rules.CSAT_DETRACTOR_MAX,
    }


SQL_SATISFACTION = """
-- the marked questions of the two surveys the addon ships
CREATE TEMP TABLE bench_survey_question AS
SELECT question.id AS question_id, question.survey_id, question.sequence,
       question.crm_score_role AS role, survey.crm_survey_kind AS kind
  FROM survey_question question
  JOIN survey_survey survey ON survey.id = question.survey_id
  JOIN ir_model_data data
    ON data.model = 'survey.survey' AND data.res_id = survey.id
   AND data.module = 'crm_industrial'
   AND data.name IN ('survey_relationship', 'survey_transactional')
 WHERE question.crm_score_role IS NOT NULL;

-- one answer per row, larger customers asked more often; numbered in the
-- order they came in, as a live database stores them
CREATE TEMP TABLE bench_survey_answer AS
SELECT a.n,
       (SELECT coalesce(max(id), 0) FROM survey_user_input)
           + ROW_NUMBER() OVER (ORDER BY a.end_datetime, a.n) AS answer_id,
       c.partner_id, c.user_id,
       CASE WHEN pg_temp.bench_rand(a.n, 81) < %(relationship_share)s
            THEN 'relationship' ELSE 'transactional' END AS kind,
       a.end_datetime,
       a.end_datetime - interval '1 day'
           * (1 + floor(pg_temp.bench_rand(a.n, 83) * 14)) AS invited_at
  FROM (SELECT n,
               1 + floor(%(customers)s
                         * power(pg_temp.bench_rand(n, 80), 2.0))::int AS idx,
               (current_date - floor(pg_temp.bench_rand(n, 82) * %(days)s)::int)
                   + time '08:00' + interval '1 minute' * (n %% 600)
                   AS end_datetime
          FROM generate_series(1, %(survey_answers)s) n) a
  JOIN bench_customer c USING (idx);
CREATE UNIQUE INDEX ON bench_survey_answer (answer_id);

-- its ratings: NPS about +25 (half promoters, a fifth detractors), CSAT
-- mostly 4 and 5
CREATE TEMP TABLE bench_survey_line AS
SELECT a.answer_id, q.question_id, q.survey_id, q.sequence, q.role,
       CASE q.role
            WHEN 'nps' THEN least(10, floor(11 * power(
                pg_temp.bench_rand(a.n * 64 + q.sequence, 84), 0.3)))::int
            ELSE 1 + least(4, floor(5 * power(
                pg_temp.bench_rand(a.n * 64 + q.sequence, 85), 0.35)))::int
       END AS value
  FROM bench_survey_answer a
  JOIN bench_survey_question q ON q.kind = a.kind;

CREATE TEMP TABLE bench_survey_score AS
SELECT answer_id,
       max(value) FILTER (WHERE role = 'nps') AS nps,
       avg(value) FILTER (WHERE role = 'csat') AS csat_avg,
       min(value) FILTER (WHERE role = 'csat') AS csat_min,
       min(survey_id) AS survey_id
  FROM bench_survey_line
 GROUP BY answer_id;

INSERT INTO survey_user_input (
    id, survey_id, state, test_entry, start_datetime, end_datetime,
    access_token, partner_id, email, nickname, is_session_answer,
    survey_first_submitted, crm_partner_id, crm_company_id, crm_salesperson_id,
    crm_team_id, crm_invitation, crm_invitation_date, crm_counted, crm_nps,
    crm_nps_category, crm_csat_avg, crm_detractor, create_uid, write_uid,
    create_date, write_date)
SELECT a.answer_id, s.survey_id, 'done', false,
       a.end_datetime - interval '4 minutes', a.end_datetime,
       md5('bench-survey-answer-' || a.n), a.partner_id, rp.email, rp.name, false,
       false, a.partner_id, %(company_id)s, a.user_id,
       %(team_id)s,
       CASE a.kind WHEN 'relationship' THEN 'campaign' ELSE 'delivery' END,
       a.invited_at, true, s.nps,
       CASE WHEN s.nps >= %(promoter_min)s THEN 'promoter'
            WHEN s.nps >= %(passive_min)s THEN 'passive'
            WHEN s.nps IS NOT NULL THEN 'detractor'
       END,
       s.csat_avg,
       coalesce(s.nps < %(passive_min)s, false)
           OR coalesce(s.csat_min <= %(csat_detractor_max)s, false),
       1, 1, a.invited_at, a.end_datetime
  FROM bench_survey_answer a
  JOIN bench_survey_score s USING (answer_id)
  JOIN res_partner rp ON rp.id = a.partner_id
 ORDER BY a.answer_id;

INSERT INTO survey_user_input_line (
    user_input_id, survey_id, question_id, question_sequence, skipped,
    answer_type, value_scale, answer_score, answer_is_correct, create_uid,
    write_uid, create_date, write_date)
SELECT l.answer_id, l.survey_id, l.question_id, l.sequence, false,
       'scale', l.value, 0, false, 1, 1, a.end_datetime, a.end_datetime
  FROM bench_survey_line l
  JOIN bench_survey_answer a USING (answer_id)
 ORDER BY l.answer_id, l.sequence;

SELECT setval(pg_get_serial_sequence('survey_user_input', 'id'),
              (SELECT max(id) FROM survey_user_input));
"""
