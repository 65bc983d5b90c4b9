# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the complaint figures; importing this module registers them.

The figures of every active company, as the nightly run computes them: the
open complaints' service levels as of now, then one statement per company
over the complaints of the window and the deliveries done in it.
"""

from odoo import fields

from .benchmarks import benchmark


def _recompute_complaint_figures(env):
    """Every active company's complaint figures; complaints read, rows written."""
    scores = env["crm.complaint.score"]
    today = fields.Date.context_today(env.user)
    written = 0
    for company in env["res.company"].search([("active", "=", True)]):
        written += scores._recompute_company(company, today)
    return env["crm.claim"].search_count([]), f"{written:,} rows written"


def _delete_complaint_figures(env):
    """Back to the built database: no complaint figures.

    The open complaints' service levels a committed run refreshed stay: they
    are what the nightly run would find, and move with the clock anyway.
    """
    env.cr.execute("DELETE FROM crm_complaint_score")


@benchmark(
    "complaint_score_recompute",
    requires=("crm_industrial",),
    teardown=_delete_complaint_figures,
)
def complaint_score_recompute(env):
    """The first run: the figures of every customer, salesperson and category."""
    return _recompute_complaint_figures(env)


@benchmark(
    "complaint_score_recompute_unchanged",
    requires=("crm_industrial",),
    setup=_recompute_complaint_figures,
    setup_commits=True,
    teardown=_delete_complaint_figures,
)
def complaint_score_recompute_unchanged(env):
    """The same run again with no complaint changed: it must write no row."""
    return _recompute_complaint_figures(env)
