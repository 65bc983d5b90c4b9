# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestOwnerOnDay(ComplaintCommon):
    """The plant is in Shanghai (UTC+8). Changchun Axle Works is Li Na's;
    Wang Fang takes it over at 00:30 on 10 March 2026, Shanghai time, which
    is still 9 March in UTC. A complaint and a survey answer at the same
    moment go to the same salesperson: the owner of that day in Shanghai.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/London"
        with cls._at(datetime(2026, 3, 10, 0, 30)):
            cls.customer_auto.user_id = cls.user_sales_manager
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Purchasing of Changchun Axle Works",
                "parent_id": cls.customer_auto.id,
                "email": "purchasing@axle.example.com",
            }
        )

    def _answer_at(self, local):
        survey = self.env.ref("crm_industrial.survey_relationship")
        with self._at(local):
            answer = self.env["survey.user_input"]._crm_invite(
                survey, self.company, self.contact, "campaign"
            )
            nps = survey.question_ids.filtered(
                lambda question: question.crm_score_role == "nps"
            )
            answer._save_lines(nps, "9")
            answer._mark_done()
        return answer

    def test_the_reassignment_day_is_the_companys(self):
        periods = self.env["crm.customer.ownership"].search(
            [("partner_id", "=", self.customer_auto.id)], order="date_from"
        )
        self.assertRecordValues(
            periods,
            [
                {
                    "user_id": self.user_salesman.id,
                    "date_from": date(2026, 1, 5),
                    "date_to": date(2026, 3, 10),
                },
                {
                    "user_id": self.user_sales_manager.id,
                    "date_from": date(2026, 3, 10),
                    "date_to": False,
                },
            ],
        )

    def test_a_complaint_and_an_answer_at_the_same_moment_have_one_owner(self):
        for local, owner in (
            # 9 March in Shanghai (15:00 UTC): still Li Na's
            (datetime(2026, 3, 9, 23, 0), self.user_salesman),
            # 10 March in Shanghai, 9 March in UTC: Wang Fang's
            (datetime(2026, 3, 10, 1, 0), self.user_sales_manager),
        ):
            with self.subTest(local=local):
                with self._at(local):
                    claim = self._claim(self.customer_auto, local)
                answer = self._answer_at(local)
                self.assertEqual(claim.salesperson_id, owner)
                self.assertEqual(answer.crm_salesperson_id, owner)
