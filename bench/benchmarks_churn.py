# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the churn model; importing this module registers them.

Issue 21's bars: scoring every customer (a step of the nightly run) at most
3x ``baseline_sql_group_by``; training on the bench's history within 10
minutes, memory bounded (the snapshots read month by month, at most 200 000
of them: a sample of the customers above, see ``crm.churn.model``).
"""

import resource

from odoo import fields

from .benchmarks import _delete_nightly_results, _nightly_recompute, benchmark


def _companies(env):
    return env["res.company"].search([("active", "=", True)])


def _train(env):
    """Train (and score with) every active company's churn model."""
    result = env["crm.churn.model"]._recompute(_companies(env))
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))
    models = env["crm.churn.model"].search([])
    return (
        sum(models.mapped("training_rows")) + sum(models.mapped("holdout_rows")),
        "; ".join(
            f"{model.company_id.name}: AUC {model.auc:.3f}, Brier {model.brier:.4f}, "
            f"{model.sample_pct:.1f} % of customers sampled"
            for model in models
        )
        + f"; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB",
    )


def _profiles_and_model(env):
    """Tonight's profiles, and the companies' churn models trained."""
    _nightly_recompute(env)
    _train(env)


def _delete_churn(env):
    """Back to the built database: no profile, churn model or risk."""
    env.cr.execute("DELETE FROM crm_churn_model")
    _delete_nightly_results(env)


@benchmark(
    "churn_score",
    requires=("crm_industrial",),
    setup=_profiles_and_model,
    setup_commits=True,
    teardown=_delete_churn,
)
def churn_score(env):
    """Every active customer scored by its company's model (the nightly
    run's step), the model and profiles committed before."""
    churns = env["crm.customer.churn"]
    today = fields.Date.context_today(env.user)
    written = sum(
        churns._recompute_company(company, today) for company in _companies(env)
    )
    return churns.search_count([]), f"{written:,} rows written"


@benchmark(
    "churn_train",
    requires=("crm_industrial",),
    setup=_nightly_recompute,
    setup_commits=True,
    teardown=_delete_churn,
)
def churn_train(env):
    """Training every company's churn model from its history (up to 36
    month ends), then scoring its customers with it."""
    return _train(env)
