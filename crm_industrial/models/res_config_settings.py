# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .res_company import ABC_DEFAULT_SHARES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    abc_value_basis = fields.Selection(
        related="company_id.abc_value_basis", readonly=False
    )
    abc_method = fields.Selection(related="company_id.abc_method", readonly=False)
    abc_lookback_months = fields.Integer(
        related="company_id.abc_lookback_months", readonly=False
    )
    abc_a_share = fields.Float(related="company_id.abc_a_share", readonly=False)
    abc_b_share = fields.Float(related="company_id.abc_b_share", readonly=False)

    lifecycle_exploration_months = fields.Integer(
        related="company_id.lifecycle_exploration_months", readonly=False
    )
    lifecycle_maturity_months = fields.Integer(
        related="company_id.lifecycle_maturity_months", readonly=False
    )
    lifecycle_growth_pct = fields.Float(
        related="company_id.lifecycle_growth_pct", readonly=False
    )
    lifecycle_decline_pct = fields.Float(
        related="company_id.lifecycle_decline_pct", readonly=False
    )
    lifecycle_dormancy_floor_days = fields.Integer(
        related="company_id.lifecycle_dormancy_floor_days", readonly=False
    )
    lifecycle_opportunity_probability = fields.Float(
        related="company_id.lifecycle_opportunity_probability", readonly=False
    )

    retention_trend_threshold_pct = fields.Float(
        related="company_id.retention_trend_threshold_pct", readonly=False
    )

    retention_cooldown_days = fields.Integer(
        related="company_id.retention_cooldown_days", readonly=False
    )
    retention_fallback_user_id = fields.Many2one(
        related="company_id.retention_fallback_user_id", readonly=False
    )
    customer_owner_change_managers_only = fields.Boolean(
        related="company_id.customer_owner_change_managers_only", readonly=False
    )

    customer_profile_last_run = fields.Datetime(
        related="company_id.customer_profile_last_run"
    )
    customer_profile_last_error = fields.Text(
        related="company_id.customer_profile_last_error"
    )

    survey_delivery_every = fields.Integer(
        related="company_id.survey_delivery_every", readonly=False
    )
    survey_delivery_survey_id = fields.Many2one(
        related="company_id.survey_delivery_survey_id", readonly=False
    )
    survey_contact_interval_days = fields.Integer(
        related="company_id.survey_contact_interval_days", readonly=False
    )
    satisfaction_window_months = fields.Integer(
        related="company_id.satisfaction_window_months", readonly=False
    )
    satisfaction_min_answers = fields.Integer(
        related="company_id.satisfaction_min_answers", readonly=False
    )
    churn_horizon_months = fields.Integer(
        related="company_id.churn_horizon_months", readonly=False
    )
    churn_medium_pct = fields.Float(
        related="company_id.churn_medium_pct", readonly=False
    )
    churn_high_pct = fields.Float(related="company_id.churn_high_pct", readonly=False)
    churn_training_error = fields.Text(related="company_id.churn_training_error")

    @api.onchange("abc_method")
    def _onchange_abc_method(self):
        """Propose the usual shares of the chosen method."""
        if self.abc_method:
            self.abc_a_share, self.abc_b_share = ABC_DEFAULT_SHARES[self.abc_method]
