# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the key accounts; importing this module registers them.

The service levels of every active key account, as the nightly run computes
them: one statement per company over the deliveries done and the complaints
received in the last thirteen months, grouped by key account and month.
"""

from odoo import fields

from .benchmarks import benchmark


def _recompute_service_levels(env):
    """Every active company's service levels; key accounts read, rows written."""
    levels = env["crm.key.account.service.level"]
    today = fields.Date.context_today(env.user)
    written = 0
    for company in env["res.company"].search([("active", "=", True)]):
        written += levels._recompute_company(company, today)
    accounts = env["crm.key.account"].search_count([("state", "=", "active")])
    return accounts, f"{written:,} rows written"


def _delete_service_levels(env):
    """Back to the built database: no service levels."""
    env.cr.execute("DELETE FROM crm_key_account_service_level")


@benchmark(
    "key_account_service_level_recompute",
    requires=("crm_key_account",),
    teardown=_delete_service_levels,
)
def key_account_service_level_recompute(env):
    """The first run: every key account's months written."""
    return _recompute_service_levels(env)


@benchmark(
    "key_account_service_level_recompute_unchanged",
    requires=("crm_key_account",),
    setup=_recompute_service_levels,
    setup_commits=True,
    teardown=_delete_service_levels,
)
def key_account_service_level_recompute_unchanged(env):
    """The same run again with no delivery or complaint changed: no row written."""
    return _recompute_service_levels(env)
