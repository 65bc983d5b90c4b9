# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The stamps of the computations' sources are indexed by B-trees
(``crm.recompute.mark._index_sources``): the BRIN indexes they replace go."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        r"SELECT indexname FROM pg_indexes"
        r" WHERE schemaname = current_schema()"
        r" AND indexname LIKE '%\_\_write\_date\_brin'"
    )
    for (name,) in cr.fetchall():
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
