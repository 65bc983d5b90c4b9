# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    key_account_delivery_tolerance_days = fields.Integer(
        related="company_id.key_account_delivery_tolerance_days", readonly=False
    )
    key_account_complaint_response_hours = fields.Integer(
        related="company_id.key_account_complaint_response_hours", readonly=False
    )
    key_account_max = fields.Integer(
        related="company_id.key_account_max", readonly=False
    )
    key_account_max_per_manager = fields.Integer(
        related="company_id.key_account_max_per_manager", readonly=False
    )
