# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.common import CommittedCase


@tagged("post_install", "-at_install")
class TestCommissionBackgroundConcurrency(CommittedCase):
    """Two starts of one period's computation at once, each on its own
    database connection: the second is told to try again, then that the
    computation runs; never a raw database error, never two computations.

    A commission period of January 2031 is committed for this test (and
    deleted afterwards, with its messages; each test's computations and
    the scheduler's wake-ups are deleted after it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor_env() as env:
            period = env["crm.commission.period"].create(
                {"period_type": "month", "date_from": date(2031, 1, 1)}
            )
            cls.period_id = period.id
        cls.addClassCleanup(cls._delete_committed)

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete_jobs)

    @classmethod
    def _delete_jobs(cls):
        with cls._cursor_env() as env:
            env.cr.execute(
                """
                DELETE FROM crm_recompute_job
                 WHERE res_model = 'crm.commission.period' AND res_id = %(period)s;
                DELETE FROM ir_cron_trigger trigger
                 USING ir_model_data data
                 WHERE data.model = 'ir.cron' AND data.res_id = trigger.cron_id
                   AND data.module = 'crm_industrial'
                   AND data.name = 'ir_cron_run_recompute_jobs';
                """,
                {"period": cls.period_id},
            )

    @classmethod
    def _delete_committed(cls):
        cls._delete_jobs()
        with cls._cursor_env() as env:
            env.cr.execute(
                """
                DELETE FROM mail_message
                 WHERE model = 'crm.commission.period' AND res_id = %(period)s;
                DELETE FROM crm_commission_period WHERE id = %(period)s;
                """,
                {"period": cls.period_id},
            )

    def test_scheduler_runs_on_connections_of_its_own(self):
        """The run as in production: the steps are reported on another
        connection while the computation's transaction goes on, and the
        job's end is recorded after it (no serialization failure)."""
        with self._cursor_env() as env:
            period = self._period(env)
            env["crm.recompute.job"]._enqueue(period, {period: 0})
        with self._cursor_env() as env:
            env["crm.recompute.job"]._cron_run()
        with self._cursor_env() as env:
            job = env["crm.recompute.job"].search(
                [
                    ("res_model", "=", "crm.commission.period"),
                    ("res_id", "=", self.period_id),
                ]
            )
            self.assertRecordValues(
                job,
                [
                    {
                        "state": "done",
                        "step": 1,
                        "step_count": 2,
                        "step_name": "Summaries of 2031-01",
                    }
                ],
            )
            self.assertEqual(self._period(env).state, "computed")

    def _period(self, env):
        return env["crm.commission.period"].browse(self.period_id)

    def test_second_start_is_told_to_wait_then_that_it_runs(self):
        with self._cursor_env() as first:
            Job = first["crm.recompute.job"]
            period = self._period(first)
            self.assertFalse(Job._active_for(period))
            # a second start while the first has not committed its job
            with self._cursor_env() as second:
                with self.assertRaisesRegex(UserError, "try again in a moment"):
                    self._period(second).action_compute()
                second.cr.rollback()
            Job._enqueue(period, {period: 12})
        # the first committed its job: a third start is told that it runs
        with self._cursor_env() as third:
            with self.assertRaisesRegex(UserError, "already being computed"):
                self._period(third).action_compute()
            third.cr.rollback()
            jobs = third["crm.recompute.job"].search(
                [
                    ("res_model", "=", "crm.commission.period"),
                    ("res_id", "=", self.period_id),
                ]
            )
            self.assertEqual(jobs.mapped("state"), ["queued"])
            self.assertEqual(jobs.size, 12)
