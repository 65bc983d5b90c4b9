# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The finished runs kept for their history, in days.
FINISHED_KEPT_DAYS = 90

ACTIVE_STATES = ("queued", "running")


class CrmRecomputeJob(models.Model):
    """A computation started from a button and too large to run in the
    request: queued, then run by the scheduler, which reports its progress
    step by step and tells whoever started it when it ends.

    A record (``res_model``, ``res_id``) has at most one queued or running
    computation. The model's button checks :meth:`_active_for` and, above
    the size it states, calls :meth:`_enqueue` with the rows each record's
    run reads; the model implements ``_recompute_job_run(self)``: the run,
    as the user who started it, in their language, which reports its steps
    with :meth:`_report_step` and returns the message for them.

    Liveness: the scheduler runs one instance of a scheduled action at a
    time (it locks the action's row while it runs), so a job still marked
    running when the action starts was interrupted (its worker stopped):
    it is marked failed, and can be started again.
    """

    _name = "crm.recompute.job"
    _description = "Background Computation"
    _order = "id desc"

    _one_active_per_record = models.UniqueIndex(
        "(res_model, res_id) WHERE state IN ('queued', 'running')",
        "A record has one queued or running computation at a time.",
    )

    name = fields.Char(string="Computation", required=True, readonly=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Started By", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    size = fields.Integer(
        readonly=True,
        help="The source rows the computation reads, counted when it was started.",
    )
    step = fields.Integer(readonly=True)
    step_count = fields.Integer(string="Steps", readonly=True)
    step_name = fields.Char(string="Current Step", readonly=True)
    progress = fields.Float(
        compute="_compute_progress",
        help="The share of the steps done, in percent.",
    )
    date_started = fields.Datetime(string="Started", readonly=True)
    date_ended = fields.Datetime(string="Ended", readonly=True)
    message = fields.Text(string="Result", readonly=True)

    @api.depends("state", "step", "step_count")
    def _compute_progress(self):
        for job in self:
            if job.state == "done":
                job.progress = 100.0
            elif job.step_count:
                job.progress = 100.0 * job.step / job.step_count
            else:
                job.progress = 0.0

    # ------------------------------------------------------------------
    # Starting
    # ------------------------------------------------------------------

    @api.model
    def _active_for(self, records):
        """The queued or running computations of ``records``, once their
        rows are locked for this transaction: a start of theirs at the same
        time (which holds their rows until it commits its job) is told to
        try again, instead of queueing a second computation."""
        if not records:
            return self.browse()
        try:
            records.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "%(records)s: being computed or changed by someone else "
                    "right now; try again in a moment.",
                    records=", ".join(records.mapped("display_name")),
                )
            ) from None
        return self._active_of(records)

    @api.model
    def _active_of(self, records):
        """The queued or running computations of ``records`` (read as
        superuser: a job is its starter's), without locking anything."""
        return self.sudo().search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("state", "in", ACTIVE_STATES),
            ]
        )

    @api.model
    def _enqueue(self, records, sizes, names=None):
        """Queue a computation of each of ``records`` (with its ``sizes``, by
        record, and its name in ``names``, by default the record's) for the
        current user and wake the scheduler up."""
        names = names or {}
        jobs = self.sudo().create(
            [
                {
                    "name": names.get(record, record.display_name),
                    "res_model": record._name,
                    "res_id": record.id,
                    # a company's own computation is the company's
                    "company_id": (
                        record if record._name == "res.company" else record.company_id
                    ).id,
                    "user_id": self.env.uid,
                    "size": sizes.get(record, 0),
                }
                for record in records
            ]
        )
        self.env.ref("crm_industrial.ir_cron_run_recompute_jobs").sudo()._trigger()
        return jobs

    # ------------------------------------------------------------------
    # Running (the scheduler)
    # ------------------------------------------------------------------

    @api.model
    def _fail_interrupted(self):
        """Mark failed the jobs still marked running: no run of the
        scheduled action is under way but this one (see the class)."""
        for job in self.sudo().search([("state", "=", "running")]):
            job._end(
                "failed",
                job.with_context(lang=job.user_id.lang).env._(
                    "The computation was interrupted before it ended; start it again."
                ),
            )

    @api.model
    def _cron_run(self):
        """Run the queued computations, oldest first, one transaction each:
        committed when it ends, so that each is kept whatever happens to the
        next; a job another worker took already is skipped."""
        Cron = self.env["ir.cron"]
        self._fail_interrupted()
        queued = self.sudo().search([("state", "=", "queued")], order="id")
        Cron._commit_progress(remaining=len(queued))
        for job in queued:
            # another worker may have taken it since the search
            if not job.try_lock_for_update(allow_referencing=True):
                continue
            job.invalidate_recordset(["state"])
            if job.state != "queued":
                continue
            job.write({"state": "running", "date_started": fields.Datetime.now()})
            Cron._commit_progress()
            job._run()
            if not Cron._commit_progress(1):
                break

    def _run(self):
        """Run this job as the user who started it, in their language, and
        commit what it computed; then, in the next transaction, record how
        it ended and tell them.

        (The job's row is written after the computation's commit, not in
        its transaction: the steps reported meanwhile changed the row, and
        the computing transaction's snapshot predates them. A worker that
        stops between the two commits leaves the job running, and the next
        run marks it interrupted: computing again writes nothing more.)"""
        self.ensure_one()
        records = (
            self.env[self.res_model]
            .with_user(self.user_id)
            .with_context(crm_recompute_job_id=self.id, lang=self.user_id.lang)
            .browse(self.res_id)
        )
        try:
            with self.env.cr.savepoint():
                message = records._recompute_job_run()
            state = "done"
        except Exception as error:  # the failure is kept on the job and told
            _logger.exception("%s %s failed", self._description, self.name)
            message = str(error).strip() or type(error).__name__
            state = "failed"
        self.env["ir.cron"]._commit_progress()
        self.env.invalidate_all()
        self._end(state, message)

    def _end(self, state, message):
        """Record that this job ended in ``state`` with ``message``, and
        tell whoever started it."""
        self.ensure_one()
        self.write(
            {"state": state, "date_ended": fields.Datetime.now(), "message": message}
        )
        self._notify_end()

    @api.model
    def _report_step(self, step, step_count, name):
        """Report that the job running in this context (if any) is at
        ``step`` of ``step_count``, called ``name``: written and committed
        in a transaction of its own, so that the form shows it while the
        computation goes on (the computing transaction never writes the
        job's row: see :meth:`_run`)."""
        job_id = self.env.context.get("crm_recompute_job_id")
        if not job_id:
            return
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """UPDATE crm_recompute_job
                          SET step = %s, step_count = %s, step_name = %s
                        WHERE id = %s""",
                    step,
                    step_count,
                    name,
                    job_id,
                )
            )
        self.browse(job_id).invalidate_recordset(["step", "step_count", "step_name"])

    def _notify_end(self):
        """Tell the user who started the job how it ended: on the record's
        chatter (their inbox) and, when they are online, in a notification."""
        self.ensure_one()
        user = self.user_id
        env = self.with_context(lang=user.lang).env
        record = env[self.res_model].sudo().browse(self.res_id).exists()
        failed = self.state == "failed"
        title = (
            env._("Computation failed: %(name)s", name=self.name)
            if failed
            else env._("Computation done: %(name)s", name=self.name)
        )
        if record and hasattr(record, "message_post"):
            record.message_post(
                body=env._("%(title)s. %(message)s", title=title, message=self.message),
                partner_ids=user.partner_id.ids,
            )
        user._bus_send(
            "simple_notification",
            {
                "title": title,
                "message": self.message,
                "type": "danger" if failed else "success",
                "sticky": failed,
            },
        )

    @api.autovacuum
    def _gc_finished(self):
        """Forget the finished runs older than :data:`FINISHED_KEPT_DAYS`."""
        self.sudo().search(
            [
                ("state", "in", ("done", "failed")),
                (
                    "date_ended",
                    "<",
                    fields.Datetime.now() - relativedelta(days=FINISHED_KEPT_DAYS),
                ),
            ]
        ).unlink()
