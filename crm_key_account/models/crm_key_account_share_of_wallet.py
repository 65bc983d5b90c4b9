# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

SPEND_SOURCES = [
    ("entered", "Entered"),
    ("estimated", "Estimated"),
    ("unknown", "Unknown"),
]
# fewer similar customers estimate nothing
MIN_SIMILAR_CUSTOMERS = 3
# the share of similar customers' revenue the spend estimate is taken at
SPEND_PERCENTILE = 0.9


class CrmKeyAccountShareOfWallet(models.Model):
    """A key account's share of wallet: our revenue of the last 12 months
    against the customer's annual spend in our categories.

    The spend is the latest entry of the current year
    (``crm.key.account.wallet``), else estimated from similar customers
    (same industry and size band, see ``res.partner.crm_size_band``): the
    90th percentile of their revenue with us over the last 12 months, never
    less than what the key account itself bought; at least three similar
    customers are needed. One row per active key account, written by
    :meth:`_recompute_company`, never by hand.
    """

    _name = "crm.key.account.share.of.wallet"
    _inherit = ["crm.computed.rows"]
    _description = "Key Account Share of Wallet"
    _computed_key = ("key_account_id",)
    _computed_columns = (
        "company_id",
        "revenue_12m",
        "spend",
        "spend_source",
        "wallet_id",
        "similar_count",
        "share_pct",
    )
    _order = "company_id, share_pct desc, id"
    _rec_name = "key_account_id"
    # figures of the last run, rewritten in bulk: no author or date per row
    _log_access = False

    _key_account_unique = models.Constraint(
        "UNIQUE(key_account_id)", "A key account has one share of wallet."
    )

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue_12m = fields.Monetary(string="Our Revenue (12 months)", readonly=True)
    spend = fields.Monetary(
        string="Annual Spend",
        readonly=True,
        help="The customer's annual spend in our categories: entered by the "
        "key-account manager, else estimated from similar customers.",
    )
    spend_source = fields.Selection(
        SPEND_SOURCES,
        readonly=True,
        help="Entered: the latest entry of the year. Estimated: the 90th "
        "percentile of what customers of the same industry and size band buy "
        "from us. Unknown: neither an entry nor enough similar customers.",
    )
    wallet_id = fields.Many2one(
        "crm.key.account.wallet", string="Spend Entry", readonly=True
    )
    similar_count = fields.Integer(
        string="Similar Customers",
        readonly=True,
        help="Customers of the same industry and size band who bought from us "
        "in the last 12 months.",
    )
    share_pct = fields.Float(
        string="Share of Wallet (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )

    @api.model
    def _recompute_company(self, company, today):
        """Write the share of wallet of ``company``'s active key accounts.

        One statement: rows whose figures changed are written, rows of key
        accounts no longer active are deleted. Returns the rows written.
        """
        self.env.flush_all()
        ctes, new = self._recompute_query(company, today)
        return self._computed_rows_write(
            new, SQL("old.company_id = %s", company.id), ctes
        )

    def _recompute_query(self, company, today):
        """The statement's common table expressions and its new rows."""
        ctes = SQL(
            """
account AS (
    SELECT account.id AS key_account_id, account.partner_id,
           partner.industry_id, partner.crm_size_band AS size_band,
           COALESCE(profile.revenue_12m, 0) AS revenue_12m
      FROM crm_key_account account
      JOIN res_partner partner ON partner.id = account.partner_id
      LEFT JOIN crm_customer_profile profile
        ON profile.partner_id = account.partner_id
       AND profile.company_id = account.company_id
     WHERE account.company_id = %(company)s AND account.state = 'active'
), peer_group AS (
    SELECT profile.industry_id, partner.crm_size_band AS size_band,
           ARRAY_AGG(profile.revenue_12m) AS revenues,
           ARRAY_AGG(profile.partner_id) AS partner_ids
      FROM crm_customer_profile profile
      JOIN res_partner partner ON partner.id = profile.partner_id
     WHERE profile.company_id = %(company)s
       AND profile.revenue_12m > 0
       AND profile.industry_id IN (SELECT industry_id FROM account)
     GROUP BY profile.industry_id, partner.crm_size_band
), estimate AS (
    SELECT account.key_account_id, peers.similar_count, peers.spend
      FROM account
      JOIN peer_group
        ON peer_group.industry_id = account.industry_id
       AND peer_group.size_band IS NOT DISTINCT FROM account.size_band
     CROSS JOIN LATERAL (
        SELECT COUNT(*) AS similar_count,
               PERCENTILE_CONT(%(percentile)s) WITHIN GROUP (
                   ORDER BY peer.revenue) AS spend
          FROM UNNEST(peer_group.revenues, peer_group.partner_ids)
               AS peer(revenue, partner_id)
         WHERE peer.partner_id <> account.partner_id
     ) peers
), entered AS (
    SELECT DISTINCT ON (wallet.key_account_id)
           wallet.key_account_id, wallet.id, wallet.spend
      FROM crm_key_account_wallet wallet
      JOIN account ON account.key_account_id = wallet.key_account_id
     WHERE wallet.year = %(year)s AND wallet.date <= %(today)s
     ORDER BY wallet.key_account_id, wallet.date DESC, wallet.id DESC
), spend AS (
    SELECT account.key_account_id, account.revenue_12m, entered.id AS wallet_id,
           COALESCE(estimate.similar_count, 0) AS similar_count,
           CASE WHEN entered.id IS NOT NULL THEN 'entered'
                WHEN estimate.similar_count >= %(min_similar)s THEN 'estimated'
                ELSE 'unknown'
           END AS spend_source,
           COALESCE(
               entered.spend,
               CASE WHEN estimate.similar_count >= %(min_similar)s
                    THEN GREATEST(ROUND(estimate.spend::numeric, %(digits)s),
                                  account.revenue_12m)
               END) AS spend
      FROM account
      LEFT JOIN estimate ON estimate.key_account_id = account.key_account_id
      LEFT JOIN entered ON entered.key_account_id = account.key_account_id
)
            """,
            company=company.id,
            percentile=SPEND_PERCENTILE,
            min_similar=MIN_SIMILAR_CUSTOMERS,
            digits=company.currency_id.decimal_places,
            year=today.year,
            today=today,
        )
        new = SQL(
            """
    SELECT spend.*, %s AS company_id,
           ROUND(100 * spend.revenue_12m / NULLIF(spend.spend, 0), 1)::float8
               AS share_pct
      FROM spend
            """,
            company.id,
        )
        return ctes, new
