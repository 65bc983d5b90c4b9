# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .health_rules import COMPONENTS, DEFAULT_HEALTH_WEIGHTS, weights_valid


def health_weight_field(component):
    """The res.company field holding ``component``'s weight."""
    return f"key_account_health_weight_{component}"


class ResCompany(models.Model):
    _inherit = "res.company"

    key_account_delivery_tolerance_days = fields.Integer(
        string="On-time Delivery Tolerance (days)",
        default=0,
        help="A delivery done this many days after its promised date still "
        "counts as on time: in the key accounts' service levels and in the "
        "deliveries the churn model reads.",
    )
    key_account_complaint_response_hours = fields.Integer(
        string="Complaint Response Target (hours)",
        default=48,
        help="Key-account complaints must get a first answer within this time.",
    )

    key_account_max = fields.Integer(
        string="Maximum Key Accounts",
        default=0,
        help="Warn when the company has more active key accounts than this; "
        "0 for no maximum.",
    )
    key_account_max_per_manager = fields.Integer(
        string="Maximum Key Accounts per Manager",
        default=35,
        help="Warn when a key-account manager has more active key accounts "
        "than this (practice: 15 to 35); 0 for no maximum.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._copy_key_account_criteria()
        return companies

    def _copy_key_account_criteria(self):
        """Give companies without selection criteria a copy of the main
        company's (translations included)."""
        criteria = (
            self.env["crm.key.account.criterion"].sudo().with_context(active_test=False)
        )
        template = criteria.search(
            [("company_id", "=", self.env.ref("base.main_company").id)]
        )
        have = set(criteria.search([("company_id", "in", self.ids)]).company_id.ids)
        for company in self:
            if company.id not in have:
                for criterion in template:
                    criterion.copy({"company_id": company.id})

    @api.constrains("key_account_max", "key_account_max_per_manager")
    def _check_key_account_max(self):
        for company in self:
            if company.key_account_max < 0 or company.key_account_max_per_manager < 0:
                raise ValidationError(
                    self.env._(
                        "The maximum numbers of key accounts of %(company)s "
                        "cannot be negative (0 means no maximum).",
                        company=company.name,
                    )
                )

    @api.constrains(
        "key_account_delivery_tolerance_days", "key_account_complaint_response_hours"
    )
    def _check_key_account_service_levels(self):
        for company in self:
            if company.key_account_delivery_tolerance_days < 0:
                raise ValidationError(
                    self.env._(
                        "The on-time delivery tolerance of %(company)s cannot be "
                        "negative.",
                        company=company.name,
                    )
                )
            if company.key_account_complaint_response_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The complaint response target of %(company)s must be at "
                        "least one hour.",
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # Health score and white space
    # ------------------------------------------------------------------

    key_account_health_weight_revenue_trend = fields.Float(
        string="Revenue Trend Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["revenue_trend"],
    )
    key_account_health_weight_margin_trend = fields.Float(
        string="Margin Trend Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["margin_trend"],
    )
    key_account_health_weight_share_of_wallet = fields.Float(
        string="Share of Wallet Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["share_of_wallet"],
    )
    key_account_health_weight_on_time_delivery = fields.Float(
        string="On-time Delivery Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["on_time_delivery"],
    )
    key_account_health_weight_complaint_service = fields.Float(
        string="Complaint Service Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["complaint_service"],
    )
    key_account_health_weight_satisfaction = fields.Float(
        string="NPS / CSAT Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["satisfaction"],
    )
    key_account_health_weight_engagement = fields.Float(
        string="Engagement Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["engagement"],
    )
    key_account_health_weight_plan_progress = fields.Float(
        string="Plan Progress Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["plan_progress"],
    )
    key_account_health_weight_overdue_receivables = fields.Float(
        string="Overdue Receivables Weight (%)",
        default=DEFAULT_HEALTH_WEIGHTS["overdue_receivables"],
    )
    key_account_health_green_from = fields.Float(
        string="Green From",
        default=70.0,
        help="A key account scoring this or more is healthy (green).",
    )
    key_account_health_red_below = fields.Float(
        string="Red Below",
        default=40.0,
        help="A key account scoring less than this is in danger (red): its "
        "key-account manager gets an activity when it falls into red.",
    )
    key_account_health_min_coverage_pct = fields.Float(
        string="Colour From Measured Weight (%)",
        default=50.0,
        help="A health score resting on less than this share of the "
        "components' weight (the others had no data) gets no colour: too "
        "little was measured.",
    )
    key_account_white_space_pct = fields.Float(
        string="White Space Threshold (%)",
        default=50.0,
        help="A product category is white space for a key account when at "
        "least this share of similar customers bought it in the last 12 "
        "months and the key account did not.",
    )

    def _key_account_health_weights(self):
        """{component: weight in %} of the company."""
        self.ensure_one()
        return {
            component: self[health_weight_field(component)] for component in COMPONENTS
        }

    @api.constrains(*(health_weight_field(component) for component in COMPONENTS))
    def _check_key_account_health_weights(self):
        for company in self:
            weights = company._key_account_health_weights().values()
            if not weights_valid(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of the key-account health components of "
                        "%(company)s must each lie between 0 and 100 and sum to "
                        "100 %%; they sum to %(total)s %%.",
                        company=company.name,
                        total=round(sum(weights), 2),
                    )
                )

    @api.constrains(
        "key_account_health_green_from",
        "key_account_health_red_below",
        "key_account_health_min_coverage_pct",
        "key_account_white_space_pct",
    )
    def _check_key_account_health_bands(self):
        for company in self:
            red, green = (
                company.key_account_health_red_below,
                company.key_account_health_green_from,
            )
            if not 0 <= red <= green <= 100:
                raise ValidationError(
                    self.env._(
                        "The health bands of %(company)s must satisfy 0 <= red "
                        "below <= green from <= 100.",
                        company=company.name,
                    )
                )
            if not 0 <= company.key_account_health_min_coverage_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The measured weight a health score needs for a colour "
                        "is between 0 and 100 %%, not %(value)s.",
                        value=company.key_account_health_min_coverage_pct,
                    )
                )
            if not 0 < company.key_account_white_space_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The white space threshold of %(company)s must lie "
                        "between 0 and 100 %%.",
                        company=company.name,
                    )
                )

    def _crm_delivery_tolerance_days(self):
        self.ensure_one()
        return self.key_account_delivery_tolerance_days
