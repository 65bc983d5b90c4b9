# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_industrial.tests.common import SALES_MANAGER, SALESMAN
from odoo.addons.crm_key_account.tests.common import CrmKeyAccountCommon

COMMISSION_USER = f"{SALESMAN},crm_performance.group_commission_user"


class CrmPerformanceCommon(CrmKeyAccountCommon):
    """Adds the three commission roles: salesperson, sales manager, HR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commission_user = cls._new_user(
            "com_user", "Liu Yang", COMMISSION_USER
        )
        cls.user_commission_manager = cls._new_user(
            "com_manager",
            "Yang Lei",
            f"{SALES_MANAGER},crm_performance.group_commission_manager",
        )
        cls.user_commission_hr = cls._new_user(
            "com_hr", "Sun Li", "crm_performance.group_commission_hr,base.group_system"
        )

    def _assert_views_open_for_each_role(self, views):
        """The ``views`` ({model: [view types]}) load for a salesperson, a
        sales manager and HR of the commissions."""
        for user in (
            self.user_commission_user,
            self.user_commission_manager,
            self.user_commission_hr,
        ):
            for model, kinds in views.items():
                with self.subTest(user=user.login, model=model):
                    result = (
                        self.env[model]
                        .with_user(user)
                        .get_views([(False, kind) for kind in kinds])
                    )
                    self.assertEqual(set(result["views"]), set(kinds))
