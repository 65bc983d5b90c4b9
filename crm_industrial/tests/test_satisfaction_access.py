# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ALL_LEADS, SALESMAN
from .satisfaction_common import SatisfactionCommon

TODAY = date(2026, 6, 30)

# every model of satisfaction data, and the domain of the rows about customers
SATISFACTION_DATA = {
    "survey.user_input": [("crm_partner_id", "!=", False)],
    "survey.user_input.line": [("user_input_id.crm_partner_id", "!=", False)],
    "crm.satisfaction.score": [],
    "crm.satisfaction.report": [],
    "mail.activity": [("res_model", "=", "survey.user_input")],
}


@tagged("post_install", "-at_install")
class TestSatisfactionAccess(SatisfactionCommon):
    """Two customers' answers, none of them Liu Yang's, scored on 2026-06-30.

    Changchun Axle Works (Li Na): Zhou Jie answered NPS 3 with a comment, a
    detractor followed up by Li Na; another contact answered NPS 9.
    Harbin Gears (Wang Fang): two contacts answered NPS 10.
    Sun Hao reads all leads; Liu Yang is a salesperson who owns neither.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._new_user("ind_outsider", "Liu Yang", SALESMAN)
        cls.all_leads = cls._new_user("ind_all_leads", "Sun Hao", ALL_LEADS)
        cls.axles = cls._customer("Changchun Axle Works", cls.user_salesman)
        cls.gears = cls._customer("Harbin Gears", cls.user_sales_manager)
        cls.zhou_jie = cls._contact(cls.axles, "Zhou Jie")
        cls.complaint = cls._complete(
            cls._invite(cls.zhou_jie, "2026-05-02"),
            "2026-05-04",
            nps=3,
            comment="Our line stopped twice for late bearings.",
        )
        cls._answer(cls.axles, "2026-05-05", nps=9)
        cls._answer(cls.gears, "2026-05-06", nps=10)
        cls._answer(cls.gears, "2026-05-07", nps=10)
        cls.Score._recompute_company(cls.company, TODAY)

    def _rows(self, model, user):
        return self.env[model].with_user(user).search(SATISFACTION_DATA[model])

    def test_an_outsider_reads_nothing(self):
        for model, domain in SATISFACTION_DATA.items():
            with self.subTest(model=model):
                self.assertTrue(self._rows(model, self.env.user))
                self.assertFalse(self._rows(model, self.outsider))
                records = self.env[model].with_user(self.outsider)
                [(count,)] = records._read_group(domain, [], ["__count"])
                self.assertEqual(count, 0)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.outsider).crm_comment  # noqa: B018
        self.assertFalse(self.axles.with_user(self.outsider).crm_survey_answer_ids)
        self.assertFalse(self.axles.with_user(self.outsider).crm_satisfaction_score_ids)

    def test_an_outsider_reads_nothing_through_the_menus(self):
        menus = self.env.ref("crm_industrial.menu_customer_intelligence").child_id
        actions = self._assert_menus_find_nothing(menus, self.outsider)
        checked = set(actions.mapped("xml_id"))
        self.assertLessEqual(
            {
                "crm_industrial.crm_satisfaction_score_action",
                "crm_industrial.crm_satisfaction_report_action",
                "crm_industrial.crm_survey_answer_action",
                "crm_industrial.crm_detractor_answer_action",
            },
            checked,
        )
        self.assertNotIn("crm_industrial.crm_survey_campaign_action", checked)

    def test_a_salesperson_reads_her_customers_and_her_own_score(self):
        answers = self._rows("survey.user_input", self.user_salesman)
        self.assertEqual(answers.crm_partner_id, self.axles)
        self.assertEqual(len(answers), 2)
        self.assertIn(
            "Our line stopped twice",
            self.complaint.with_user(self.user_salesman).crm_comment,
        )
        self.assertEqual(
            self._rows("survey.user_input.line", self.user_salesman).user_input_id,
            answers,
        )
        scores = self._rows("crm.satisfaction.score", self.user_salesman)
        self.assertEqual(
            {(score.scope, score.partner_id, score.user_id) for score in scores},
            {
                ("customer", self.axles, self.env["res.users"]),
                ("salesperson", self.env["res.partner"], self.user_salesman),
            },
        )
        report = self._rows("crm.satisfaction.report", self.user_salesman)
        self.assertEqual(report.partner_id, self.axles)
        with self.assertRaises(AccessError):
            report.with_user(self.user_salesman).read(["respondent_id"])
        activity = self._rows("mail.activity", self.user_salesman)
        self.assertEqual(activity, self.complaint.crm_followup_activity_id)
        self.assertIn("Our line stopped twice", str(activity.note))

    def test_all_leads_read_every_customer_score_no_respondent(self):
        """All leads reads every customer's scores and analysis, but not the
        answers of customers not theirs: the respondents' names, emails and
        comments stay with the customers' salespeople and the managers."""
        self.assertFalse(self._rows("survey.user_input", self.all_leads))
        self.assertFalse(self._rows("survey.user_input.line", self.all_leads))
        scores = self._rows("crm.satisfaction.score", self.all_leads)
        self.assertEqual(set(scores.mapped("scope")), {"customer"})
        self.assertEqual(scores.partner_id, self.axles | self.gears)
        report = self._rows("crm.satisfaction.report", self.all_leads)
        self.assertEqual(len(report), 4)
        with self.assertRaises(AccessError):
            report.with_user(self.all_leads).read(["respondent_id"])

    def test_survey_rights_open_no_other_customer_and_change_no_answer(self):
        """Li Na, whose customer Zhou Jie answered as a detractor, is also a
        Survey Officer: survey's rules let her read and edit every answer,
        ours keep her to her customers' and let her change none."""
        officer = self.user_salesman
        officer.group_ids |= self.env.ref("survey.group_survey_user")
        self.assertEqual(
            self._rows("survey.user_input", officer).crm_partner_id, self.axles
        )
        answer = self.complaint.with_user(officer)
        for label, attempt in (
            ("delete", answer.unlink),
            ("move", lambda: answer.write({"partner_id": officer.partner_id.id})),
            ("redate", lambda: answer.write({"end_datetime": "2025-01-01 10:00:00"})),
            (
                "rescore",
                lambda: answer.user_input_line_ids[:1].write(
                    {"value_numerical_box": 10}
                ),
            ),
            ("drop a line", answer.user_input_line_ids[:1].unlink),
        ):
            with self.subTest(label), self.assertRaises(AccessError):
                attempt()
        self.assertTrue(self.complaint.exists())
        self.assertTrue(self.complaint.crm_detractor)

    def test_sales_managers_read_every_score_and_respondent(self):
        scores = self._rows("crm.satisfaction.score", self.user_sales_manager)
        self.assertEqual(
            set(scores.mapped("scope")), {"customer", "salesperson", "team", "company"}
        )
        report = self._rows("crm.satisfaction.report", self.user_sales_manager)
        self.assertIn(
            self.zhou_jie, report.with_user(self.user_sales_manager).respondent_id
        )

    def test_answers_follow_the_customer_scores_stay_with_the_salesperson(self):
        """Liu Yang takes Li Na's customers over: he reads their answers now.

        Li Na's own NPS row still counts the two answers given while the
        customer was hers.
        """
        self.env["crm.portfolio.reassign"].with_user(self.user_sales_manager).create(
            {
                "source_user_id": self.user_salesman.id,
                "target_user_id": self.outsider.id,
            }
        ).action_apply()
        self.Score._recompute_company(self.company, TODAY)
        self.assertEqual(
            self._rows("survey.user_input", self.outsider).crm_partner_id, self.axles
        )
        self.assertFalse(self._rows("survey.user_input", self.user_salesman))
        own = self._rows("crm.satisfaction.score", self.user_salesman)
        self.assertEqual(set(own.mapped("scope")), {"salesperson"})
        self.assertEqual(own.filtered(lambda s: s.dimension == "nps").answer_count, 2)

    def test_other_companies_answers_stay_there(self):
        ningbo = self.env["res.company"].create({"name": "Ningbo Works"})
        self.user_sales_manager.company_ids |= ningbo
        foreign = self.Answer._crm_invite(
            self.relationship, ningbo, self._contact(self.gears), "campaign"
        )
        self.assertNotIn(foreign, self._rows("survey.user_input", self.all_leads))
        self.assertIn(foreign, self._rows("survey.user_input", self.env.user))
        manager = self.Answer.with_user(self.user_sales_manager).with_context(
            allowed_company_ids=ningbo.ids
        )
        self.assertEqual(
            manager.search(SATISFACTION_DATA["survey.user_input"]), foreign
        )

    # ------------------------------------------------------------------
    # Privacy
    # ------------------------------------------------------------------

    def test_a_contact_gets_their_answers(self):
        action = self.zhou_jie.with_user(
            self.user_sales_manager
        ).action_crm_export_survey_answers()
        self.assertEqual(
            action["url"], f"/crm_industrial/survey_answers/{self.zhou_jie.id}/export"
        )
        filename, content = self.Answer.with_user(
            self.user_sales_manager
        )._crm_export_csv(self.zhou_jie)
        self.assertEqual(filename, f"survey-answers-{self.zhou_jie.id}.csv")
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        # one row per question answered: the NPS and the comment
        self.assertEqual(len(rows), 2)
        self.assertEqual(
            {row["Contact"] for row in rows}, {"Changchun Axle Works, Zhou Jie"}
        )
        self.assertEqual({row["NPS Answer"] for row in rows}, {"3"})
        self.assertEqual(
            {row["Answer Given"] for row in rows},
            {"3", "Our line stopped twice for late bearings."},
        )
        self.assertIn("exported by Wang Fang", str(self.zhou_jie.message_ids[0].body))
        for method in (
            "action_crm_export_survey_answers",
            "action_crm_remove_survey_answers",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(self.zhou_jie.with_user(self.user_salesman), method)()

    def test_a_contact_has_their_answers_removed(self):
        activity = self.complaint.crm_followup_activity_id
        self.assertEqual(
            self.zhou_jie.with_user(
                self.user_sales_manager
            ).crm_respondent_answer_count,
            1,
        )
        self.zhou_jie.with_user(
            self.user_sales_manager
        ).action_crm_remove_survey_answers()
        self.assertFalse(self.complaint.exists())
        self.assertFalse(activity.exists())
        self.assertIn(
            "removed by Wang Fang at the contact's request: 1;",
            str(self.zhou_jie.message_ids[0].body),
        )
        self.Score._recompute_company(self.company, TODAY)
        self.assertEqual(self._score("nps", customer=self.axles).answer_count, 1)
