# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time
from odoo.tools import html2plaintext

from .churn_common import TODAY


class ChurnRetentionTests:
    """A customer of class A or B at high churn risk gets one retention
    activity for its owner, its reasons in the note; done is done while it
    stays at high risk. Run on the trained history of
    ``test_churn_trained``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Profile = cls.env["crm.customer.profile"]
        cls.Activity = cls.env["mail.activity"]

    def _run(self):
        with freeze_time(TODAY):
            self.Profile._recompute(self.company, TODAY)

    def _churn_activities(self):
        return self.Activity.search([("crm_retention_reasons", "like", "churn_risk")])

    def test_valuable_customers_at_high_risk_get_one_activity(self):
        self._run()
        churns = self.env["crm.customer.churn"].search(
            [("company_id", "=", self.company.id)]
        )
        due = churns.filtered(
            lambda churn: churn.band == "high" and churn.abc_class in ("a", "b")
        )
        self.assertTrue(due, "the history has valuable customers at high risk")
        self.assertTrue(churns - due, "and others, that get no such activity")
        activities = self._churn_activities()
        self.assertEqual(
            sorted(activities.mapped("res_id")), sorted(due.partner_id.ids)
        )
        for activity in activities:
            churn = due.filtered(lambda c, a=activity: c.partner_id.id == a.res_id)
            note = html2plaintext(activity.note)
            self.assertIn(f"churn risk {churn.risk_pct:.0f} %", note)
            for line in churn._reason_lines():
                self.assertIn(line, note)
            owner = churn.partner_id.user_id
            self.assertEqual(activity.user_id, owner or activity.user_id)
        # a second run the same day adds none
        self._run()
        self.assertEqual(self._churn_activities(), activities)

    def test_done_is_done_while_the_risk_stays_high(self):
        self._run()
        activity = self._churn_activities()[:1]
        self.assertTrue(activity)
        partner = activity.res_id
        with freeze_time(TODAY):
            activity.action_done()
        self._run()
        self.assertFalse(
            self._churn_activities().filtered(lambda a: a.res_id == partner)
        )
