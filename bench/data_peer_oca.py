# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""OCA's ``account_commission_oca`` set up on the small company's month.

A peer to compare with (issue 20): OCA's commission engine settling the same
invoices, in the same database, as ``crm_performance`` computes them, on a
plan both can express: a flat 5 % of the untaxed invoiced amount, per
salesperson, for the benchmark month. The small company of
:mod:`bench.data_commission_sizes` (2 000 customers, 20 000 invoice lines in
the month, each customer with one salesperson) is the size.

OCA is a bench-only dependency (``bench/requirements-peer.txt``), installed
by ``make bench-peer-data`` into a copy of the benchmark database, never by the
addons. On that copy :func:`generate` (``python -m bench.data_peer_oca
--config CONF --database DB``) sets up, committed once and recorded in the
``bench.peer_oca`` parameter:

- the commission ``Bench peer: 5 % invoiced`` (fixed percentage 5, on the
  invoice amount, settled on invoices, when invoiced rather than paid);
- each commission salesperson's own partner as an OCA agent (monthly
  settlement) with that commission: OCA's agents are partners;
- each customer of the small company's month given, as its agent, the
  partner of the salesperson of its invoices (one per customer in this
  data; checked), by SQL;
- the month's ``account.invoice.line.agent`` rows, by OCA's own compute
  (``recompute_agents`` on the month's invoice lines, through the ORM, as
  an invoice created in Odoo gets them): their amounts are OCA's.

None of this is timed. Our side of the comparison, the flat plan, is made by
each run's untimed setup and rolled back with it (:func:`create_flat_plan`):
committed, it would give the small company's salespeople two plans and
change ``commission_period_compute_small``.
"""

import json
import sys
import time

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tools import SQL

from .data_commission_sizes import size_company
from .data_commissions import (
    add_to_built_database,
    benchmark_month,
    benchmark_month_bounds,
    commission_salespeople,
)

PARAMETER = "bench.peer_oca"
SIZE = "small"
RATE = 5.0
COMMISSION_NAME = "Bench peer: 5 % invoiced"
PLAN_NAME = "Bench peer: flat 5 % invoiced"
# the month's lines given their agents this many at a time
BATCH = 2_000


def peer_company(env):
    """The company the peer comparison is made in (the small size's)."""
    return size_company(env, SIZE)


def peer_record(env):
    """What :func:`generate` recorded (empty before it ran)."""
    stored = env["ir.config_parameter"].sudo().get_param(PARAMETER)
    return json.loads(stored) if stored else {}


def month_invoice_lines(env, company):
    """The ids of ``company``'s posted customer invoice and credit note
    product lines of the benchmark month, in order."""
    date_from, date_to = benchmark_month_bounds(env)
    env.cr.execute(
        SQL(
            """
            SELECT aml.id
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
             WHERE move.company_id = %s
               AND move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND move.invoice_date BETWEEN %s AND %s
             ORDER BY aml.id
            """,
            company.id,
            date_from,
            date_to,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def _customers_with_agents(env, company, agent_by_user):
    """Give each customer of ``company``'s month its salesperson's agent
    (``partner_agent_rel``, by SQL); returns how many customers."""
    date_from, date_to = benchmark_month_bounds(env)
    env.cr.execute(
        SQL(
            """
            SELECT commercial_partner_id, array_agg(DISTINCT invoice_user_id)
              FROM account_move
             WHERE company_id = %s
               AND state = 'posted'
               AND move_type IN ('out_invoice', 'out_refund')
               AND invoice_date BETWEEN %s AND %s
             GROUP BY commercial_partner_id
            """,
            company.id,
            date_from,
            date_to,
        )
    )
    pairs = []
    for partner_id, user_ids in env.cr.fetchall():
        if len(user_ids) != 1 or str(user_ids[0]) not in agent_by_user:
            raise ValueError(
                f"customer {partner_id} has salespeople {user_ids} in the month: "
                "the peer comparison needs one commission salesperson a customer"
            )
        pairs.append((partner_id, agent_by_user[str(user_ids[0])]))
    env.cr.execute(
        SQL(
            """
            INSERT INTO partner_agent_rel (partner_id, agent_id)
            SELECT partner_id, agent_id
              FROM unnest(%s::int[], %s::int[]) AS pair(partner_id, agent_id)
            ON CONFLICT DO NOTHING
            """,
            [pair[0] for pair in pairs],
            [pair[1] for pair in pairs],
        )
    )
    env.invalidate_all()
    return len(pairs)


def generate(env):
    """Set OCA up on the small company's month; commits. Returns what the
    ``bench.peer_oca`` parameter records."""
    if "account.invoice.line.agent" not in env:
        raise RuntimeError(
            "account_commission_oca is not installed in this database: "
            "make bench-peer-data (or pip install -r bench/requirements-peer.txt, "
            "then odoo-bin -i account_commission_oca)"
        )
    parameters = env["ir.config_parameter"].sudo()
    if parameters.get_param(PARAMETER):
        raise ValueError(f"{PARAMETER} is already generated in this database")
    company = peer_company(env)
    users = commission_salespeople(env)
    commission = env["commission"].create(
        {
            "name": COMMISSION_NAME,
            "commission_type": "fixed",
            "fix_qty": RATE,
            "amount_base_type": "gross_amount",
            "invoice_state": "open",
            "settlement_type": "sale_invoice",
        }
    )
    users.partner_id.write(
        {
            "agent": True,
            "agent_type": "agent",
            "commission_id": commission.id,
            "settlement": "monthly",
        }
    )
    agent_by_user = {str(user.id): user.partner_id.id for user in users}
    customers = _customers_with_agents(env, company, agent_by_user)
    env.flush_all()
    env.cr.commit()
    line_ids = month_invoice_lines(env, company)
    lines = env["account.move.line"].with_company(company)
    started = time.perf_counter()
    for start in range(0, len(line_ids), BATCH):
        lines.browse(line_ids[start : start + BATCH]).recompute_agents()
        env.flush_all()
        env.invalidate_all()
    agent_seconds = time.perf_counter() - started
    env.cr.execute(
        SQL(
            """
            SELECT count(*), count(DISTINCT object_id)
              FROM account_invoice_line_agent
             WHERE object_id = ANY(%s)
            """,
            line_ids,
        )
    )
    agent_lines, agented = env.cr.fetchone()
    if agent_lines != len(line_ids) or agented != len(line_ids):
        raise RuntimeError(
            f"{agent_lines} agent lines on {agented} of the month's "
            f"{len(line_ids)} invoice lines: one each expected"
        )
    record = {
        "size": SIZE,
        "company_id": company.id,
        "commission_id": commission.id,
        "agents": agent_by_user,
        "customers": customers,
        "invoice_lines": len(line_ids),
        # OCA's compute of the lines' agents and amounts, as invoicing runs it
        "agent_lines_seconds": round(agent_seconds, 1),
    }
    parameters.set_param(PARAMETER, json.dumps(record))
    env.cr.commit()
    return {key: value for key, value in record.items() if key != "agents"}


# ------------------------------------------------ the benchmarks' setup -----


def create_flat_plan(env):
    """Our side: one monthly plan of the commission salespeople in the
    small company, 5 % of the untaxed invoiced amount and nothing else (no
    rule, curve, target or multiplier), and the month's draft period;
    returns the period."""
    company = peer_company(env)
    month = benchmark_month(env)
    env["crm.commission.plan"].with_company(company).create(
        {
            "name": PLAN_NAME,
            "company_id": company.id,
            "date_from": month - relativedelta(years=3),
            "period_type": "month",
            "base": "invoiced",
            "default_rate": RATE,
            "user_ids": [Command.set(commission_salespeople(env).ids)],
        }
    )
    return env["crm.commission.period"].create(
        {"company_id": company.id, "period_type": "month", "date_from": month}
    )


def main(argv=None):
    """Set OCA up in a copy of a built bench database where it is installed."""
    add_to_built_database(argv, "bench.data_peer_oca", generate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
