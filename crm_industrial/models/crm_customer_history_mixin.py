# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmCustomerHistoryMixin(models.AbstractModel):
    """What every append-only history of a customer profile records.

    Rows are inserted by the recompute and by the managers' overrides and
    pins, in SQL, with the customer's salesperson that the record rules read;
    nobody edits or deletes them through the ORM, not even as superuser.
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
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Changed By", readonly=True)
    date = fields.Date(readonly=True)
    salesperson_id = fields.Many2one(
        related="profile_id.user_id", string="Salesperson", store=True, index=True
    )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        if self:
            self.check_access("write")
            raise UserError(
                self.env._("The history of a customer is kept as it was written.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The history of a customer is kept: archive the customer instead."
            )
        )
