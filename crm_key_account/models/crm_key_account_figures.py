# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .crm_key_account_health import BANDS
from .crm_key_account_share_of_wallet import SPEND_SOURCES


class CrmKeyAccount(models.Model):
    """A key account's share of wallet, white space and health, as its team
    reads them.

    Read through the rows' own record rules: a salesperson outside the
    account's team reads none of them, and these fields stay empty for them.
    """

    _inherit = "crm.key.account"

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

    def action_recompute_health(self):
        return self.env["crm.key.account.health"].action_recompute_all()
