# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import copy
from datetime import date

from odoo import Command

from .common import COMMISSION_USER, CrmPerformanceCommon

JUNE = date(2026, 6, 1)


def score_bands(*bands):
    """A multiplier's bands, from (score from, multiplier) pairs."""
    return [
        Command.create({"score_from": score, "multiplier": multiplier})
        for score, multiplier in bands
    ]


def tiers(bands):
    """A pay curve's steps, from (from %, to %, multiplier) bands."""
    return [
        Command.create({"from_pct": start, "to_pct": end, "multiplier": multiplier})
        for start, end, multiplier in bands
    ]


class CommissionCommon(CrmPerformanceCommon):
    """An industrial seller's sales force and customers, for commissions.

    Sales team East is led by Yang Lei (Commission Manager) and has Liu Yang
    (Commission User) as salesperson; team North has Guo Qiang. Ma Lin is a
    salesperson with the Commission User role who sells nothing here.

    Customers: Changchun Axle Works, class A and an active key account;
    Shenyang Gear Co., class A; Nanjing Resin Chemicals, class B, customer
    since March 2025; Harbin Turbine Parts, class C, first invoiced in June
    2026. Products: tapered roller bearings (category Bearings / Tapered,
    cost 60) and field service (category Field Service, cost 150); sales
    carry 13 % VAT.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_north = cls._new_user("com_north", "Guo Qiang", COMMISSION_USER)
        cls.user_outsider = cls._new_user("com_outsider", "Ma Lin", COMMISSION_USER)
        Team = cls.env["crm.team"]
        cls.team_east = Team.create(
            {
                "name": "Industrial East",
                "user_id": cls.user_commission_manager.id,
                "member_ids": [Command.set(cls.user_commission_user.ids)],
            }
        )
        cls.team_north = Team.create(
            {
                "name": "Industrial North",
                "member_ids": [Command.set(cls.user_north.ids)],
            }
        )
        # the teams were formed long before the periods the tests compute
        # (a team's leader approves the periods its members were in)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_team_member SET create_date = '2025-01-01' "
            "WHERE crm_team_id IN %s",
            [(cls.team_east.id, cls.team_north.id)],
        )
        cls.env["crm.team.member"].invalidate_model(["create_date"])
        cls.customer_gear = cls.env["res.partner"].create(
            {"name": "Shenyang Gear Co.", "is_company": True}
        )
        cls.customer_turbine = cls.env["res.partner"].create(
            {"name": "Harbin Turbine Parts", "is_company": True}
        )
        Profile = cls.env["crm.customer.profile"]
        for customer, abc_class in (
            (cls.customer_auto, "a"),
            (cls.customer_gear, "a"),
            (cls.customer_chem, "b"),
            (cls.customer_turbine, "c"),
        ):
            Profile.create(
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "abc_class_computed": abc_class,
                    "abc_class": abc_class,
                }
            )
        cls.key_account = cls._active_key_account(cls.customer_auto)
        cls._key_account_since(cls.key_account, date(2026, 1, 1))

        Category = cls.env["product.category"]
        cls.categ_bearings = Category.create({"name": "Bearings"})
        cls.categ_tapered = Category.create(
            {"name": "Tapered", "parent_id": cls.categ_bearings.id}
        )
        cls.categ_service = Category.create({"name": "Field Service"})
        cls.bearing = cls._product(
            "Tapered roller bearing", cls.categ_tapered, 100.0, 60.0
        )
        cls.service = cls._product(
            "Field service day", cls.categ_service, 500.0, 150.0, type="service"
        )
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "VAT 13%",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        # Nanjing Resin Chemicals is a customer since March 2025
        cls._invoice(
            cls.customer_chem, cls.user_north, date(2025, 3, 1), [(cls.service, 1, 100)]
        )
        cls.Period = cls.env["crm.commission.period"]
        cls.Plan = cls.env["crm.commission.plan"]
        cls.Line = cls.env["crm.commission.line"]
        cls.Summary = cls.env["crm.commission.summary"]

    @classmethod
    def _key_account_since(cls, account, day):
        """``account`` has been an active key account, its team's shares as
        they are now, since ``day``: the commissions split and rate its
        invoices from then on."""
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_key_account SET active_date = %s WHERE id = %s",
            [day, account.id],
        )
        cls.env.cr.execute(
            "UPDATE crm_key_account_share SET date_from = %s "
            "WHERE key_account_id = %s AND date_to IS NULL",
            [day, account.id],
        )
        cls.env.invalidate_all()

    @classmethod
    def _active_key_account(cls, customer):
        account = (
            cls.env["crm.key.account"]
            .with_user(cls.user_key_account_manager)
            .create(
                {
                    "partner_id": customer.id,
                    "manager_id": cls.user_key_account_manager.id,
                    "proposal_reason": "Our biggest axle customer",
                }
            )
        )
        director = cls.user_key_account_director
        account.with_user(director).action_approve()
        account.with_user(director).action_activate()
        return account

    @classmethod
    def _invoice(
        cls, partner, salesperson, invoice_date, lines, move_type="out_invoice"
    ):
        """Post a customer invoice (or credit note) of ``salesperson``:
        ``lines`` of (product, quantity, unit price), with VAT."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_user_id": salesperson.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.set(cls.vat.ids)],
                        }
                    )
                    for product, quantity, price in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _product(cls, name, categ, list_price, cost, **values):
        """A product of ``categ`` at ``list_price``, costing ``cost``,
        invoiced as ordered."""
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "categ_id": categ.id,
                "list_price": list_price,
                "standard_price": cost,
                "invoice_policy": "order",
                **values,
            }
        )

    @classmethod
    def _invoiced_order(cls, partner, salesperson, invoice_date, line):
        """Sell ``line``, (product, quantity, unit price) without tax, on a
        confirmed sale order of ``salesperson``: post its invoice."""
        product, quantity, price = line
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": salesperson.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = invoice_date
        invoice.action_post()
        return invoice

    @classmethod
    def _credit_note(cls, partner, salesperson, invoice_date, lines):
        """Post a credit note of ``salesperson``, as :meth:`_invoice`."""
        return cls._invoice(partner, salesperson, invoice_date, lines, "out_refund")

    @classmethod
    def _pay(cls, invoice, amount, payment_date):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": payment_date})._create_payments()

    @classmethod
    def _plan(cls, name, *, users=None, teams=None, **values):
        return cls.Plan.create(
            {
                "name": name,
                "date_from": date(2026, 1, 1),
                "period_type": "month",
                "user_ids": [Command.set((users or cls.env["res.users"]).ids)],
                "team_ids": [Command.set((teams or cls.env["crm.team"]).ids)],
                **values,
            }
        )

    @classmethod
    def _target(cls, amount, user=None, period_start=JUNE):
        """A plan's target: ``user`` (Liu Yang) is to invoice ``amount`` in
        the period starting on ``period_start``."""
        user = user or cls.user_commission_user
        return Command.create(
            {"user_id": user.id, "period_start": period_start, "amount": amount}
        )

    @classmethod
    def _liu_yang_plan(cls, name, *, june_target=None, **values):
        """A plan of Liu Yang's alone, with his ``june_target`` if given."""
        if june_target:
            values["target_ids"] = [cls._target(june_target)]
        return cls._plan(name, users=cls.user_commission_user, **values)

    @classmethod
    def _east_and_north_plans(cls, *, june_target=None, **values):
        """Plan "East" of Liu Yang's and plan "North" of Guo Qiang's, alike:
        ``values`` each, and each a target of ``june_target`` if given."""
        plans = {}
        for user, name in (
            (cls.user_commission_user, "East"),
            (cls.user_north, "North"),
        ):
            user_values = copy.deepcopy(values)
            if june_target:
                user_values["target_ids"] = [cls._target(june_target, user)]
            plans[user] = cls._plan(name, users=user, **user_values)
        return plans

    def _compute(self, period):
        result = period._recompute(period.company_id)
        self.assertFalse(result.failures)
        return result.written

    def _summary_of(self, period, user):
        return period.summary_ids.filtered(lambda summary: summary.user_id == user)

    def _line_of(self, invoice):
        """The product line of ``invoice`` (not its tax or payable lines)."""
        return invoice.invoice_line_ids.filtered("product_id")

    def _june(self):
        return self.Period.create({"period_type": "month", "date_from": JUNE})

    def _lines(self, period, user=None):
        return self.Line.search(
            [
                ("period_id", "=", period.id),
                ("user_id", "=", (user or self.user_commission_user).id),
            ],
            order="base_amount desc, id",
        )
