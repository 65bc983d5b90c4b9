# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_rules import DEFAULT_TARGET_HOURS
from .crm_customer_profile import ABC_CLASSES

SEVERITY_SELECTION = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]


class CrmClaimSla(models.Model):
    """The working hours a complaint may take to be answered and resolved.

    One row per company, severity and ABC class of the customer at receipt;
    a pair a company did not set takes the default of
    :data:`~.complaint_rules.DEFAULT_TARGET_HOURS`.
    """

    _name = "crm.claim.sla"
    _description = "Complaint Service Level Target"
    _order = "company_id, severity desc, abc_class"

    _company_severity_class_unique = models.Constraint(
        "UNIQUE(company_id, severity, abc_class)",
        "A company has one complaint target per severity and customer class.",
    )

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    severity = fields.Selection(SEVERITY_SELECTION, required=True)
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="Customer Class",
        required=True,
        help="The ABC class of the customer when the complaint is received.",
    )
    response_hours = fields.Float(
        string="First Answer Within (working hours)",
        required=True,
        digits=(16, 2),
    )
    resolution_hours = fields.Float(
        string="Resolution Within (working hours)",
        required=True,
        digits=(16, 2),
    )

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for target in self:
            if target.response_hours <= 0 or target.resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Complaint targets must be more than 0 working hours "
                        "(severity %(severity)s, class %(abc_class)s).",
                        severity=target._fields["severity"].convert_to_export(
                            target.severity, target
                        ),
                        abc_class=target._fields["abc_class"].convert_to_export(
                            target.abc_class, target
                        ),
                    )
                )
            if target.resolution_hours < target.response_hours:
                raise ValidationError(
                    self.env._(
                        "A complaint cannot be resolved before it is answered: "
                        "the resolution target (%(resolution)s h) is shorter than "
                        "the first answer target (%(response)s h).",
                        resolution=target.resolution_hours,
                        response=target.response_hours,
                    )
                )

    @api.model
    def _company_targets(self, companies):
        """``{company id: {(severity, class): (response, resolution)}}``."""
        targets = {company.id: {} for company in companies}
        for target in self.sudo().search([("company_id", "in", companies.ids)]):
            targets[target.company_id.id][target.severity, target.abc_class] = (
                target.response_hours,
                target.resolution_hours,
            )
        return targets

    @api.model
    def _create_default_targets(self, company_ids):
        """The default targets of these companies, for the pairs they lack."""
        companies = self.env["res.company"].browse(company_ids)
        existing = self._company_targets(companies)
        self.sudo().create(
            [
                {
                    "company_id": company.id,
                    "severity": severity,
                    "abc_class": abc_class,
                    "response_hours": response,
                    "resolution_hours": resolution,
                }
                for company in companies
                for (severity, abc_class), (response, resolution) in (
                    DEFAULT_TARGET_HOURS.items()
                )
                if (severity, abc_class) not in existing[company.id]
            ]
        )
