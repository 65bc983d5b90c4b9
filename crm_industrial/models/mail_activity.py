# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

RETENTION_REASONS = [
    ("decline", "Decline"),
    ("dormant", "Dormant"),
    ("value_drop", "Revenue drop of a valuable customer"),
]


class MailActivity(models.Model):
    _inherit = "mail.activity"

    _crm_retention_open_unique = models.UniqueIndex(
        "(crm_retention_profile_id, crm_retention_reason)"
        " WHERE active AND crm_retention_profile_id IS NOT NULL",
        "A customer has one open retention activity per reason.",
    )

    crm_retention_profile_id = fields.Many2one(
        "crm.customer.profile",
        string="Retention Customer Profile",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    crm_retention_reason = fields.Selection(
        RETENTION_REASONS, string="Retention Reason", readonly=True
    )
