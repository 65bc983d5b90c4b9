# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from . import health_rules as rules
from .crm_key_account_plan_contact import BUYING_ROLES

COMPONENT_LABELS = [
    ("revenue_trend", "Revenue trend"),
    ("margin_trend", "Margin trend"),
    ("share_of_wallet", "Share of wallet"),
    ("on_time_delivery", "On-time delivery"),
    ("complaint_service", "Complaint service"),
    ("satisfaction", "NPS / CSAT"),
    ("engagement", "Engagement"),
    ("plan_progress", "Plan progress"),
    ("overdue_receivables", "Overdue receivables"),
]
BANDS = [("green", "Green"), ("yellow", "Yellow"), ("red", "Red")]

# days the key-account manager has to act on an account fallen into red
RED_ACTIVITY_DAYS = 7

# Columns the recompute writes, after the row's key.
HEALTH_COLUMNS = (
    "sequence",
    "weight",
    "effective_weight",
    "raw_value",
    "has_value",
    "raw_reference",
    "has_reference",
    "points",
    "included",
)


class CrmKeyAccountHealth(models.Model):
    """One component of a key account's health: its weight, raw figure and
    0-100 points.

    Rows are written set-based by :meth:`_recompute_company`: one SQL
    statement gathers every raw figure of the company's active key accounts,
    the pure rules of ``health_rules`` turn them into points, a band and a
    score, and a few statements write the components, the month's snapshot
    and the activities of the accounts that fell into red. A component
    without data is kept, marked excluded, and the others' weights rescaled.
    """

    _name = "crm.key.account.health"
    _inherit = ["crm.company.recompute", "crm.computed.rows"]
    _description = "Key Account Health Component"
    _order = "key_account_id, sequence, id"
    _rec_name = "component"
    _computed_key = ("key_account_id", "component")
    _computed_columns = ("company_id", *HEALTH_COLUMNS)
    # figures of the last run, rewritten in bulk: no author or date per row
    _log_access = False

    _component_unique = models.Constraint(
        "UNIQUE(key_account_id, component)",
        "A key account has one row per health component.",
    )

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    component = fields.Selection(COMPONENT_LABELS, required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    weight = fields.Float(
        string="Weight (%)",
        readonly=True,
        digits=(16, 1),
        help="The company's weight of the component.",
    )
    effective_weight = fields.Float(
        string="Rescaled Weight (%)",
        readonly=True,
        digits=(16, 1),
        help="Its weight once the components without data are left out.",
    )
    raw_value = fields.Float(readonly=True, digits=(16, 2))
    has_value = fields.Boolean(readonly=True)
    raw_reference = fields.Float(readonly=True, digits=(16, 2))
    has_reference = fields.Boolean(readonly=True)
    raw_text = fields.Char(
        string="Raw Figure", compute="_compute_raw_text", help="What was measured."
    )
    points = fields.Float(readonly=True, digits=(16, 1), help="From 0 to 100.")
    included = fields.Boolean(readonly=True)
    reason = fields.Char(compute="_compute_raw_text")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "component",
        "raw_value",
        "has_value",
        "raw_reference",
        "has_reference",
        "included",
    )
    def _compute_raw_text(self):
        for row in self:
            row.raw_text = row._raw_text()
            if row.included:
                row.reason = False
            elif row.has_value or row.has_reference:
                row.reason = self.env._("Not counted: its weight is 0.")
            else:
                row.reason = self.env._(
                    "Excluded: no data; the other weights are rescaled."
                )

    def _raw_text(self):
        """The raw figure of the component, in the reader's language."""
        self.ensure_one()
        value = round(self.raw_value, 1) if self.has_value else None
        reference = round(self.raw_reference, 1) if self.has_reference else None
        component = self.component
        if value is None and reference is None:
            text = self.env._("no data")
        elif component in ("revenue_trend", "margin_trend"):
            text = self.env._(
                "%(trend)s %% against the previous 12 months", trend=f"{value:+.1f}"
            )
        elif component == "share_of_wallet":
            text = self.env._(
                "%(share)s %% of the customer's annual spend", share=value
            )
        elif component == "on_time_delivery":
            text = self.env._(
                "%(rate)s %% delivered on time, target %(target)s %%",
                rate=value,
                target=reference,
            )
        elif component == "complaint_service":
            text = self.env._(
                "%(rate)s %% of complaints handled in time, target %(target)s %%",
                rate=value,
                target=reference,
            )
        elif component in ("satisfaction", "engagement"):
            text = self._two_figures_text(value, reference)
        elif component == "plan_progress":
            text = self.env._(
                "%(progress)s %% of the plan's objectives reached", progress=value
            )
        else:
            text = self.env._(
                "%(overdue)s overdue of %(open)s open",
                overdue=self.currency_id.format(self.raw_value),
                open=self.currency_id.format(self.raw_reference),
            )
        return text

    def _two_figures_text(self, value, reference):
        """NPS and CSAT, or last contact and buying-centre coverage: the
        figures known, in the reader's language."""
        if self.component == "satisfaction":
            parts = [
                value is not None and self.env._("NPS %(nps)s", nps=f"{value:+.0f}"),
                reference is not None and self.env._("CSAT %(csat)s", csat=reference),
            ]
        else:
            parts = [
                value is not None
                and self.env._(
                    "last executive contact %(days)s days ago", days=int(value)
                ),
                reference is not None
                and self.env._(
                    "buying centre %(coverage)s %% covered", coverage=reference
                ),
            ]
        return "; ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_recompute_all(self):
        """Recompute the health of the current companies' key accounts
        (directors); the notification names the companies that failed."""
        if not self.env.user.has_group("crm_key_account.group_key_account_director"):
            raise AccessError(
                self.env._("Only a Key Account Director can recompute the health.")
            )
        result = self.sudo()._recompute(self.env.companies)
        return self._recompute_notification(
            result,
            self.env._("Key-account health recomputed"),
            self.env._("%(count)s rows written.", count=result.written),
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _recompute_in_progress_message(self, company):
        return self.env._(
            "The key-account health of %(company)s is being recomputed "
            "by another run; it will be up to date when it finishes.",
            company=company.name,
        )

    def _recompute_failed_message(self, company, error):
        return self.env._(
            "The key-account health of %(company)s could not be recomputed: %(error)s",
            company=company.name,
            error=error,
        )

    @api.model
    def _recompute_company(self, company, today):
        """Recompute one company under its lock; the number of rows written.

        Its share of wallet first (a health component), then one gather of
        every raw figure, the rules per key account, and the writes.
        """
        self._lock_company(company)
        written = self.env["crm.key.account.share.of.wallet"]._recompute_company(
            company, today
        )
        self.env.cr.execute(self._gather_query(company, today))
        gathered = self.env.cr.dictfetchall()
        service = self._service_level_sums(company, today)
        plans = self._current_plans(company, today)
        hooks = {
            "on_time": self._health_raw_on_time(service),
            "complaints": self._health_raw_complaints(service),
            "plan_progress": self._health_raw_plan_progress(plans),
            "coverage": self._health_raw_coverage(plans),
        }
        weights = company._key_account_health_weights()
        rows, snapshots, fell_red = [], [], []
        for figures in gathered:
            components = self._health_components(figures, hooks, today)
            weighted = {
                name: (weights[name], points)
                for name, (points, _value, _reference) in components.items()
            }
            score, effective = rules.weighted_score(weighted)
            coverage = round(rules.coverage_pct(weighted), 1)
            for sequence, name in enumerate(rules.COMPONENTS):
                points, value, reference = components[name]
                rows.append(
                    {
                        "key_account_id": figures["id"],
                        "component": name,
                        "sequence": sequence,
                        "weight": weights[name],
                        "effective_weight": effective.get(name, 0.0),
                        "raw_value": value,
                        "has_value": value is not None,
                        "raw_reference": reference,
                        "has_reference": reference is not None,
                        "points": points,
                        "included": name in effective,
                    }
                )
            if score is not None:
                score = round(score, 1)
            band = rules.band(
                score,
                company.key_account_health_green_from,
                company.key_account_health_red_below,
                coverage,
                company.key_account_health_min_coverage_pct,
            )
            if score is None:
                continue
            snapshots.append(
                {
                    "key_account_id": figures["id"],
                    "score": score,
                    "band": band,
                    "coverage_pct": coverage,
                }
            )
            if band == "red" and figures["previous_band"] != "red":
                fell_red.append((figures, score))
        written += self._write_components(company, rows)
        written += self.env["crm.key.account.health.snapshot"]._upsert_month(
            company, today, snapshots
        )
        written += self._schedule_red_activities(fell_red, today)
        return written

    def _health_components(self, figures, hooks, today):
        """{component: (points, raw value, raw reference)} of one key account."""
        account_id = figures["id"]
        margin_trend = None
        if figures["margin_prev_12m"] and figures["margin_prev_12m"] > 0:
            margin_trend = (
                100.0
                * ((figures["margin_12m"] or 0.0) - figures["margin_prev_12m"])
                / figures["margin_prev_12m"]
            )
        on_time = hooks["on_time"].get(account_id) or (None, None)
        complaints = hooks["complaints"].get(account_id) or (None, None)
        # never met nor contacted: engagement is not measured (it is no
        # fresh contact either)
        contact_days = (
            (today - figures["last_contact"]).days if figures["last_contact"] else None
        )
        coverage = hooks["coverage"].get(account_id)
        progress = hooks["plan_progress"].get(account_id)
        nps, csat = figures["nps"], figures["csat"]
        trend = figures["revenue_trend_pct"]
        share = figures["share_pct"]
        overdue, open_amount = figures["receivable_overdue"], figures["receivable_open"]
        return {
            "revenue_trend": (rules.trend_points(trend), trend, None),
            "margin_trend": (
                rules.trend_points(margin_trend),
                margin_trend,
                figures["margin_12m"],
            ),
            "share_of_wallet": (rules.share_of_wallet_points(share), share, None),
            "on_time_delivery": (rules.against_target_points(*on_time), *on_time),
            "complaint_service": (
                rules.against_target_points(*complaints),
                *complaints,
            ),
            "satisfaction": (
                rules.mean_points(rules.nps_points(nps), rules.csat_points(csat)),
                nps,
                csat,
            ),
            "engagement": (
                rules.mean_points(rules.contact_points(contact_days), coverage),
                contact_days,
                coverage,
            ),
            "plan_progress": (
                None if progress is None else rules.clamp(progress),
                progress,
                None,
            ),
            "overdue_receivables": (
                rules.overdue_points(overdue, open_amount),
                overdue if open_amount is not None else None,
                open_amount,
            ),
        }

    # Raw figures that other parts of the addon provide: {key_account_id:
    # value}; a key account without one has the component excluded.

    @api.model
    def _service_level_sums(self, company, today):
        """Twelve months of service-level rows per active key account."""
        Level = self.env["crm.key.account.service.level"]
        return Level.sudo()._read_group(
            [
                ("company_id", "=", company.id),
                ("month", ">=", Level._figures_since(today)),
                ("key_account_id.state", "=", "active"),
            ],
            ["key_account_id"],
            [
                "delivery_count:sum",
                "on_time_count:sum",
                "response_due_count:sum",
                "answered_in_target_count:sum",
                "resolution_due_count:sum",
                "resolved_in_target_count:sum",
            ],
        )

    @api.model
    def _health_raw_on_time(self, service):
        """{key_account_id: (% delivered on time, target %)} from the twelve
        months of ``service`` (:meth:`_service_level_sums`)."""
        return {
            account.id: (100.0 * on_time / deliveries, account.on_time_target_pct)
            for account, deliveries, on_time, *_complaints in service
            if deliveries
        }

    @api.model
    def _health_raw_complaints(self, service):
        """{key_account_id: (% of complaints answered and resolved in time,
        target %)} from ``service``: answers and resolutions due count alike."""
        figures = {}
        for account, _d, _o, answers, answered, resolutions, resolved in service:
            due = answers + resolutions
            if due:
                figures[account.id] = (
                    100.0 * (answered + resolved) / due,
                    account.complaint_target_pct,
                )
        return figures

    @api.model
    def _current_plans(self, company, today):
        """This year's approved or executing plan of each active key account."""
        return (
            self.env["crm.key.account.plan"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("year", "=", today.year),
                    ("state", "in", ("approved", "in_execution")),
                    ("key_account_id.state", "=", "active"),
                ]
            )
        )

    @api.model
    def _health_raw_plan_progress(self, plans):
        """{key_account_id: progress of its plan among ``plans``}; no plan or
        nothing measured: no figure."""
        return {
            plan.key_account_id.id: pct for plan, pct in plans._progress_pct().items()
        }

    @api.model
    def _health_raw_coverage(self, plans):
        """{key_account_id: % of the buying-centre roles its plan among
        ``plans`` names a contact for}."""
        roles = [role for role, _label in BUYING_ROLES]
        return {
            plan.key_account_id.id: 100.0
            * len(set(plan.contact_ids.mapped("role")) & set(roles))
            / len(roles)
            for plan in plans
        }

    def _gather_query(self, company, today):
        """Every raw figure of ``company``'s active key accounts, one row each.

        The executive contact is the last past meeting with a contact of the
        customer among the attendees and the key-account manager or sponsor
        as organiser or attendee, or the last activity done on the key
        account; without either, none (engagement is not measured).
        """
        tomorrow = today + relativedelta(days=1)
        return SQL(
            """
WITH account AS (
    SELECT account.id, account.partner_id, account.manager_id, account.sponsor_id,
           COALESCE(account.active_date, account.create_date::date) AS since
      FROM crm_key_account account
     WHERE account.company_id = %(company)s AND account.state = 'active'
), contact AS (
    SELECT account.id AS key_account_id, partner.id AS partner_id
      FROM account
      JOIN res_partner partner ON partner.commercial_partner_id = account.partner_id
), margin AS (
    SELECT contact.key_account_id,
           SUM(sale.margin / NULLIF(sale.currency_rate, 0))
               FILTER (WHERE sale.date_order >= %(d12)s) AS margin_12m,
           SUM(sale.margin / NULLIF(sale.currency_rate, 0))
               FILTER (WHERE sale.date_order < %(d12)s) AS margin_prev_12m
      FROM contact
      JOIN sale_order sale ON sale.partner_id = contact.partner_id
     WHERE sale.company_id = %(company)s
       AND sale.state = 'sale'
       AND sale.date_order >= %(d24)s
       AND sale.date_order < %(tomorrow)s
     GROUP BY contact.key_account_id
), meeting AS (
    SELECT contact.key_account_id, MAX(event.start)::date AS last_meeting
      FROM contact
      JOIN account ON account.id = contact.key_account_id
      JOIN calendar_event_res_partner_rel attendee
        ON attendee.res_partner_id = contact.partner_id
      JOIN calendar_event event
        ON event.id = attendee.calendar_event_id
       AND event.active
       AND event.start < %(tomorrow)s
     WHERE event.user_id IN (account.manager_id, account.sponsor_id)
        OR EXISTS (
            SELECT 1
              FROM calendar_event_res_partner_rel executive
              JOIN res_users ON res_users.partner_id = executive.res_partner_id
             WHERE executive.calendar_event_id = event.id
               AND res_users.id IN (account.manager_id, account.sponsor_id))
     GROUP BY contact.key_account_id
), done AS (
    SELECT activity.res_id AS key_account_id, MAX(activity.date_done) AS last_done
      FROM mail_activity activity
     WHERE activity.res_model = 'crm.key.account'
       AND activity.res_id IN (SELECT id FROM account)
       AND NOT activity.active
       AND activity.date_done <= %(today)s
     GROUP BY activity.res_id
), satisfaction AS (
    SELECT account.id AS key_account_id,
           MAX(score.score) FILTER (WHERE score.dimension = 'nps') AS nps,
           MAX(score.score) FILTER (WHERE score.dimension = 'csat') AS csat
      FROM account
      JOIN crm_satisfaction_score score
        ON score.company_id = %(company)s
       AND score.scope = 'customer'
       AND score.partner_id = account.partner_id
       AND score.dimension IN ('nps', 'csat')
       AND score.enough
     GROUP BY account.id
), snapshot AS (
    SELECT DISTINCT ON (snapshot.key_account_id)
           snapshot.key_account_id, snapshot.band
      FROM crm_key_account_health_snapshot snapshot
     WHERE snapshot.company_id = %(company)s AND snapshot.month <= %(month)s
     ORDER BY snapshot.key_account_id, snapshot.month DESC
)
SELECT account.id, account.manager_id,
       profile.revenue_trend_pct::float8 AS revenue_trend_pct,
       margin.margin_12m::float8 AS margin_12m,
       margin.margin_prev_12m::float8 AS margin_prev_12m,
       share.share_pct, satisfaction.nps, satisfaction.csat,
       GREATEST(meeting.last_meeting, done.last_done) AS last_contact,
       profile.receivable_overdue::float8 AS receivable_overdue,
       profile.receivable_open::float8 AS receivable_open,
       snapshot.band AS previous_band
  FROM account
  LEFT JOIN crm_customer_profile profile
    ON profile.partner_id = account.partner_id
   AND profile.company_id = %(company)s
  LEFT JOIN margin ON margin.key_account_id = account.id
  LEFT JOIN meeting ON meeting.key_account_id = account.id
  LEFT JOIN done ON done.key_account_id = account.id
  LEFT JOIN satisfaction ON satisfaction.key_account_id = account.id
  LEFT JOIN crm_key_account_share_of_wallet share
    ON share.key_account_id = account.id
  LEFT JOIN snapshot ON snapshot.key_account_id = account.id
 ORDER BY account.id
            """,
            company=company.id,
            today=today,
            tomorrow=tomorrow,
            d12=tomorrow - relativedelta(years=1),
            d24=tomorrow - relativedelta(years=2),
            month=today.replace(day=1),
        )

    def _write_components(self, company, rows):
        """Write the component rows of ``company`` that changed; delete those
        of accounts no longer active. Returns the rows written."""
        return self._computed_rows_write(
            SQL(
                "SELECT row.*, %s AS company_id FROM (%s) row",
                company.id,
                self._computed_rows_json(
                    rows, ["key_account_id", "component", *HEALTH_COLUMNS]
                ),
            ),
            SQL("old.company_id = %s", company.id),
        )

    def _schedule_red_activities(self, fell_red, today):
        """One activity for the key-account manager of each account that fell
        into red, in their language, unless one of the kind is still open on
        it (the ORM creates them, as every activity of these addons).

        Done or cancelled, it is not recreated while the account stays red:
        only a new fall (after a better band) schedules another.
        """
        if not fell_red:
            return 0
        activity_type = self.env.ref("crm_key_account.mail_activity_type_health_red")
        managers = self.env["res.users"].browse(
            {figures["manager_id"] for figures, _score in fell_red}
        )
        lang = {manager.id: manager.lang for manager in managers}
        model_id = self.env["ir.model"]._get_id("crm.key.account")
        deadline = today + relativedelta(days=RED_ACTIVITY_DAYS)
        values = []
        for figures, score in fell_red:
            in_lang = self.with_context(lang=lang.get(figures["manager_id"]))
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": figures["id"],
                    "activity_type_id": activity_type.id,
                    "user_id": figures["manager_id"],
                    "date_deadline": deadline,
                    "automated": True,
                    "summary": in_lang.env._(
                        "Health in red: %(score)s / 100", score=round(score)
                    ),
                    "note": Markup("<p>%s</p>")
                    % in_lang.env._(
                        "The key account's health score fell to %(score)s: "
                        "see its Health page for the components behind it.",
                        score=round(score),
                    ),
                }
            )
        open_on = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "crm.key.account"),
                    ("res_id", "in", [value["res_id"] for value in values]),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        created = (
            self.env["mail.activity"]
            .sudo()
            .create([value for value in values if value["res_id"] not in open_on])
        )
        return len(created)
