# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reasons of key accounts are kept in restricted columns, read through
fields that show them to the account's team and the directors only."""

from odoo.tools import SQL


def migrate(cr, version):
    for old, new in (
        ("proposal_reason", "proposal_reason_text"),
        ("end_reason", "end_reason_text"),
    ):
        cr.execute(
            SQL(
                """SELECT 1 FROM information_schema.columns
                    WHERE table_name = 'crm_key_account' AND column_name = %s""",
                new,
            )
        )
        if not cr.fetchone():
            cr.execute(
                SQL(
                    "ALTER TABLE crm_key_account RENAME COLUMN %s TO %s",
                    SQL.identifier(old),
                    SQL.identifier(new),
                )
            )
