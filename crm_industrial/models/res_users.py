# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    def action_archive(self):
        """Offer to reassign a salesperson's customers before archiving them.

        Customers belong to the company: archiving a salesperson who still
        owns customers opens the portfolio reassignment instead, which archives
        the salesperson once the customers are moved. Writing ``active`` in
        code still archives at once; such customers show in the report of
        customers of inactive salespeople.
        """
        if self.env.context.get("crm_industrial_portfolio_moved"):
            return super().action_archive()
        customers = self.env["res.partner"]._customers_of(self)
        if not customers:
            return super().action_archive()
        owners = customers.user_id
        if len(owners) > 1 or not self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            raise UserError(
                self.env._(
                    "These salespeople still own customers: %(owners)s. "
                    "A sales manager reassigns the customers of each salesperson "
                    "(CRM → Customer Intelligence → Reassign Portfolio) "
                    "before archiving them.",
                    owners=", ".join(owners.mapped("name")),
                )
            )
        super(ResUsers, self - owners).action_archive()
        return self.env["crm.portfolio.reassign"]._action_open_for_archive(
            owners, customers
        )
