# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.common import SALESMAN

from .common import KA_DIRECTOR, KA_MANAGER, CrmKeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountShares(CrmKeyAccountCommon):
    """Changchun Axle Works is a key account managed by Chen Jing; Li Na
    sells to it. Its team shares the commissions: Li Na 70 %, Chen Jing
    30 %. Huang Tao, a Key Account Director, is not on its team; Qian Jun,
    another director, is its application engineer. Zhang Wei is a key-account
    manager of other accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director_on_team = cls._new_user(
            "ka_director_team", "Qian Jun", KA_DIRECTOR
        )
        cls.other_manager = cls._new_user("ka_manager_other", "Zhang Wei", KA_MANAGER)
        cls.account = cls.env["crm.key.account"].create(
            {
                "partner_id": cls.customer_auto.id,
                "manager_id": cls.user_key_account_manager.id,
                "proposal_reason": "Largest axle maker",
            }
        )
        sales = cls.env.ref("crm_key_account.role_sales")
        engineering = cls.env.ref("crm_key_account.role_application_engineering")
        cls.account.member_ids = [
            Command.create(
                {"user_id": cls.user_salesman.id, "role_id": sales.id, "share_pct": 70}
            ),
            Command.create(
                {
                    "user_id": cls.user_key_account_manager.id,
                    "role_id": sales.id,
                    "share_pct": 30,
                }
            ),
            Command.create(
                {"user_id": cls.director_on_team.id, "role_id": engineering.id}
            ),
        ]
        cls.seller, cls.kam, cls.engineer = cls.account.member_ids.sorted("id")
        cls.today = fields.Date.context_today(cls.account)

    def _shares(self):
        return [
            (share.user_id, share.share_pct, share.date_from, share.date_to)
            for share in self.account.share_ids.sorted(
                lambda share: (share.date_from, -share.share_pct)
            )
        ]

    def test_the_shares_start_their_history(self):
        self.assertEqual(
            self._shares(),
            [
                (self.user_salesman, 70.0, self.today, False),
                (self.user_key_account_manager, 30.0, self.today, False),
            ],
        )

    def test_the_manager_sets_no_share(self):
        """Chen Jing, the account's manager, gives herself everything: refused,
        as is moving her team row onto another account."""
        kam = self.kam.with_user(self.user_key_account_manager)
        with self.assertRaises(AccessError):
            kam.share_pct = 100.0
        with self.assertRaises(AccessError):
            self.seller.with_user(self.user_key_account_manager).unlink()
        other = self.env["crm.key.account"].create(
            {
                "partner_id": self.customer_chem.id,
                "manager_id": self.other_manager.id,
                "proposal_reason": "Resin supplier",
            }
        )
        with self.assertRaisesRegex(UserError, "stays on their key account"):
            self.engineer.with_user(
                self.user_key_account_manager
            ).key_account_id = other
        self.assertEqual(
            self.account.member_ids.sorted("id").mapped("share_pct"), [70.0, 30.0, 0.0]
        )

    def test_a_director_on_the_team_sets_no_share(self):
        with self.assertRaisesRegex(UserError, "another Key Account Director"):
            self.seller.with_user(self.director_on_team).share_pct = 60.0

    def test_a_director_off_the_team_sets_them_from_today(self):
        """Huang Tao moves the split to 60/40: the history closes 70/30 and
        opens 60/40 today, and the account's chatter says so."""
        director = self.user_key_account_director
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_key_account_share SET date_from = %s WHERE key_account_id = %s",
            [date(2026, 1, 1), self.account.id],
        )
        self.account.invalidate_recordset()
        self.seller.with_user(director).share_pct = 60.0
        self.kam.with_user(director).share_pct = 40.0
        yesterday = self.today - timedelta(days=1)
        self.assertEqual(
            self._shares(),
            [
                (self.user_salesman, 70.0, date(2026, 1, 1), yesterday),
                (self.user_key_account_manager, 30.0, date(2026, 1, 1), yesterday),
                (self.user_salesman, 60.0, self.today, False),
                (self.user_key_account_manager, 40.0, self.today, False),
            ],
        )
        self.assertIn("Li Na 60 %", self.account.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "kept as it was"):
            self.account.share_ids[:1].sudo().write({"share_pct": 100.0})

    def test_who_reads_the_shares(self):
        """The team (Li Na, Chen Jing) and the directors read them; another
        key-account manager and an outside salesperson read none."""
        for user in (self.user_salesman, self.user_key_account_manager):
            with self.subTest(user=user.login):
                shares = self.env["crm.key.account.share"].with_user(user).search([])
                self.assertEqual(shares, self.account.share_ids)
        outsider = self._new_user("ka_outsider", "Zhao Min", SALESMAN)
        for user in (self.other_manager, outsider):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["crm.key.account.share"].with_user(user).search([])
                )
        with self.assertRaises(AccessError):
            self.seller.with_user(outsider).read(["share_pct"])
