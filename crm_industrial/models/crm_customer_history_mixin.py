# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCustomerHistoryMixin(models.AbstractModel):
    """What every append-only history of a customer profile records.

    Rows are written by the recompute (set-based) and by the managers'
    overrides, never edited afterwards.
    """

    _name = "crm.customer.history.mixin"
    _description = "Customer Profile History"
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
    salesperson_id = fields.Many2one(
        related="profile_id.user_id", string="Salesperson", store=True
    )
