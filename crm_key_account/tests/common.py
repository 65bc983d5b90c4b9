# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_industrial.tests.common import CrmIndustrialCommon

KA_MANAGER = "crm_key_account.group_key_account_manager"
KA_DIRECTOR = "crm_key_account.group_key_account_director"


class CrmKeyAccountCommon(CrmIndustrialCommon):
    """Adds a key-account manager and a key-account director."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_key_account_manager = cls._new_user(
            "ka_manager", "Chen Jing", KA_MANAGER
        )
        cls.user_key_account_director = cls._new_user(
            "ka_director", "Huang Tao", f"{KA_DIRECTOR},base.group_system"
        )
