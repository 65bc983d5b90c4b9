# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CommittedCase


@tagged("post_install", "-at_install")
class TestRecomputeConcurrency(CommittedCase):
    """Runs of one company at once, each on its own database connection.

    Concurrent Castings, a prospect with an open opportunity, is committed
    for these tests (and deleted afterwards): the runs insert its profile.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor_env() as env:
            partner = env["res.partner"].create(
                {"name": "Concurrent Castings", "is_company": True}
            )
            env["crm.lead"].create(
                {
                    "name": "Gearbox housings",
                    "type": "opportunity",
                    "partner_id": partner.id,
                }
            )
            cls.partner_id = partner.id
            cls.company_id = env.company.id
            cls._age_committed(env)
        cls.addClassCleanup(cls._delete_committed)

    @classmethod
    def _age_committed(cls, env):
        """As if the partner's rows (and its profile, which earlier tests
        computed) had been committed a day ago, before the test's own
        transaction began: the runs' marks see no change since."""
        env.flush_all()
        env.cr.execute(
            """
            UPDATE res_partner SET write_date = write_date - INTERVAL '1 day'
             WHERE id = %(partner)s;
            UPDATE crm_lead SET write_date = write_date - INTERVAL '1 day'
             WHERE partner_id = %(partner)s;
            UPDATE crm_customer_ownership
               SET write_date = write_date - INTERVAL '1 day'
             WHERE partner_id = %(partner)s;
            UPDATE crm_customer_profile
               SET write_date = write_date - INTERVAL '1 day'
             WHERE partner_id = %(partner)s;
            """,
            {"partner": cls.partner_id},
        )

    @classmethod
    def _delete_committed(cls):
        with cls._cursor_env() as env:
            env.cr.execute(
                """
                DELETE FROM mail_activity activity
                 USING crm_customer_profile profile
                 WHERE profile.id = activity.crm_retention_profile_id
                   AND profile.partner_id = %(partner)s;
                DELETE FROM crm_customer_abc_history WHERE partner_id = %(partner)s;
                DELETE FROM crm_lifecycle_history WHERE partner_id = %(partner)s;
                DELETE FROM crm_customer_profile WHERE partner_id = %(partner)s;
                DELETE FROM crm_lead WHERE partner_id = %(partner)s;
                DELETE FROM crm_recompute_mark;
                DELETE FROM crm_customer_ownership WHERE partner_id = %(partner)s;
                DELETE FROM res_partner WHERE id = %(partner)s;
                UPDATE res_company
                   SET customer_profile_last_run = NULL,
                       customer_profile_last_error = NULL;
                DELETE FROM ir_cron_progress progress
                 USING ir_cron cron, ir_model_data data
                 WHERE progress.cron_id = cron.id
                   AND data.model = 'ir.cron' AND data.res_id = cron.id
                   AND data.module = 'crm_industrial';
                """,
                {"partner": cls.partner_id},
            )

    def _recompute(self, env):
        profiles = env["crm.customer.profile"]
        return profiles._recompute(env["res.company"].browse(self.company_id))

    def _profile_count(self):
        with self._cursor_env() as env:
            return env["crm.customer.profile"].search_count(
                [("partner_id", "=", self.partner_id)]
            )

    def test_a_second_run_says_a_run_is_in_progress(self):
        with self._cursor_env() as env_a, self._cursor_env() as env_b:
            self.assertFalse(self._recompute(env_a).failures)
            # the first run holds its lock until it commits
            result = self._recompute(env_b)
            failure = result.failures[env_b["res.company"].browse(self.company_id)]
            self.assertIn("being recomputed by another run", failure)
            env_b.cr.rollback()
        self.assertEqual(self._profile_count(), 1)

    def test_a_run_started_before_another_committed_keeps_what_it_wrote(self):
        with self._cursor_env() as env_b:
            # the second run's transaction sees the database as it is now
            env_b.cr.execute("SELECT 1")
            with self._cursor_env() as env_a:
                self.assertFalse(self._recompute(env_a).failures)
            result = self._recompute(env_b)
            failure = result.failures[env_b["res.company"].browse(self.company_id)]
            self.assertIn("recomputed by another run at the same time", failure)
            env_b.cr.rollback()
        self.assertEqual(self._profile_count(), 1)

    def test_a_training_and_the_nightly_run_do_not_meet(self):
        """A churn model's training and the profiles' nightly run of the
        same company (which scores the customers with the model) at once:
        whichever comes second is told at once that the other runs (it
        neither waits for the company's row the first one wrote nor raises
        a raw database error), and the profiles the first wrote stay. (The
        training, without history here, is not committed: the company's
        "not enough history" would be a change for the tests after.)"""
        for first, second in (("profiles", "churn"), ("churn", "profiles")):
            with (
                self.subTest(first=first),
                self._cursor_env() as env_a,
                self._cursor_env() as env_b,
            ):
                company_a = env_a["res.company"].browse(self.company_id)
                company_b = env_b["res.company"].browse(self.company_id)
                runs = {
                    "profiles": lambda env, company: env[
                        "crm.customer.profile"
                    ]._recompute(company),
                    "churn": lambda env, company: env["crm.churn.model"]._recompute(
                        company
                    ),
                }
                self.assertFalse(runs[first](env_a, company_a).failures)
                result = runs[second](env_b, company_b)
                self.assertIn("by another run", result.failures.get(company_b, ""))
                env_b.cr.rollback()
                if first == "churn":
                    env_a.cr.rollback()
            self.assertEqual(self._profile_count(), 1)
            self._delete_marks()

    def test_the_nightly_job_reports_its_progress(self):
        with self._cursor_env() as env:
            cron = env.ref("crm_industrial.ir_cron_recompute_customer_profiles")
            progress = env["ir.cron.progress"].create({"cron_id": cron.id})
            companies = env["res.company"].search_count([("active", "=", True)])
            env["crm.customer.profile"].with_context(
                ir_cron_progress_id=progress.id, cron_id=cron.id
            )._cron_recompute()
            self.assertEqual((progress.done, progress.remaining), (companies, 0))
        self.assertEqual(self._profile_count(), 1)

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete_marks)

    def _delete_marks(self):
        """No mark, and the partner as if committed a day ago, again."""
        with self._cursor_env() as env:
            env.cr.execute("DELETE FROM crm_recompute_mark")
            self._age_committed(env)

    def _mark(self, env):
        return env["crm.recompute.mark"].search(
            [
                ("res_model", "=", "crm.customer.profile"),
                ("company_id", "=", self.company_id),
            ]
        )

    def test_the_same_day_unchanged_is_skipped(self):
        with self._cursor_env() as env:
            self.assertFalse(self._recompute(env).failures)
        with self._cursor_env() as env:
            mark = self._mark(env)
            stamp = mark.write_date
            self.assertEqual(self._recompute(env).written, 0)
            self.assertEqual(self._mark(env).write_date, stamp)

    def test_a_change_committed_after_a_run_by_an_older_transaction_is_seen(self):
        """The writer's transaction starts before the run and commits after
        it: its change carries a time before the run's, yet the next run of
        the same day computes."""
        with self._cursor_env() as env_w:
            env_w.cr.execute("SELECT 1")
            with self._cursor_env() as env_a:
                self.assertFalse(self._recompute(env_a).failures)
                since, stamp = self._mark(env_a).since, self._mark(env_a).write_date
            partner = env_w["res.partner"].browse(self.partner_id)
            partner.phone = "+86 512 6688 1200"
            env_w.flush_all()
            self.assertLessEqual(since, partner.write_date)
            self.assertLess(partner.write_date, stamp)
        with self._cursor_env() as env_c:
            self.assertFalse(self._recompute(env_c).failures)
            self.assertGreater(self._mark(env_c).write_date, stamp)

    def test_a_change_committed_unseen_before_the_run_keeps_no_mark(self):
        """The writer commits after the run's snapshot was taken and before
        the run reads the open transactions: the run cannot tell when its
        unseen change was made, and records no instant to skip from."""
        with self._cursor_env() as env_w:
            env_w.cr.execute("SELECT 1")
            with self._cursor_env() as env_a:
                env_a.cr.execute("SELECT 1")
                env_w["res.partner"].browse(self.partner_id).phone = "+86 512 6688 1201"
                env_w.cr.commit()
                self.assertIsNone(env_a["crm.recompute.mark"]._since())
                self.assertFalse(self._recompute(env_a).failures)
                self.assertFalse(self._mark(env_a))

    def test_an_older_transaction_committed_after_a_run_is_in_the_next_scope(self):
        """As above, seen by the next day's run, which computes only the
        customers changed since: the writer's customer is among them."""
        with self._cursor_env() as env_w:
            today = fields.Date.context_today(env_w["res.partner"])
            env_w.cr.execute("SELECT 1")
            with self._cursor_env() as env_a:
                profiles = env_a["crm.customer.profile"]
                company = env_a["res.company"].browse(self.company_id)
                result = profiles._recompute(company, today - relativedelta(days=1))
                self.assertFalse(result.failures)
            env_w["res.partner"].browse(self.partner_id).phone = "+86 512 6688 1202"
        with self._cursor_env() as env_c:
            profiles = env_c["crm.customer.profile"]
            company = env_c["res.company"].browse(self.company_id)
            changed = self._mark(env_c)._changed_partners(profiles, company, today)
            self.assertIn(self.partner_id, changed)
