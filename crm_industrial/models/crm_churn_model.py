# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
import time

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from . import churn_learning
from .crm_company_recompute import RecomputeInProgress, RecomputeResult

_logger = logging.getLogger(__name__)

# Enough history to learn from: labelled month ends (the most recent of
# which are held out to measure the model), and customers who became
# dormant, in all and in the hold-out.
MIN_MONTHS = 12
HOLDOUT_MONTHS = 6
MIN_EVENTS = 30
MIN_HOLDOUT_EVENTS = 10
# The month ends learned from, at most.
MAX_MONTHS = 36
# The snapshots learned from, at most: above, a sample of the customers
# (all of their month ends), drawn by a hash of their id so that a
# customer is in or out of every month alike.
MAX_ROWS = 200_000
SAMPLE_BUCKETS = 1024
# Train Now trains a company while the manager waits up to this many
# snapshots (the bound of :meth:`CrmChurnModel._snapshot_bound`), else in
# the background: trained at about 1 500 snapshots a second here (the
# demo's 1 484 in 4.7 s with its scoring; the bench's 89 024 in about a
# minute), 20 000 take some 15 s.
REQUEST_SNAPSHOTS = 20_000


def month_end(day):
    """The last day of ``day``'s month."""
    return day + relativedelta(day=31)


class CrmChurnModel(models.Model):
    """A company's churn model: what it learned from its own history, with
    how well it did on the months it did not learn from.

    Trained monthly (and on demand by a sales manager) from month-end
    snapshots of the company's customers over up to :data:`MAX_MONTHS`
    months (``crm.churn.snapshot``), labelled by what happened in the
    horizon after each; the :data:`HOLDOUT_MONTHS` most recent labelled
    months are held out and measured (``churn_learning.train``). Stored as
    numbers: the scaling and coefficient of each feature, the intercept.
    A company's newest model is its active one; a failed training leaves
    it in place.
    """

    _name = "crm.churn.model"
    _inherit = ["crm.company.recompute"]
    _description = "Churn Model"
    _order = "company_id, train_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    active = fields.Boolean(default=True, readonly=True)
    train_date = fields.Datetime(string="Trained On", readonly=True)
    duration = fields.Float(string="Training Time (s)", readonly=True, digits=(16, 1))
    horizon_months = fields.Integer(string="Horizon (months)", readonly=True)
    snapshot_from = fields.Date(string="Learned From", readonly=True)
    snapshot_to = fields.Date(string="Learned Until", readonly=True)
    holdout_from = fields.Date(string="Measured From", readonly=True)
    holdout_to = fields.Date(string="Measured Until", readonly=True)
    sample_pct = fields.Float(
        string="Customers Sampled (%)",
        readonly=True,
        digits=(16, 1),
        help="The share of the customers whose snapshots were learned from: "
        "all of them up to 200 000 snapshots, else a sample drawn by customer.",
    )
    training_rows = fields.Integer(string="Training Snapshots", readonly=True)
    training_events = fields.Integer(string="Training Dormancies", readonly=True)
    holdout_rows = fields.Integer(string="Hold-out Snapshots", readonly=True)
    holdout_events = fields.Integer(string="Hold-out Dormancies", readonly=True)
    base_rate_pct = fields.Float(
        string="Observed Rate (%)",
        compute="_compute_base_rate_pct",
        digits=(16, 1),
        help="The share of the hold-out's active customers that became dormant "
        "within the horizon.",
    )
    auc = fields.Float(
        string="AUC",
        readonly=True,
        digits=(16, 3),
        help="On the hold-out: the probability that a customer who became "
        "dormant was ranked riskier than one who did not (0.5 is chance, 1 is "
        "perfect).",
    )
    brier = fields.Float(
        string="Brier Score",
        readonly=True,
        digits=(16, 4),
        help="On the hold-out: the mean squared difference between the "
        "predicted probability and what happened (0 is perfect; lower is "
        "better).",
    )
    lift_top_decile = fields.Float(
        string="Lift (Top 10 %)",
        readonly=True,
        digits=(16, 2),
        help="On the hold-out: how many times more often the riskiest tenth of "
        "the customers became dormant than all of them.",
    )
    regularisation = fields.Float(
        readonly=True,
        digits=(16, 3),
        help="The inverse regularisation strength (C) that gave the best "
        "calibrated probabilities on the hold-out.",
    )
    intercept = fields.Float(readonly=True, digits=(16, 6))
    coefficient_ids = fields.One2many(
        "crm.churn.coefficient", "model_id", string="Coefficients", readonly=True
    )
    calibration_ids = fields.One2many(
        "crm.churn.calibration", "model_id", readonly=True
    )

    @api.depends("company_id", "train_date")
    def _compute_name(self):
        for model in self:
            model.name = self.env._(
                "Churn model of %(company)s, %(date)s",
                company=model.company_id.name,
                date=model.train_date and fields.Date.to_string(model.train_date),
            )

    @api.depends("holdout_rows", "holdout_events")
    def _compute_base_rate_pct(self):
        for model in self:
            model.base_rate_pct = (
                100.0 * model.holdout_events / model.holdout_rows
                if model.holdout_rows
                else 0.0
            )

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------

    def action_train(self):
        """A sales manager trains the churn models of their companies now:
        while they wait when a company has at most
        :data:`REQUEST_SNAPSHOTS` snapshots to learn from, else queued in
        the background (``crm.recompute.job``, *Background Computations*),
        the manager being notified when it ends."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers train churn models."))
        companies = self.env.companies
        Job = self.env["crm.recompute.job"]
        active = Job._active_for(companies)
        if active:
            raise UserError(
                self.env._(
                    "The churn models of %(companies)s are already being trained "
                    "in the background (started by %(user)s); you will be "
                    "notified when it ends.",
                    companies=", ".join(active.company_id.mapped("name")),
                    user=active[0].user_id.name,
                )
            )
        today = fields.Date.context_today(self)
        sizes = {
            company: self._snapshot_bound(
                company, self._training_months(company, today)
            )
            for company in companies
        }
        queued = companies.filtered(lambda company: sizes[company] > REQUEST_SNAPSHOTS)
        if queued:
            Job._enqueue(
                queued,
                sizes,
                {
                    company: self.env._(
                        "Churn model of %(company)s", company=company.name
                    )
                    for company in queued
                },
            )
        now = companies - queued
        result = self.sudo()._recompute(now) if now else RecomputeResult()
        if result.failures or not queued:
            return self._recompute_notification(
                result,
                self.env._("Churn models trained"),
                self.env._(
                    "The churn models are trained and the customers' risk is up "
                    "to date."
                ),
            )
        return self._recompute_notification(
            result,
            self.env._("Churn models queued"),
            self.env._(
                "The churn models of %(companies)s have more history than a "
                "training while you wait: they are trained in the background "
                "(Background Computations), and you will be notified when it "
                "ends.",
                companies=", ".join(queued.mapped("name")),
            ),
        )

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The churn model of %(company)s is being trained by another run.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The churn model of %(company)s could not be trained: %(error)s; the "
            "model trained before stays in use.",
            company=company.name,
            error=error,
        )

    @api.model
    def _recompute_failure(self, company, error):
        """Shown on the company (its settings and the models' list) until
        a training succeeds. Another run in progress (a training, or the
        nightly run scoring the customers) is no failure of the company's
        model: not recorded, nor waited for (that run holds the company's
        row until it commits)."""
        message = super()._recompute_failure(company, error)
        if not isinstance(error, RecomputeInProgress):
            company.sudo().churn_training_error = message
        return message

    @api.model
    def _recompute_company(self, company, today):
        """Train ``company``'s churn model under its lock, then score its
        customers with it; the rows written. Without enough history, no
        model is trained, and the company says why."""
        self._lock_company(company)
        # its customers are scored at the end, which the nightly run does
        # under the profiles' lock: the two never write their risk at once
        self.env["crm.customer.profile"]._lock_company(company)
        started = time.monotonic()
        months = self._training_months(company, today)
        problem = self._not_enough_months(months)
        data = None
        if not problem:
            data = self._training_data(company, months)
            problem = self._not_enough_events(data, months)
        if problem:
            company.sudo().churn_training_error = problem
            return self.env["crm.customer.churn"]._recompute_company(company, today)
        features, labels, periods, sample_pct = data
        self.env["crm.recompute.job"]._report_step(
            len(months),
            len(months) + 1,
            self.env._("Learning from %(rows)s snapshots", rows=len(labels)),
        )
        fitted, metrics = churn_learning.train(
            features,
            labels,
            periods,
            self.env["crm.churn.snapshot"]._features(),
            HOLDOUT_MONTHS,
        )
        holdout_from = months[-HOLDOUT_MONTHS]
        training = periods < self._period(holdout_from)
        model = self.create(
            {
                "company_id": company.id,
                "train_date": fields.Datetime.now(),
                "duration": time.monotonic() - started,
                "horizon_months": company.churn_horizon_months,
                "snapshot_from": months[0],
                "snapshot_to": months[-1],
                "holdout_from": holdout_from,
                "holdout_to": months[-1],
                "sample_pct": sample_pct,
                "training_rows": int(training.sum()),
                "training_events": int(labels[training].sum()),
                "holdout_rows": metrics.rows,
                "holdout_events": metrics.events,
                # both measured: the hold-out has customers that left
                # and customers that stayed (_not_enough_events)
                "auc": metrics.auc,
                "brier": metrics.brier,
                "lift_top_decile": metrics.lift_top_decile,
                "regularisation": fitted.regularisation,
                "intercept": fitted.intercept,
                "coefficient_ids": [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "feature": code,
                            "mean": mean,
                            "scale": scale,
                            "coefficient": coefficient,
                        }
                    )
                    for index, (code, mean, scale, coefficient) in enumerate(
                        zip(
                            fitted.features,
                            fitted.means,
                            fitted.scales,
                            fitted.coefficients,
                            strict=True,
                        )
                    )
                ],
                "calibration_ids": [
                    fields.Command.create(
                        {
                            "decile": decile,
                            "series": series,
                            "rate_pct": 100.0 * rate,
                            "rows": rows,
                        }
                    )
                    for decile, rows, predicted, observed in metrics.calibration
                    for series, rate in (
                        ("predicted", predicted),
                        ("observed", observed),
                    )
                ],
            }
        )
        self.search(
            [("company_id", "=", company.id), ("id", "!=", model.id)]
        ).active = False
        company.sudo().churn_training_error = False
        _logger.info(
            "Churn model of %s: %s snapshots, AUC %.3f, Brier %.4f, %.1f s",
            company.name,
            metrics.rows + model.training_rows,
            model.auc,
            model.brier,
            model.duration,
        )
        return 1 + self.env["crm.customer.churn"]._recompute_company(company, today)

    @api.model
    def _period(self, day):
        """A month's index, as ``churn_learning.train`` compares them."""
        return day.year * 12 + day.month

    @api.model
    def _training_months(self, company, today):
        """The month ends learned from: those whose horizon has passed by
        ``today``, up to :data:`MAX_MONTHS` of them, from the first month
        end after the company's first invoice."""
        horizon = company.churn_horizon_months
        last = month_end(today - relativedelta(months=horizon))
        if last + relativedelta(months=horizon) > today:
            last = month_end(last - relativedelta(months=1))
        self.env.cr.execute(
            SQL(
                """SELECT MIN(invoice_date) FROM account_move
                    WHERE company_id = %s AND state = 'posted'
                      AND move_type = 'out_invoice'""",
                company.id,
            )
        )
        first_invoice = self.env.cr.fetchone()[0]
        if not first_invoice:
            return []
        first = max(
            month_end(first_invoice),
            month_end(last - relativedelta(months=MAX_MONTHS - 1)),
        )
        months = []
        day = first
        while day <= last:
            months.append(day)
            day = month_end(day + relativedelta(days=1))
        return months

    def _not_enough_months(self, months):
        """Why these months are too few to learn from, or ``False``."""
        if len(months) >= MIN_MONTHS:
            return False
        return self.env._(
            "Not enough history for a churn model: %(months)s month ends whose "
            "horizon has passed, at least %(minimum)s needed (the last %(holdout)s "
            "are held out to measure the model). Until then, the lifecycle's "
            "rules alone mark declining and dormant customers.",
            months=len(months),
            minimum=MIN_MONTHS,
            holdout=HOLDOUT_MONTHS,
        )

    def _not_enough_events(self, data, months):
        """Why too few customers became dormant to learn from (or too few
        stayed to measure the model on), or ``False``."""
        _features, labels, periods, _sample = data
        holdout = periods >= self._period(months[-HOLDOUT_MONTHS])
        events, holdout_events = int(labels.sum()), int(labels[holdout].sum())
        stayed = int(holdout.sum()) - holdout_events
        if stayed < MIN_HOLDOUT_EVENTS:
            return self.env._(
                "Not enough history for a churn model: %(stayed)s active customers "
                "stayed in the last %(holdout_months)s month ends, at least "
                "%(minimum)s needed to measure it. Until then, the lifecycle's "
                "rules alone mark declining and dormant customers.",
                stayed=stayed,
                holdout_months=HOLDOUT_MONTHS,
                minimum=MIN_HOLDOUT_EVENTS,
            )
        if events >= MIN_EVENTS and holdout_events >= MIN_HOLDOUT_EVENTS:
            return False
        return self.env._(
            "Not enough history for a churn model: %(events)s customers became "
            "dormant in the months learned from (%(holdout)s in the last "
            "%(holdout_months)s), at least %(minimum)s needed (%(minimum_holdout)s "
            "in the last months). Until then, the lifecycle's rules alone mark "
            "declining and dormant customers.",
            events=events,
            holdout=holdout_events,
            holdout_months=HOLDOUT_MONTHS,
            minimum=MIN_EVENTS,
            minimum_holdout=MIN_HOLDOUT_EVENTS,
        )

    @api.model
    def _training_data(self, company, months):
        """The snapshots of ``months``, month by month (one statement each,
        the rows of one month in memory at a time besides the arrays):
        features, labels, periods and the share of customers sampled."""
        buckets = self._sample_buckets(company, months)
        Snapshot = self.env["crm.churn.snapshot"]
        width = len(Snapshot._features())
        chunks, labels, periods = [], [], []
        Job = self.env["crm.recompute.job"]
        for index, day in enumerate(months):
            Job._report_step(
                index,
                len(months) + 1,
                self.env._("Snapshots of %(month)s", month=day.strftime("%Y-%m")),
            )
            self.env.cr.execute(
                Snapshot._snapshot_sql(
                    company,
                    self._candidates(company, day, buckets),
                    day,
                    company.churn_horizon_months,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                continue
            chunks.append(np.array([row[4 : 4 + width] for row in rows], dtype=float))
            labels.append(np.array([row[3] for row in rows], dtype=bool))
            periods.append(np.full(len(rows), self._period(day)))
        if not chunks:
            empty = np.empty((0, width))
            return empty, np.empty(0, bool), np.empty(0, int), 100.0
        return (
            np.concatenate(chunks),
            np.concatenate(labels),
            np.concatenate(periods),
            100.0 * buckets / SAMPLE_BUCKETS,
        )

    @api.model
    def _candidates(self, company, day, buckets):
        """SQL: the customers of ``company`` invoiced on or before ``day``
        (of the sample's ``buckets``)."""
        return SQL(
            """SELECT move.commercial_partner_id AS partner_id
                 FROM account_move move
                WHERE move.company_id = %(company)s
                  AND move.state = 'posted'
                  AND move.move_type = 'out_invoice'
                  AND move.invoice_date <= %(day)s
                  AND (hashint4(move.commercial_partner_id) & %(mask)s) < %(buckets)s
                GROUP BY move.commercial_partner_id""",
            day=day,
            company=company.id,
            mask=SAMPLE_BUCKETS - 1,
            buckets=buckets,
        )

    @api.model
    def _sample_buckets(self, company, months):
        """How many of the :data:`SAMPLE_BUCKETS` customer buckets to learn
        from so that the snapshots stay under :data:`MAX_ROWS`."""
        bound = self._snapshot_bound(company, months)
        if bound <= MAX_ROWS:
            return SAMPLE_BUCKETS
        return max(1, SAMPLE_BUCKETS * MAX_ROWS // bound)

    @api.model
    def _snapshot_bound(self, company, months):
        """At most how many snapshots ``company``'s history gives at the
        month ends ``months``: the customers invoiced by each, summed."""
        self.env.cr.execute(
            SQL(
                """SELECT COUNT(*) FROM (
                       SELECT move.commercial_partner_id,
                              MIN(move.invoice_date) AS first_day
                         FROM account_move move
                        WHERE move.company_id = %s AND move.state = 'posted'
                          AND move.move_type = 'out_invoice'
                        GROUP BY move.commercial_partner_id
                   ) customer
                   JOIN UNNEST(%s::date[]) AS month(day)
                     ON customer.first_day <= month.day""",
                company.id,
                months,
            )
        )
        return self.env.cr.fetchone()[0]


class CrmChurnCoefficient(models.Model):
    """What a churn model learned of one feature."""

    _name = "crm.churn.coefficient"
    _description = "Churn Model Coefficient"
    _order = "model_id, sequence"

    model_id = fields.Many2one(
        "crm.churn.model", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    sequence = fields.Integer()
    feature = fields.Selection(
        selection="_feature_selection", required=True, readonly=True
    )
    mean = fields.Float(readonly=True, digits=(16, 6))
    scale = fields.Float(readonly=True, digits=(16, 6))
    coefficient = fields.Float(
        readonly=True,
        digits=(16, 4),
        help="How much one standard deviation more of the feature adds to the "
        "log-odds of becoming dormant (positive: riskier).",
    )
    odds_ratio = fields.Float(
        compute="_compute_odds_ratio",
        digits=(16, 2),
        help="How many times the odds of becoming dormant are multiplied by one "
        "standard deviation more of the feature.",
    )

    @api.model
    def _feature_selection(self):
        return list(self.env["crm.customer.churn"]._feature_labels().items())

    @api.depends("coefficient")
    def _compute_odds_ratio(self):
        for line in self:
            line.odds_ratio = math.exp(max(min(line.coefficient, 50.0), -50.0))


class CrmChurnCalibration(models.Model):
    """One decile of a churn model's hold-out, the customers sorted by
    predicted risk: the rate it predicted, or the rate observed (a row
    each, so that a graph draws both lines)."""

    _name = "crm.churn.calibration"
    _description = "Churn Model Calibration"
    _order = "model_id, decile, series desc"

    model_id = fields.Many2one(
        "crm.churn.model", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    decile = fields.Integer(readonly=True, help="1: the least risky tenth.")
    series = fields.Selection(
        [("predicted", "Predicted"), ("observed", "Observed")],
        required=True,
        readonly=True,
    )
    rate_pct = fields.Float(
        string="Dormant (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Predicted: the mean predicted probability of the decile's "
        "snapshots; observed: the share of them that became dormant.",
    )
    rows = fields.Integer(string="Snapshots", readonly=True, aggregator="max")
