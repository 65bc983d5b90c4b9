# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The peer comparison: OCA's ``account_commission_oca`` beside ours.

In a copy of the benchmark database where ``make bench-peer-data`` installed OCA
and :mod:`bench.data_peer_oca` set it up, both engines pay the small
company's month (20 000 invoice lines, 200 salespeople) on the plan both
can express, 5 % of the untaxed invoiced amount:

- ``peer_ours_flat_small``: setup, our flat 5 % plan and the month's draft
  period; timed, its first computation (the commission lines and the
  per-salesperson summaries);
- ``peer_oca_settle_small``: setup, the same computation of ours (to have
  our amounts); timed, OCA's settlement wizard (``commission.make.settle``,
  sales invoices) settling the month for every agent: a settlement per
  salesperson and a settlement line per invoice line. Its note compares
  what each settles with what ours pays each salesperson, to the cent.

Where OCA is not installed (the benchmark database itself) both are
reported as skipped.
"""

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tools import SQL

from .benchmarks import benchmark
from .benchmarks_commissions import compute_periods
from .data_commissions import benchmark_month_bounds
from .data_peer_oca import create_flat_plan, peer_company, peer_record

REQUIRES = ("account_commission_oca", "crm_performance")
OURS = "peer_ours_flat_small"

# what ours paid, by salesperson, in the run under way (its setup's)
_ours_by_user = {}


def _ours_per_salesperson(env, period):
    """What ``period`` pays each salesperson (their summaries), in cents."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT user_id, round(sum(commission) * 100)::bigint
              FROM crm_commission_summary
             WHERE period_id = %s
             GROUP BY user_id
            """,
            period.id,
        )
    )
    return dict(env.cr.fetchall())


def _euros(cents):
    return f"{cents / 100:,.2f}".replace(",", " ")


def _ours_computed(env):
    """Setup of the OCA run: our flat plan's month computed, its amounts kept."""
    if not peer_record(env):
        raise RuntimeError("OCA is not set up: python -m bench.data_peer_oca")
    period = create_flat_plan(env)
    compute_periods(period)
    _ours_by_user.clear()
    _ours_by_user.update(_ours_per_salesperson(env, period))


@benchmark(OURS, requires=REQUIRES, setup=create_flat_plan)
def peer_ours_flat_small(env):
    """Ours on the peer plan: the small company's month, a flat 5 % of the
    untaxed invoiced amount, first computation."""
    period = env["crm.commission.period"].search(
        [("state", "=", "draft"), ("company_id", "=", peer_company(env).id)]
    )
    written = compute_periods(period)
    paid = sum(_ours_per_salesperson(env, period).values())
    lines = env["crm.commission.line"].search_count([("period_id", "=", period.id)])
    return lines, f"{written:,} rows written; pays {_euros(paid)}"


@benchmark(
    "peer_oca_settle_small",
    requires=REQUIRES,
    setup=_ours_computed,
    reference=OURS,
)
def peer_oca_settle_small(env):
    """OCA account_commission_oca settling the same month for every agent
    (the settlement wizard, sales invoices); its totals checked against ours."""
    record = peer_record(env)
    company = peer_company(env)
    date_from, date_to = benchmark_month_bounds(env)
    agent_by_user = {int(user): agent for user, agent in record["agents"].items()}
    wizard = env["commission.make.settle"].create(
        {
            # OCA settles every unsettled line dated before the settlement
            # period of this day: the month's
            "date_to": date_to + relativedelta(days=1),
            "settlement_type": "sale_invoice",
            "agent_ids": [Command.set(list(agent_by_user.values()))],
        }
    )
    wizard.action_settle()
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT settlement.agent_id, round(sum(settlement.total) * 100)::bigint,
                   sum((SELECT count(*) FROM commission_settlement_line line
                         WHERE line.settlement_id = settlement.id))
              FROM commission_settlement settlement
             WHERE settlement.company_id = %s
               AND settlement.settlement_type = 'sale_invoice'
               AND settlement.state = 'settled'
               AND settlement.date_from = %s
               AND settlement.date_to = %s
             GROUP BY settlement.agent_id
            """,
            company.id,
            date_from,
            date_to,
        )
    )
    rows = env.cr.fetchall()
    oca = {agent: cents for agent, cents, _lines in rows}
    settled_lines = int(sum(lines for _agent, _cents, lines in rows))
    ours = {agent_by_user[user]: cents for user, cents in _ours_by_user.items()}
    people = set(oca) | {agent for agent, cents in ours.items() if cents}
    differing = sorted(
        agent for agent in people if oca.get(agent, 0) != ours.get(agent, 0)
    )
    total_oca, total_ours = sum(oca.values()), sum(ours.values())
    sign = "=" if total_oca == total_ours else "!="
    note = (
        f"{len(oca)} settlements; OCA {_euros(total_oca)} {sign} "
        f"ours {_euros(total_ours)}"
    )
    if differing:
        note += f"; MISMATCH for {len(differing)} salespeople"
    else:
        note += f", equal for each of the {len(people)} salespeople"
    return settled_lines, note
