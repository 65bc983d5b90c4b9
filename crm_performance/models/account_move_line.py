# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .commission_sources import partner_in_sql

# Where the cost of a customer invoice line comes from, best first.
COST_SOURCES = [
    ("cogs", "Cost of goods sold posted"),
    ("refunded", "Cost of the refunded line"),
    ("order", "Sale order line cost"),
    ("delivery", "Delivery valuation"),
    ("product", "Product cost on the invoice date"),
    ("none", "No cost known"),
]

# The fields only the posting of an invoice writes (by SQL): refused in a
# plain create or write.
COST_FIELDS = {"crm_cost_amount", "crm_cost_source"}


class AccountMoveLine(models.Model):
    """The cost of a customer invoice line, fixed when the invoice is posted.

    The margin basis of the commissions and the margin of the scorecard read
    it: what a sale cost is known when it is invoiced, and nothing done
    later to a product's cost changes what a posted sale earned. Posting an
    invoice (again) fixes the costs of its product lines from the best
    source Odoo has at that moment (:meth:`_crm_fix_cost`); a landed cost
    on the delivery of the goods sold corrects it later, as a fact of its
    own date (:meth:`_crm_cost_correction_sql`).
    """

    _inherit = "account.move.line"

    crm_cost_amount = fields.Monetary(
        string="Cost of the Sale",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="The cost of the line's quantity in company currency, fixed when "
        "the invoice was posted: the commissions' margin reads it.",
    )
    crm_cost_source = fields.Selection(
        COST_SOURCES,
        string="Cost Source",
        readonly=True,
        copy=False,
        help="Where the cost of the sale came from when the invoice was posted: "
        "the cost of goods sold the invoice posted (perpetual valuation), the "
        "cost of the refunded invoice line (a credit note), the cost stored on "
        "the sale order line, the valuation of its delivery, or the product's "
        "cost on the invoice date.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def _crm_check_cost_fields(self, fields_written):
        if COST_FIELDS & set(fields_written) and not self.env.su:
            raise UserError(
                self.env._(
                    "The cost of a sale is fixed when its invoice is posted; "
                    "it cannot be entered or changed by hand."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_check_cost_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_cost_fields(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _crm_fix_cost(self):
        """Fix the cost of these lines that are product lines of posted
        customer invoices and credit notes (the others are left alone)."""
        if not self:
            return
        self.flush_model()
        self.env["account.move"].flush_model()
        self.env.cr.execute(self._crm_cost_update_sql(SQL("%s", self.ids)))
        self.invalidate_model(list(COST_FIELDS))

    def _crm_fix_cost_of_posted(self):
        """Fix the cost of every posted customer invoice line that has none
        (the invoices posted before the addon was installed): the invoices
        first, then the credit notes, which may take the cost of the lines
        they refund."""
        self.env.flush_all()
        for move_type in ("out_invoice", "out_refund"):
            self.env.cr.execute(
                self._crm_cost_update_sql(
                    SQL(
                        """ARRAY(
                            SELECT line.id
                              FROM account_move_line line
                              JOIN account_move move ON move.id = line.move_id
                             WHERE move.state = 'posted'
                               AND move.move_type = %s
                               AND line.display_type = 'product'
                               AND line.crm_cost_source IS NULL)""",
                        move_type,
                    )
                )
            )
        self.invalidate_model(list(COST_FIELDS))

    @api.model
    def _crm_commission_counts(self, periods):
        """The invoice lines each of ``periods`` counts (posted customer
        invoices' and refunds' product lines dated in it), by period, in one
        query: what its computation's time grows with."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
SELECT period.id, COUNT(line.id)
  FROM crm_commission_period period
  LEFT JOIN account_move_line line
    ON line.company_id = period.company_id
   AND line.parent_state = 'posted'
   AND line.display_type = 'product'
   AND line.date BETWEEN period.date_from AND period.date_to
   AND EXISTS (SELECT 1 FROM account_move move
                WHERE move.id = line.move_id
                  AND move.move_type IN ('out_invoice', 'out_refund'))
 WHERE period.id IN %s
 GROUP BY period.id
                """,
                tuple(periods.ids),
            )
        )
        counts = dict(self.env.cr.fetchall())
        return {period: counts[period.id] for period in periods}

    def _crm_sale_lines_sql(self, company_id, until, partners=None):
        """The product lines of ``company_id``'s posted customer invoices and
        credit notes, as a rows subquery with their move's columns: each
        line's ``cost``, the cost fixed at posting corrected by what is
        known on ``until`` (:meth:`_crm_cost_correction_sql`), its
        ``cost_source`` and ``landed_cost_id``. The commissions and the
        scorecard read the cost of a sale here.

        ``partners``: of these customers (ids) only, their invoices found
        first and then the lines of each (a few thousand invoices: else the
        planner reads every line of the table to join them by hash)."""
        if partners is None:
            lines = SQL("JOIN account_move_line line ON line.move_id = move.id")
        else:
            # OFFSET 0 keeps the subquery apart: its lines read by invoice
            lines = SQL(
                "CROSS JOIN LATERAL (SELECT * FROM account_move_line line"
                " WHERE line.move_id = move.id OFFSET 0) line"
            )
        return SQL(
            """
SELECT line.id, move.id AS move_id, line.product_id, line.sequence, line.quantity,
       line.balance, move.move_type, move.invoice_user_id,
       move.commercial_partner_id, move.invoice_date, move.amount_total_signed,
       move.invoice_currency_rate, move.reversed_entry_id,
       COALESCE(line.crm_cost_amount, 0) + COALESCE(correction.amount, 0)
           AS cost,
       line.crm_cost_source AS cost_source,
       correction.landed_cost_id
  FROM account_move move
  %(lines)s
  LEFT JOIN (%(correction)s) correction ON correction.move_line_id = line.id
 WHERE move.company_id = %(company)s
   AND move.state = 'posted'
   AND move.move_type IN ('out_invoice', 'out_refund')
   AND line.display_type = 'product'
   AND %(of_partners)s
            """,
            company=company_id,
            lines=lines,
            of_partners=partner_in_sql(SQL("move.commercial_partner_id"), partners),
            correction=self._crm_cost_correction_sql(company_id, until),
        )

    def _crm_cost_correction_sql(self, company_id, until):
        """The corrections of the fixed costs of ``company_id``'s posted
        customer invoice lines known on ``until``: a rows subquery of
        ``move_line_id``, ``amount`` (added to ``crm_cost_amount``) and
        ``landed_cost_id`` (the latest correcting document).

        A cost is corrected by a landed cost posted, dated on or before
        ``until``, on the delivery of the goods sold (freight or duties of
        the shipment to the customer, known after the invoice): the landed
        cost of the done deliveries of a sale order line is shared among the
        invoice lines of that order line by their quantity over its
        delivered quantity. A landed cost on a receipt values the stock
        still on hand, which later sales cost when invoiced; a new product
        cost or a vendor bill's price difference corrects no past sale.
        """
        return SQL(
            """
SELECT rel.invoice_line_id AS move_line_id,
       ROUND(SUM(landed.amount * invoice_line.quantity
                 / order_line.qty_delivered), 2) AS amount,
       (ARRAY_AGG(landed.landed_cost_id
                  ORDER BY landed.date DESC, landed.landed_cost_id DESC))[1]
           AS landed_cost_id
  FROM (
      SELECT delivery.sale_line_id, cost.id AS landed_cost_id, cost.date,
             SUM(adjustment.additional_landed_cost) AS amount
        FROM stock_valuation_adjustment_lines adjustment
        JOIN stock_landed_cost cost ON cost.id = adjustment.cost_id
        JOIN stock_move delivery ON delivery.id = adjustment.move_id
       WHERE cost.state = 'done'
         AND cost.company_id = %(company)s
         AND cost.date <= %(until)s
         AND delivery.state = 'done'
         AND delivery.is_out
         AND delivery.sale_line_id IS NOT NULL
       GROUP BY delivery.sale_line_id, cost.id, cost.date
  ) landed
  JOIN sale_order_line order_line
    ON order_line.id = landed.sale_line_id
   AND order_line.qty_delivered > 0
  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = order_line.id
  JOIN account_move_line invoice_line
    ON invoice_line.id = rel.invoice_line_id
   AND invoice_line.display_type = 'product'
  JOIN account_move move
    ON move.id = invoice_line.move_id
   AND move.state = 'posted'
   AND move.move_type = 'out_invoice'
 GROUP BY rel.invoice_line_id
            """,
            company=company_id,
            until=until,
        )

    def _crm_cost_update_sql(self, line_ids):
        """One statement: the cost of the lines ``line_ids`` (an SQL array of
        ids), from the first source that has one:

        - ``cogs``: the cost of goods sold the invoice posted for the line
          (perpetual valuation, Anglo-Saxon accounting);
        - ``refunded``: for a credit note line, the cost per unit of the
          refunded invoice's line of the same product (the n-th of the
          product matched to the n-th), at the credit note's quantity;
        - ``order``: the cost per unit of the sale order line it was
          invoiced from (sale_margin's ``purchase_price``, when not zero, in
          the order's currency, brought to company currency at the
          invoice's rate);
        - ``delivery``: the valuation per unit of the done deliveries of that
          order line;
        - ``product``: the product's cost in the company on the invoice date,
          as stock_account's price history gives it (the last cost set on or
          before that day, else the first one recorded, else the cost today);
        - ``none``: a line without product: no cost.

        Each is the cost per unit times the line's quantity, rounded to the
        cent, in company currency.
        """
        return SQL(
            """
WITH line AS (
    SELECT line.id, line.company_id, line.product_id, line.quantity,
           line.sequence, move.id AS move_id, move.invoice_date,
           move.invoice_currency_rate, move.reversed_entry_id,
           ROW_NUMBER() OVER (
               PARTITION BY move.id, line.product_id
               ORDER BY line.sequence, line.id
           ) AS product_rank
      FROM account_move_line line
      JOIN account_move move ON move.id = line.move_id
     WHERE line.id = ANY(%(line_ids)s)
       AND line.display_type = 'product'
       AND move.state = 'posted'
       AND move.move_type IN ('out_invoice', 'out_refund')
), refunded AS (
    SELECT line.id, line.move_id, line.product_id,
           line.crm_cost_amount / NULLIF(line.quantity, 0) AS unit_cost,
           ROW_NUMBER() OVER (
               PARTITION BY line.move_id, line.product_id
               ORDER BY line.sequence, line.id
           ) AS product_rank
      FROM account_move_line line
     WHERE line.move_id IN (SELECT reversed_entry_id FROM line)
       AND line.display_type = 'product'
       AND line.crm_cost_source IS NOT NULL
), unit_cost AS (
    SELECT line.id, line.quantity, source.name AS source, source.unit_cost
      FROM line
      CROSS JOIN LATERAL (
          -- the expense and the stock account lines, the same amount each
          SELECT SUM(ABS(cogs.balance)) / 2 / NULLIF(line.quantity, 0) AS unit_cost
            FROM account_move_line cogs
           WHERE cogs.cogs_origin_id = line.id
             AND cogs.display_type = 'cogs'
      ) cogs
      LEFT JOIN refunded
        ON refunded.move_id = line.reversed_entry_id
       AND refunded.product_id IS NOT DISTINCT FROM line.product_id
       AND refunded.product_rank = line.product_rank
      LEFT JOIN LATERAL (
          SELECT order_line.id,
                 NULLIF(order_line.purchase_price, 0)
                     / NULLIF(line.invoice_currency_rate, 0) AS unit_cost
            FROM sale_order_line_invoice_rel rel
            JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
           WHERE rel.invoice_line_id = line.id
           ORDER BY order_line.id
           LIMIT 1
      ) order_line ON TRUE
      LEFT JOIN LATERAL (
          SELECT SUM(ABS(stock.value)) / NULLIF(SUM(stock.quantity), 0) AS unit_cost
            FROM stock_move stock
           WHERE stock.sale_line_id = order_line.id
             AND stock.state = 'done'
             AND stock.is_out
      ) delivery ON TRUE
      LEFT JOIN product_product product ON product.id = line.product_id
      LEFT JOIN LATERAL (
          SELECT COALESCE(
                     (SELECT value.value
                        FROM product_value value
                       WHERE value.product_id = line.product_id
                         AND value.company_id = line.company_id
                         AND value.move_id IS NULL
                         AND value.lot_id IS NULL
                         AND value.date < line.invoice_date + 1
                       ORDER BY value.date DESC, value.id DESC
                       LIMIT 1),
                     (SELECT value.value
                        FROM product_value value
                       WHERE value.product_id = line.product_id
                         AND value.company_id = line.company_id
                         AND value.move_id IS NULL
                         AND value.lot_id IS NULL
                       ORDER BY value.date, value.id
                       LIMIT 1),
                     (product.standard_price ->> line.company_id::text)::numeric
                 ) AS unit_cost
           WHERE line.product_id IS NOT NULL
      ) product_cost ON TRUE
      CROSS JOIN LATERAL (
          SELECT name, unit_cost
            FROM (VALUES (1, 'cogs', cogs.unit_cost),
                         (2, 'refunded', refunded.unit_cost),
                         (3, 'order', order_line.unit_cost),
                         (4, 'delivery', delivery.unit_cost),
                         (5, 'product', product_cost.unit_cost),
                         (6, 'none', 0)) AS candidate (rank, name, unit_cost)
           WHERE candidate.unit_cost IS NOT NULL
           ORDER BY candidate.rank
           LIMIT 1
      ) source
)
UPDATE account_move_line target
   SET crm_cost_amount = ROUND(unit_cost.quantity * unit_cost.unit_cost, 2),
       crm_cost_source = unit_cost.source
  FROM unit_cost
 WHERE target.id = unit_cost.id
            """,
            line_ids=line_ids,
        )
