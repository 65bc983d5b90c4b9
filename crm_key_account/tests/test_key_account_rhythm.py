# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmKeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountRhythm(CrmKeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        director = cls.user_key_account_director
        cls.account = (
            cls.env["crm.key.account"]
            .with_user(cls.user_salesman)
            .create(
                {
                    "partner_id": cls.customer_auto.id,
                    "proposal_reason": "Largest axle maker",
                    "manager_id": cls.user_key_account_manager.id,
                    "sponsor_id": director.id,
                }
            )
        )
        cls.account.with_user(director).action_approve()
        cls.account.with_user(director).action_activate()
        cls.account.sudo().active_date = date(2026, 1, 1)
        cls.account = cls.account.with_user(director)

    def _visit(self, day, visit_type="executive"):
        return self.env["calendar.event"].create(
            {
                "name": "Visit",
                "start": datetime.combine(day, datetime.min.time()).replace(hour=2),
                "stop": datetime.combine(day, datetime.min.time()).replace(hour=4),
                "crm_key_account_id": self.account.id,
                "crm_visit_type": visit_type,
            }
        )

    def _schedule(self, today):
        self.env["crm.key.account"]._schedule_overdue_visits(self.company, today)
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.key.account"),
                ("res_id", "=", self.account.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("crm_key_account.mail_activity_type_visit").id,
                ),
            ]
        )

    def test_overdue_visit_scheduled_once_per_due_date(self):
        # active on 1 January, a visit every 90 days: due on 1 April
        activities = self._schedule(date(2026, 3, 31))
        self.assertFalse(activities)
        activities = self._schedule(date(2026, 6, 30))
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_key_account_director)
        self.assertEqual(activities.date_deadline, date(2026, 6, 30))
        self.assertIn("every 90 days", activities.note)
        # done is done while the due date stays
        activities.action_feedback(feedback="Called their CEO; visit in July")
        self.assertFalse(self._schedule(date(2026, 7, 1)))
        # a visit on 15 May: next due 13 August, so nothing until then
        self._visit(date(2026, 5, 15))
        self.assertFalse(self._schedule(date(2026, 8, 13)))
        late = self._schedule(date(2026, 9, 1))
        self.assertEqual(len(late), 1)
        self.assertIn("2026-05-15", late.note)

    @freeze_time("2026-06-30")
    def test_visit_planned_is_not_overdue(self):
        # due on 1 April, passed, but a visit is planned on 20 July
        self._visit(date(2026, 7, 20))
        with self.subTest("the compute"):
            self.assertFalse(
                self.env["crm.key.account"].search(
                    [("id", "=", self.account.id), ("visit_overdue", "=", True)]
                )
            )
            self.assertEqual(self.account.next_executive_visit, date(2026, 7, 20))
        # an annual meeting is no executive visit
        self._visit(date(2026, 3, 1), visit_type="annual_meeting")
        self.account.invalidate_recordset()
        self.assertFalse(self.account.last_executive_visit)
        self.assertFalse(self._schedule(date(2026, 6, 30)))

    def test_visit_interval_bounds(self):
        with self.assertRaises(ValidationError):
            self.account.visit_interval_days = 0

    # ------------------------------------------------------------------
    # Annual meeting
    # ------------------------------------------------------------------

    def _meeting(self, **vals):
        return (
            self.env["crm.key.account.meeting"]
            .with_user(self.user_key_account_manager)
            .create(
                {
                    "key_account_id": self.account.id,
                    "year": 2026,
                    "date": datetime(2026, 11, 20, 2, 0),
                    "user_ids": [Command.set(self.user_key_account_manager.ids)],
                    "contact_ids": [Command.set(self.buyer_auto.ids)],
                    **vals,
                }
            )
        )

    def test_meeting_held_turns_decisions_into_work(self):
        meeting = self._meeting(
            decision_ids=[
                Command.create(
                    {
                        "name": "Quote the 2027 frame contract",
                        "owner_id": self.user_salesman.id,
                        "due_date": date(2026, 12, 15),
                    }
                )
            ]
        )
        meeting.action_schedule()
        self.assertEqual(meeting.event_id.crm_visit_type, "annual_meeting")
        self.assertEqual(
            meeting.event_id.partner_ids,
            self.user_key_account_manager.partner_id | self.buyer_auto,
        )
        with self.assertRaises(UserError):
            meeting.action_held()  # no minutes yet
        meeting.minutes = "<p>Volumes up 20 % next year.</p>"
        meeting.action_held()
        decision = meeting.decision_ids
        self.assertTrue(decision.scheduled)
        self.assertEqual(decision.activity_id.user_id, self.user_salesman)
        self.assertEqual(decision.activity_id.res_id, self.account.id)
        self.assertEqual(decision.activity_id.date_deadline, date(2026, 12, 15))
        with self.assertRaises(UserError):
            meeting.action_held()

    def test_decisions_become_action_items_of_the_year_plan(self):
        plan = (
            self.env["crm.key.account.plan"]
            .with_user(self.user_key_account_manager)
            .create({"key_account_id": self.account.id, "year": 2026})
        )
        meeting = self._meeting(
            minutes="<p>Second source for the hubs.</p>",
            decision_ids=[
                Command.create(
                    {
                        "name": "Qualify the second hub supplier",
                        "owner_id": self.user_key_account_manager.id,
                        "due_date": date(2027, 1, 31),
                    }
                )
            ],
        )
        meeting.action_held()
        action = meeting.decision_ids.plan_action_id
        self.assertEqual(action.plan_id, plan)
        self.assertEqual(action.name, "Qualify the second hub supplier")
        self.assertEqual(action.user_id, self.user_key_account_manager)
        self.assertEqual(meeting.decision_ids.activity_id, action.activity_id)
        self.assertEqual(action.activity_id.date_deadline, date(2027, 1, 31))

    @freeze_time("2026-06-30")
    def test_plan_progress_on_the_dashboard(self):
        self.env["crm.key.account.plan"].with_user(
            self.user_key_account_manager
        ).create(
            {
                "key_account_id": self.account.id,
                "year": 2026,
                "objective_ids": [
                    # 60 of 100: 60 %; 300 of 200 counts as 100 %
                    Command.create(
                        {
                            "objective_type": "custom",
                            "name": "Engineering samples approved",
                            "target": 100,
                            "manual_actual": 60,
                        }
                    ),
                    Command.create(
                        {
                            "objective_type": "custom",
                            "name": "Trainings given",
                            "target": 200,
                            "manual_actual": 300,
                        }
                    ),
                ],
            }
        )
        # (60 + 100) / 2
        self.assertAlmostEqual(
            self.account.with_user(self.user_key_account_manager).plan_progress_pct,
            80.0,
        )
        self.account.invalidate_recordset()
        self.assertFalse(self.account.with_user(self.user_salesman).plan_progress_pct)

    def test_bad_meetings_refused(self):
        self._meeting()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self._meeting(date=datetime(2026, 12, 1, 2, 0))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._meeting(year=2027)  # dated 2026
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._meeting(
                year=2025,
                date=datetime(2025, 11, 20, 2, 0),
                contact_ids=[Command.set(self.customer_chem.ids)],
            )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._meeting(
                year=2024,
                date=datetime(2024, 11, 20, 2, 0),
                decision_ids=[
                    Command.create(
                        {
                            "name": "x",
                            "owner_id": self.env.ref("base.public_user").id,
                            "due_date": date(2024, 12, 1),
                        }
                    )
                ],
            )

    def test_outsider_reads_no_meeting(self):
        meeting = self._meeting(
            decision_ids=[
                Command.create(
                    {
                        "name": "Joint quality audit",
                        "owner_id": self.user_key_account_manager.id,
                        "due_date": date(2026, 12, 15),
                    }
                )
            ]
        )
        Meeting = self.env["crm.key.account.meeting"]
        Decision = self.env["crm.key.account.meeting.decision"]
        self.assertFalse(Meeting.with_user(self.user_salesman).search([]))
        self.assertFalse(Decision.with_user(self.user_salesman).search([]))
        self.assertFalse(
            Meeting.with_user(self.user_salesman)._read_group([], [], ["__count"])[0][0]
        )
        # a team member reads it
        self.account.member_ids = [
            Command.create(
                {
                    "user_id": self.user_salesman.id,
                    "role_id": self.env.ref("crm_key_account.role_sales").id,
                }
            )
        ]
        self.assertEqual(Meeting.with_user(self.user_salesman).search([]), meeting)
        self.assertEqual(len(Decision.with_user(self.user_salesman).search([])), 1)
