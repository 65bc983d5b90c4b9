# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Companies that exist at installation start from the main company's
    selection criteria; the key accounts' shares start their history."""
    companies = env["res.company"].search([])
    companies._copy_key_account_criteria()
    env["crm.key.account.share"]._init_from_members()
