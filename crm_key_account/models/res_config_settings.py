# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .health_rules import COMPONENTS
from .res_company import health_weight_field


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

    # the health weights are saved together: each on its own would break
    # their sum of 100 % in between
    key_account_health_weight_revenue_trend = fields.Float(string="Revenue trend")
    key_account_health_weight_margin_trend = fields.Float(string="Margin trend")
    key_account_health_weight_share_of_wallet = fields.Float(string="Share of wallet")
    key_account_health_weight_on_time_delivery = fields.Float(string="On-time delivery")
    key_account_health_weight_complaint_service = fields.Float(
        string="Complaint service"
    )
    key_account_health_weight_satisfaction = fields.Float(string="NPS / CSAT")
    key_account_health_weight_engagement = fields.Float(string="Engagement")
    key_account_health_weight_plan_progress = fields.Float(string="Plan progress")
    key_account_health_weight_overdue_receivables = fields.Float(
        string="Overdue receivables"
    )
    key_account_health_green_from = fields.Float(
        related="company_id.key_account_health_green_from", readonly=False
    )
    key_account_health_min_coverage_pct = fields.Float(
        related="company_id.key_account_health_min_coverage_pct", readonly=False
    )
    key_account_health_red_below = fields.Float(
        related="company_id.key_account_health_red_below", readonly=False
    )
    key_account_white_space_pct = fields.Float(
        related="company_id.key_account_white_space_pct", readonly=False
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        company = self.env.company
        for component in COMPONENTS:
            name = health_weight_field(component)
            values[name] = company[name]
        return values

    def set_values(self):
        result = super().set_values()
        weights = {
            health_weight_field(component): self[health_weight_field(component)]
            for component in COMPONENTS
        }
        company = self.company_id
        if any(company[name] != weight for name, weight in weights.items()):
            company.write(weights)
        return result
