# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_key_account_share_of_wallet import MIN_SIMILAR_CUSTOMERS


class CrmKeyAccountWhiteSpace(models.Model):
    """Product categories similar customers buy from us and a key account
    does not: where the account can grow.

    Similar customers are those of the same industry and size band who bought
    from us in the last 12 months (at least three). A category is white space
    when at least the company's threshold share of them bought a product of
    it on a posted invoice in the last 12 months, and the key account none.
    Worked out when read, for the key accounts read only: each key account's
    similar customers and their invoice lines are looked up through indexes.
    """

    _name = "crm.key.account.white.space"
    _description = "Key Account White Space"
    _auto = False
    _order = "key_account_id, buyer_pct desc, categ_id"
    _rec_name = "categ_id"

    key_account_id = fields.Many2one("crm.key.account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    buyer_count = fields.Integer(
        string="Similar Buyers",
        readonly=True,
        help="Similar customers who bought the category in the last 12 months.",
    )
    similar_count = fields.Integer(string="Similar Customers", readonly=True)
    buyer_pct = fields.Float(
        string="Bought by (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Share of the similar customers who bought the category.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE VIEW %(table)s AS (
SELECT (account.id::bigint << 32) + bought.categ_id AS id,
       account.id AS key_account_id, account.company_id, bought.categ_id,
       bought.buyer_count::integer AS buyer_count,
       peers.similar_count::integer AS similar_count,
       ROUND(100.0 * bought.buyer_count / peers.similar_count, 1)::float8
           AS buyer_pct
  FROM crm_key_account account
  JOIN res_partner customer ON customer.id = account.partner_id
  JOIN res_company company ON company.id = account.company_id
 CROSS JOIN LATERAL (
    SELECT COUNT(*) AS similar_count, ARRAY_AGG(peer.partner_id) AS partner_ids
      FROM crm_customer_profile peer
      JOIN res_partner peer_partner ON peer_partner.id = peer.partner_id
     WHERE peer.company_id = account.company_id
       AND peer.industry_id = customer.industry_id
       AND peer_partner.crm_size_band IS NOT DISTINCT FROM customer.crm_size_band
       AND peer.revenue_12m > 0
       AND peer.partner_id <> account.partner_id
 ) peers
 CROSS JOIN LATERAL (
    SELECT template.categ_id, COUNT(DISTINCT line.partner_id) AS buyer_count
      FROM account_move_line line
      JOIN account_move move ON move.id = line.move_id
      JOIN product_product product ON product.id = line.product_id
      JOIN product_template template ON template.id = product.product_tmpl_id
     WHERE line.partner_id = ANY(peers.partner_ids)
       AND line.display_type = 'product'
       AND line.parent_state = 'posted'
       AND line.company_id = account.company_id
       AND move.move_type = 'out_invoice'
       AND move.invoice_date > CURRENT_DATE - INTERVAL '12 months'
     GROUP BY template.categ_id
 ) bought
 WHERE account.state = 'active'
   AND peers.similar_count >= %(min_similar)s
   AND 100.0 * bought.buyer_count
       >= company.key_account_white_space_pct * peers.similar_count
   AND NOT EXISTS (
       SELECT 1
         FROM account_move_line line
         JOIN account_move move ON move.id = line.move_id
         JOIN product_product product ON product.id = line.product_id
         JOIN product_template template ON template.id = product.product_tmpl_id
        WHERE line.partner_id = account.partner_id
          AND line.display_type = 'product'
          AND line.parent_state = 'posted'
          AND line.company_id = account.company_id
          AND move.move_type = 'out_invoice'
          AND move.invoice_date > CURRENT_DATE - INTERVAL '12 months'
          AND template.categ_id = bought.categ_id)
)
                """,
                table=SQL.identifier(self._table),
                min_similar=MIN_SIMILAR_CUSTOMERS,
            )
        )
