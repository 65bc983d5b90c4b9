# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon

OCTOBER, NOVEMBER = date(2026, 10, 1), date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestMarginCostCorrectedByLandedCost(CommissionCommon):
    """Liu Yang's plan pays 5 % of the gross margin, without pay curve.

    On 3 October Liu Yang sells 10 slewing bearings at 1 000 (average cost,
    600 a unit) on a sale order; they are delivered, and invoiced on 5
    October: 10 000 - 6 000 = 4 000 of margin -> 5 % = 200. The sea
    freight of that shipment to the customer, 500, is known later: a landed
    cost on the delivery. A landed cost on a receipt of the same bearings
    values the stock on hand, not the goods already sold.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        average = cls.env["product.category"].create(
            {"name": "Bearings at average cost", "property_cost_method": "average"}
        )
        cls.plan = cls._liu_yang_plan(
            "East margin 5 %", base="margin", default_rate=5.0
        )
        cls.bearing = cls._product(
            "Slewing ring bearing",
            average,
            1000.0,
            600.0,
            is_storable=True,
            invoice_policy="delivery",
        )
        cls.freight = cls.env["product.product"].create(
            {
                "name": "Sea freight",
                "type": "service",
                "landed_cost_ok": True,
                "split_method_landed_cost": "equal",
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.receipt = cls._transfer(cls.warehouse.in_type_id, 20)
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_chem.id,
                "user_id": cls.user_commission_user.id,
                "date_order": date(2026, 10, 3),
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.bearing.id,
                            "product_uom_qty": 10,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        cls.delivery = order.picking_ids
        cls._validate(cls.delivery)
        cls.invoice = order._create_invoices()
        cls.invoice.invoice_date = date(2026, 10, 5)
        cls.invoice.action_post()

    @classmethod
    def _transfer(cls, picking_type, quantity):
        """A validated receipt of ``quantity`` bearings at 600."""
        locations = {
            "location_id": picking_type.default_location_src_id.id
            or cls.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": picking_type.default_location_dest_id.id,
        }
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                **locations,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.bearing.id,
                            "product_uom_qty": quantity,
                            "price_unit": 600.0,
                            **locations,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        cls._validate(picking)
        return picking

    @classmethod
    def _validate(cls, picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()

    def _landed_cost(self, picking, day, amount):
        landed_cost = self.env["stock.landed.cost"].create(
            {
                "date": day,
                "picking_ids": [Command.set(picking.ids)],
                "cost_lines": [
                    Command.create(
                        {
                            "product_id": self.freight.id,
                            "name": "Sea freight",
                            "price_unit": amount,
                            "split_method": "equal",
                        }
                    )
                ],
            }
        )
        landed_cost.compute_landed_cost()
        landed_cost.button_validate()
        self.assertEqual(landed_cost.state, "done")
        return landed_cost

    def test_freight_known_in_the_month_of_the_sale_costs_the_sale(self):
        """The freight (500), dated 20 October, is known when October is
        computed: 10 000 - (6 000 + 500) = 3 500 -> 175; the invoice line's
        fixed cost stays 6 000."""
        self.assertRecordValues(
            self._line_of(self.invoice),
            [{"crm_cost_amount": 6000.0, "crm_cost_source": "order"}],
        )
        freight = self._landed_cost(self.delivery, date(2026, 10, 20), 500.0)
        october = self.Period.create({"period_type": "month", "date_from": OCTOBER})
        self._compute(october)
        self.assertRecordValues(
            self._lines(october),
            [
                {
                    "kind": "earned",
                    "cost_amount": 6500.0,
                    "cost_source": "order",
                    "landed_cost_id": freight.id,
                    "landed_cost_ref": freight.name,
                    "base_amount": 3500.0,
                    "amount": 175.0,
                }
            ],
        )
        self.assertEqual(self._line_of(self.invoice).crm_cost_amount, 6000.0)

    def test_freight_known_after_october_was_paid_adjusts_november(self):
        """October is approved and paid at 200. The freight, dated 15
        November, and a landed cost of 300 on the receipt, dated 16 November:
        November carries one adjustment of -500 x 5 % = -25, pointing to the
        freight; the receipt's landed cost corrects no sale. October's
        statement still prints 200."""
        october = self.Period.create({"period_type": "month", "date_from": OCTOBER})
        self._compute(october)
        october.with_user(self.user_commission_manager).action_approve()
        hr = self.user_commission_hr
        october.with_user(hr).action_validate()
        october.with_user(hr)._pay(date(2026, 12, 4), "PAY-202612")
        self.assertEqual(self._lines(october).mapped("amount"), [200.0])
        freight = self._landed_cost(self.delivery, date(2026, 11, 15), 500.0)
        self._landed_cost(self.receipt, date(2026, 11, 16), 300.0)
        november = self.Period.create(
            {"period_type": "month", "date_from": NOVEMBER}
        ).with_user(hr)
        november.action_compute()
        self.assertRecordValues(
            self._lines(november),
            [
                {
                    "kind": "adjustment",
                    "move_id": self.invoice.id,
                    "origin_period_id": october.id,
                    "landed_cost_id": freight.id,
                    "base_amount": -500.0,
                    "amount": -25.0,
                }
            ],
        )
        self.assertRecordValues(november.summary_ids, [{"commission": -25.0}])
        self.assertEqual(self._lines(october).mapped("amount"), [200.0])
        # computed again, nothing more is adjusted
        november.action_compute()
        self.assertEqual(self._lines(november).mapped("amount"), [-25.0])
        # Liu Yang reads it on his statement, without access to landed costs
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_commission_user)
            ._render_qweb_html(
                "crm_performance.action_report_commission_statement",
                november.summary_ids.ids,
            )[0]
            .decode()
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        self.assertIn(f"Landed cost {freight.name}", text)
