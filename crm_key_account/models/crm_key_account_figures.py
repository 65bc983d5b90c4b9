# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .crm_key_account_health import BANDS
from .crm_key_account_share_of_wallet import SPEND_SOURCES


class CrmKeyAccount(models.Model):
    """What a key account's team measures: the service it is promised and
    gets (targets, the last twelve months, its deliveries served first), its
    share of wallet, white space and health; and its relationship rhythm: a
    senior manager meets the customer's management every so many days, the
    account's executive visits (its calendar events) say when the last one
    was held and the next one is planned, and a visit due with none planned
    is overdue (the nightly run schedules an activity for it, once per due
    date).

    Figures are read through the rows' own record rules: a salesperson
    outside the account's team reads none of them, and these fields stay
    empty for them.
    """

    _inherit = "crm.key.account"

    on_time_target_pct = fields.Float(
        string="On-time Delivery Target (%)",
        default=98.0,
        digits=(16, 1),
        tracking=True,
        help="Share of the deliveries that must be done on time (and in full "
        "for OTIF) each month.",
    )
    complaint_target_pct = fields.Float(
        string="Complaint Service Target (%)",
        default=95.0,
        digits=(16, 1),
        tracking=True,
        help="Share of the complaints that must be answered, and resolved, "
        "within their targets each month.",
    )
    service_level_ids = fields.One2many(
        "crm.key.account.service.level", "key_account_id", string="Service Levels"
    )
    delivery_count_12m = fields.Integer(
        string="Deliveries (12 months)", compute="_compute_service_figures"
    )
    otd_12m_pct = fields.Float(
        string="On-time Delivery, 12 months (%)",
        compute="_compute_service_figures",
        digits=(16, 1),
    )
    otif_12m_pct = fields.Float(
        string="OTIF, 12 months (%)", compute="_compute_service_figures", digits=(16, 1)
    )
    complaint_count_12m = fields.Integer(
        string="Complaints (12 months)", compute="_compute_service_figures"
    )
    response_due_count_12m = fields.Integer(
        string="Answers Due (12 months)", compute="_compute_service_figures"
    )
    resolution_due_count_12m = fields.Integer(
        string="Resolutions Due (12 months)", compute="_compute_service_figures"
    )
    response_12m_pct = fields.Float(
        string="Answered in Time, 12 months (%)",
        compute="_compute_service_figures",
        digits=(16, 1),
    )
    resolution_12m_pct = fields.Float(
        string="Resolved in Time, 12 months (%)",
        compute="_compute_service_figures",
        digits=(16, 1),
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("service_level_ids")
    @api.depends_context("uid")
    def _compute_service_figures(self):
        """Sums of the monthly rows the user may read, over twelve months."""
        Level = self.env["crm.key.account.service.level"]
        since = Level._figures_since(fields.Date.context_today(self))
        groups = Level._read_group(
            [("key_account_id", "in", self.ids), ("month", ">=", since)],
            ["key_account_id"],
            [
                "delivery_count:sum",
                "on_time_count:sum",
                "otif_count:sum",
                "complaint_count:sum",
                "response_due_count:sum",
                "answered_in_target_count:sum",
                "resolution_due_count:sum",
                "resolved_in_target_count:sum",
            ],
        )
        sums = {account: figures for account, *figures in groups}
        for account in self:
            (
                deliveries,
                on_time,
                otif,
                complaints,
                response_due,
                answered,
                resolution_due,
                resolved,
            ) = sums.get(account, (0,) * 8)
            account.delivery_count_12m = deliveries
            account.otd_12m_pct = percentage(on_time, deliveries)
            account.otif_12m_pct = percentage(otif, deliveries)
            account.complaint_count_12m = complaints
            account.response_due_count_12m = response_due
            account.resolution_due_count_12m = resolution_due
            account.response_12m_pct = percentage(answered, response_due)
            account.resolution_12m_pct = percentage(resolved, resolution_due)

    @api.constrains("on_time_target_pct", "complaint_target_pct")
    def _check_service_targets(self):
        for account in self:
            for target in (account.on_time_target_pct, account.complaint_target_pct):
                if not 0 < target <= 100:
                    raise ValidationError(
                        self.env._(
                            "The service targets of %(account)s must be more "
                            "than 0 %% and at most 100 %%.",
                            account=account.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        result = super().action_activate()
        self._mark_open_deliveries_urgent()
        return result

    def action_retire(self, reason):
        """Retired: its open deliveries lose the urgency the account gave
        them, and its plans in execution close with it."""
        result = super().action_retire(reason)
        for account in self:
            pickings = (
                self.env["stock.picking"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", account.company_id.id),
                        ("partner_id", "child_of", account.partner_id.id),
                        ("crm_key_account_urgent", "=", True),
                    ]
                )
            )
            pickings._release_key_account_urgent(account)
            plans = (
                self.env["crm.key.account.plan"]
                .sudo()
                .search(
                    [
                        ("key_account_id", "=", account.id),
                        ("state", "=", "in_execution"),
                    ]
                )
            )
            if plans:
                plans.action_close(
                    self.env._(
                        "Closed with the key account, retired: %(reason)s",
                        reason=reason.strip(),
                    )
                )
        return result

    def action_recompute_service_levels(self):
        """Recompute the service levels of the current companies (directors)."""
        if not self.env.user.has_group("crm_key_account.group_key_account_director"):
            raise AccessError(
                self.env._(
                    "Only Key Account Directors can recompute the service levels."
                )
            )
        Level = self.env["crm.key.account.service.level"]
        result = Level.sudo()._recompute(self.env.companies)
        return Level._recompute_notification(
            result,
            self.env._("Service levels recomputed"),
            self.env._(
                "%(count)s monthly service levels written.", count=result.written
            ),
        )

    def action_open_service_levels(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_key_account.crm_key_account_service_level_action"
        )
        action["domain"] = [("key_account_id", "=", self.id)]
        action["context"] = {"default_key_account_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _mark_open_deliveries_urgent(self):
        """Serve the open deliveries of the active accounts among ``self`` first."""
        for account in self.filtered(lambda account: account.state == "active"):
            pickings = (
                self.env["stock.picking"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", account.company_id.id),
                        ("partner_id", "child_of", account.partner_id.id),
                        ("picking_type_code", "=", "outgoing"),
                        ("state", "not in", ("done", "cancel")),
                        ("priority", "!=", "1"),
                    ]
                )
            )
            if not pickings:
                continue
            pickings._mark_key_account_urgent(account)
            account.message_post(
                body=self.env._(
                    "Open deliveries marked urgent: %(pickings)s.",
                    pickings=", ".join(pickings.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Share of wallet and health
    # ------------------------------------------------------------------

    wallet_ids = fields.One2many(
        "crm.key.account.wallet", "key_account_id", string="Spend Entries"
    )
    wallet_spend = fields.Monetary(
        string="Annual Spend",
        compute="_compute_share_of_wallet",
        help="The customer's annual spend in our categories.",
    )
    wallet_spend_source = fields.Selection(
        SPEND_SOURCES, string="Spend", compute="_compute_share_of_wallet"
    )
    wallet_revenue_12m = fields.Monetary(
        string="Our Revenue (12 months)", compute="_compute_share_of_wallet"
    )
    wallet_similar_count = fields.Integer(
        string="Similar Customers", compute="_compute_share_of_wallet"
    )
    wallet_share_pct = fields.Float(
        string="Share of Wallet (%)",
        digits=(16, 1),
        compute="_compute_share_of_wallet",
    )
    white_space_ids = fields.One2many("crm.key.account.white.space", "key_account_id")
    health_ids = fields.One2many(
        "crm.key.account.health", "key_account_id", string="Health Breakdown"
    )
    health_snapshot_ids = fields.One2many(
        "crm.key.account.health.snapshot", "key_account_id", string="Health History"
    )
    health_score = fields.Float(
        digits=(16, 1),
        compute="_compute_health_score",
        help="Weighted mean, 0 to 100, of the components in the breakdown; "
        "components without data are left out and the weights rescaled.",
    )
    health_band = fields.Selection(BANDS, compute="_compute_health_score")
    health_coverage_pct = fields.Float(
        string="Measured Weight (%)",
        digits=(16, 1),
        compute="_compute_health_score",
        help="How much of the components' weight the health score rests on.",
    )
    health_text = fields.Char(
        string="Health",
        compute="_compute_health_score",
        help="The score and how much of the weight was measured; not measured "
        "when no component had data.",
    )

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_share_of_wallet(self):
        shares = self.env["crm.key.account.share.of.wallet"].search(
            [("key_account_id", "in", self.ids)]
        )
        by_account = {share.key_account_id: share for share in shares}
        for account in self:
            share = by_account.get(account)
            account.wallet_spend = share.spend if share else 0.0
            account.wallet_spend_source = share.spend_source if share else False
            account.wallet_revenue_12m = share.revenue_12m if share else 0.0
            account.wallet_similar_count = share.similar_count if share else 0
            account.wallet_share_pct = share.share_pct if share else 0.0

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_health_score(self):
        snapshots = self.env["crm.key.account.health.snapshot"].search(
            [("key_account_id", "in", self.ids)], order="month desc"
        )
        latest = {}
        for snapshot in snapshots:
            latest.setdefault(snapshot.key_account_id, snapshot)
        for account in self:
            snapshot = latest.get(account)
            account.health_score = snapshot.score if snapshot else 0.0
            account.health_band = snapshot.band if snapshot else False
            account.health_coverage_pct = snapshot.coverage_pct if snapshot else 0.0
            account.health_text = (
                self.env._(
                    "%(score)s of 100, on %(coverage)s %% of the weight",
                    score=f"{snapshot.score:.0f}",
                    coverage=f"{snapshot.coverage_pct:.0f}",
                )
                if snapshot
                else self.env._("not measured")
            )

    plan_progress_pct = fields.Float(
        string="Plan Progress (%)",
        digits=(16, 0),
        compute="_compute_plan_progress",
        help="Mean progress of the measured objectives of this year's plan, "
        "each counted up to 100 %; empty without a plan the reader may read.",
    )

    @api.depends_context("uid")
    def _compute_plan_progress(self):
        year = fields.Date.context_today(self).year
        plans = self.env["crm.key.account.plan"].search(
            [("key_account_id", "in", self.ids), ("year", "=", year)]
        )
        progress = {
            plan.key_account_id: pct for plan, pct in plans._progress_pct().items()
        }
        for account in self:
            account.plan_progress_pct = progress.get(account, 0.0)

    def action_recompute_health(self):
        return self.env["crm.key.account.health"].action_recompute_all()

    # ------------------------------------------------------------------
    # Relationship rhythm: executive visits
    # ------------------------------------------------------------------

    visit_interval_days = fields.Integer(
        string="Executive Visit Every (days)",
        default=90,
        tracking=True,
        help="How often a senior manager should meet the customer's "
        "management: an executive visit is due this many days after the last "
        "one (or after the account became active).",
    )
    visit_event_ids = fields.One2many(
        "calendar.event", "crm_key_account_id", string="Meetings"
    )
    last_executive_visit = fields.Date(
        compute="_compute_visits", help="The last executive visit held."
    )
    next_executive_visit = fields.Date(
        compute="_compute_visits", help="The next executive visit planned."
    )
    visit_due_date = fields.Date(
        string="Executive Visit Due",
        compute="_compute_visits",
        help="The last executive visit (or the activation) plus the interval.",
    )
    visit_overdue = fields.Boolean(
        compute="_compute_visits",
        search="_search_visit_overdue",
        help="The executive visit is due and none is planned.",
    )
    visit_activity_due_date = fields.Date(
        readonly=True,
        copy=False,
        help="The due date an overdue-visit activity was scheduled for: not "
        "scheduled again until a new visit moves the due date.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _visit_dates_query(self, today, where):
        """Last and next executive visit, due date and overdue flag of the
        active key accounts matching ``where``, in one statement."""
        return SQL(
            """
SELECT account.id, visit.last_visit, visit.next_visit,
       COALESCE(visit.last_visit, account.active_date)
           + account.visit_interval_days AS due,
       COALESCE(visit.last_visit, account.active_date)
           + account.visit_interval_days < %(today)s
           AND visit.next_visit IS NULL AS overdue
  FROM crm_key_account account
  LEFT JOIN LATERAL (
      SELECT MAX(event.start::date) FILTER (WHERE event.start::date <= %(today)s)
                 AS last_visit,
             MIN(event.start::date) FILTER (WHERE event.start::date > %(today)s)
                 AS next_visit
        FROM calendar_event event
       WHERE event.crm_key_account_id = account.id
         AND event.crm_visit_type = 'executive'
         AND event.active
  ) visit ON TRUE
 WHERE account.state = 'active' AND %(where)s
            """,
            today=today,
            where=where,
        )

    @api.depends(
        "state",
        "active_date",
        "visit_interval_days",
        "visit_event_ids.start",
        "visit_event_ids.crm_visit_type",
    )
    def _compute_visits(self):
        today = fields.Date.context_today(self)
        rows = {}
        if self.ids:
            self.env["calendar.event"].flush_model(
                ["start", "crm_key_account_id", "crm_visit_type", "active"]
            )
            self.flush_recordset(["state", "active_date", "visit_interval_days"])
            self.env.cr.execute(
                self._visit_dates_query(
                    today, SQL("account.id = ANY(%s)", list(self.ids))
                )
            )
            rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for account in self:
            last, planned, due, overdue = rows.get(account.id, (None,) * 4)
            account.last_executive_visit = last
            account.next_executive_visit = planned
            account.visit_due_date = due
            account.visit_overdue = bool(overdue)

    def _search_visit_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        query = SQL(
            "SELECT id FROM (%s) overdue WHERE overdue.overdue",
            self._visit_dates_query(today, SQL("TRUE")),
        )
        return [("id", "in" if True in value else "not in", query)]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("visit_interval_days")
    def _check_visit_interval(self):
        for account in self:
            if not 1 <= account.visit_interval_days <= 730:
                raise ValidationError(
                    self.env._(
                        "The executive visit interval of %(account)s must lie "
                        "between 1 and 730 days.",
                        account=account.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Recompute (called by the account's nightly steps)
    # ------------------------------------------------------------------

    @api.model
    def _schedule_overdue_visits(self, company, today):
        """One activity per active key account whose executive visit is due
        with none planned, for its sponsor (or its manager); not again for the
        same due date, even when done or cancelled."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT overdue.id, overdue.due, overdue.last_visit FROM (%s) overdue"
                "  JOIN crm_key_account account ON account.id = overdue.id"
                " WHERE overdue.overdue"
                "   AND account.visit_activity_due_date IS DISTINCT FROM overdue.due",
                self._visit_dates_query(
                    today, SQL("account.company_id = %s", company.id)
                ),
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        accounts = self.browse([row[0] for row in rows])
        activity_type = self.env.ref("crm_key_account.mail_activity_type_visit")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for (_id, due, last_visit), account in zip(rows, accounts, strict=True):
            user = account.sponsor_id or account.manager_id
            if not user:
                continue
            env = account.with_context(lang=user.lang).env
            if last_visit:
                note = env._(
                    "The last executive visit was on %(date)s; the account "
                    "asks for one every %(days)s days.",
                    date=fields.Date.to_string(last_visit),
                    days=account.visit_interval_days,
                )
            else:
                note = env._(
                    "No executive visit since the account became active; it "
                    "asks for one every %(days)s days.",
                    days=account.visit_interval_days,
                )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "activity_type_id": activity_type.id,
                    "summary": env._(
                        "Executive visit due: %(customer)s",
                        customer=account.partner_id.name,
                    ),
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": max(due, today),
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)
        self.env.cr.execute(
            SQL(
                "UPDATE crm_key_account account SET visit_activity_due_date = v.due"
                "  FROM unnest(%s::int[], %s::date[]) AS v(id, due)"
                " WHERE account.id = v.id",
                [row[0] for row in rows],
                [row[1] for row in rows],
            )
        )
        self.invalidate_model(["visit_activity_due_date"])
        return len(vals_list) + len(rows)


def percentage(part, whole):
    """``part`` over ``whole`` in percent; 0 when nothing was due, which the
    form shows as not measured (from the count due), as the service levels'
    SQL leaves it empty."""
    return 100.0 * part / whole if whole else 0.0
