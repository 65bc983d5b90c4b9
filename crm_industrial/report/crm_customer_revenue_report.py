# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists


class CrmCustomerRevenueReport(models.Model):
    """Invoiced revenue, one row per product line of a posted customer invoice
    or credit note: never a vendor bill.

    Each row carries the customer company's current salesperson, the field the
    record rules read, so that a salesperson sees the revenue of the customers
    that are theirs today, as with the customer profiles.
    """

    _name = "crm.customer.revenue.report"
    _description = "Invoiced Revenue by Customer"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date = fields.Date(string="Invoice Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [
            ("out_invoice", "Customer Invoice"),
            ("out_refund", "Customer Credit Note"),
        ],
        string="Type",
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        help="The customer's salesperson today, whoever sold at the time.",
    )
    invoice_user_id = fields.Many2one(
        "res.users", string="Invoice Salesperson", readonly=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The sales team of the customer's salesperson.",
    )
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    quantity = fields.Float(
        readonly=True,
        help="In the product's unit; credit notes count negative.",
    )
    price_subtotal = fields.Monetary(
        string="Revenue",
        readonly=True,
        help="Untaxed amount in company currency; credit notes count negative.",
    )

    _depends = {
        "account.move": [
            "commercial_partner_id",
            "invoice_date",
            "invoice_user_id",
            "move_type",
            "state",
        ],
        "account.move.line": [
            "balance",
            "company_id",
            "display_type",
            "move_id",
            "product_id",
            "product_uom_id",
            "quantity",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
        "res.company": ["currency_id"],
        "res.partner": ["country_id", "industry_id", "user_id"],
        "res.users": ["sale_team_id"],
    }

    # ------------------------------------------------------------------
    # View
    # ------------------------------------------------------------------

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    def _query(self):
        return SQL(
            """
SELECT line.id,
       move.invoice_date AS date,
       move.id AS move_id,
       move.move_type,
       move.commercial_partner_id AS partner_id,
       customer.user_id,
       move.invoice_user_id,
       salesperson.sale_team_id AS team_id,
       customer.industry_id,
       customer.country_id,
       line.product_id,
       template.categ_id AS product_categ_id,
       line.company_id,
       company.currency_id,
       line.quantity
           * COALESCE(line_uom.factor, 1)
           / NULLIF(COALESCE(product_uom.factor, 1), 0.0)
           * CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
           AS quantity,
       -line.balance AS price_subtotal
  FROM account_move_line line
  JOIN account_move move ON move.id = line.move_id
  JOIN res_company company ON company.id = line.company_id
  JOIN res_partner customer ON customer.id = move.commercial_partner_id
  LEFT JOIN res_users salesperson ON salesperson.id = customer.user_id
  LEFT JOIN product_product product ON product.id = line.product_id
  LEFT JOIN product_template template ON template.id = product.product_tmpl_id
  LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
  LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
 WHERE line.display_type = 'product'
   AND move.state = 'posted'
   AND move.move_type IN ('out_invoice', 'out_refund')
            """
        )
