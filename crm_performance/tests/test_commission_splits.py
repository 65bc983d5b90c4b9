# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import CommissionCommon


@tagged("post_install", "-at_install")
class TestCommissionSplits(CommissionCommon):
    """Changchun Axle Works is an active key account whose team shares its
    results: Liu Yang 60 %, Guo Qiang 40 %, the application engineer none.
    Both are on the plan "Industrial", 5 %. In June 2026 Liu Yang invoices

    - Changchun Axle Works 10 bearings at 100: 1 000, split 600 to Liu Yang
      (commission 30.00) and 400 to Guo Qiang (20.00);
    - Shenyang Gear Co., no key account, 2 service days at 500: 1 000, all
      to Liu Yang (50.00).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        liu, guo = cls.user_commission_user, cls.user_north
        cls.plan = cls._plan("Industrial", users=liu | guo, default_rate=5.0)
        sales = cls.env.ref("crm_key_account.role_sales")
        engineering = cls.env.ref("crm_key_account.role_application_engineering")
        cls.key_account.sudo().write(
            {
                "member_ids": [
                    Command.create(
                        {
                            "user_id": cls.user_commission_user.id,
                            "role_id": sales.id,
                            "share_pct": 60,
                        }
                    ),
                    Command.create(
                        {
                            "user_id": cls.user_north.id,
                            "role_id": sales.id,
                            "share_pct": 40,
                        }
                    ),
                    Command.create(
                        {
                            "user_id": cls.user_commission_manager.id,
                            "role_id": engineering.id,
                        }
                    ),
                ]
            }
        )
        # the team has shared the account's results so since January
        cls._key_account_since(cls.key_account, date(2026, 1, 1))
        cls.axle_invoice = cls._invoice(
            cls.customer_auto, liu, date(2026, 6, 3), [(cls.bearing, 10, 100)]
        )
        cls.gear_invoice = cls._invoice(
            cls.customer_gear, liu, date(2026, 6, 5), [(cls.service, 2, 500)]
        )

    def test_key_account_revenue_split_by_shares(self):
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            period.line_ids.sorted(lambda line: (line.move_id.id, -line.share_pct)),
            [
                {
                    "move_id": self.axle_invoice.id,
                    "user_id": self.user_commission_user.id,
                    "share_pct": 60.0,
                    "base_amount": 600.0,
                    "amount": 30.0,
                },
                {
                    "move_id": self.axle_invoice.id,
                    "user_id": self.user_north.id,
                    "share_pct": 40.0,
                    "base_amount": 400.0,
                    "amount": 20.0,
                },
                {
                    "move_id": self.gear_invoice.id,
                    "user_id": self.user_commission_user.id,
                    "share_pct": 100.0,
                    "base_amount": 1000.0,
                    "amount": 50.0,
                },
            ],
        )
        # Liu Yang: 30 + 50 = 80; Guo Qiang: 20
        self.assertRecordValues(
            period.summary_ids.sorted(lambda summary: summary.user_id.name),
            [
                {"user_id": self.user_north.id, "commission": 20.0},
                {"user_id": self.user_commission_user.id, "commission": 80.0},
            ],
        )
        # the same lines again: nothing written
        self.assertEqual(self._compute(period), 0)

    def test_team_member_reads_only_their_split(self):
        period = self._june()
        self._compute(period)
        lines = self.Line.with_user(self.user_north).search([])
        self.assertEqual(lines.mapped("base_amount"), [400.0])
        self.assertEqual(lines.user_id, self.user_north)

    @mute_logger("odoo.addons.crm_industrial.models.crm_company_recompute")
    def test_shares_not_adding_up_refused(self):
        """The director lowers Guo Qiang's share to 30 %: the shares add up to
        90 %, the period is not computed and no line is written."""
        self.key_account.with_user(self.user_key_account_director).member_ids.filtered(
            lambda member: member.user_id == self.user_north
        ).share_pct = 30
        period = self._june()
        result = period._recompute(self.company)
        self.assertIn("90.0 %", result.failures[self.company])
        self.assertFalse(period.line_ids)
        self.assertEqual(period.state, "draft")
