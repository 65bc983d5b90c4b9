# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .commission_common import JUNE
from .test_commission_clawbacks import RefundClawbackCommon
from .test_commission_retention import RetentionCommon
from .test_commission_satisfaction import SatisfactionCommon
from .workflow_common import WorkflowCommon

REPORT = "crm_performance.action_report_commission_statement"
# the statement's signs, as rendered
TIMES = "\N{MULTIPLICATION SIGN}"
MINUS = "\N{MINUS SIGN}"
CHINESE_SATISFACTION = (
    "满意度系数",
    "答卷数（n）：",
    "可信度权重",
    "团队评分：",
    "提成计算过程",
)


def _statement_text(env, summary):
    """The rendered statement of ``summary`` as text: tags removed, spaces
    (non-breaking ones too) collapsed, the zero-width no-break space Odoo
    puts after a minus sign dropped."""
    html, _kind = env["ir.actions.report"]._render_qweb_html(REPORT, summary.ids)
    text = (
        re.sub(r"<[^>]+>", " ", html.decode())
        .replace("&nbsp;", " ")
        .replace("\ufeff", "")
    )
    return re.sub(r"\s+", " ", text)


def _summary_of(env, period, user):
    return env["crm.commission.summary"].search(
        [("period_id", "=", period.id), ("user_id", "=", user.id)]
    )


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


@tagged("post_install", "-at_install")
class TestStatementSatisfaction(SatisfactionCommon):
    """The satisfaction multiplier's inputs on the June statements of the
    plan "Satisfied" (see :class:`SatisfactionCommon`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.june = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.june._recompute(cls.company)

    def test_satisfaction_inputs(self):
        """Liu Yang: n = 4, own score -12.5 ± 81.26, team 25; weight 4 / (4 +
        4) = 0.5; weighted 0.5 x -12.5 + 0.5 x 25 = 6.25, band x1.0: 10 % of
        4 000 = 400 x 1 = 400. No retention factor, curve or clawback on the
        plan: no such step."""
        text = _statement_text(
            self.env, _summary_of(self.env, self.june, self.user_commission_user)
        )
        for expected in (
            "Satisfaction Multiplier NPS",
            "Answers (n): 4 ",
            "Own score: -12.50 ± 81.26 ",
            "Team score: 25.00 ",
            "Credibility weight n / (n + k): 4 / ( 4 + 4.0 ) = 0.5000 ",
            f"Weighted score: 0.5000 {TIMES} -12.50 + "
            f"(1 {MINUS} 0.5000 ) {TIMES} 25.00 = 6.25 ",
            "The band of the weighted score",
            f"{TIMES} 1.0000",
            "400.00",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        for absent in (
            "Neutral: fewer than",
            "Retention Factor",
            "Pay Curve",
            "Clawbacks and Reversals",
        ):
            with self.subTest(absent=absent):
                self.assertNotIn(absent, text)

    def test_neutral_below_minimum_answers(self):
        """Guo Qiang: n = 2 under the plan's 3: neutral; weight 2 / (2 + 4)
        = 0.3333; his margin of error on 2 answers of 100 is 0."""
        text = _statement_text(
            self.env, _summary_of(self.env, self.june, self.user_north)
        )
        for expected in (
            "Answers (n): 2 ",
            "Own score: 100.00 ± 0.00 ",
            "= 0.3333 ",
            "Neutral: fewer than 3 answers.",
            f"{TIMES} 1.0000",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)

    def test_satisfaction_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_performance"], ["zh_CN"])
        self.user_commission_user.lang = "zh_CN"
        text = _statement_text(
            self.env, _summary_of(self.env, self.june, self.user_commission_user)
        )
        for expected in CHINESE_SATISFACTION:
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        for absent in ("Answers (n):", "Credibility weight", "Team score:"):
            with self.subTest(absent=absent):
                self.assertNotIn(absent, text)


@tagged("post_install", "-at_install")
class TestStatementRetention(RetentionCommon):
    """The retention factor's inputs on the June statements (see
    :class:`RetentionCommon`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.june = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.june._recompute(cls.company)

    def test_retention_inputs_and_penalty(self):
        """Liu Yang: 1 kept of 2, 50 %: x0.8; 1 000 x 5 % = 50 x 0.8 = 40;
        one A customer lost x 30: 40 - 30 = 10."""
        text = _statement_text(
            self.env, _summary_of(self.env, self.june, self.user_commission_user)
        )
        for expected in (
            "Customers to keep: 2 ",
            "Customers kept: 1 ",
            "Retention: 1 / 2 = 50.00 %",
            f"{TIMES} 0.8000",
            "40.00",
            f"A customers lost: 1 {TIMES} ",
            "30.00",
            "10.00",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        for absent in ("New B customers:", "Satisfaction Multiplier", "Pay Curve"):
            with self.subTest(absent=absent):
                self.assertNotIn(absent, text)

    def test_retention_inputs_and_bonus(self):
        """Guo Qiang: 1 kept of 1, 100 %: x1.1; 50 x 1.1 = 55; one new B
        customer x 20: 55 + 20 = 75."""
        text = _statement_text(
            self.env, _summary_of(self.env, self.june, self.user_north)
        )
        for expected in (
            "Customers to keep: 1 ",
            "Customers kept: 1 ",
            "Retention: 1 / 1 = 100.00 %",
            f"{TIMES} 1.1000",
            "55.00",
            f"New B customers: 1 {TIMES} ",
            "20.00",
            "75.00",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        self.assertNotIn("A customers lost:", text)


@tagged("post_install", "-at_install")
class TestStatementClawbacks(RefundClawbackCommon):
    """Liu Yang's June statement: two refund clawbacks of May's invoices
    (see :class:`RefundClawbackCommon`), no earned line."""

    def test_clawbacks_in_their_section(self):
        """-400 at May's 3 % = -12 pointing to the May bearings invoice; the
        key account's credit note: -400 (half of 800) at 3 % = -12;
        commission -24."""
        june = self._june()
        self._compute(june)
        text = _statement_text(
            self.env, _summary_of(self.env, june, self.user_commission_user)
        )
        section = text.split("Clawbacks and Reversals", 1)[1]
        for expected in (
            "Refund Clawback",
            self.invoice.name,
            self.axle_invoice.name,
            self.refund.name,
            "( 2026-05 )",
            "50.0",
            "-12.00",
            "Total Clawbacks and Reversals",
            "-24.00",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, section)
        self.assertIn("No commission earned in the period.", text)
        for absent in ("Satisfaction Multiplier", "Retention Factor", "Pay Curve"):
            with self.subTest(absent=absent):
                self.assertNotIn(absent, text)
