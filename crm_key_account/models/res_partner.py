# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_key_account import STATES

# by headcount, as the customer's own records or its annual report give it
SIZE_BANDS = [
    ("small", "Small (under 50 employees)"),
    ("medium", "Medium (50 to 249 employees)"),
    ("large", "Large (250 to 999 employees)"),
    ("very_large", "Very large (1 000 employees or more)"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    key_account_ids = fields.One2many(
        "crm.key.account", "partner_id", string="Key Account History"
    )
    key_account_id = fields.Many2one(
        "crm.key.account",
        compute="_compute_key_account_id",
        help="The customer's key account in the current company: proposed, "
        "approved or active.",
    )
    key_account_state = fields.Selection(
        selection=STATES,
        compute="_compute_key_account_id",
    )
    key_account_manager_id = fields.Many2one(
        "res.users", compute="_compute_key_account_id"
    )

    def _compute_key_account_id(self):
        accounts = self.env["crm.key.account"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "in", ("proposed", "approved", "active")),
            ]
        )
        by_partner = {account.partner_id: account for account in accounts}
        for partner in self:
            account = by_partner.get(partner.commercial_partner_id)
            partner.key_account_id = account
            partner.key_account_state = account.state if account else False
            partner.key_account_manager_id = account.manager_id if account else False

    # The customer's size band, entered by people.
    #
    # Odoo Community records no headcount on a company, and our own revenue
    # cannot measure the customer's size when the point is to estimate how much
    # of its spend we miss: so the band is entered from the customer's records
    # (headcount). Customers of the same industry and size band are "similar":
    # their purchases estimate a key account's spend (share of wallet) and show
    # the product categories it does not buy from us yet (white space).
    # Customers without a band are compared with the customers of their
    # industry that have none either.
    crm_size_band = fields.Selection(
        SIZE_BANDS,
        string="Size Band",
        index=True,
        help="The customer's size by headcount. Customers of the same industry "
        "and size band are compared for share of wallet and white space.",
    )
