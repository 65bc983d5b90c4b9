# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

VISIT_TYPES = [
    ("executive", "Executive visit"),
    ("annual_meeting", "Annual key-account meeting"),
    ("visit", "Other visit"),
]


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    crm_key_account_id = fields.Many2one(
        "crm.key.account",
        string="Key Account",
        index="btree_not_null",
        ondelete="set null",
        help="The key account this meeting serves: executive visits count "
        "towards the account's visit rhythm.",
    )
    crm_visit_type = fields.Selection(
        VISIT_TYPES,
        string="Key Account Visit",
        help="Executive visits and the annual meeting keep the account's "
        "relationship rhythm.",
    )
