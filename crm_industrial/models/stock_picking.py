# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL

from .crm_customer_ownership import local_day_sql


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _crm_deliveries_sql(self, company, customers, start, end, today):
        """SQL: the deliveries of ``company`` to the customers of query
        ``customers`` (column ``partner_id``, customer companies) counted
        from ``start`` to before ``end`` (days), as known at the end of
        ``today``: one row each, the customer (``partner_id``), the day it
        counts (``day``, the company's time zone), ``on_time`` and
        ``in_full``. The one definition of on-time and in-full delivery that
        the key accounts' service levels and the churn model read.

        *Deliveries* are the done outgoing pickings of the company to the
        customer or its contacts; a cancelled picking is not a delivery and
        is not counted. A delivery counts on the day it was done.

        - Its *promised date* is the picking's deadline (``date_deadline``),
          which Odoo sets when the order is confirmed from the order's
          commitment date or, without one, from the order date plus the
          products' customer lead time, and which a back-order keeps;
          without a deadline (a delivery entered by hand), the order's
          commitment date, else the picking's scheduled date.
        - It is *on time* when it was done (day in the company's time zone)
          no later than its promised day plus the company's tolerance
          (:meth:`res.company._crm_delivery_tolerance_days`); early is on
          time.
        - A delivery not shipped by then is a late delivery, not in full,
          from the day after, counted on that day until it is shipped
          (then it counts where it was done): the worst deliveries do not
          make a customer look better by waiting. As known on ``today``:
          not done by then (a picking cancelled since is not counted).
        - It is *in full* when it delivered all that its moves asked for:
          no back-order was split from it, none of its moves was cancelled
          (the rest given up at validation) and no move delivered less than
          its demand. A partial delivery is therefore not in full; its
          back-order is a delivery of its own, measured against its own
          deadline, in full when it delivers the rest.
        """
        zone = company._crm_time_zone()
        tolerance = company._crm_delivery_tolerance_days()
        done_on = local_day_sql(SQL("picking.date_done"), zone)
        promised_on = local_day_sql(
            SQL(
                "COALESCE(picking.date_deadline, sale.commitment_date, "
                "picking.scheduled_date)"
            ),
            zone,
        )
        late_from = SQL("(%s + %s + 1)", promised_on, tolerance)
        return SQL(
            """
    SELECT partner.commercial_partner_id AS partner_id,
           %(done_on)s AS day,
           %(done_on)s <= %(promised_on)s + %(tolerance)s AS on_time,
           NOT EXISTS (
               SELECT 1
                 FROM stock_picking backorder
                WHERE backorder.backorder_id = picking.id
                  AND backorder.state != 'cancel'
           ) AND NOT EXISTS (
               SELECT 1
                 FROM stock_move move
                WHERE move.picking_id = picking.id
                  AND (move.state = 'cancel' OR move.quantity < move.product_uom_qty)
           ) AS in_full
      FROM %(pickings)s
     WHERE picking.company_id = %(company)s
       AND picking.state = 'done'
       AND picking.date_done >= %(start)s
       AND picking.date_done < %(end)s
       AND %(done_on)s <= %(today)s
     UNION ALL
    SELECT partner.commercial_partner_id, %(late_from)s, FALSE, FALSE
      FROM %(pickings)s
     WHERE picking.company_id = %(company)s
       AND picking.state NOT IN ('draft', 'cancel')
       AND (picking.state != 'done' OR %(done_on)s > %(today)s)
       AND %(late_from)s <= %(today)s
       AND %(late_from)s >= %(start)s""",
            pickings=SQL(
                """stock_picking picking
      JOIN res_partner partner ON partner.id = picking.partner_id
      JOIN (%(customers)s) customer
        ON customer.partner_id = partner.commercial_partner_id
      JOIN stock_picking_type picking_type
        ON picking_type.id = picking.picking_type_id
       AND picking_type.code = 'outgoing'
      LEFT JOIN sale_order sale ON sale.id = picking.sale_id""",
                customers=customers,
            ),
            company=company.id,
            start=start,
            end=end,
            today=today,
            done_on=done_on,
            promised_on=promised_on,
            late_from=late_from,
            tolerance=tolerance,
        )

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
