# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_key_account.tests.common import CrmKeyAccountCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CrmPerformanceCommon(CrmKeyAccountCommon):
    """Adds the three commission roles: salesperson, sales manager, HR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commission_user = mail_new_test_user(
            cls.env,
            login="com_user",
            name="Liu Yang",
            groups="sales_team.group_sale_salesman,crm_performance.group_commission_user",
        )
        cls.user_commission_manager = mail_new_test_user(
            cls.env,
            login="com_manager",
            name="Yang Lei",
            groups="sales_team.group_sale_manager,crm_performance.group_commission_manager",
        )
        cls.user_commission_hr = mail_new_test_user(
            cls.env,
            login="com_hr",
            name="Sun Li",
            groups="crm_performance.group_commission_hr,base.group_system",
        )
