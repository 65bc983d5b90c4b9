# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_performance.models.crm_commission_line_statement import (
    CrmCommissionLine,
)
from odoo.addons.crm_performance.models.crm_commission_summary_compute import (
    CrmCommissionSummary,
)

from .commission_common import JUNE, CommissionCommon


@tagged("post_install", "-at_install")
class TestCommissionBackground(CommissionCommon):
    """June 2026 has three invoice lines: Liu Yang invoices Nanjing Resin
    800 and 400 (two invoices), Guo Qiang invoices Shenyang Gear 600; both
    are on invoiced plans paying 5 %. The company computes at most two
    invoice lines while the user waits: June (3) is computed in the
    background."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.commission_request_line_limit = 2
        cls._east_and_north_plans(default_rate=5.0)
        liu = cls.user_commission_user
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 4), [(cls.service, 1, 800)])
        cls._invoice(cls.customer_chem, liu, date(2026, 6, 9), [(cls.service, 1, 400)])
        cls._invoice(
            cls.customer_gear,
            cls.user_north,
            date(2026, 6, 11),
            [(cls.service, 1, 600)],
        )
        cls.period = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.hr = cls.user_commission_hr
        cls.Job = cls.env["crm.recompute.job"]
        cls.cron = cls.env.ref("crm_industrial.ir_cron_run_recompute_jobs")

    def _start(self):
        return self.period.with_user(self.hr).action_compute()

    def _job(self):
        return self.Job.search(
            [
                ("res_model", "=", "crm.commission.period"),
                ("res_id", "=", self.period.id),
            ]
        )

    def _run_scheduler(self):
        """Run the scheduled action as the scheduler does, in transactions
        of its own (here on the test's connection)."""
        self.env.flush_all()
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_large_period_is_queued_not_computed(self):
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        action = self._start()
        self.assertEqual(action["params"]["title"], "Commissions queued")
        self.assertIn("(3)", action["params"]["message"])
        # nothing computed in the request
        self.assertFalse(self.Line.search([("period_id", "=", self.period.id)]))
        self.assertEqual(self.period.state, "draft")
        job = self._job()
        self.assertRecordValues(
            job, [{"state": "queued", "size": 3, "user_id": self.hr.id, "step": 0}]
        )
        # the scheduler is woken up
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
        )
        # the form HR opens says so
        period = self.period.with_user(self.hr)
        self.assertEqual(period.compute_job_state, "queued")
        self.assertEqual(period.compute_job_user_id, self.hr)
        self.assertEqual(period.compute_job_progress, 0.0)

    def test_second_start_says_it_is_running(self):
        self._start()
        with self.assertRaisesRegex(UserError, "already being computed"):
            self._start()
        self.assertEqual(len(self._job()), 1)

    def test_scheduler_computes_with_progress_and_notifies(self):
        """The run reports its two steps while it goes: the form shows the
        commission lines' step at 0 %, then the summaries' at 50 %."""
        self._start()
        seen = []

        def watch(step):
            self.env.invalidate_all()  # as a new request of the form
            period = self.period.with_user(self.hr)
            seen.append(
                (
                    step,
                    period.compute_job_state,
                    period.compute_job_step_name,
                    period.compute_job_progress,
                )
            )

        write_lines = CrmCommissionLine._write_period_lines
        compute_summaries = CrmCommissionSummary._compute_period_summaries

        def lines_watched(model, period, today, locked, partners=None):
            watch("lines")
            return write_lines(model, period, today, locked, partners)

        def summaries_watched(model, period, locked=None):
            watch("summaries")
            return compute_summaries(model, period, locked)

        with (
            patch.object(CrmCommissionLine, "_write_period_lines", lines_watched),
            patch.object(
                CrmCommissionSummary, "_compute_period_summaries", summaries_watched
            ),
        ):
            self._run_scheduler()
        self.assertEqual(
            seen,
            [
                ("lines", "running", "Commission lines of 2026-06", 0.0),
                ("summaries", "running", "Summaries of 2026-06", 50.0),
            ],
        )
        job = self._job()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.progress, 100.0)
        # 5 % of 800 + 400 for Liu Yang, of 600 for Guo Qiang
        summaries = self.Summary.search([("period_id", "=", self.period.id)])
        self.assertEqual(
            {summary.user_id: summary.commission for summary in summaries},
            {self.user_commission_user: 60.0, self.user_north: 30.0},
        )
        self.assertEqual(self.period.state, "computed")
        self.assertIn("3 lines", job.message)
        self.assertFalse(self.period.with_user(self.hr).compute_job_id)
        # HR is told in their inbox, on the period
        message = self.period.message_ids[0]
        self.assertIn("Computation done", message.body)
        self.assertIn(self.hr.partner_id, message.notification_ids.res_partner_id)
        # and can start it again: it writes nothing new
        self._start()
        self._run_scheduler()
        self.assertEqual(len(self._job()), 2)
        self.assertEqual(self._job()[0].state, "done")

    def test_failed_run_writes_nothing_and_says_why(self):
        """The key account's team shares add up to 60 %: the run fails,
        writes no line, and HR reads why."""
        sales = self.env.ref("crm_key_account.role_sales")
        self.key_account.sudo().member_ids = [
            Command.create(
                {
                    "user_id": self.user_commission_user.id,
                    "role_id": sales.id,
                    "share_pct": 60,
                }
            )
        ]
        self._start()
        self._run_scheduler()
        job = self._job()
        self.assertEqual(job.state, "failed")
        self.assertIn("100 %", job.message)
        self.assertFalse(self.Line.search([("period_id", "=", self.period.id)]))
        self.assertEqual(self.period.state, "draft")
        self.assertIn("Computation failed", self.period.message_ids[0].body)

    def test_period_locked_while_queued_fails_its_run(self):
        self._start()
        self.period.sudo().state = "approved"
        self._run_scheduler()
        self.assertEqual(self._job().state, "failed")
        self.assertIn("locked", self._job().message)

    def test_interrupted_run_is_failed_and_can_start_again(self):
        self._start()
        self._job().sudo().write({"state": "running"})
        self.Job._fail_interrupted()
        self.assertEqual(self._job().state, "failed")
        self.assertIn("interrupted", self._job().message)
        self._start()
        self.assertEqual(self._job()[0].state, "queued")

    def test_period_at_the_limit_is_computed_in_the_request(self):
        self.company.commission_request_line_limit = 3
        action = self._start()
        self.assertEqual(action["params"]["title"], "Commissions computed")
        self.assertFalse(self._job())
        self.assertEqual(self.period.state, "computed")

    def test_negative_limit_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.commission_request_line_limit = -1

    def test_who_reads_the_runs(self):
        """HR reads the run they started; Liu Yang, paid in it, and Ma Lin
        read none."""
        self._start()
        job = self._job()
        self.assertEqual(self.Job.with_user(self.hr).search([]), job)
        for user in (self.user_commission_user, self.user_outsider):
            with self.subTest(user=user.name):
                self.assertFalse(self.Job.with_user(user).search([]))
