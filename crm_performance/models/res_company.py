# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    commission_period = fields.Selection(
        selection=[("month", "Monthly"), ("quarter", "Quarterly")],
        default="month",
        required=True,
        help="How often commissions are computed, approved and paid.",
    )
