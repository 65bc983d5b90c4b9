# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The cost of an invoice line, as the commissions and the scorecards count it."""

from odoo.tools import SQL


def invoice_line_cost_sql(company, line_id, quantity, currency_rate, product):
    """SQL of the cost of ``quantity`` units of an invoice line, in company
    currency, rounded to the cent: the cost per unit of the sale order line
    it was invoiced from (sale_margin's ``purchase_price``, in the order's
    currency, brought to company currency at the invoice's rate), or,
    invoiced without an order, the product's cost in ``company``
    (``standard_price``), else 0.

    ``line_id``, ``quantity``, ``currency_rate`` and ``product`` are SQL
    expressions: the invoice line's id, its quantity, its invoice's
    ``invoice_currency_rate`` and the alias of its ``product_product`` row.
    """
    return SQL(
        """ROUND(%(quantity)s * COALESCE(
               (SELECT order_line.purchase_price
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line order_line
                    ON order_line.id = rel.order_line_id
                 WHERE rel.invoice_line_id = %(line_id)s
                 ORDER BY order_line.id
                 LIMIT 1) / NULLIF(%(currency_rate)s, 0),
               (%(product)s.standard_price ->> %(company_key)s)::numeric,
               0), 2)""",
        quantity=quantity,
        line_id=line_id,
        currency_rate=currency_rate,
        product=product,
        company_key=str(company.id),
    )
