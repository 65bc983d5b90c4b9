# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Build the benchmark database: a fresh install plus generated volume.

    python -m bench.data --config CONF --database DB

Drops and re-creates DB, installs the addons without demo data, creates the
few set-up records through the ORM (products, salespeople), then generates
customers, posted invoices, confirmed sale orders and outgoing deliveries with
a few set-based SQL statements per table, and last the commission data of
:mod:`bench.data_commissions` (200 salespeople, 200 000 more lines in the
last full month, key-account splits). Deterministic: every "random" value
is a hash of the row number (``hashint8extended``), so two builds on the same
day give the same data.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from odoo.tools import SQL

from .data_commission_sizes import SIZES
from .data_commission_sizes import generate as generate_commission_sizes
from .data_commissions import EXTRA_LINES
from .data_commissions import SALESPEOPLE as COMMISSION_SALESPEOPLE
from .data_commissions import generate as generate_commission_data
from .data_complaints import COMPLAINTS, SQL_COMPLAINTS, complaint_params
from .data_key_accounts import KEY_ACCOUNTS, SQL_KEY_ACCOUNTS, key_account_params
from .data_satisfaction import SQL_SATISFACTION, SURVEY_ANSWERS, satisfaction_params
from .invoice_sql import SQL_WRITE_INVOICES, invoice_tables
from .run import BenchError, load_config, postgres_connection, vacuum

ADDONS = "crm_industrial,crm_key_account,crm_performance"
CUSTOMERS = 100_000
INVOICES = 250_000
INVOICE_LINES = 2_000_000
REFUND_SHARE = 0.03
SALE_ORDERS = 100_000
SALE_LINES = 500_000
PICKINGS = 200_000
STOCK_MOVES = 400_000
PRODUCTS = 40
SALESPEOPLE = 8
HISTORY_DAYS = 3 * 365
DORMANT_SHARE = 0.2

TABLES = (
    "res_partner",
    "account_move",
    "account_move_line",
    "sale_order",
    "sale_order_line",
    "stock_picking",
    "stock_move",
    "survey_user_input",
    "survey_user_input_line",
    "crm_claim",
)


@contextmanager
def phase(label, timings):
    """Print a progress line with the phase's duration."""
    print(f"==> {label} ...", flush=True)
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    timings[label] = round(elapsed, 1)
    print(f"    {label}: {elapsed:.1f} s", flush=True)


def odoo_bin():
    """Path of odoo-bin: $ODOO_SRC, or next to the imported odoo package."""
    import odoo  # noqa: PLC0415

    source = os.environ.get("ODOO_SRC") or Path(next(iter(odoo.__path__))).parent
    return str(Path(source) / "odoo-bin")


# ------------------------------------------------------------ database ------


def recreate_database(args):
    """Drop the database (closing its connections) so odoo-bin creates it."""
    connection = postgres_connection("postgres")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                SQL(
                    "DROP DATABASE IF EXISTS %s WITH (FORCE)",
                    SQL.identifier(args.database),
                ).code
            )
    finally:
        connection.close()


def install_addons(args):
    """odoo-bin -i ADDONS --stop-after-init into a new database, log to a file."""
    log_path = Path(args.config).resolve().parent / f"{args.database}-install.log"
    command = [
        sys.executable,
        odoo_bin(),
        "-c",
        args.config,
        "-d",
        args.database,
        "-i",
        ADDONS,
        "--stop-after-init",
        "--log-level=warn",
    ]
    with log_path.open("w", encoding="utf-8") as log:
        completed = subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    if completed.returncode:
        raise BenchError(f"installing {ADDONS} failed: see {log_path}")


# ------------------------------------------------------------- ORM set-up ---


def create_setup_records(env):
    """The few records made through the ORM; their ids for the SQL phases."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = company.partner_id.property_account_receivable_id
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    out_type = warehouse.out_type_id
    salesman_group = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Salesperson {number:02d}",
                "login": f"bench.sales.{number:02d}",
                "group_ids": [(6, 0, salesman_group.ids)],
            }
            for number in range(1, SALESPEOPLE + 1)
        ]
    )
    families = ("Bearing", "Gearbox", "Pump", "Valve", "Motor", "Sensor", "Seal")
    products = env["product.product"].create(
        [
            {
                "name": f"{families[number % len(families)]} model {number:03d}",
                "default_code": f"BENCH-{number:03d}",
                "is_storable": True,
                "list_price": round(
                    20 + 1980 * ((number * 7919) % PRODUCTS) / PRODUCTS
                ),
                "standard_price": 0,
                "taxes_id": [(5, 0, 0)],
            }
            for number in range(1, PRODUCTS + 1)
        ]
    )
    for index, product in enumerate(products):
        product.standard_price = round(
            product.list_price * (0.55 + 0.3 * ((index * 31) % 10) / 10), 2
        )
    countries = env["res.country"].search(
        [("code", "in", ("DE", "FR", "IT", "CN", "US", "PL", "ES", "NL"))]
    )
    env.flush_all()
    return {
        "company_id": company.id,
        "currency_id": company.currency_id.id,
        "journal_id": journal.id,
        "income_account_id": journal.default_account_id.id,
        "receivable_account_id": receivable.id,
        "team_id": env["crm.team"].search([], limit=1, order="sequence, id").id,
        "warehouse_id": warehouse.id,
        "out_type_id": out_type.id,
        "stock_location_id": out_type.default_location_src_id.id,
        "customer_location_id": env.ref("stock.stock_location_customers").id,
        "uom_id": env.ref("uom.product_uom_unit").id,
        "user_ids": users.ids,
        "country_ids": countries.ids,
        "products": [
            (
                product.id,
                product.display_name,
                product.list_price,
                product.standard_price,
            )
            for product in products
        ],
    }


def advance_sequences(env, ids):
    """Next names from Odoo's own sequences follow the generated ones."""
    env["ir.sequence"].search([("code", "=", "sale.order")]).number_next = (
        SALE_ORDERS + 1
    )
    env["stock.picking.type"].browse(ids["out_type_id"]).sequence_id.number_next = (
        PICKINGS + 1
    )


# ------------------------------------------------------------ SQL volume ----
#
# Statements take their parameters by name from ``params`` (psycopg2 style).
# ``pg_temp.bench_rand(n, salt)`` is a deterministic uniform value in [0, 1).

SQL_HELPERS = """
CREATE FUNCTION pg_temp.bench_rand(n bigint, salt integer) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(n, salt) & 281474976710655)::float8
                 / 281474976710656.0 $$;
CREATE TEMP TABLE bench_product AS
SELECT ordinality::int AS idx, product_id, name, list_price, standard_price
  FROM unnest(%(product_ids)s::int[], %(product_names)s::text[],
              %(list_prices)s::numeric[], %(standard_prices)s::numeric[])
       WITH ORDINALITY AS p(product_id, name, list_price, standard_price);
"""

SQL_CUSTOMERS = """
INSERT INTO res_partner (
    id, name, complete_name, commercial_company_name, commercial_partner_id,
    is_company, customer_rank, supplier_rank, active, type, lang, partner_share,
    autopost_bills, group_rfq, group_on, color, message_bounce, user_id,
    country_id, city, ref, email, email_normalized, create_uid, write_uid,
    create_date, write_date)
SELECT %(partner_base)s + i, c.name, c.name, c.name, %(partner_base)s + i,
       true, 1, 0, true, 'contact', 'en_US', true,
       'ask', 'default', 'default', 0, 0,
       (%(user_ids)s::int[])[1 + i %% %(user_count)s],
       (%(country_ids)s::int[])[1 + (i * 7) %% %(country_count)s],
       'City ' || (i %% 997), 'C' || lpad(i::text, 6, '0'),
       'purchasing@customer' || i || '.example.com',
       'purchasing@customer' || i || '.example.com',
       1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM generate_series(1, %(customers)s) i,
       LATERAL (SELECT 'Customer ' || lpad(i::text, 6, '0') || ' '
                       || (ARRAY['Industries', 'GmbH', 'Ltd', 'S.p.A.',
                                 'Manufacturing Co.'])[1 + i %% 5] AS name) c;

-- per customer: size (Pareto), active window (first/last order), salesperson
CREATE TEMP TABLE bench_customer AS
SELECT idx, partner_id, size_factor, user_id, start_ago,
       CASE WHEN dormant
            THEN least(start_ago, 180 + floor(r_end * 900)::int)
            ELSE floor(r_end * least(start_ago, 30))::int END AS end_ago
  FROM (SELECT i AS idx, %(partner_base)s + i AS partner_id,
               1 + 9 * power(1 - (i - 1)::float8 / %(customers)s, 6) AS size_factor,
               (%(user_ids)s::int[])[1 + i %% %(user_count)s] AS user_id,
               30 + floor(pg_temp.bench_rand(i, 11) * (%(days)s - 30))::int
                   AS start_ago,
               pg_temp.bench_rand(i, 12) < %(dormant_share)s AS dormant,
               pg_temp.bench_rand(i, 13) AS r_end
          FROM generate_series(1, %(customers)s) i) c;
CREATE UNIQUE INDEX ON bench_customer (idx);
"""

SQL_INVOICES = """
-- one invoice per customer first, then the rest drawn with a Pareto skew
CREATE TEMP TABLE bench_move AS
WITH drawn AS (
    SELECT m, CASE WHEN m <= %(customers)s THEN m
                   ELSE 1 + floor(%(customers)s
                                  * power(pg_temp.bench_rand(m, 21), 2.5))::int
              END AS idx
      FROM generate_series(1, %(invoices)s) m
), dated AS (
    SELECT d.m, c.partner_id, c.size_factor, c.user_id,
           current_date - (c.end_ago + floor(pg_temp.bench_rand(d.m, 22)
                           * (c.start_ago - c.end_ago + 1))::int) AS date,
           CASE WHEN pg_temp.bench_rand(d.m, 23) < %(refund_share)s
                THEN 'out_refund' ELSE 'out_invoice' END AS move_type
      FROM drawn d JOIN bench_customer c USING (idx)
), numbered AS (
    SELECT dated.*,
           CASE move_type WHEN 'out_refund' THEN 'RINV/' ELSE 'INV/' END
               || extract(year FROM date)::int || '/' AS prefix,
           row_number() OVER (PARTITION BY move_type, extract(year FROM date)
                              ORDER BY date, m) AS seq,
           pg_temp.bench_rand(m, 24) < CASE WHEN date < current_date - 60
                                            THEN 0.95 ELSE 0.3 END AS paid
      FROM dated
)
SELECT m, %(move_base)s + m AS move_id, partner_id, size_factor, user_id, date,
       move_type, paid, prefix, seq,
       prefix || lpad(seq::text, greatest(5, length(seq::text)), '0') AS name,
       CASE move_type WHEN 'out_refund' THEN -1 ELSE 1 END AS sign
  FROM numbered;
CREATE UNIQUE INDEX ON bench_move (m);

CREATE TEMP TABLE bench_invoice_line AS
SELECT g.l, g.m, p.product_id, p.name AS product_name, q.quantity, q.price_unit,
       q.quantity * q.price_unit AS subtotal
  FROM (SELECT l,
               CASE WHEN l <= %(invoices)s THEN l
                    ELSE 1 + floor(pg_temp.bench_rand(l, 31) * %(invoices)s)::int
               END AS m,
               1 + floor(power(pg_temp.bench_rand(l, 32), 1.5)
                         * %(product_count)s)::int AS pidx
          FROM generate_series(1, %(invoice_lines)s) l) g
  JOIN bench_move mv USING (m)
  JOIN bench_product p ON p.idx = g.pidx,
       LATERAL (SELECT (1 + floor(pg_temp.bench_rand(g.l, 33) * 12
                                  * mv.size_factor))::numeric AS quantity,
                       round(p.list_price * (0.85 + 0.3
                             * pg_temp.bench_rand(g.l, 34))::numeric, 2)
                           AS price_unit) q;

CREATE TEMP TABLE bench_move_total AS
SELECT m, sum(subtotal) AS total FROM bench_invoice_line GROUP BY m;

"""

SQL_SALES = """
CREATE TEMP TABLE bench_order AS
WITH drawn AS (
    SELECT o, 1 + floor(%(customers)s
                        * power(pg_temp.bench_rand(o, 41), 2.0))::int AS idx
      FROM generate_series(1, %(sale_orders)s) o
)
SELECT d.o, %(order_base)s + d.o AS order_id, c.partner_id, c.size_factor,
       c.user_id, od.date_order,
       'S' || lpad(d.o::text, 6, '0') AS name,
       od.date_order < now() - interval '14 days' AS delivered,
       od.date_order < now() - interval '30 days' AS invoiced
  FROM drawn d JOIN bench_customer c USING (idx),
       LATERAL (SELECT (current_date - (c.end_ago
                        + floor(pg_temp.bench_rand(d.o, 42)
                                * (c.start_ago - c.end_ago + 1))::int))
                       + time '09:00'
                       + interval '1 minute' * (d.o %% 480) AS date_order) od;
CREATE UNIQUE INDEX ON bench_order (o);

CREATE TEMP TABLE bench_order_line AS
SELECT g.l, g.o, p.product_id, p.name AS product_name, p.standard_price,
       q.quantity, q.price_unit, q.quantity * q.price_unit AS subtotal,
       q.quantity * (q.price_unit - p.standard_price) AS margin
  FROM (SELECT l,
               CASE WHEN l <= %(sale_orders)s THEN l
                    ELSE 1 + floor(pg_temp.bench_rand(l, 51) * %(sale_orders)s)::int
               END AS o,
               1 + floor(power(pg_temp.bench_rand(l, 52), 1.5)
                         * %(product_count)s)::int AS pidx
          FROM generate_series(1, %(sale_lines)s) l) g
  JOIN bench_order so USING (o)
  JOIN bench_product p ON p.idx = g.pidx,
       LATERAL (SELECT (1 + floor(pg_temp.bench_rand(g.l, 53) * 10
                                  * so.size_factor))::numeric AS quantity,
                       round(p.list_price * (0.9 + 0.2
                             * pg_temp.bench_rand(g.l, 54))::numeric, 2)
                           AS price_unit) q;

CREATE TEMP TABLE bench_order_total AS
SELECT o, sum(subtotal) AS total, sum(margin) AS margin
  FROM bench_order_line GROUP BY o;

INSERT INTO sale_order (
    id, name, state, company_id, partner_id, partner_invoice_id,
    partner_shipping_id, currency_id, user_id, team_id, date_order,
    invoice_status, amount_untaxed, amount_tax, amount_total, margin,
    margin_percent, locked, require_signature, require_payment,
    picking_policy, warehouse_id, delivery_status, currency_rate,
    prepayment_percent, create_uid, write_uid, create_date, write_date)
SELECT so.order_id, so.name, 'sale', %(company_id)s, so.partner_id,
       so.partner_id, so.partner_id, %(currency_id)s, so.user_id, %(team_id)s,
       so.date_order, CASE WHEN so.invoiced THEN 'invoiced' ELSE 'to invoice' END,
       t.total, 0, t.total, t.margin,
       CASE WHEN t.total <> 0 THEN t.margin / t.total ELSE 0 END,
       false, false, false,
       'direct', %(warehouse_id)s,
       CASE WHEN so.delivered THEN 'full' ELSE 'pending' END, 1.0,
       1.0, 1, 1, so.date_order, so.date_order
  FROM bench_order so JOIN bench_order_total t USING (o)
 ORDER BY so.date_order, so.o;

INSERT INTO sale_order_line (
    id, order_id, sequence, company_id, currency_id, order_partner_id,
    salesman_id, product_id, product_uom_id, state, qty_delivered_method,
    invoice_status, name, product_uom_qty, price_unit, discount,
    price_subtotal, price_total, price_reduce_taxexcl, price_reduce_taxinc,
    qty_delivered, qty_invoiced, qty_to_invoice, untaxed_amount_invoiced,
    untaxed_amount_to_invoice, is_downpayment, is_expense, collapse_prices,
    collapse_composition, technical_price_unit, price_tax, customer_lead,
    is_optional, warehouse_id, margin, purchase_price, margin_percent,
    create_uid, write_uid, create_date, write_date)
SELECT %(order_line_base)s + ol.l, so.order_id, 10, %(company_id)s,
       %(currency_id)s, so.partner_id, so.user_id, ol.product_id, %(uom_id)s,
       'sale', 'stock_move',
       CASE WHEN so.invoiced THEN 'invoiced' ELSE 'to invoice' END,
       ol.product_name, ol.quantity, ol.price_unit, 0,
       ol.subtotal, ol.subtotal, ol.price_unit, ol.price_unit,
       CASE WHEN so.delivered THEN ol.quantity ELSE 0 END,
       CASE WHEN so.invoiced THEN ol.quantity ELSE 0 END,
       CASE WHEN so.invoiced THEN 0 ELSE ol.quantity END,
       CASE WHEN so.invoiced THEN ol.subtotal ELSE 0 END,
       CASE WHEN so.invoiced THEN 0 ELSE ol.subtotal END,
       false, false, false,
       false, ol.price_unit, 0, 0,
       false, %(warehouse_id)s, ol.margin, ol.standard_price,
       CASE WHEN ol.subtotal <> 0 THEN ol.margin / ol.subtotal ELSE 0 END,
       1, 1, so.date_order, so.date_order
  FROM bench_order_line ol JOIN bench_order so USING (o)
 -- stored in the order they were written, as a live database stores them
 ORDER BY so.date_order, ol.l;
"""

SQL_DELIVERIES = """
-- one delivery per order first, then more for random orders; ~15 %% late
CREATE TEMP TABLE bench_picking AS
WITH drawn AS (
    SELECT k, CASE WHEN k <= %(sale_orders)s THEN k
                   ELSE 1 + floor(pg_temp.bench_rand(k, 61) * %(sale_orders)s)::int
              END AS o
      FROM generate_series(1, %(pickings)s) k
), planned AS (
    SELECT d.k, so.order_id, so.partner_id, so.user_id, so.name AS origin,
           so.date_order + interval '1 day'
               * (2 + floor(pg_temp.bench_rand(d.k, 62) * 10)) AS scheduled_date,
           pg_temp.bench_rand(d.k, 63) < 0.15 AS late
      FROM drawn d JOIN bench_order so USING (o)
)
SELECT p.*, %(picking_base)s + p.k AS picking_id,
       'WH/OUT/' || lpad(p.k::text, 6, '0') AS name,
       p.scheduled_date + interval '1 day'
           * floor(pg_temp.bench_rand(p.k, 64) * 3) AS date_deadline,
       CASE WHEN p.scheduled_date > now() - interval '2 days'
                 OR pg_temp.bench_rand(p.k, 65) < 0.03
            THEN 'assigned' ELSE 'done' END AS state
  FROM planned p;
CREATE UNIQUE INDEX ON bench_picking (k);

INSERT INTO stock_picking (
    id, name, origin, location_id, location_dest_id, picking_type_id,
    partner_id, company_id, user_id, move_type, state, priority,
    has_deadline_issue, printed, is_locked, scheduled_date, date_deadline,
    date_done, sale_id, create_uid, write_uid, create_date, write_date)
SELECT pk.picking_id, pk.name, pk.origin, %(stock_location_id)s,
       %(customer_location_id)s, %(out_type_id)s, pk.partner_id,
       %(company_id)s, pk.user_id, 'direct', pk.state, '0',
       false, false, true, pk.scheduled_date, pk.date_deadline,
       CASE WHEN pk.state = 'done' THEN
           CASE WHEN pk.late
                THEN pk.date_deadline + interval '1 day'
                     * (1 + floor(pg_temp.bench_rand(pk.k, 66) * 10))
                ELSE pk.scheduled_date - interval '1 hour'
                     * floor(pg_temp.bench_rand(pk.k, 67) * 30)
           END END,
       pk.order_id, 1, 1, pk.scheduled_date, pk.scheduled_date
  FROM bench_picking pk
 ORDER BY pk.scheduled_date, pk.k;

INSERT INTO stock_move (
    id, sequence, company_id, product_id, product_uom, location_id,
    location_dest_id, partner_id, picking_id, picking_type_id, warehouse_id,
    priority, state, origin, procure_method, reference, product_qty,
    product_uom_qty, quantity, picked, propagate_cancel, is_inventory,
    additional, date, date_deadline, price_unit, to_refund, is_in, is_out,
    is_dropship, create_uid, write_uid, create_date, write_date)
SELECT %(stock_move_base)s + g.n, 10, %(company_id)s, p.product_id,
       %(uom_id)s, %(stock_location_id)s, %(customer_location_id)s,
       sp.partner_id, sp.id, %(out_type_id)s, %(warehouse_id)s,
       '0', sp.state, sp.origin, 'make_to_stock', sp.name, g.quantity,
       g.quantity, g.quantity, sp.state = 'done', false, false,
       false, coalesce(sp.date_done, sp.scheduled_date), sp.date_deadline, 0,
       false, false, true,
       false, 1, 1, sp.create_date, sp.create_date
  FROM (SELECT n,
               %(picking_base)s + CASE WHEN n <= %(pickings)s THEN n
                    ELSE 1 + floor(pg_temp.bench_rand(n, 71) * %(pickings)s)::int
               END AS picking_id,
               1 + floor(pg_temp.bench_rand(n, 72) * %(product_count)s)::int AS pidx,
               (1 + floor(pg_temp.bench_rand(n, 73) * 50))::numeric AS quantity
          FROM generate_series(1, %(stock_moves)s) n) g
  JOIN stock_picking sp ON sp.id = g.picking_id
  JOIN bench_product p ON p.idx = g.pidx
 ORDER BY sp.create_date, g.n;
"""


def max_ids(cr):
    """The id after which each generated table's explicit ids start."""
    bases = {}
    for table in TABLES:
        cr.execute(SQL("SELECT coalesce(max(id), 0) FROM %s", SQL.identifier(table)))
        bases[table] = cr.fetchone()[0]
    return bases


def sql_params(ids, bases):
    products = ids["products"]
    return {
        "customers": CUSTOMERS,
        "invoices": INVOICES,
        "invoice_lines": INVOICE_LINES,
        "refund_share": REFUND_SHARE,
        "sale_orders": SALE_ORDERS,
        "sale_lines": SALE_LINES,
        "pickings": PICKINGS,
        "stock_moves": STOCK_MOVES,
        "days": HISTORY_DAYS,
        "dormant_share": DORMANT_SHARE,
        "product_count": len(products),
        "product_ids": [product[0] for product in products],
        "product_names": [product[1] for product in products],
        "list_prices": [product[2] for product in products],
        "standard_prices": [product[3] for product in products],
        "user_count": len(ids["user_ids"]),
        "country_count": len(ids["country_ids"]),
        "partner_base": bases["res_partner"],
        "move_base": bases["account_move"],
        "line_base": bases["account_move_line"],
        "order_base": bases["sale_order"],
        "order_line_base": bases["sale_order_line"],
        "picking_base": bases["stock_picking"],
        "stock_move_base": bases["stock_move"],
        **{key: value for key, value in ids.items() if key != "products"},
    }


def reset_id_sequences(cr):
    for table in TABLES:
        cr.execute(
            SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM %s",
                table,
                SQL.identifier(table),
            )
        )


def table_counts(cr):
    """Row counts of the generated tables, for the progress and the marker."""
    counts = {}
    for table in TABLES:
        cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
        counts[table] = cr.fetchone()[0]
    return counts


# ----------------------------------------------------------- verification ---


def verify_with_orm(env):
    """Read the generated documents through the ORM; one line of figures."""
    invoices = env["account.move"].search([("move_type", "=", "out_invoice")], limit=5)
    totals = invoices.mapped("amount_total")
    groups = env["account.move.line"]._read_group(
        [("parent_state", "=", "posted"), ("display_type", "=", "product")],
        ["partner_id"],
        ["balance:sum", "__count"],
        order="balance:sum",
        limit=3,
    )
    order = env["sale.order"].search([("state", "=", "sale")], limit=1)
    order.read(["name", "amount_total", "margin", "partner_id", "order_line"])
    order.order_line.read(["product_id", "product_uom_qty", "price_subtotal"])
    picking = env["stock.picking"].search(
        [("picking_type_code", "=", "outgoing")], limit=1
    )
    picking.read(["name", "state", "scheduled_date", "date_deadline", "move_ids"])
    picking.move_ids.read(["product_id", "product_uom_qty", "state"])
    env.cr.execute(
        "SELECT count(*) FROM (SELECT 1 FROM account_move_line"
        " GROUP BY move_id HAVING sum(balance) <> 0) unbalanced"
    )
    unbalanced = env.cr.fetchone()[0]
    if unbalanced:
        raise BenchError(f"{unbalanced} generated moves are not balanced")
    top = ", ".join(
        f"{partner.name}: {-balance:,.0f} ({count} lines)"
        for partner, balance, count in groups
    )
    print(f"    invoice totals {totals}; top customers {top}")
    print(f"    {order.name} {order.amount_total:,.2f}; {picking.name} {picking.state}")


# ------------------------------------------------------------------ main ----


def build(args):
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    timings = {}
    started = time.perf_counter()
    with phase("drop the database", timings):
        recreate_database(args)
    with phase(f"install {ADDONS} (no demo data)", timings):
        install_addons(args)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        with phase(
            f"ORM set-up: {PRODUCTS} products, {SALESPEOPLE} salespeople", timings
        ):
            ids = create_setup_records(env)
            advance_sequences(env, ids)
            cr.commit()
        params = {
            **sql_params(ids, max_ids(cr)),
            **satisfaction_params(),
            **complaint_params(),
            **key_account_params(),
            **invoice_tables(
                "bench_move", "bench_invoice_line", "bench_move_total", INVOICE_LINES
            ),
        }
        cr.execute("SET synchronous_commit = off")
        cr.execute("SET work_mem = '256MB'")
        # the generated rows reference each other by construction: skip the
        # per-row foreign key triggers during the bulk load
        cr.execute("SET session_replication_role = replica")
        cr.execute(SQL(SQL_HELPERS, **params))
        steps = (
            (f"{CUSTOMERS:,} customers", SQL_CUSTOMERS),
            (
                f"{INVOICES:,} invoices, {INVOICE_LINES:,} posted lines",
                SQL_INVOICES + SQL_WRITE_INVOICES,
            ),
            (f"{SALE_ORDERS:,} sale orders, {SALE_LINES:,} lines", SQL_SALES),
            (f"{PICKINGS:,} deliveries, {STOCK_MOVES:,} stock moves", SQL_DELIVERIES),
            (f"{SURVEY_ANSWERS:,} satisfaction survey answers", SQL_SATISFACTION),
            (f"{COMPLAINTS:,} complaints", SQL_COMPLAINTS),
            (f"{KEY_ACCOUNTS:,} key accounts", SQL_KEY_ACCOUNTS),
        )
        for label, statements in steps:
            with phase(label, timings):
                cr.execute(SQL(statements, **params))
                cr.commit()
        cr.execute("SET session_replication_role = DEFAULT")
        with phase(
            f"commissions: {COMMISSION_SALESPEOPLE} salespeople, "
            f"{EXTRA_LINES:,} lines in the last full month",
            timings,
        ):
            # its salespeople are created through the ORM: the sequences
            # must be past the ids the SQL steps wrote
            reset_id_sequences(cr)
            generate_commission_data(env)
        with phase(
            "commission months at other sizes: "
            + ", ".join(
                f"{size} {lines:,} lines" for size, (_c, lines) in SIZES.items()
            ),
            timings,
        ):
            reset_id_sequences(cr)
            generate_commission_sizes(env)
        with phase("reset id sequences, VACUUM (ANALYZE)", timings):
            reset_id_sequences(cr)
            cap_write_dates(cr)
            counts = table_counts(cr)
            cr.commit()
            # as autovacuum would leave a live database: statistics, hint
            # bits and visibility maps set
            vacuum(args.database, analyze=True)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        with phase("verify through the ORM", timings):
            verify_with_orm(env)
        total = round(time.perf_counter() - started, 1)
        marker = {"counts": counts, "timings": timings, "total_seconds": total}
        env["ir.config_parameter"].set_param("bench.data.built", json.dumps(marker))
    for table, count in counts.items():
        print(f"    {table:20} {count:>12,}")
    print(f"==> {args.database} built in {total:.1f} s")


def cap_write_dates(cr):
    """No row written after the build: the generated rows carry their
    documents' dates, some in the future (deliveries, complaints), which
    a live database's rows never do and a computation's change detection
    (``crm.recompute.mark``) would take for changes made since its run."""
    cr.execute(
        """
        SELECT table_name FROM information_schema.columns
         WHERE table_schema = 'public' AND column_name = 'write_date'
           AND table_name IN (SELECT tablename FROM pg_tables
                               WHERE schemaname = 'public')
         ORDER BY table_name
        """
    )
    for (table,) in cr.fetchall():
        cr.execute(
            SQL(
                "UPDATE %s SET write_date = NOW() AT TIME ZONE 'UTC'"
                " WHERE write_date > NOW() AT TIME ZONE 'UTC'",
                SQL.identifier(table),
            )
        )
    cr.commit()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.data", description=__doc__)
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True, help="database to (re)build")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        load_config(args.config, args.database)
        build(args)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
