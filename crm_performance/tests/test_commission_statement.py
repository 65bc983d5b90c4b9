# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .workflow_common import WorkflowCommon

REPORT = "crm_performance.action_report_commission_statement"


@tagged("post_install", "-at_install")
class TestCommissionStatement(WorkflowCommon):
    def _html(self, summary, user=None):
        reports = self.env["ir.actions.report"].with_user(
            user or self.user_commission_hr
        )
        html, _kind = reports._render_qweb_html(REPORT, summary.ids)
        return html.decode()

    def test_statement_in_english(self):
        """Liu Yang's June statement: base 800, target 1 000, 80 %,
        multiplier 1, commission 40; one line of 800 at 5 %."""
        html = self._html(self.summary_liu)
        for text in (
            "Commission Statement",
            "2026-06",
            "Liu Yang",
            "Attainment (%)",
            "Curve Multiplier",
            "Nanjing Resin Chemicals",
            self._lines(self.period).move_id.name,
            "800.00",
            "1,000.00",
            "80.00",
            "5.00",
            "40.00",
        ):
            with self.subTest(text=text):
                self.assertIn(text, html)
        self.assertNotIn("Guo Qiang", html)

    def test_statement_in_each_salespersons_language(self):
        """Liu Yang reads Chinese, Guo Qiang English: printed together, each
        statement is in its salesperson's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_performance"], ["zh_CN"])
        self.user_commission_user.lang = "zh_CN"
        html = self._html(self.summary_liu | self.summary_guo)
        # one article per statement, named by its summary
        articles = {
            article.split('data-oe-id="', 1)[1].split('"', 1)[0]: article
            for article in html.split('class="article')[1:]
        }
        chinese = articles[str(self.summary_liu.id)]
        english = articles[str(self.summary_guo.id)]
        for text in (
            "提成对账单",
            "销售员：",
            "达成率（%）",
            "曲线系数",
            "提成明细",
            "40.00",
        ):
            with self.subTest(text=text):
                self.assertTrue(text in chinese)
        self.assertFalse("Commission Statement" in chinese)
        for text in ("Commission Statement", "Curve Multiplier", "Guo Qiang", "60.00"):
            with self.subTest(text=text):
                self.assertTrue(text in english)

    def test_salesperson_prints_only_their_own(self):
        self.assertIn("40.00", self._html(self.summary_liu, self.user_commission_user))
        with self.assertRaises(AccessError):
            self._html(self.summary_guo, self.user_commission_user)

    def test_send_statements(self):
        hr = self.user_commission_hr
        with self.assertRaisesRegex(UserError, "once the period is approved"):
            self._as(hr).action_send_statements()
        self._approve_all()
        with self.assertRaises(AccessError):
            self._as(self.user_commission_manager).action_send_statements()
        self._as(hr).action_send_statements()
        mails = self.env["mail.mail"].search(
            [("subject", "like", "commission statement")], order="id"
        )
        self.assertEqual(
            mails.recipient_ids,
            (self.user_commission_user | self.user_north).partner_id,
        )
        mail_liu = mails.filtered(
            lambda mail: mail.recipient_ids == self.user_commission_user.partner_id
        )
        self.assertEqual(mail_liu.subject, "Your commission statement 2026-06")
        self.assertIn("40.00", mail_liu.body_html)
        self.assertEqual(len(mail_liu.attachment_ids), 1)
        # a PDF, or its HTML under test mode
        self.assertRegex(
            mail_liu.attachment_ids.name,
            r"^Commission Statement - Liu Yang - 2026-06\.(pdf|html)$",
        )
        self.assertIn("Liu Yang", self.period.message_ids[0].body)
