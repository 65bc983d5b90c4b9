# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import xmlrpc.client
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, get_db_name, mute_logger, tagged

from .workflow_common import GovernanceCommon


@tagged("post_install", "-at_install")
class TestRaisingOwnPayThroughTheApi(GovernanceCommon, HttpCase):
    """Each person tries to raise their own pay through the external API
    (XML-RPC and JSON-2, with their API key), through every pay input they
    might reach; every attempt is refused and nothing changes.

    June 2026 is computed (WorkflowCommon). Liu Yang (salesperson, team
    East) earns on the East plan; Yang Lei leads team East and is a
    Commission Manager; Zhou Min is Commission HR and sells on the North
    plan; Chen Jing manages the key account Changchun Axle Works, whose
    team shares Liu Yang 60 % and herself 40 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = cls.env.ref("crm_key_account.role_sales")
        cls.key_account.sudo().member_ids = [
            Command.create(
                {
                    "user_id": cls.user_commission_user.id,
                    "role_id": sales.id,
                    "share_pct": 60,
                }
            ),
            Command.create(
                {
                    "user_id": cls.user_key_account_manager.id,
                    "role_id": sales.id,
                    "share_pct": 40,
                }
            ),
        ]
        cls.customer_gear.user_id = cls.user_north

    def _key(self, user):
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(
                scope="rpc",
                name="pay check",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )

    def _xmlrpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            get_db_name(), user.id, self._key(user), model, method, list(args), {}
        )

    def _json2(self, user, model, method, **params):
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self._key(user)}",
                "X-Odoo-Database": get_db_name(),
            },
        )

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_every_attempt_is_refused(self):
        liu = self.user_commission_user
        manager = self.user_commission_manager
        kam = self.user_key_account_manager
        seller = self.user_hr_seller
        east_target = self.plan_east.target_ids
        kam_share = self.key_account.sudo().member_ids.filtered(
            lambda member: member.user_id == kam
        )
        attempts = [
            # (who, model, method, ids, values)
            (
                liu,
                "crm.commission.plan",
                "write",
                self.plan_east.ids,
                {"default_rate": 50},
            ),
            (liu, "crm.commission.target", "write", east_target.ids, {"amount": 1}),
            (liu, "res.partner", "write", self.customer_gear.ids, {"user_id": liu.id}),
            (
                manager,
                "crm.commission.plan",
                "write",
                self.plan_east.ids,
                {"default_rate": 50},
            ),
            (manager, "crm.commission.target", "write", east_target.ids, {"amount": 1}),
            (manager, "crm.commission.plan", "unlink", self.plan_north.ids, None),
            (kam, "crm.key.account.member", "write", kam_share.ids, {"share_pct": 100}),
            (
                seller,
                "crm.commission.plan",
                "write",
                self.plan_north.ids,
                {"default_rate": 50},
            ),
            (
                seller,
                "crm.commission.period",
                "write",
                self.period.ids,
                {"date_from": "2026-07-01"},
            ),
        ]
        for user, model, method, ids, values in attempts:
            args = [ids] + ([values] if values is not None else [])
            with self.subTest(
                user=user.login, model=model, method=method, api="xmlrpc"
            ):
                with self.assertRaises(xmlrpc.client.Fault):
                    self._xmlrpc(user, model, method, *args)
            with self.subTest(user=user.login, model=model, method=method, api="json2"):
                params = {"ids": ids} | ({"vals": values} if values is not None else {})
                response = self._json2(user, model, method, **params)
                self.assertNotEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertEqual(
            (self.plan_east.default_rate, self.plan_north.default_rate), (5.0, 5.0)
        )
        self.assertEqual(east_target.amount, 1000.0)
        self.assertTrue(self.plan_north.exists())
        self.assertEqual(self.customer_gear.user_id, self.user_north)
        self.assertEqual(kam_share.share_pct, 40.0)
        self.assertEqual(self.period.date_from, date(2026, 6, 1))

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_nobody_approves_their_own_commission_through_the_api(self):
        """Zhou Min sells in June; she approves through the API: her own
        summary stays unapproved, another member of HR approves it."""
        self._invoice(
            self.customer_chem,
            self.user_hr_seller,
            date(2026, 6, 20),
            [(self.service, 1, 300)],
        )
        self._compute(self.period)
        own = self.Summary.search([("user_id", "=", self.user_hr_seller.id)])
        self._xmlrpc(
            self.user_hr_seller,
            "crm.commission.period",
            "action_approve",
            self.period.ids,
        )
        self.env.invalidate_all()
        self.assertFalse(own.approved_by_id)
        self.assertEqual(self.summary_guo.approved_by_id, self.user_hr_seller)

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_joining_a_team_shows_its_leader_no_earlier_pay_through_the_api(self):
        """Yang Lei adds Guo Qiang to team East through the API in December,
        then reads June's summaries and lines through it: Liu Yang's only."""
        manager = self.user_commission_manager
        response = self._json2(
            manager,
            "crm.team.member",
            "create",
            vals_list=[
                {"crm_team_id": self.team_east.id, "user_id": self.user_north.id}
            ],
        )
        self.assertEqual(response.status_code, 200, response.text)
        for model in ("crm.commission.summary", "crm.commission.line"):
            with self.subTest(model=model, api="xmlrpc"):
                rows = self._xmlrpc(
                    manager,
                    model,
                    "search_read",
                    [("period_id", "=", self.period.id)],
                    ["user_id"],
                )
                self.assertEqual(
                    {row["user_id"][0] for row in rows},
                    {self.user_commission_user.id},
                )
            with self.subTest(model=model, api="json2"):
                response = self._json2(
                    manager,
                    model,
                    "read",
                    ids=self.summary_guo.ids
                    if model == "crm.commission.summary"
                    else self._lines(self.period, self.user_north).ids,
                    fields=[
                        "commission" if model == "crm.commission.summary" else "amount"
                    ],
                )
                self.assertEqual(response.status_code, 403, response.text)
