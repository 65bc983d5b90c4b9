# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmPerformanceCommon

JUNE = date(2026, 6, 1)


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
        salesman = (
            "sales_team.group_sale_salesman,crm_performance.group_commission_user"
        )
        cls.user_north = mail_new_test_user(
            cls.env, login="com_north", name="Guo Qiang", groups=salesman
        )
        cls.user_outsider = mail_new_test_user(
            cls.env, login="com_outsider", name="Ma Lin", groups=salesman
        )
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
        Product = cls.env["product.product"]
        cls.bearing = Product.create(
            {
                "name": "Tapered roller bearing",
                "type": "consu",
                "categ_id": cls.categ_tapered.id,
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "order",
            }
        )
        cls.service = Product.create(
            {
                "name": "Field service day",
                "type": "service",
                "categ_id": cls.categ_service.id,
                "list_price": 500.0,
                "standard_price": 150.0,
                "invoice_policy": "order",
            }
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

    def _compute(self, period):
        result = period._recompute(period.company_id)
        self.assertFalse(result.failures)
        return result.written

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
