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
