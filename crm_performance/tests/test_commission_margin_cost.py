# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .commission_common import CommissionCommon

OCTOBER, NOVEMBER = date(2026, 10, 1), date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestMarginCostFixedWhenPosted(CommissionCommon):
    """Liu Yang's plan pays 5 % of the gross margin, without pay curve.

    October 2026, three sales of 10 units at 1 000 of products costing 600
    a unit, each 10 000 - 6 000 = 4 000 of margin -> 5 % = 200:

    - 5 October: gears from a sale order (its line costed 600);
    - 12 October: gears invoiced without an order (the product's cost, 600);
    - 20 October: a stored product valued in real time, invoiced without an
      order: the invoice posts its cost of goods sold, 6 000.

    October is approved by Yang Lei, validated and paid by HR. In November
    the products' cost is raised to 700 (a new purchase price), and Liu Yang
    sells 10 gears at 1 000 on 10 November: 10 000 - 7 000 = 3 000 -> 150.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu = cls.user_commission_user
        cls.plan = cls._liu_yang_plan(
            "East margin 5 %", base="margin", default_rate=5.0
        )
        cls.gear = cls._product(
            "Helical gear reducer", cls.categ_tapered, 1000.0, 600.0
        )
        valued = cls.env["product.category"].create(
            {
                "name": "Valued in real time",
                "property_valuation": "real_time",
                "property_cost_method": "standard",
            }
        )
        cls.pump = cls._product(
            "Axial piston pump", valued, 1000.0, 600.0, is_storable=True
        )
        cls.from_order = cls._invoiced_order(
            cls.customer_chem, liu, date(2026, 10, 5), (cls.gear, 10, 1000.0)
        )
        cls.without_order = cls._invoice(
            cls.customer_chem, liu, date(2026, 10, 12), [(cls.gear, 10, 1000)]
        )
        cls.valued = cls._invoice(
            cls.customer_chem, liu, date(2026, 10, 20), [(cls.pump, 10, 1000)]
        )

    def _close_october(self):
        october = self.Period.create({"period_type": "month", "date_from": OCTOBER})
        self._compute(october)
        october.with_user(self.user_commission_manager).action_approve()
        hr = self.user_commission_hr
        october.with_user(hr).action_validate()
        october.with_user(hr)._pay(date(2026, 12, 4), "PAY-202612")
        return october

    def test_the_cost_is_fixed_when_the_invoice_is_posted(self):
        self.assertRecordValues(
            self._line_of(self.from_order)
            | self._line_of(self.without_order)
            | self._line_of(self.valued),
            [
                {"crm_cost_amount": 6000.0, "crm_cost_source": "order"},
                {"crm_cost_amount": 6000.0, "crm_cost_source": "product"},
                {"crm_cost_amount": 6000.0, "crm_cost_source": "cogs"},
            ],
        )
        cogs = self.valued.line_ids.filtered(lambda line: line.display_type == "cogs")
        self.assertEqual(sorted(cogs.mapped("balance")), [-6000.0, 6000.0])
        # a later cost changes nothing posted
        (self.gear | self.pump).standard_price = 700.0
        self.assertEqual(
            (
                self._line_of(self.from_order)
                | self._line_of(self.without_order)
                | self._line_of(self.valued)
            ).mapped("crm_cost_amount"),
            [6000.0, 6000.0, 6000.0],
        )

    def test_a_later_cost_change_reaches_no_approved_month(self):
        october = self._close_october()
        self.assertEqual(october.state, "paid")
        lines = self._lines(october).sorted(lambda line: line.date)
        self.assertRecordValues(
            lines,
            [
                {
                    "move_id": invoice.id,
                    "kind": "earned",
                    "cost_amount": 6000.0,
                    "cost_source": source,
                    "base_amount": 4000.0,
                    "amount": 200.0,
                }
                for invoice, source in (
                    (self.from_order, "order"),
                    (self.without_order, "product"),
                    (self.valued, "cogs"),
                )
            ],
        )
        (self.gear | self.pump).standard_price = 700.0
        november_sale = self._invoice(
            self.customer_chem,
            self.user_commission_user,
            date(2026, 11, 10),
            [(self.gear, 10, 1000)],
        )
        november = self.Period.create(
            {"period_type": "month", "date_from": NOVEMBER}
        ).with_user(self.user_commission_hr)
        november.action_compute()
        self.assertRecordValues(
            self._lines(november),
            [
                {
                    "move_id": november_sale.id,
                    "kind": "earned",
                    "cost_amount": 7000.0,
                    "cost_source": "product",
                    "base_amount": 3000.0,
                    "amount": 150.0,
                }
            ],
        )
        self.assertRecordValues(
            november.summary_ids, [{"base_total": 3000.0, "commission": 150.0}]
        )
        # the paid month's statement prints what it paid
        self.assertEqual(sum(self._lines(october).mapped("amount")), 600.0)

    def test_the_statement_shows_the_cost_and_its_source(self):
        october = self.Period.create({"period_type": "month", "date_from": OCTOBER})
        self._compute(october)
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.user_commission_hr)
            ._render_qweb_html(
                "crm_performance.action_report_commission_statement",
                october.summary_ids.ids,
            )[0]
        )
        for label in (
            "Cost Source",
            "Sale order line cost",
            "Product cost on the invoice date",
            "Cost of goods sold posted",
        ):
            self.assertIn(label, html)

    def test_a_credit_note_takes_the_cost_of_the_line_it_refunds(self):
        """After the cost rose to 700, a credit note of 2 of the gears invoiced
        without an order on 12 October costs 2 x 600, as they were sold."""
        self.gear.standard_price = 700.0
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer_chem.id,
                "invoice_user_id": self.user_commission_user.id,
                "invoice_date": date(2026, 11, 3),
                "reversed_entry_id": self.without_order.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.gear.id,
                            "quantity": 2,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.vat.ids)],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        self.assertRecordValues(
            self._line_of(refund),
            [{"crm_cost_amount": 1200.0, "crm_cost_source": "refunded"}],
        )

    def test_below_cost_sales_net_or_floor(self):
        """On 25 October 10 gears are sold at 200, below their cost of 600:
        -4 000 of margin. Netted, the month's base is 3 x 4 000 - 4 000 =
        8 000 (400); floored, the sale counts 0: 12 000 (600)."""
        self._invoice(
            self.customer_chem,
            self.user_commission_user,
            date(2026, 10, 25),
            [(self.gear, 10, 200)],
        )
        for setting, base, commission in (
            ("net", 8000.0, 400.0),
            ("floor", 12000.0, 600.0),
        ):
            with self.subTest(setting=setting):
                self.plan.negative_margin = setting
                october = self.Period.search([("date_from", "=", OCTOBER)]) or (
                    self.Period.create({"period_type": "month", "date_from": OCTOBER})
                )
                self._compute(october)
                self.assertRecordValues(
                    october.summary_ids,
                    [{"base_total": base, "commission": commission}],
                )

    def test_nobody_sets_the_cost_by_hand(self):
        accountant = self._new_user(
            "com_accountant", "Zhou Hui", "account.group_account_manager"
        )
        line = self._line_of(self.without_order)
        for user in (accountant, self.env.ref("base.user_admin")):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "fixed when its invoice is posted"),
            ):
                line.with_user(user).write({"crm_cost_amount": 1.0})
        self.assertEqual(line.crm_cost_amount, 6000.0)

    def test_invoices_posted_before_the_addon_get_their_cost(self):
        """The install hook (and the migration) fix the cost of the invoices
        posted before: here, those whose cost is cleared again."""
        lines = self._line_of(self.from_order) | self._line_of(self.without_order)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move_line SET crm_cost_amount = NULL, "
            "crm_cost_source = NULL WHERE id IN %s",
            [tuple(lines.ids)],
        )
        lines.invalidate_recordset()
        self.env["account.move.line"]._crm_fix_cost_of_posted()
        self.assertRecordValues(
            lines,
            [
                {"crm_cost_amount": 6000.0, "crm_cost_source": "order"},
                {"crm_cost_amount": 6000.0, "crm_cost_source": "product"},
            ],
        )
