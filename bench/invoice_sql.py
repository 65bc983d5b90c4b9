# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The posted customer invoices of the benchmark database, written from
temporary tables: ``bench.data``'s three years and ``bench.data_commissions``'
month write them with the same columns."""

from odoo.tools import SQL

SQL_WRITE_INVOICES = """
INSERT INTO account_move (
    id, name, sequence_prefix, sequence_number, journal_id, company_id,
    currency_id, partner_id, commercial_partner_id, partner_shipping_id,
    invoice_user_id, team_id, state, move_type, auto_post, payment_reference,
    payment_state, invoice_partner_display_name, date, invoice_date,
    invoice_date_due, invoice_currency_rate, amount_untaxed, amount_tax,
    amount_total, amount_residual, amount_untaxed_signed,
    amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
    amount_total_in_currency_signed, amount_residual_signed,
    always_tax_exigible, checked, posted_before, made_sequence_gap,
    is_manually_modified, create_uid, write_uid, create_date, write_date)
SELECT mv.move_id, mv.name, mv.prefix, mv.seq, %(journal_id)s, %(company_id)s,
       %(currency_id)s, mv.partner_id, mv.partner_id, mv.partner_id,
       mv.user_id, %(team_id)s, 'posted', mv.move_type, 'no', mv.name,
       CASE WHEN mv.paid THEN 'paid' ELSE 'not_paid' END, rp.name, mv.date,
       mv.date, mv.date + 30, 1.0, t.total, 0,
       t.total, CASE WHEN mv.paid THEN 0 ELSE t.total END, mv.sign * t.total,
       mv.sign * t.total, 0, mv.sign * t.total,
       mv.sign * t.total, CASE WHEN mv.paid THEN 0 ELSE mv.sign * t.total END,
       false, true, true, false,
       false, 1, 1, mv.date + time '18:00', mv.date + time '18:00'
  FROM %(moves)s mv
  JOIN %(move_totals)s t USING (m)
  JOIN res_partner rp ON rp.id = mv.partner_id;

-- product lines: income credited on invoices, debited on refunds, no taxes;
-- their cost fixed as posting fixes it for an invoice without an order (the
-- product's cost, which the bench never changes)
INSERT INTO account_move_line (
    id, move_id, journal_id, company_id, company_currency_id, currency_id,
    sequence, account_id, partner_id, product_id, product_uom_id, move_name,
    parent_state, name, display_type, date, invoice_date, debit, credit,
    balance, amount_currency, amount_residual, amount_residual_currency,
    quantity, price_unit, price_subtotal, price_total, discount,
    discount_amount_currency, discount_balance, is_storno, reconciled,
    deductible_amount, crm_cost_amount, crm_cost_source, create_uid,
    write_uid, create_date, write_date)
SELECT %(line_base)s + il.l, mv.move_id, %(journal_id)s, %(company_id)s,
       %(currency_id)s, %(currency_id)s, 100, %(income_account_id)s,
       mv.partner_id, il.product_id, %(uom_id)s, mv.name,
       'posted', il.product_name, 'product', mv.date, mv.date,
       CASE WHEN mv.sign < 0 THEN il.subtotal ELSE 0 END,
       CASE WHEN mv.sign > 0 THEN il.subtotal ELSE 0 END,
       -mv.sign * il.subtotal, -mv.sign * il.subtotal, 0, 0,
       il.quantity, il.price_unit, il.subtotal, il.subtotal, 0,
       0, 0, false, false,
       100, ROUND(il.quantity * COALESCE(
           (product.standard_price ->> %(company_id)s::text)::numeric, 0), 2),
       'product', 1, 1, mv.date + time '18:00', mv.date + time '18:00'
  FROM %(invoice_line_table)s il JOIN %(moves)s mv USING (m)
  LEFT JOIN product_product product ON product.id = il.product_id;

-- one receivable line per invoice balancing its product lines
INSERT INTO account_move_line (
    id, move_id, journal_id, company_id, company_currency_id, currency_id,
    sequence, account_id, partner_id, move_name, parent_state, display_type,
    date, invoice_date, date_maturity, debit, credit, balance, amount_currency,
    amount_residual, amount_residual_currency, quantity, price_unit,
    price_subtotal, price_total, discount, discount_amount_currency,
    discount_balance, is_storno, reconciled, deductible_amount, create_uid,
    write_uid, create_date, write_date)
SELECT %(line_base)s + %(invoice_line_count)s + mv.m, mv.move_id, %(journal_id)s,
       %(company_id)s, %(currency_id)s, %(currency_id)s, 12000,
       %(receivable_account_id)s, mv.partner_id, mv.name, 'posted',
       'payment_term', mv.date, mv.date, mv.date + 30,
       CASE WHEN mv.sign > 0 THEN t.total ELSE 0 END,
       CASE WHEN mv.sign < 0 THEN t.total ELSE 0 END,
       mv.sign * t.total, mv.sign * t.total,
       CASE WHEN mv.paid THEN 0 ELSE mv.sign * t.total END,
       CASE WHEN mv.paid THEN 0 ELSE mv.sign * t.total END, 0, 0,
       0, 0, 0, 0,
       0, false, mv.paid, 100, 1,
       1, mv.date + time '18:00', mv.date + time '18:00'
  FROM %(moves)s mv JOIN %(move_totals)s t USING (m);
"""


def invoice_tables(moves, lines, totals, line_count):
    """The parameters of :data:`SQL_WRITE_INVOICES`: the temporary tables it
    reads (``moves``: one row per invoice, ``m`` its number, with
    ``move_id``, ``partner_id``, ``user_id``, ``date``, ``move_type``,
    ``name``, ``prefix``, ``seq``, ``sign``, ``paid``; ``lines``: its product
    lines, ``l`` their number; ``totals``: the untaxed total of each) and
    the number of product lines (the receivable lines' ids come after)."""
    return {
        "moves": SQL.identifier(moves),
        "invoice_line_table": SQL.identifier(lines),
        "move_totals": SQL.identifier(totals),
        "invoice_line_count": line_count,
    }
