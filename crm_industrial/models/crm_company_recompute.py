# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def column_list(columns, alias=None):
    """``a, b``, or ``alias.a, alias.b``: ``columns`` as a list in a statement."""
    if alias is None:
        return SQL(", ").join(SQL.identifier(column) for column in columns)
    # the alias as written: EXCLUDED must stay unquoted
    return SQL(", ").join(
        SQL("%s.%s", SQL(alias), SQL.identifier(column)) for column in columns
    )


@contextmanager
def heavy_statement_settings(cr, work_mem_mb):
    """Around one set-based statement that makes a row per customer (or
    invoice line) through estimates the planner cannot make: no JIT (its
    exploded estimates make PostgreSQL spend longer compiling the plan than
    running it), and ``work_mem_mb`` MB per sort or hash instead of the
    default 4 MB, which spills to disk; both back to what they were after
    it (a company's run goes without JIT: :meth:`_lock_company`). (Set for
    the transaction only: if the statement fails, its rollback undoes them.)"""
    # read before they are set: a select list is evaluated in order
    cr.execute(
        SQL(
            "SELECT current_setting('jit'), current_setting('work_mem'),"
            " set_config('jit', 'off', true), set_config('work_mem', %s, true)",
            f"{work_mem_mb}MB",
        )
    )
    jit, work_mem, _jit, _work_mem = cr.fetchone()
    yield
    cr.execute(
        SQL(
            "SELECT set_config('jit', %s, true), set_config('work_mem', %s, true)",
            jit,
            work_mem,
        )
    )


@dataclass
class RecomputeResult:
    """What one recompute did: rows written, and why each failed company failed."""

    written: int = 0
    failures: dict = field(default_factory=dict)


class RecomputeInProgress(UserError):
    """Another run of the same company holds its lock."""


class CrmCompanyRecompute(models.AbstractModel):
    """A computation run company by company, as the nightly job and a
    manager's button both run it.

    Each company runs in a savepoint under its own advisory lock (keyed by
    the model's name and the company): a company whose run
    fails is rolled back alone, logged and reported in the result, and the
    others go on; a second run of the same company at the same time says
    that a run is in progress. Models implement ``_recompute_company`` and
    the two messages.
    """

    _name = "crm.company.recompute"
    _description = "Recompute per Company"

    def _recompute_in_progress_message(self, company):
        """Translated: another run of ``company`` holds the lock."""
        raise NotImplementedError

    def _recompute_failed_message(self, company, error):
        """Translated: ``company``'s run failed with ``error``."""
        raise NotImplementedError

    def _recompute_company(self, company, today):
        """Recompute ``company`` (under its lock); the number of rows written."""
        raise NotImplementedError

    def _recompute_sources(self):
        """The models whose rows the run reads, each with whether deleting
        one of their rows can change what it computes (then their rows are
        counted): {model: counted}. A model that names them skips a run of
        the same day when none changed (``crm.recompute.mark``); empty, the
        default, runs every time."""
        return {}

    def _recompute_scope(self, _company):
        """What of the company this run computes, as its mark records it:
        all of it (``"company"``) unless the model says otherwise."""
        return "company"

    def _recompute_own_sources(self):
        """Of :meth:`_recompute_sources`, the models whose rows the run
        writes itself: its own writes are no change."""
        return []

    def _recompute_partner_sources(self):
        """Of :meth:`_recompute_sources`, the models whose changed rows say
        which customers changed: {model: a query of the customer companies
        (column ``partner_id``) of its row ``source``, or ``None`` when
        only steps that compute every customer read it}. A model that names
        them computes only the customers changed since its last complete
        run (:meth:`_recompute_changed`); a change of any other source
        computes everything."""
        return {}

    def _recompute_calendar_partners(self, _company, _last_day, _today):
        """A query of the customers (column ``partner_id``) whose figures
        change from a run of ``_last_day`` to one of ``_today`` with no
        source changed, or ``None``: the calendar moves none."""
        return None

    def _recompute_changed(self, company, today, mark, counts=None):
        """Recompute ``company`` after its last complete run ``mark``
        (perhaps none), its sources' rows counted ``counts`` (or not yet):
        the rows written, and whether every customer was computed. A model
        that names the customers of its sources
        (:meth:`_recompute_partner_sources`) computes those changed since,
        when the mark can tell (``crm.recompute.mark``), its
        ``_recompute_company`` taking them as ``partners``."""
        partners = (
            mark._changed_partners(self, company, today, counts)
            if self._recompute_partner_sources()
            else None
        )
        if partners is None:
            return self._recompute_company(company, today), True
        return self._recompute_company(company, today, partners), False

    @api.model
    def _cron_recompute(self):
        """The scheduled action: every active company, each committed on
        its own as it is done (its failure logged by :meth:`_recompute`)."""
        companies = self.env["res.company"].search([("active", "=", True)])
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(companies))
        for company in companies:
            self._recompute(company)
            cron._commit_progress(1)

    @api.model
    def _recompute(self, companies, today=None):
        """Recompute ``companies`` one by one; a :class:`RecomputeResult`."""
        marks = self.env["crm.recompute.mark"]
        tracked = bool(self._recompute_sources())
        # first: on a transaction not begun yet, read before its snapshot
        since = marks._since() if tracked else None
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        result = RecomputeResult()
        # the companies computed or unchanged, with their marks: when one
        # was computed, all are recorded again (they share the tables)
        seen, computed, counts = {}, False, None
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    mark, unchanged = marks, False
                    if tracked:
                        self._lock_company(company)
                        mark = marks._mark_of(self, company)
                        if mark:
                            # counted once: a run of the day, and of a later
                            # day, both compare them with the mark's
                            counts = marks._row_counts(marks._source_tables(self)[0])
                        unchanged = mark._unchanged(self, today, counts)
                    whole = False
                    if not unchanged:
                        written, whole = self._recompute_changed(
                            company, today, mark, counts
                        )
                        result.written += written
                        computed = True
                    if tracked:
                        seen[company] = (mark, whole)
            except Exception as error:  # one company's failure must not stop the others
                result.failures[company] = self._recompute_failure(company, error)
            finally:
                self.env.invalidate_all()
        if computed and seen:
            self.env.flush_all()
            marks._record(self, seen, today, since, counts)
        return result

    @api.model
    def _recompute_failure(self, company, error):
        """Log why ``company``'s run failed; the message for the manager."""
        if isinstance(error, RecomputeInProgress):
            _logger.info("%s: %s", self._description, error)
            return str(error)
        _logger.exception("%s of %s failed", self._description, company.name)
        return self._recompute_failed_message(
            company, str(error).strip() or type(error).__name__
        )

    @api.model
    def _recompute_lock_key(self):
        """The first key of a company's advisory lock: 32 bits of a hash of
        the model's name, so that each model's runs lock apart with no key
        kept by hand (the second key is the company's id)."""
        digest = hashlib.blake2b(self._name.encode(), digest_size=4).digest()
        return int.from_bytes(digest, "big", signed=True)

    @api.model
    def _lock_company(self, company):
        """Hold the company's lock, or say that a run is in progress. The
        run's statements then go without JIT until its transaction ends:
        set-based over whole tables, they are estimated past PostgreSQL's
        JIT threshold, and compiling took longer than running (0.15 s of
        the 0.34 s that finding a day's changed customers took on the
        bench)."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(%s, %s),"
                " set_config('jit', 'off', true)",
                self._recompute_lock_key(),
                company.id,
            )
        )
        if not self.env.cr.fetchone()[0]:
            raise RecomputeInProgress(self._recompute_in_progress_message(company))

    @api.model
    def _recompute_notification(self, result, title, message):
        """The notification a manager's button shows: ``title`` and
        ``message`` when every company was computed, else the failures."""
        if result.failures:
            params = {
                "title": self.env._("Some companies were not recomputed"),
                "message": "\n".join(result.failures.values()),
                "type": "warning",
                "sticky": True,
            }
        else:
            params = {
                "title": title,
                "message": message,
                "type": "success",
                "sticky": False,
            }
        params["next"] = {"type": "ir.actions.client", "tag": "soft_reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }
