# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_industrial.tests.common import SALESMAN

from .common import CrmKeyAccountCommon


class KeyAccountPlanCommon(CrmKeyAccountCommon):
    """Changchun Axle Works is an active key account of Chen Jing, with Liu
    Yang (a salesperson, quality engineer) on its team; Li Na, a salesperson
    outside the team, knows it is a key account and nothing more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["crm.key.account.plan"]
        cls.user_team_member = cls._new_user("ka_member", "Liu Yang", SALESMAN)
        cls.role_quality = cls.env["crm.key.account.role"].create(
            {"name": "Quality engineer"}
        )
        cls.key_account = cls._active_key_account(cls.customer_auto)
        cls.key_account.sudo().member_ids = [
            (
                0,
                0,
                {"user_id": cls.user_team_member.id, "role_id": cls.role_quality.id},
            )
        ]

    @classmethod
    def _active_key_account(cls, customer, manager=None):
        account = (
            cls.env["crm.key.account"]
            .with_user(cls.user_key_account_manager)
            .create(
                {
                    "partner_id": customer.id,
                    "proposal_reason": "Biggest axle maker in the region",
                    "manager_id": (manager or cls.user_key_account_manager).id,
                }
            )
        )
        director = cls.user_key_account_director
        account.with_user(director).action_approve()
        account.with_user(director).action_activate()
        return account.sudo()

    def _plan(self, year=2026, user=None, **vals):
        return (
            self.Plan.with_user(user or self.user_key_account_manager)
            .create({"key_account_id": self.key_account.id, "year": year, **vals})
            .sudo()
        )
