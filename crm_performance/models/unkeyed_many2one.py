# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields


class UnkeyedMany2one(fields.Many2one):
    """A many2one with no foreign key, for a computed row's reference that
    another key already keeps consistent, or that only records who wrote
    the row: the invoice and the customer a commission line copies from its
    invoice line (whose deletion deletes the line), its company from its
    period, and who computed it (the period's messages say so too). Odoo
    reads a reference to a deleted record as empty.

    PostgreSQL checks each foreign key of each inserted row one by one,
    locking the row it references: on a month's first computation of
    200 000 commission lines, each of these keys took about a second."""

    def update_db_foreign_key(self, model, column):
        """No foreign key: see the class."""
        return None
