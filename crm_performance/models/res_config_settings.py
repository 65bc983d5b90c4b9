# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    commission_period = fields.Selection(
        related="company_id.commission_period", readonly=False
    )
    commission_pay_day = fields.Integer(
        related="company_id.commission_pay_day", readonly=False
    )
    commission_request_line_limit = fields.Integer(
        related="company_id.commission_request_line_limit", readonly=False
    )
