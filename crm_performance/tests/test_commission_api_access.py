# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import xmlrpc.client
from datetime import datetime, timedelta
from http import HTTPStatus

from odoo.tests import HttpCase, get_db_name, mute_logger, tagged

from .workflow_common import WorkflowCommon


@tagged("post_install", "-at_install")
class TestCommissionApiAccess(WorkflowCommon, HttpCase):
    """Liu Yang reads commissions through the external API with his API key:
    he gets his own lines and summaries, none of Guo Qiang's."""

    def setUp(self):
        super().setUp()
        liu = self.user_commission_user
        self.api_key = (
            self.env["res.users.apikeys"]
            .with_user(liu)
            ._generate(
                scope="rpc",
                name="payroll check",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )
        self.line_guo = self._lines(self.period, self.user_north)
        self.line_liu = self._lines(self.period)

    def _execute_kw(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            get_db_name(),
            self.user_commission_user.id,
            self.api_key,
            model,
            method,
            list(args),
            kwargs,
        )

    def _json2(self, model, method, **params):
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.api_key}",
                "X-Odoo-Database": get_db_name(),
            },
        )

    def test_xmlrpc_search_returns_only_own(self):
        for model in ("crm.commission.line", "crm.commission.summary"):
            with self.subTest(model=model):
                rows = self._execute_kw(
                    model,
                    "search_read",
                    [("user_id", "=", self.user_north.id)],
                    fields=[
                        "amount" if model == "crm.commission.line" else "commission"
                    ],
                )
                self.assertEqual(rows, [])
                rows = self._execute_kw(model, "search_read", [], fields=["user_id"])
                self.assertEqual(
                    {row["user_id"][0] for row in rows}, {self.user_commission_user.id}
                )

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_xmlrpc_read_of_another_line_is_refused(self):
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._execute_kw(
                "crm.commission.line", "read", self.line_guo.ids, ["amount"]
            )
        self.assertIn("doesn't have 'read' access", refused.exception.faultString)
        rows = self._execute_kw(
            "crm.commission.line", "read", self.line_liu.ids, ["amount"]
        )
        # 800 x 5 %
        self.assertEqual(rows[0]["amount"], 40.0)

    @mute_logger("odoo.http")
    def test_json2_reads_only_own(self):
        response = self._json2(
            "crm.commission.line",
            "search_read",
            domain=[("user_id", "=", self.user_north.id)],
            fields=["amount"],
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response.json(), [])
        response = self._json2(
            "crm.commission.line", "read", ids=self.line_guo.ids, fields=["amount"]
        )
        self.assertEqual(response.status_code, HTTPStatus.FORBIDDEN)
        self.assertNotIn("60.0", response.text)

    @mute_logger("odoo.http")
    def test_json2_salesperson_cannot_approve(self):
        response = self._json2(
            "crm.commission.period", "action_approve", ids=self.period.ids
        )
        self.assertEqual(response.status_code, HTTPStatus.FORBIDDEN)
        self.assertFalse(self.summary_liu.approved_by_id)
