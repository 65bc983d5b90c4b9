# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from contextlib import contextmanager

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

# the groups the tests' users are given, by their xml ids
SALESMAN = "sales_team.group_sale_salesman"
ALL_LEADS = "sales_team.group_sale_salesman_all_leads"
SALES_MANAGER = "sales_team.group_sale_manager"
PORTAL = "base.group_portal"


class CrmIndustrialCommon(TransactionCase):
    """Users of each real group and a few customers of an industrial seller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_salesman = cls._new_user("ind_salesman", "Li Na", SALESMAN)
        cls.user_sales_manager = cls._new_user(
            "ind_sales_manager", "Wang Fang", SALES_MANAGER
        )
        cls.user_settings_admin = cls._new_user(
            "ind_settings_admin", "Zhao Min", f"{SALES_MANAGER},base.group_system"
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
    def _new_user(cls, login, name, groups, *, company=None, **values):
        """A user of ``groups`` (xml ids, comma-separated); of ``company``
        alone when it is given."""
        if company:
            values.update(company_id=company.id, company_ids=[Command.set(company.ids)])
        return mail_new_test_user(
            cls.env, login=login, name=name, groups=groups, **values
        )

    def _assert_menus_find_nothing(self, menus, user):
        """Each window action of ``menus`` that ``user`` sees finds no
        record for them: return these actions."""
        actions = self.env["ir.actions.act_window"]
        for menu in menus.with_user(user)._filter_visible_menus():
            action = menu.sudo().action
            if action._name != "ir.actions.act_window":
                continue
            with self.subTest(menu=menu.name):
                records = self.env[action.res_model].with_user(user)
                domain = literal_eval(action.domain or "[]")
                self.assertFalse(records.search(domain))
                actions |= action
        return actions

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
