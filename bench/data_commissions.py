# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission plans of the benchmark database, made before each run.

Not a step of ``bench.data``: the commission benchmarks create them in their
untimed ``setup``, in the run's transaction, through the ORM (a few records).
Every salesperson of the company's posted customer invoices goes on one
monthly plan, valid from three years ago, on the invoiced base at 2 % with
the four kinds of rate rule (key accounts 5 %, new customers 4 %, class A
3 %, the first product category 2.5 %), a marginal step curve (below 80 %
half rate, from 100 % one and a half) and a target for the last full month:
the average monthly revenue of the salespeople, so that some exceed it.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools import SQL

# the curve: (from %, to %, multiplier), the last open-ended
STEPS = ((0, 80, 0.5), (80, 100, 1.0), (100, 0, 1.5))


def last_full_month(env):
    """The first day of the month before today's."""
    today = fields.Date.context_today(env.user)
    return today.replace(day=1) - relativedelta(months=1)


def salespeople(env, company):
    """The salespeople of the company's posted customer invoices."""
    env.cr.execute(
        SQL(
            "SELECT DISTINCT invoice_user_id FROM account_move"
            " WHERE company_id = %s AND state = 'posted'"
            " AND move_type IN ('out_invoice', 'out_refund')"
            " AND invoice_user_id IS NOT NULL",
            company.id,
        )
    )
    return env["res.users"].browse(row[0] for row in env.cr.fetchall())


def monthly_target(env, company, month):
    """The salespeople's average untaxed revenue in ``month``."""
    env.cr.execute(
        SQL(
            "SELECT COALESCE(SUM(amount_untaxed_signed)"
            " / NULLIF(COUNT(DISTINCT invoice_user_id), 0), 0)"
            " FROM account_move WHERE company_id = %s AND state = 'posted'"
            " AND move_type IN ('out_invoice', 'out_refund')"
            " AND invoice_date BETWEEN %s AND %s",
            company.id,
            month,
            month + relativedelta(months=1, days=-1),
        )
    )
    return round(float(env.cr.fetchone()[0]), 2)


def create_commission_plans(env):
    """One plan per company for all its salespeople, and the period of the
    last full month (draft); returns the periods."""
    month = last_full_month(env)
    category = env["product.category"].search([], order="id", limit=1)
    periods = env["crm.commission.period"]
    for company in env["res.company"].search([("active", "=", True)]):
        users = salespeople(env, company)
        if not users:
            continue
        target = monthly_target(env, company, month)
        env["crm.commission.plan"].with_company(company).create(
            {
                "name": "Benchmark plan",
                "company_id": company.id,
                "date_from": month - relativedelta(years=3),
                "period_type": "month",
                "base": "invoiced",
                "default_rate": 2.0,
                "user_ids": [Command.set(users.ids)],
                "rule_ids": [
                    Command.create({"sequence": 10, "key_account": "key", "rate": 5}),
                    Command.create({"sequence": 20, "customer_type": "new", "rate": 4}),
                    Command.create({"sequence": 30, "customer_class": "a", "rate": 3}),
                    Command.create(
                        {
                            "sequence": 40,
                            "product_categ_id": category.id,
                            "rate": 2.5,
                        }
                    ),
                ],
                "curve_type": "steps",
                "step_mode": "marginal",
                "tier_ids": [
                    Command.create(
                        {"from_pct": start, "to_pct": end, "multiplier": multiplier}
                    )
                    for start, end, multiplier in STEPS
                ],
                "target_ids": [
                    Command.create(
                        {"user_id": user.id, "period_start": month, "amount": target}
                    )
                    for user in users
                ],
            }
        )
        periods |= periods.create(
            {"company_id": company.id, "period_type": "month", "date_from": month}
        )
    return periods
