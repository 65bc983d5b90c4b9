# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields


class CopiedMany2one(fields.Many2one):
    """A many2one that a computed row copies from its source row, for
    reading, searching and grouping, with no foreign key of its own: the
    source's key already keeps the row consistent (the invoice and the
    customer of a commission line come with its invoice line, whose
    deletion deletes the line; its company with its period).

    PostgreSQL checks each foreign key of each inserted row one by one: on
    a month's first computation of 200 000 commission lines, each key took
    about a second, and these three copies protected nothing the invoice
    line's and the period's keys do not."""

    def update_db_foreign_key(self, model, column):
        """No foreign key: see the class."""
        return None
