# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    """A customer's complaints and how they were handled."""

    _inherit = "res.partner"

    crm_claim_ids = fields.One2many(
        "crm.claim",
        "crm_partner_id",
        string="Complaints",
        help="The complaints of this customer and of its contacts.",
    )
    complaint_score_ids = fields.One2many(
        "crm.complaint.score",
        "partner_id",
        string="Complaint Figures",
        domain=[("scope", "=", "customer")],
    )
