# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission lines' stamps are indexed by a B-tree
(``crm_commission_line_write_date_idx``): the BRIN it replaces goes."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS crm_commission_line_write_date_brin_idx")
