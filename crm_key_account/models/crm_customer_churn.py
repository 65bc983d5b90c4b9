# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CrmCustomerChurn(models.Model):
    _inherit = "crm.customer.churn"

    @api.model
    def _feature_labels(self):
        return super()._feature_labels() | {
            "key_account": self.env._("Key account on the day"),
        }
