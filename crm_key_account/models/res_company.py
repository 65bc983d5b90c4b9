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
