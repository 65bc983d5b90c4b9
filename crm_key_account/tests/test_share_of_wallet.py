# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KA_MANAGER
from .key_account_health_common import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestShareOfWallet(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._activate(cls.customer_auto)

    def test_estimated_spend_is_the_90th_percentile_of_similar_customers(self):
        self._recompute()
        share = self.env["crm.key.account.share.of.wallet"].search(
            [("key_account_id", "=", self.account.id)]
        )
        # similar: the five other large automotive customers (Hefei Pumps is
        # medium, Nanjing Resin chemicals): 100, 200, 300, 400, 1 000.
        # 90th percentile at position 0.9 x (5 - 1) = 3.6 of the sorted list:
        # 400 + 0.6 x (1 000 - 400) = 760
        self.assertEqual(share.spend_source, "estimated")
        self.assertEqual(share.similar_count, 5)
        self.assertAlmostEqual(share.spend, 760.0)
        self.assertAlmostEqual(share.revenue_12m, 380.0)
        # 380 / 760 = 50 %
        self.assertAlmostEqual(share.share_pct, 50.0)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.wallet_spend_source, "estimated")
        self.assertAlmostEqual(self.account.wallet_share_pct, 50.0)

    def test_entered_spend_wins_over_the_estimate(self):
        Wallet = self.env["crm.key.account.wallet"].with_user(
            self.user_key_account_manager
        )
        year = self.today.year
        Wallet.create(
            {
                "key_account_id": self.account.id,
                "year": year - 1,
                "spend": 500.0,
                "source": "Annual report of last year",
            }
        )
        Wallet.create(
            {
                "key_account_id": self.account.id,
                "year": year,
                "spend": 3800.0,
                "source": "Purchasing director, first visit",
                "date": self.today.replace(month=1, day=2),
            }
        )
        latest = Wallet.create(
            {
                "key_account_id": self.account.id,
                "year": year,
                "spend": 1900.0,
                "source": "Purchasing director, budget review",
                "date": self.today,
            }
        )
        self.assertEqual(latest.entered_by_id, self.user_key_account_manager)
        self._recompute()
        self.account.invalidate_recordset()
        account = self.account.with_user(self.user_key_account_manager)
        # the latest entry of this year: 380 / 1 900 = 20 %
        self.assertEqual(account.wallet_spend_source, "entered")
        self.assertAlmostEqual(account.wallet_spend, 1900.0)
        self.assertAlmostEqual(account.wallet_share_pct, 20.0)

    def test_too_few_similar_customers_leave_the_spend_unknown(self):
        # the resin maker has no other chemicals customer to compare with
        account = self._activate(self.customer_chem)
        self._recompute()
        account.invalidate_recordset()
        self.assertEqual(account.wallet_spend_source, "unknown")
        self.assertFalse(account.wallet_share_pct)

    def test_run_twice_writes_once(self):
        self.assertTrue(self._recompute().written)
        result = self._recompute()
        self.assertFalse(result.failures)
        self.assertEqual(result.written, 0)

    def test_white_space(self):
        rows = self.env["crm.key.account.white.space"].search(
            [("key_account_id", "=", self.account.id)]
        )
        # of the 5 similar customers, 3 bought seals (60 % >= 50 %), 2
        # lubricants (40 %), all 5 bearings, which the axle works buys too
        self.assertEqual(rows.categ_id, self.categ_seals)
        self.assertEqual(rows.buyer_count, 3)
        self.assertEqual(rows.similar_count, 5)
        self.assertAlmostEqual(rows.buyer_pct, 60.0)
        # at 40 %, lubricants are white space too
        self.company.key_account_white_space_pct = 40.0
        self.env.flush_all()
        self.assertEqual(
            self.account.white_space_ids.categ_id,
            self.categ_seals | self.categ_lubricants,
        )

    def test_outsider_reads_no_share_of_wallet(self):
        self.env["crm.key.account.wallet"].with_user(
            self.user_key_account_manager
        ).create(
            {
                "key_account_id": self.account.id,
                "spend": 1900.0,
                "source": "Purchasing director",
            }
        )
        self._recompute()
        self.account.invalidate_recordset()
        outsider = self.account.with_user(self.user_salesman)
        self.assertEqual(outsider.partner_id, self.customer_auto)
        self.assertFalse(outsider.wallet_spend)
        self.assertFalse(outsider.wallet_share_pct)
        self.assertFalse(outsider.wallet_spend_source)
        self.assertFalse(outsider.white_space_ids)
        for model in (
            "crm.key.account.wallet",
            "crm.key.account.share.of.wallet",
            "crm.key.account.white.space",
        ):
            records = self.env[model].with_user(self.user_salesman)
            self.assertFalse(records.search([]), model)
            self.assertFalse(
                records._read_group([], ["key_account_id"], ["__count"]), model
            )
        # once in the team, the salesperson reads them
        self.account.with_user(self.user_key_account_manager).member_ids = [
            Command.create(
                {
                    "user_id": self.user_salesman.id,
                    "role_id": self.env.ref("crm_key_account.role_sales").id,
                }
            )
        ]
        self.account.invalidate_recordset()
        member = self.account.with_user(self.user_salesman)
        self.assertAlmostEqual(member.wallet_share_pct, 20.0)
        self.assertEqual(member.white_space_ids.categ_id, self.categ_seals)

    def test_only_the_accounts_manager_enters_its_spend(self):
        other_manager = self._new_user("ka_manager_other", "Sun Wei", KA_MANAGER)
        with self.assertRaises(AccessError):
            self.env["crm.key.account.wallet"].with_user(other_manager).create(
                {
                    "key_account_id": self.account.id,
                    "spend": 1000.0,
                    "source": "Guess",
                }
            )
        with self.assertRaises(AccessError):
            self.env["crm.key.account.wallet"].with_user(self.user_salesman).create(
                {
                    "key_account_id": self.account.id,
                    "spend": 1000.0,
                    "source": "Guess",
                }
            )
