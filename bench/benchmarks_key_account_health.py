# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the key accounts' share of wallet and health; importing this
module registers it.

The nightly run of every active company: the share of wallet of its active
key accounts in one statement, then one gather of every health figure, the
rules per key account, and the writes of components, snapshots and red
activities.
"""

from odoo import fields

from .benchmarks import benchmark


def _delete_health(env):
    """Back to the built database: no share of wallet, health or snapshot."""
    env.cr.execute(
        "DELETE FROM crm_key_account_share_of_wallet;"
        " DELETE FROM crm_key_account_health;"
        " DELETE FROM crm_key_account_health_snapshot;"
        " DELETE FROM mail_activity WHERE res_model = 'crm.key.account'"
        " AND activity_type_id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = 'crm_key_account'"
        " AND name = 'mail_activity_type_health_red')"
    )


@benchmark(
    "key_account_health_recompute",
    requires=("crm_key_account",),
    teardown=_delete_health,
)
def key_account_health_recompute(env):
    """Share of wallet and health of every active key account, first run."""
    today = fields.Date.context_today(env.user)
    result = env["crm.key.account.health"]._recompute(
        env["res.company"].search([("active", "=", True)]), today=today
    )
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))
    accounts = env["crm.key.account"].search_count([("state", "=", "active")])
    return accounts, f"{result.written:,} rows written"
