# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    key_account_delivery_tolerance_days = fields.Integer(
        string="On-time Delivery Tolerance (days)",
        default=0,
        help="A delivery done this many days after its promised date still "
        "counts as on time for key accounts.",
    )
    key_account_complaint_response_hours = fields.Integer(
        string="Complaint Response Target (hours)",
        default=48,
        help="Key-account complaints must get a first answer within this time.",
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
