# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CrmCustomerProfile(models.Model):
    _inherit = "crm.customer.profile"

    def _recompute_company(self, company, today):
        """The key-account steps run last, in the same savepoint and lock:
        they read the profiles, satisfaction scores and complaint figures."""
        written = super()._recompute_company(company, today)
        return written + self.env["crm.key.account"]._recompute_company(company, today)

    def _recompute_sources(self):
        """Besides the profiles' sources, what the key-account steps read."""
        return super()._recompute_sources() | {
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
