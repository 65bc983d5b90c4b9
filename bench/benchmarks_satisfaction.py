# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the customer satisfaction scores.

Registered when imported, next to :mod:`bench.benchmarks`: the recompute of
every company's scores (the first run, the nightly run after yesterday's, a
run over unchanged answers) and, to compare them with, the bare SQL
aggregate of the same answer lines.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

from .benchmarks import benchmark


@benchmark("sql_survey_answers_per_customer", requires=("crm_industrial",))
def sql_survey_answers_per_customer(env):
    """Bare SQL GROUP BY of the counted answers' ratings per customer."""
    env.cr.execute(
        SQL(
            """
            SELECT answer.crm_partner_id, count(*), avg(line.value_scale),
                   stddev_samp(line.value_scale)
              FROM survey_user_input_line line
              JOIN survey_user_input answer ON answer.id = line.user_input_id
             WHERE answer.crm_counted AND line.answer_type = 'scale'
             GROUP BY answer.crm_partner_id
            """
        )
    )
    return len(env.cr.fetchall())


def _recompute_satisfaction_scores(env, today=None):
    """Every active company's scores, as the nightly run computes them."""
    scores = env["crm.satisfaction.score"]
    today = today or fields.Date.context_today(env.user)
    written = sum(
        scores._recompute_company(company, today)
        for company in env["res.company"].search([("active", "=", True)])
    )
    return scores.search_count([]), f"{written:,} rows written"


def _recompute_satisfaction_scores_yesterday(env):
    """Yesterday's run, the one the nightly run follows."""
    yesterday = fields.Date.context_today(env.user) - relativedelta(days=1)
    _recompute_satisfaction_scores(env, yesterday)


def _delete_satisfaction_scores(env):
    """Back to the built database: no score."""
    env.cr.execute("DELETE FROM crm_satisfaction_score")


@benchmark(
    "satisfaction_score_recompute",
    requires=("crm_industrial",),
    teardown=_delete_satisfaction_scores,
)
def satisfaction_score_recompute(env):
    """The first run: every score row of every customer, salesperson and team."""
    return _recompute_satisfaction_scores(env)


@benchmark(
    "satisfaction_score_recompute_daily",
    requires=("crm_industrial",),
    setup=_recompute_satisfaction_scores_yesterday,
    setup_commits=True,
    teardown=_delete_satisfaction_scores,
)
def satisfaction_score_recompute_daily(env):
    """The nightly run, after yesterday's run was committed: the window moves."""
    return _recompute_satisfaction_scores(env)


@benchmark(
    "satisfaction_score_recompute_unchanged",
    requires=("crm_industrial",),
    setup=_recompute_satisfaction_scores,
    setup_commits=True,
    teardown=_delete_satisfaction_scores,
)
def satisfaction_score_recompute_unchanged(env):
    """The same recompute again over unchanged answers: it must write no row."""
    return _recompute_satisfaction_scores(env)
