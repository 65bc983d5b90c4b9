# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class CrmIndustrialCommon(TransactionCase):
    """Users of each real group and a few customers of an industrial seller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_salesman = mail_new_test_user(
            cls.env,
            login="ind_salesman",
            name="Li Na",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_sales_manager = mail_new_test_user(
            cls.env,
            login="ind_sales_manager",
            name="Wang Fang",
            groups="sales_team.group_sale_manager",
        )
        cls.user_settings_admin = mail_new_test_user(
            cls.env,
            login="ind_settings_admin",
            name="Zhao Min",
            groups="sales_team.group_sale_manager,base.group_system",
        )
        cls.customer_auto = cls.env["res.partner"].create(
            {"name": "Changchun Axle Works", "is_company": True}
        )
        cls.customer_chem = cls.env["res.partner"].create(
            {"name": "Nanjing Resin Chemicals", "is_company": True}
        )
        cls.buyer_auto = cls.env["res.partner"].create(
            {
                "name": "Zhou Jie",
                "function": "Purchasing manager",
                "parent_id": cls.customer_auto.id,
            }
        )

    @classmethod
    def _post_customer_document(
        cls, partner, move_type, amount, invoice_date, *, currency=None, company=None
    ):
        """Post a one-line customer invoice or credit note, due on its date."""
        company = company or cls.env.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_payment_term_id": cls.env.ref(
                        "account.account_payment_term_immediate"
                    ).id,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Tapered roller bearings",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move


class CommittedCase(TransactionCase):
    """Tests of runs at once, each on a database connection of its own:
    what they read is committed, and deleted by the test afterwards."""

    @classmethod
    @contextmanager
    def _cursor_env(cls):
        """An environment on a connection of its own, committed at the end."""
        with cls.registry.cursor() as cr:
            cr.execute("SET lock_timeout = '10s'")
            yield api.Environment(cr, SUPERUSER_ID, {})
