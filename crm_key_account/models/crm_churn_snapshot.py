# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


class CrmChurnSnapshot(models.AbstractModel):
    """A feature more for the churn model: whether the customer was a key
    account on the snapshot's day (active since then, not ended)."""

    _inherit = "crm.churn.snapshot"

    @api.model
    def _features(self):
        return (*super()._features(), "key_account")

    @api.model
    def _feature_sql(self, company):
        return super()._feature_sql(company) | {
            "key_account": SQL(
                """CASE WHEN EXISTS (
                       SELECT 1
                         FROM crm_key_account account
                        WHERE account.partner_id = figures.partner_id
                          AND account.company_id = %s
                          AND account.active_date <= figures.day
                          AND (account.end_date IS NULL
                               OR account.end_date > figures.day)
                   ) THEN 1 ELSE 0 END""",
                company.id,
            )
        }
