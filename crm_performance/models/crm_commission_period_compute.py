# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A commission period's computation: its lines and summaries, per
company under its lock (``crm.company.recompute``), of the customers
changed since its last run when that can be told."""

from odoo import models

from . import commission_sources
from .commission_calendar import LOCKED_STATES


class CrmCommissionPeriod(models.Model):
    _inherit = "crm.commission.period"

    # ------------------------------------------------------------------
    # The computation
    # ------------------------------------------------------------------

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The commissions of %(company)s are being computed by another run; "
            "they will be up to date when it finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The commissions of %(company)s could not be computed: %(error)s",
            company=company.name,
            error=error,
        )

    def _recompute_company(self, company, today, partners=None):
        """Compute the periods of ``company`` among these, under its lock
        (a period's dates, not the day of the run, say what it counts): the
        lines of the customers ``partners`` only (ids; all when ``None``),
        every summary.

        Returns the number of lines and summaries written (inserted, updated
        or deleted): a second run writes none.
        """
        self._lock_company(company)
        self.env.flush_all()
        self.env["crm.key.account.member"]._check_commission_shares(company)
        written = 0
        Job = self.env["crm.recompute.job"]
        periods = self.filtered(lambda period: period.company_id == company)
        for index, period in enumerate(periods):
            locked = period._locked_earlier_periods()
            Job._report_step(
                2 * index,
                2 * len(periods),
                self.env._("Commission lines of %(period)s", period=period.name),
            )
            written += self.env["crm.commission.line"]._write_period_lines(
                period, today, locked, partners
            )
            Job._report_step(
                2 * index + 1,
                2 * len(periods),
                self.env._("Summaries of %(period)s", period=period.name),
            )
            written += self.env["crm.commission.summary"]._compute_period_summaries(
                period, locked
            )
            if period.state == "draft":
                period.state = "computed"
        return written

    def _recompute_scope(self, company):
        """The periods of ``company`` computed, by id."""
        periods = self.filtered(lambda period: period.company_id == company)
        return ",".join(str(period_id) for period_id in sorted(periods.ids))

    def _recompute_sources(self):
        """What the lines and summaries of a period are computed from
        (``commission_sources``)."""
        return dict(commission_sources.PERIOD_SOURCES)

    def _recompute_partner_sources(self):
        return commission_sources.partner_sources()

    def _recompute_calendar_partners(self, company, last_day, today):
        if last_day >= today:
            return None
        return commission_sources.calendar_partners_sql(company, last_day, today)

    def _recompute_own_sources(self):
        """The periods (their state), their lines, summaries and multiplier
        adjustments."""
        return list(commission_sources.PERIOD_OWN_SOURCES)

    def init(self):
        res = super().init()
        self.env["crm.recompute.mark"]._index_sources(self)
        return res

    def _locked_earlier_periods(self):
        """The approved, validated and paid periods of the company and kind
        before this one: what they would compute differently today is
        adjusted in this one."""
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_type", "=", self.period_type),
                ("state", "in", LOCKED_STATES),
                ("date_to", "<", self.date_from),
            ]
        )

    def _applicable_plans(self):
        """The active plans of the period's company and kind valid in it."""
        self.ensure_one()
        return self.env["crm.commission.plan"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_type", "=", self.period_type),
                ("date_from", "<=", self.date_to),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", self.date_from),
            ]
        )
