# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_customer_profile import ABC_CLASSES


class CrmCustomerAbcHistory(models.Model):
    """Append-only: one row per change of a customer's effective ABC class."""

    _name = "crm.customer.abc.history"
    _description = "Customer ABC Class History"
    _order = "date desc, id desc"

    profile_id = fields.Many2one(
        "crm.customer.profile",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Changed By", readonly=True)
    date = fields.Date(readonly=True)
    class_from = fields.Selection(ABC_CLASSES, string="From", readonly=True)
    class_to = fields.Selection(ABC_CLASSES, string="To", readonly=True)
    origin = fields.Selection(
        [("computed", "Computed"), ("manual", "Manual override")], readonly=True
    )
    salesperson_id = fields.Many2one(
        related="profile_id.user_id", string="Salesperson", store=True
    )
