# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmContactRole(models.Model):
    """What a customer's contact does there: purchasing, engineering, quality..."""

    _name = "crm.contact.role"
    _description = "Contact Role"
    _order = "sequence, id"

    _name_unique = models.Constraint("UNIQUE(name)", "A contact role is named once.")

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
