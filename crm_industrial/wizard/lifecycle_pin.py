# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import ValidationError


class CrmCustomerLifecyclePin(models.TransientModel):
    """A sales manager pins a customer's lifecycle stage, with a reason."""

    _name = "crm.customer.lifecycle.pin"
    _description = "Pin a Customer's Lifecycle Stage"

    profile_ids = fields.Many2many("crm.customer.profile", string="Customers")
    stage_id = fields.Many2one("crm.lifecycle.stage", required=True)
    reason = fields.Char(required=True)

    def action_apply(self):
        self.ensure_one()
        self.env["crm.customer.profile"]._check_sales_manager(
            self.env._("Only sales managers can pin a customer's stage.")
        )
        if not (self.reason or "").strip():
            raise ValidationError(self.env._("Give a reason for pinning the stage."))
        self.profile_ids._pin_lifecycle_stage(self.stage_id, self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
