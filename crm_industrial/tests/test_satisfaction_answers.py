# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from .satisfaction_common import SatisfactionCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestSatisfactionAnswers(SatisfactionCommon):
    """What a completed answer says of a customer, and who follows it up.

    Changchun Axle Works belongs to Li Na since 2025-01-02.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.axles = cls._customer("Changchun Axle Works", cls.user_salesman)

    # ------------------------------------------------------------------
    # Attribution
    # ------------------------------------------------------------------

    def test_the_owner_at_answer_time_keeps_the_answer(self):
        """Wang Fang takes Changchun Axle Works over on 2026-04-01.

        Answer A, invited 2026-03-02 and completed 2026-03-10: Li Na's.
        Answer B, invited 2026-03-25 by Li Na's customer but completed
        2026-04-10: Wang Fang's, whose customer it was when it came in.
        Answer C, completed on 2026-04-01, the day of the handover: Wang Fang's.
        On 2026-06-30 Li Na's row counts A, Wang Fang's B and C; the customer's
        all three. A later reassignment to Li Na moves none of them.
        """
        first = self._answer(self.axles, "2026-03-10", nps=9, invited_on="2026-03-02")
        second = self._invite(self._contact(self.axles), "2026-03-25")
        self.assertEqual(second.crm_salesperson_id, self.user_salesman)
        with freeze_time("2026-04-01"):
            self.axles.user_id = self.user_sales_manager
        third = self._answer(self.axles, "2026-04-01", nps=10)
        self._complete(second, "2026-04-10", nps=4)
        self.assertEqual(first.crm_salesperson_id, self.user_salesman)
        self.assertEqual(first.crm_team_id, self.team)
        self.assertEqual(second.crm_salesperson_id, self.user_sales_manager)
        self.assertEqual(third.crm_salesperson_id, self.user_sales_manager)
        self._recompute(TODAY)
        self.assertEqual(
            self._score("nps", salesperson=self.user_salesman).answer_count, 1
        )
        self.assertEqual(
            self._score("nps", salesperson=self.user_sales_manager).answer_count, 2
        )
        self.assertEqual(self._score("nps", customer=self.axles).answer_count, 3)
        with freeze_time("2026-05-01"):
            self.axles.user_id = self.user_salesman
        self._recompute(TODAY)
        self.assertEqual(first.crm_salesperson_id, self.user_salesman)
        self.assertEqual(second.crm_salesperson_id, self.user_sales_manager)
        self.assertEqual(
            self._score("nps", salesperson=self.user_sales_manager).answer_count, 2
        )

    def test_scores_are_read_from_the_scale(self):
        """NPS 9, product quality 4 and price / value 3: a promoter, CSAT 3.5."""
        answer = self._answer(
            self.axles,
            "2026-05-04",
            nps=9,
            csat={"product_quality": 4, "price_value": 3},
            comment="Good bearings, but the price rose twice this year.",
        )
        self.assertTrue(answer.crm_counted)
        self.assertFalse(answer.crm_not_counted_reason)
        self.assertEqual(answer.crm_partner_id, self.axles)
        self.assertEqual(answer.crm_company_id, self.env.company)
        self.assertEqual(answer.crm_invitation, "campaign")
        self.assertEqual((answer.crm_nps, answer.crm_nps_category), (9, "promoter"))
        self.assertAlmostEqual(answer.crm_csat_avg, 3.5)
        self.assertEqual(
            answer.crm_comment, "Good bearings, but the price rose twice this year."
        )
        self.assertFalse(answer.crm_detractor)
        self.assertFalse(answer.crm_followup_activity_id)

    def test_an_nps_of_zero_is_an_answer(self):
        """0 is the lowest NPS answer, not "no answer"; without NPS, NULL."""
        zero = self._answer(self.axles, "2026-05-04", nps=0)
        rated = self._answer(self.axles, "2026-05-05", csat={"delivery": 5})
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, crm_nps, crm_nps_category, crm_csat_avg"
            " FROM survey_user_input WHERE id IN %s ORDER BY id",
            [(zero.id, rated.id)],
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [(zero.id, 0, "detractor", None), (rated.id, None, None, 5.0)],
        )

    # ------------------------------------------------------------------
    # Not counted
    # ------------------------------------------------------------------

    def test_kept_but_not_counted(self):
        """Four answers of NPS 0, none counted, none followed up.

        A test entry by the sales manager; a contact of the customer who is
        also one of our users; a contact who answered through Odoo's own
        survey sharing, no invitation of ours; a private person invited,
        who is no customer company's contact.
        """
        survey = self.relationship.sudo()
        test_entry = survey._create_answer(
            user=self.env.ref("base.user_admin"), test_entry=True
        )
        insider = self._contact(self.axles, "Ma Lin")
        self._new_user("ind_ma_lin", "Ma Lin", "base.group_user", partner_id=insider.id)
        internal = self._invite(insider, "2026-05-01")
        not_invited = survey._create_answer(partner=self._contact(self.axles))
        private = self.env["res.partner"].create(
            {"name": "Sun Li", "email": "sun.li@example.com"}
        )
        no_customer = self._invite(private, "2026-05-01")
        expected = {
            "test": (test_entry, self.env["res.partner"]),
            "internal": (internal, self.axles),
            "not_invited": (not_invited, self.axles),
            "no_customer": (no_customer, private),
        }
        for reason, (answer, customer) in expected.items():
            with self.subTest(reason=reason):
                self._complete(answer, "2026-05-10", nps=0)
                self.assertFalse(answer.crm_counted)
                self.assertEqual(answer.crm_not_counted_reason, reason)
                self.assertEqual(answer.crm_partner_id, customer)
                self.assertFalse(answer.crm_detractor)
                self.assertFalse(answer.crm_followup_activity_id)
        self._recompute(TODAY)
        self.assertFalse(self._score("nps", customer=self.axles).answer_count)
        self.assertFalse(self._score("nps").answer_count)

    def test_other_surveys_stay_untouched(self):
        """An HR survey answered by a customer's contact keeps no crm_* value."""
        survey = self.env["survey.survey"].create(
            {
                "title": "Canteen Survey",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "How is the canteen?",
                            "question_type": "scale",
                            "scale_min": 0,
                            "scale_max": 10,
                        }
                    )
                ],
            }
        )
        answer = survey._create_answer(partner=self._contact(self.axles))
        answer._save_lines(survey.question_ids, "2")
        answer._mark_done()
        self.assertEqual(
            answer.read(
                [
                    "crm_partner_id",
                    "crm_counted",
                    "crm_not_counted_reason",
                    "crm_detractor",
                ]
            )[0],
            {
                "id": answer.id,
                "crm_partner_id": False,
                "crm_counted": False,
                "crm_not_counted_reason": False,
                "crm_detractor": False,
            },
        )

    # ------------------------------------------------------------------
    # Detractors
    # ------------------------------------------------------------------

    def _followups(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "survey.user_input"),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "crm_industrial.mail_activity_type_satisfaction_followup"
                    ).id,
                ),
            ]
        )

    def test_a_detractor_gets_one_followup_quoting_the_customer(self):
        answer = self._answer(
            self.axles,
            "2026-05-04",
            nps=4,
            comment="Two deliveries came late & the line stopped <twice>.",
        )
        self.assertTrue(answer.crm_detractor)
        activity = answer.crm_followup_activity_id
        self.assertEqual(self._followups(), activity)
        self.assertEqual(activity.user_id, self.user_salesman)
        self.assertEqual(activity.res_id, answer.id)
        self.assertEqual(
            activity.summary, "Dissatisfied customer: Changchun Axle Works"
        )
        self.assertIn("NPS 4", str(activity.note))
        self.assertIn(
            "Two deliveries came late &amp; the line stopped &lt;twice&gt;.",
            str(activity.note),
        )
        self.assertEqual(activity.date_deadline, date(2026, 5, 6))
        # completing it again schedules nothing more
        answer._crm_complete()
        self.assertEqual(self._followups(), activity)
        self.assertEqual(answer.crm_followup_activity_id, activity)

    def test_a_low_csat_is_a_detractor_too(self):
        """NPS 9 but delivery rated 2: followed up; NPS 8 and ratings of 3: not."""
        low = self._answer(self.axles, "2026-05-04", nps=9, csat={"delivery": 2})
        fine = self._answer(self.axles, "2026-05-04", nps=8, csat={"delivery": 3})
        self.assertTrue(low.crm_detractor)
        self.assertIn(
            "How satisfied are you with our deliveries",
            str(low.crm_followup_activity_id.note),
        )
        self.assertFalse(fine.crm_detractor)
        self.assertEqual(self._followups(), low.crm_followup_activity_id)

    def test_followed_up_answers_leave_the_list(self):
        action = self.env.ref("crm_industrial.crm_detractor_answer_action")
        detractor = self._answer(self.axles, "2026-05-04", nps=2)
        listed = self.Answer.with_user(self.user_sales_manager).search(
            [("crm_followup_open", "=", True)]
        )
        self.assertEqual(listed, detractor)
        self.assertEqual(
            literal_eval(action.domain), [("crm_followup_open", "=", True)]
        )
        activity = detractor.crm_followup_activity_id
        activity.with_user(self.user_salesman).action_feedback(
            feedback="Called Zhou Jie: rerouted the next shipments by rail."
        )
        self.assertFalse(activity.active)
        self.assertFalse(
            self.Answer.search([("crm_followup_open", "=", True)]),
        )
        # the note (the customer's words) stays off the customer's chatter
        self.assertFalse(
            self.axles.message_ids.filtered(lambda m: "rerouted" in str(m.body))
        )
        self.assertIn("rerouted", str(detractor.message_ids[0].body))

    def test_followup_goes_to_the_team_leader_then_the_fallback(self):
        """Li Na has left: her team's leader; without one, the fallback assignee."""
        self.user_salesman.active = False
        led = self._answer(self.axles, "2026-05-04", nps=1)
        self.assertEqual(led.crm_followup_activity_id.user_id, self.user_sales_manager)
        self.team.user_id = False
        self.env.company.retention_fallback_user_id = self.user_settings_admin
        fallback = self._answer(self.axles, "2026-05-05", nps=1)
        self.assertEqual(
            fallback.crm_followup_activity_id.user_id, self.user_settings_admin
        )
        self.env.company.retention_fallback_user_id = False
        nobody = self._answer(self.axles, "2026-05-06", nps=1)
        self.assertTrue(nobody.crm_detractor)
        self.assertFalse(nobody.crm_followup_activity_id)
        self.assertIn(nobody, self.Answer.search([("crm_followup_open", "=", True)]))

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_marked_questions_need_their_scale(self):
        survey = self.relationship.copy()
        nps = survey.question_ids.filtered(lambda q: q.crm_score_role == "nps")
        delivery = survey.question_ids.filtered(
            lambda q: q.crm_csat_dimension == "delivery"
        )
        comment = survey.question_ids.filtered(lambda q: q.question_type == "text_box")
        for record, values, message in (
            (nps, {"scale_min": 1, "scale_max": 5}, "must be a scale from 0 to 10"),
            (delivery, {"scale_max": 10}, "must be a scale from 1 to 5"),
            (delivery, {"crm_csat_dimension": False}, "needs the dimension it rates"),
            (comment, {"crm_score_role": "csat"}, "must be a scale from 1 to 5"),
            (comment, {"crm_csat_dimension": "delivery"}, "Only CSAT questions"),
            (
                delivery,
                {
                    "crm_score_role": "nps",
                    "crm_csat_dimension": False,
                    "scale_min": 0,
                    "scale_max": 10,
                },
                "more than one NPS question",
            ),
            (
                delivery,
                {"crm_csat_dimension": "product_quality"},
                "rates one CSAT dimension in more than one question",
            ),
        ):
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as caught:
                    record.write(values)
                self.assertIn(message, str(caught.exception))

    def test_satisfaction_fields_are_never_set_by_hand(self):
        """Not by a survey officer, not by a sales manager, not by Li Na."""
        answer = self._answer(self.axles, "2026-05-04", nps=3)
        officer = self._new_user(
            "ind_survey_officer",
            "Xu Ming",
            "survey.group_survey_user,sales_team.group_sale_manager",
        )
        for user in (officer, self.user_sales_manager, self.user_salesman):
            for values in (
                {"crm_salesperson_id": user.id},
                {"crm_counted": False},
                {"crm_nps": 10},
            ):
                with self.subTest(user=user.name, values=values):
                    with self.assertRaises(AccessError):
                        answer.with_user(user).write(values)
        with self.assertRaises(AccessError):
            self.Answer.with_user(officer).create(
                {
                    "survey_id": self.relationship.id,
                    "crm_partner_id": self.axles.id,
                    "crm_invitation": "campaign",
                }
            )
        self.assertEqual(answer.crm_salesperson_id, self.user_salesman)
