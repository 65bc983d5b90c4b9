# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_industrial.tests.common import CrmIndustrialCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CrmKeyAccountCommon(CrmIndustrialCommon):
    """Adds a key-account manager and a key-account director."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_key_account_manager = mail_new_test_user(
            cls.env,
            login="ka_manager",
            name="Chen Jing",
            groups="crm_key_account.group_key_account_manager",
        )
        cls.user_key_account_director = mail_new_test_user(
            cls.env,
            login="ka_director",
            name="Huang Tao",
            groups="crm_key_account.group_key_account_director,base.group_system",
        )
