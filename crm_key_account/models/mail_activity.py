# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An account plan's action item closes with its activity."""
        actions = (
            self.env["crm.key.account.plan.action"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "open")])
        )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        actions._mark_done()
        return result
