# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .crm_key_account_health import BANDS
from .crm_key_account_share_of_wallet import SPEND_SOURCES


class CrmKeyAccount(models.Model):
    """What a key account's team measures: the service it is promised and
    gets (targets, the last twelve months, its deliveries served first), its
    share of wallet, white space and health.

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


def percentage(part, whole):
    """``part`` over ``whole`` in percent; 0 when nothing was due, which the
    form shows as not measured (from the count due), as the service levels'
    SQL leaves it empty."""
    return 100.0 * part / whole if whole else 0.0
