# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestRetention(CrmIndustrialCommon):
    """Two customers to keep, on 2026-06-30.

    Fading Motors (salesperson Li Na): 2 000 invoiced on 2025-01-10, 1 000 on
    2026-06-10: trend -50 %, decline; with 1 000 of 1 100 it is class A, so
    its revenue drop is a second reason.
    Sleepy Forge (no salesperson): orders on 2024-01-01, 2024-04-10,
    2024-08-08 and 2025-02-24, every 140 days on average; 491 days without
    an order is beyond its threshold of 184 days: dormant. It goes to the
    leader of the sales team, Wang Fang.
    Small Bolts: 100 on 2026-06-01, new: nothing to do.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].search([]).action_archive()
        cls.env["crm.team"].create(
            {"name": "East China Sales", "user_id": cls.user_sales_manager.id}
        )
        customer = cls.env["res.partner"].create
        cls.fading = customer(
            {
                "name": "Fading Motors",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.sleepy = customer({"name": "Sleepy Forge", "is_company": True})
        cls.small = customer({"name": "Small Bolts", "is_company": True})
        post = cls._post_customer_document
        post(cls.fading, "out_invoice", 2000.0, date(2025, 1, 10))
        post(cls.fading, "out_invoice", 1000.0, date(2026, 6, 10))
        post(cls.small, "out_invoice", 100.0, date(2026, 6, 1))
        cls.product = cls.env["product.product"].create({"name": "Forged flange"})
        for order_date in ("2024-01-01", "2024-04-10", "2024-08-08", "2025-02-24"):
            cls._order(cls.sleepy, order_date)
        cls.Profile = cls.env["crm.customer.profile"]

    @classmethod
    def _order(cls, partner, order_date):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        order.date_order = order_date

    def _activities(self, partner, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("crm_retention_reason", "!=", False),
                    ("active", "=", active),
                ]
            )
        )

    def _recompute(self):
        return self.Profile._recompute(self.company, today=TODAY)

    def test_activities_say_why_in_numbers(self):
        self._recompute()
        fading = self._activities(self.fading)
        self.assertEqual(
            sorted(fading.mapped("crm_retention_reason")), ["decline", "value_drop"]
        )
        self.assertEqual(fading.user_id, self.user_salesman)
        decline = fading.filtered(lambda a: a.crm_retention_reason == "decline")
        self.assertIn(
            "revenue -50 % against the previous 12 months; last order 20 days ago",
            str(decline.note),
        )
        self.assertEqual(decline.date_deadline, date(2026, 7, 3))
        sleepy = self._activities(self.sleepy)
        self.assertEqual(sleepy.crm_retention_reason, "dormant")
        self.assertEqual(sleepy.user_id, self.user_sales_manager)
        self.assertIn("last order 491 days ago, usually every 140", str(sleepy.note))
        self.assertFalse(self._activities(self.small))

    def test_one_open_activity_per_customer_and_reason(self):
        self._recompute()
        self.assertEqual(self._recompute(), 0)
        self._recompute()
        self.assertEqual(len(self._activities(self.fading)), 2)
        self.assertEqual(len(self._activities(self.sleepy)), 1)

    def test_closed_when_the_customer_recovers(self):
        self._recompute()
        dormant = self._activities(self.sleepy)
        self._order(self.sleepy, "2026-06-25")
        self._recompute()
        self.assertFalse(dormant.active, "done activities are archived")
        self.assertFalse(self._activities(self.sleepy))
        self.assertIn(
            "the reason no longer holds", str(self.sleepy.message_ids[0].body)
        )

    def test_note_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_industrial"], ["zh_CN"])
        self.Profile.with_context(lang="zh_CN")._recompute(self.company, today=TODAY)
        decline = self._activities(self.fading).filtered(
            lambda activity: activity.crm_retention_reason == "decline"
        )
        self.assertEqual(decline.summary, "客户保留：衰退期")
        self.assertIn(
            "收入较前 12 个月变化 -50 %; 最近订单在 20 天前", str(decline.note)
        )
