# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission lines' stamps are indexed by a B-tree
(``crm_commission_line_write_date_idx``): the BRIN it replaces goes. The
invoice, customer and company a line copies from its invoice line and its
period, and who computed it, have no foreign key any more
(``UnkeyedMany2one``)."""


def migrate(cr, version):
    cr.execute(
        """
        DROP INDEX IF EXISTS crm_commission_line_write_date_brin_idx;
        ALTER TABLE crm_commission_line
            DROP CONSTRAINT IF EXISTS crm_commission_line_move_id_fkey,
            DROP CONSTRAINT IF EXISTS crm_commission_line_partner_id_fkey,
            DROP CONSTRAINT IF EXISTS crm_commission_line_company_id_fkey,
            DROP CONSTRAINT IF EXISTS crm_commission_line_create_uid_fkey,
            DROP CONSTRAINT IF EXISTS crm_commission_line_write_uid_fkey;
        """
    )
