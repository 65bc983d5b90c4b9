# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_customer_profile import ABC_CLASSES


class CrmCustomerAbcHistory(models.Model):
    """Append-only: one row per change of a customer's effective ABC class."""

    _name = "crm.customer.abc.history"
    _inherit = "crm.customer.history.mixin"
    _description = "Customer ABC Class History"

    class_from = fields.Selection(ABC_CLASSES, string="From", readonly=True)
    class_to = fields.Selection(ABC_CLASSES, string="To", readonly=True)
    origin = fields.Selection(
        [("computed", "Computed"), ("manual", "Manual override")], readonly=True
    )
