# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# What the key-account steps read: {model: whether its rows are counted}.
KEY_ACCOUNT_SOURCES = {
    "calendar.event": True,
    "crm.key.account": True,
    "crm.key.account.criterion": True,
    "crm.key.account.member": True,
    "crm.key.account.plan": True,
    "crm.key.account.rating": True,
    "crm.key.account.wallet": True,
    "stock.move": False,
    "stock.picking.type": True,
}


class CrmCustomerProfile(models.Model):
    _inherit = "crm.customer.profile"

    def _recompute_company(self, company, today, partners=None, retention=None):
        """The key-account steps run last, in the same savepoint and lock:
        they read the profiles, satisfaction scores and complaint figures
        (of every customer, whatever ``partners`` says)."""
        written = super()._recompute_company(company, today, partners, retention)
        return written + self.env["crm.key.account"]._recompute_company(company, today)

    def _recompute_sources(self):
        """Besides the profiles' sources, what the key-account steps read."""
        return super()._recompute_sources() | KEY_ACCOUNT_SOURCES

    def _recompute_partner_sources(self):
        """The key-account steps compute every key account each run: their
        sources' rows name no customer."""
        return super()._recompute_partner_sources() | dict.fromkeys(
            KEY_ACCOUNT_SOURCES, None
        )
