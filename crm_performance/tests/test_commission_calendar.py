# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .workflow_common import WorkflowCommon


@tagged("post_install", "-at_install")
class TestCommissionCalendar(WorkflowCommon):
    """June 2026 is computed (see WorkflowCommon). It ends on Tuesday 30 June,
    is approved in July and paid on the company's pay day of August: by
    default Wednesday 5 August."""

    def _reread(self):
        self.period.invalidate_recordset(
            ["approvable_date", "is_running", "planned_payment_date", "can_approve"]
        )
        return self.period

    def test_running_period_is_not_approvable(self):
        manager = self.user_commission_manager
        with freeze_time("2026-06-30 12:00:00"):
            period = self._reread().with_user(manager)
            self.assertTrue(period.is_running)
            self.assertFalse(period.can_approve)
            with self.assertRaisesRegex(UserError, "has not ended.*approved from"):
                period.action_approve()
            self.assertFalse(self.summary_liu.approved_by_id)
        with freeze_time("2026-07-01 09:00:00"):
            period = self._reread().with_user(manager)
            self.assertFalse(period.is_running)
            self.assertTrue(period.can_approve)
            period.action_approve()
        self.assertEqual(self.summary_liu.approved_by_id, manager)

    def test_pay_day_of_the_month_after_the_approval_month(self):
        self.assertEqual(self.company.commission_pay_day, 5)
        self.assertEqual(self.period.approvable_date, date(2026, 7, 1))
        self.assertEqual(self.period.planned_payment_date, date(2026, 8, 5))

    def test_pay_day_off_work_is_brought_forward(self):
        # Saturday 8 August: Friday 7 August
        self.company.commission_pay_day = 8
        self.assertEqual(self._reread().planned_payment_date, date(2026, 8, 7))
        # ... and when Friday 7 August is a public holiday, Thursday 6 August
        calendar = self.company.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": calendar.id,
                # 7 August in Shanghai (UTC+8), as naive UTC
                "date_from": datetime(2026, 8, 6, 16, 0),
                "date_to": datetime(2026, 8, 7, 15, 59),
            }
        )
        self.assertEqual(self._reread().planned_payment_date, date(2026, 8, 6))

    def test_pay_day_with_no_working_day_before_it_is_put_off(self):
        # Saturday 1 August: no working day before it in August, Monday 3
        self.company.commission_pay_day = 1
        self.assertEqual(self._reread().planned_payment_date, date(2026, 8, 3))

    def test_pay_wizard_proposes_the_pay_day(self):
        hr = self.user_commission_hr
        self._approve_all()
        self.period.with_user(hr).action_validate()
        action = self.period.with_user(hr).action_open_pay()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(hr)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.payment_date, date(2026, 8, 5))

    def test_pay_day_is_a_day_every_month_has(self):
        for day in (0, 29, 31):
            with (
                self.subTest(day=day),
                self.assertRaisesRegex(ValidationError, "between 1 and 28"),
            ):
                self.company.commission_pay_day = day
