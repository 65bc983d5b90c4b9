# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import ValidationError

from ..models.crm_customer_profile import ABC_CLASSES


class CrmCustomerAbcOverride(models.TransientModel):
    """A sales manager sets a customer's class by hand, with a reason."""

    _name = "crm.customer.abc.override"
    _description = "Override a Customer's ABC Class"

    profile_ids = fields.Many2many("crm.customer.profile", string="Customers")
    abc_class = fields.Selection(ABC_CLASSES[:3], string="Class", required=True)
    reason = fields.Char(required=True)
    until = fields.Date(
        help="The computed class applies again after this date; leave empty to "
        "keep the override until it is removed."
    )

    def action_apply(self):
        self.ensure_one()
        self.env["crm.customer.profile"]._check_sales_manager(
            self.env._("Only sales managers can override a customer's class.")
        )
        if not (self.reason or "").strip():
            raise ValidationError(self.env._("Give a reason for the override."))
        today = fields.Date.context_today(self)
        if self.until and self.until < today:
            raise ValidationError(self.env._("The override must end today or later."))
        self.profile_ids._set_abc_override(
            self.abc_class, self.reason.strip(), self.until
        )
        return {"type": "ir.actions.act_window_close"}
