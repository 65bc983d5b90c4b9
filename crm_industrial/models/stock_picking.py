# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self._crm_invite_after_delivery()
        return res

    def _crm_customer_deliveries(self):
        """The done outgoing deliveries to a customer company among ``self``."""
        return self.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.location_dest_id.usage == "customer"
                and picking.partner_id.commercial_partner_id.is_company
            )
        )

    def _crm_invite_after_delivery(self):
        """Every N-th done delivery of a customer asks its delivery contact.

        N is the company's setting (0: never). The contact must have an email,
        be no user of ours, and not have been asked within the company's
        minimum interval; the invitation names the delivery and its order.
        """
        deliveries = self._crm_customer_deliveries().filtered(
            lambda picking: picking.company_id.survey_delivery_every
        )
        by_customer = deliveries.sorted(
            lambda picking: (picking.date_done, picking.id)
        ).grouped(
            lambda picking: (
                picking.company_id,
                picking.partner_id.commercial_partner_id,
            )
        )
        Answer = self.env["survey.user_input"]
        for (company, customer), pickings in by_customer.items():
            every = company.survey_delivery_every
            survey = company._satisfaction_delivery_survey()
            if not survey or not survey._crm_can_send():
                continue
            done_count = self.sudo().search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("picking_type_code", "=", "outgoing"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("partner_id", "child_of", customer.id),
                ]
            )
            first_number = done_count - len(pickings) + 1
            for number, picking in enumerate(pickings, start=first_number):
                if number % every:
                    continue
                contact = picking.partner_id
                if (
                    not contact.email_normalized
                    or contact.user_ids.filtered(lambda user: not user.share)
                    or Answer._crm_recently_asked(contact, company)
                ):
                    continue
                Answer._crm_invite(
                    survey,
                    company,
                    contact,
                    "delivery",
                    crm_picking_id=picking.id,
                    crm_sale_order_id=picking.sale_id.id,
                )
