# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission data of the benchmark database.

Two parts:

- :func:`generate`, the last step of ``bench.data`` (or, on a database built
  before it existed, ``python -m bench.data_commissions --config CONF
  --database DB``), committed once: ``SALESPEOPLE`` salespeople in all (the
  8 of ``bench.data`` and 192 more, made through the ORM in one batch:
  Salesman and Commission User, the even ones in one sales team, the odd
  ones named on a plan), ``EXTRA_LINES`` more posted customer invoice lines
  dated in the benchmark month (the last full month of the build, stored in
  the ``bench.commissions`` parameter), by set-based SQL with the column set
  of ``bench.data``'s invoices, each invoice by its customer's commission
  owner (one of the 200, drawn by ``hashint8extended``) and the customers
  drawn with the same Pareto skew; the survey answers re-attributed to the
  owner of their customer; every active key account's team given two
  members sharing its revenue 60/40.
- :func:`create_commission_plans`, the benchmarks' untimed setup (a few
  records through the ORM, rolled back with the run): two monthly plans, one
  naming the odd salespeople, one for the team of the even ones, on the
  invoiced base at 2 % with the four kinds of rate rule, a marginal step
  curve, the NPS satisfaction multiplier and a target per salesperson; and
  the draft period of the benchmark month.
"""

import argparse
import json
import sys

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools import SQL

from .invoice_sql import SQL_WRITE_INVOICES, invoice_tables

SALESPEOPLE = 200
EXTRA_LINES = 200_000
LINES_PER_INVOICE = 10
REFUND_SHARE = 0.03
KEY_ACCOUNT_SHARES = (60.0, 40.0)
PARAMETER = "bench.commissions"
TEAM_NAME = "Bench Commission Team"

# the curve: (from %, to %, multiplier), the last open-ended
STEPS = ((0, 80, 0.5), (80, 100, 1.0), (100, 0, 1.5))
# the NPS bands: (score from, multiplier)
NPS_BANDS = ((-100, 0.9), (0, 1.0), (30, 1.1), (60, 1.2))


def last_full_month(env):
    """The first day of the month before today's."""
    today = fields.Date.context_today(env.user)
    return today.replace(day=1) - relativedelta(months=1)


def benchmark_month(env):
    """The month the commission data was generated in (else the last full)."""
    stored = env["ir.config_parameter"].sudo().get_param(PARAMETER)
    if stored:
        return fields.Date.to_date(json.loads(stored)["month"])
    return last_full_month(env)


def benchmark_month_bounds(env):
    """The first and last day of :func:`benchmark_month`."""
    month = benchmark_month(env)
    return month, month + relativedelta(months=1, days=-1)


def commission_salespeople(env):
    """The salespeople of the commission benchmark, in a fixed order."""
    stored = env["ir.config_parameter"].sudo().get_param(PARAMETER)
    if stored:
        return env["res.users"].browse(json.loads(stored)["user_ids"])
    return env["res.users"].search([("login", "=like", "bench.sales.%")], order="id")


# ------------------------------------------------------------- the data -----


def create_salespeople(env):
    """The 8 salespeople of ``bench.data`` and enough more to make
    ``SALESPEOPLE``, Commission Users; the even ones in one sales team."""
    existing = env["res.users"].search(
        [("login", "=like", "bench.sales.%")], order="id"
    )
    groups = env.ref("sales_team.group_sale_salesman") | env.ref(
        "crm_performance.group_commission_user"
    )
    existing.write({"group_ids": [Command.link(group.id) for group in groups]})
    new = env["res.users"].create(
        [
            {
                "name": f"Bench Commission Salesperson {number:03d}",
                "login": f"bench.sales.c{number:03d}",
                "group_ids": [Command.set(groups.ids)],
            }
            for number in range(len(existing) + 1, SALESPEOPLE + 1)
        ]
    )
    users = existing | new
    team = env["crm.team"].create({"name": TEAM_NAME, "company_id": env.company.id})
    env["crm.team.member"].create(
        [{"crm_team_id": team.id, "user_id": user.id} for user in users[::2]]
    )
    env.flush_all()
    return users


def data_params(env, users, month):
    """The parameters of the commission data's statements."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = company.partner_id.property_account_receivable_id
    env.cr.execute("SELECT coalesce(max(id), 0) FROM account_move")
    move_base = env.cr.fetchone()[0]
    env.cr.execute("SELECT coalesce(max(id), 0) FROM account_move_line")
    line_base = env.cr.fetchone()[0]
    return {
        "company_id": company.id,
        "currency_id": company.currency_id.id,
        "journal_id": journal.id,
        "income_account_id": journal.default_account_id.id,
        "receivable_account_id": receivable.id,
        "team_id": env["crm.team"].search([], limit=1, order="sequence, id").id,
        "uom_id": env.ref("uom.product_uom_unit").id,
        "role_id": env.ref("crm_key_account.role_sales").id,
        "user_ids": users.ids,
        "user_count": len(users),
        "invoices": EXTRA_LINES // LINES_PER_INVOICE,
        # every customer of the bench (a size of bench.data_commission_sizes
        # takes fewer)
        "customer_limit": 2**31 - 1,
        "extra_lines": EXTRA_LINES,
        "refund_share": REFUND_SHARE,
        "month_from": month,
        "month_days": (month + relativedelta(months=1) - month).days,
        "move_base": move_base,
        "line_base": line_base,
        "first_share": KEY_ACCOUNT_SHARES[0],
        "second_share": KEY_ACCOUNT_SHARES[1],
        **invoice_tables(
            "bench_commission_move",
            "bench_commission_line",
            "bench_commission_total",
            EXTRA_LINES,
        ),
    }


SQL_COMMISSION_INVOICES = """
CREATE OR REPLACE FUNCTION pg_temp.bench_rand(n bigint, salt integer)
    RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(n, salt) & 281474976710655)::float8
                 / 281474976710656.0 $$;

DROP TABLE IF EXISTS bench_commission_customer, bench_commission_product,
    bench_commission_move, bench_commission_line, bench_commission_total;

-- the customers of bench.data's invoices, largest first (by their index),
-- each with its commission owner among the salespeople; the first
-- customer_limit of them
CREATE TEMP TABLE bench_commission_customer AS
SELECT * FROM (
    SELECT row_number() OVER (ORDER BY partner.id) AS idx,
           partner.id AS partner_id,
           (%(user_ids)s::int[])[1 + floor(pg_temp.bench_rand(partner.id, 71)
                                           * %(user_count)s)::int] AS user_id
      FROM res_partner partner
     WHERE partner.id IN (SELECT commercial_partner_id FROM account_move
                           WHERE move_type = 'out_invoice')
) customer
 WHERE customer.idx <= %(customer_limit)s;
CREATE UNIQUE INDEX ON bench_commission_customer (idx);
CREATE UNIQUE INDEX ON bench_commission_customer (partner_id);

CREATE TEMP TABLE bench_commission_product AS
SELECT row_number() OVER (ORDER BY product.id)::int AS idx,
       product.id AS product_id, template.name->>'en_US' AS name,
       template.list_price
  FROM product_product product
  JOIN product_template template ON template.id = product.product_tmpl_id
 WHERE product.default_code LIKE 'BENCH-%%';

-- the invoices of the month: customers drawn with bench.data's skew
CREATE TEMP TABLE bench_commission_move AS
WITH drawn AS (
    SELECT m, 1 + floor((SELECT count(*) FROM bench_commission_customer)
                        * power(pg_temp.bench_rand(m, 72), 2.5))::int AS idx,
           %(month_from)s::date
               + floor(pg_temp.bench_rand(m, 73) * %(month_days)s)::int AS date,
           CASE WHEN pg_temp.bench_rand(m, 74) < %(refund_share)s
                THEN 'out_refund' ELSE 'out_invoice' END AS move_type
      FROM generate_series(1, %(invoices)s) m
), numbered AS (
    SELECT drawn.*,
           CASE move_type WHEN 'out_refund' THEN 'RINV/' ELSE 'INV/' END
               || extract(year FROM date)::int || '/' AS prefix,
           row_number() OVER (PARTITION BY move_type, extract(year FROM date)
                              ORDER BY date, m) AS rank
      FROM drawn
), sequenced AS (
    SELECT numbered.*,
           rank + coalesce((SELECT max(sequence_number) FROM account_move
                             WHERE journal_id = %(journal_id)s
                               AND sequence_prefix = numbered.prefix), 0) AS seq
      FROM numbered
)
SELECT s.m, %(move_base)s + s.m AS move_id, c.partner_id, c.user_id, s.date,
       s.move_type, s.prefix, s.seq,
       s.prefix || lpad(s.seq::text, greatest(5, length(s.seq::text)), '0') AS name,
       CASE s.move_type WHEN 'out_refund' THEN -1 ELSE 1 END AS sign,
       pg_temp.bench_rand(s.m, 75) < 0.3 AS paid
  FROM sequenced s JOIN bench_commission_customer c USING (idx);
CREATE UNIQUE INDEX ON bench_commission_move (m);

CREATE TEMP TABLE bench_commission_line AS
SELECT g.l, g.m, p.product_id, p.name AS product_name, q.quantity, q.price_unit,
       q.quantity * q.price_unit AS subtotal
  FROM (SELECT l, 1 + (l - 1) %% %(invoices)s AS m,
               1 + floor(power(pg_temp.bench_rand(l, 76), 1.5)
                         * (SELECT count(*) FROM bench_commission_product))::int
                   AS pidx
          FROM generate_series(1, %(extra_lines)s) l) g
  JOIN bench_commission_product p ON p.idx = g.pidx,
       LATERAL (SELECT (1 + floor(pg_temp.bench_rand(g.l, 77) * 12))::numeric
                           AS quantity,
                       round(p.list_price * (0.85 + 0.3
                             * pg_temp.bench_rand(g.l, 78))::numeric, 2)
                           AS price_unit) q;

CREATE TEMP TABLE bench_commission_total AS
SELECT m, sum(subtotal) AS total FROM bench_commission_line GROUP BY m;

"""

SQL_COMMISSION_AFTER = """
-- the survey answers go to the commission owner of their customer
UPDATE survey_user_input answer
   SET crm_salesperson_id = c.user_id
  FROM bench_commission_customer c
 WHERE c.partner_id = answer.crm_partner_id;

-- each active key account's revenue split 60/40 between its customer's
-- owner and another salesperson
INSERT INTO crm_key_account_member (
    key_account_id, company_id, sequence, user_id, role_id, share_pct,
    create_uid, write_uid, create_date, write_date)
SELECT account.id, account.company_id, member.sequence, member.user_id,
       %(role_id)s, member.share_pct, 1, 1, now() AT TIME ZONE 'UTC',
       now() AT TIME ZONE 'UTC'
  FROM crm_key_account account
  JOIN bench_commission_customer c ON c.partner_id = account.partner_id
 CROSS JOIN LATERAL (
       SELECT array_position(%(user_ids)s::int[], c.user_id) - 1 AS owner) o
 CROSS JOIN LATERAL (
       VALUES (10, c.user_id, %(first_share)s::float8),
              (20, (%(user_ids)s::int[])[1 + (o.owner + 1 + floor(
                   pg_temp.bench_rand(account.id, 79)
                   * (%(user_count)s - 1))::int) %% %(user_count)s],
               %(second_share)s::float8)) member(sequence, user_id, share_pct)
 WHERE account.state = 'active';

SELECT setval(pg_get_serial_sequence('account_move', 'id'), max(id))
  FROM account_move;
SELECT setval(pg_get_serial_sequence('account_move_line', 'id'), max(id))
  FROM account_move_line;
"""


def generate(env):
    """Make the commission data and record it in ``bench.commissions``;
    commits. Returns what the parameter records."""
    cr = env.cr
    parameters = env["ir.config_parameter"].sudo()
    if parameters.get_param(PARAMETER):
        raise ValueError(f"{PARAMETER} is already generated in this database")
    month = last_full_month(env)
    users = create_salespeople(env)
    params = data_params(env, users, month)
    cr.commit()
    cr.execute("SET session_replication_role = replica")
    cr.execute(
        SQL(
            SQL_COMMISSION_INVOICES + SQL_WRITE_INVOICES + SQL_COMMISSION_AFTER,
            **params,
        )
    )
    cr.execute("SET session_replication_role = DEFAULT")
    env.invalidate_all()
    record = {
        "month": fields.Date.to_string(month),
        "user_ids": users.ids,
        "extra_lines": EXTRA_LINES,
    }
    parameters.set_param(PARAMETER, json.dumps(record))
    cr.commit()
    return record


def add_to_built_database(argv, prog, generate_step):
    """Run ``generate_step(env)`` (a last step of ``bench.data``) on a
    database built before the step existed, as ``python -m prog --config
    CONF --database DB``; update the build's counts and statistics. Returns
    what the step returns."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    from .data import table_counts  # noqa: PLC0415
    from .run import BUILT_MARKER, load_config, vacuum  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog=f"python -m {prog}")
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True, help="built bench database")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    load_config(args.config, args.database)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        record = generate_step(env)
        parameters = env["ir.config_parameter"]
        marker = json.loads(parameters.get_param(BUILT_MARKER))
        marker["counts"] = table_counts(cr)
        parameters.set_param(BUILT_MARKER, json.dumps(marker))
        cr.commit()
    vacuum(args.database, analyze=True)
    print(f"==> {args.database}: {prog} {record}")
    return record


def main(argv=None):
    """Add the commission data to a database ``bench.data`` built without."""
    add_to_built_database(argv, "bench.data_commissions", generate)
    return 0


# ------------------------------------------------ the benchmarks' setup -----


def monthly_target(env, company, month, users):
    """The salespeople's average untaxed revenue in ``month``."""
    env.cr.execute(
        SQL(
            "SELECT COALESCE(SUM(amount_untaxed_signed) / %s, 0)"
            " FROM account_move WHERE company_id = %s AND state = 'posted'"
            " AND move_type IN ('out_invoice', 'out_refund')"
            " AND invoice_date BETWEEN %s AND %s",
            max(len(users), 1),
            company.id,
            month,
            month + relativedelta(months=1, days=-1),
        )
    )
    return round(float(env.cr.fetchone()[0]), 2)


def _plan_values(company, month, category, target, users):
    return {
        "company_id": company.id,
        "date_from": month - relativedelta(years=3),
        "period_type": "month",
        "base": "invoiced",
        "default_rate": 2.0,
        "rule_ids": [
            Command.create({"sequence": 10, "key_account": "key", "rate": 5}),
            Command.create({"sequence": 20, "customer_type": "new", "rate": 4}),
            Command.create({"sequence": 30, "customer_class": "a", "rate": 3}),
            Command.create(
                {"sequence": 40, "product_categ_id": category.id, "rate": 2.5}
            ),
        ],
        "curve_type": "steps",
        "step_mode": "marginal",
        "tier_ids": [
            Command.create({"from_pct": start, "to_pct": end, "multiplier": factor})
            for start, end, factor in STEPS
        ],
        "satisfaction_score": "nps",
        "satisfaction_band_ids": [
            Command.create({"score_from": score, "multiplier": factor})
            for score, factor in NPS_BANDS
        ],
        "target_ids": [
            Command.create(
                {"user_id": user.id, "period_start": month, "amount": target}
            )
            for user in users
        ],
    }


def create_commission_plans(env, company=None):
    """The plans of the commission salespeople (the odd ones named, the
    team of the even ones) and the draft period of the benchmark month, in
    ``company`` (by default the current one); returns the period."""
    month = benchmark_month(env)
    company = company or env.company
    users = commission_salespeople(env)
    category = env["product.category"].search([], order="id", limit=1)
    team = env["crm.team"].search(
        [("name", "=", TEAM_NAME), ("company_id", "=", company.id)], limit=1
    )
    target = monthly_target(env, company, month, users)
    plans = env["crm.commission.plan"].with_company(company)
    named = users - team.member_ids if team else users
    plans.create(
        {
            "name": "Benchmark plan",
            "user_ids": [Command.set(named.ids)],
            **_plan_values(company, month, category, target, named),
        }
    )
    if team:
        plans.create(
            {
                "name": "Benchmark team plan",
                "team_ids": [Command.set(team.ids)],
                **_plan_values(company, month, category, target, team.member_ids),
            }
        )
    return env["crm.commission.period"].create(
        {"company_id": company.id, "period_type": "month", "date_from": month}
    )


if __name__ == "__main__":
    sys.exit(main())
