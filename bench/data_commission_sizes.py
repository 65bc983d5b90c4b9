# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission month at the sizes customers have, beside the bench's.

The bench month (:mod:`bench.data_commissions`) has 445 322 commission lines:
a plan that suits it may not suit a mid-size manufacturer, whose month the
planner estimates differently. Each size here is a company of its own, so
that its month holds only its lines: the 200 commission salespeople (allowed
in it, the even ones in its sales team), the ``customers`` largest customers
of the bench, and ``lines`` posted customer invoice lines in the benchmark
month, written by :data:`bench.data_commissions.SQL_COMMISSION_INVOICES`
with the same skew, 3 % refunds, 10 lines an invoice. No ABC history, key
accounts or survey answers in these companies.

:func:`generate` is the step after the commission data of ``bench.data``
(or ``python -m bench.data_commission_sizes --config CONF --database DB`` on
a database built before it existed), committed once and recorded in the
``bench.commission_sizes`` parameter (each size's company).
"""

import json
import sys

from odoo.fields import Command
from odoo.tools import SQL

from .data_commissions import (
    LINES_PER_INVOICE,
    SQL_COMMISSION_INVOICES,
    TEAM_NAME,
    add_to_built_database,
    benchmark_month,
    commission_salespeople,
    data_params,
)
from .invoice_sql import SQL_WRITE_INVOICES, invoice_tables

# size: (customers, posted customer invoice lines in the month)
SIZES = {
    "small": (2_000, 20_000),
    "medium": (20_000, 200_000),
}
PARAMETER = "bench.commission_sizes"

SQL_RESET_SEQUENCES = """
SELECT setval(pg_get_serial_sequence('account_move', 'id'), max(id))
  FROM account_move;
SELECT setval(pg_get_serial_sequence('account_move_line', 'id'), max(id))
  FROM account_move_line;
"""


def size_companies(env):
    """The company of each size, by size name (empty before generation)."""
    stored = env["ir.config_parameter"].sudo().get_param(PARAMETER)
    if not stored:
        return {}
    return {
        size: env["res.company"].browse(company_id)
        for size, company_id in json.loads(stored).items()
    }


def size_company(env, size):
    """The company of ``size``; an error before generation."""
    company = size_companies(env).get(size)
    if not company:
        raise RuntimeError(
            f"no {size} commission company: python -m bench.data_commission_sizes"
        )
    return company


def create_company(env, size, users):
    """The company of ``size`` with the generic chart of accounts, its
    sales team of the even salespeople; the salespeople allowed in it."""
    main = env.ref("base.main_company")
    company = env["res.company"].create(
        {
            "name": f"Bench {size.title()} Manufacturer",
            "currency_id": main.currency_id.id,
        }
    )
    env["account.chart.template"].try_loading(
        "generic_coa", company, install_demo=False
    )
    users.write({"company_ids": [Command.link(company.id)]})
    team = env["crm.team"].create({"name": TEAM_NAME, "company_id": company.id})
    env.flush_all()
    # by SQL: Odoo refuses a member whose main company is not the team's
    env.cr.execute(
        SQL(
            """INSERT INTO crm_team_member (crm_team_id, user_id, active,
                   create_uid, write_uid, create_date, write_date)
               SELECT %s, user_id, TRUE, 1, 1, now() AT TIME ZONE 'UTC',
                      now() AT TIME ZONE 'UTC'
                 FROM unnest(%s::int[]) user_id""",
            team.id,
            users[::2].ids,
        )
    )
    env.invalidate_all()
    return company


def generate(env):
    """Make each size's company and month; commits. Returns the companies'
    ids by size."""
    cr = env.cr
    parameters = env["ir.config_parameter"].sudo()
    if parameters.get_param(PARAMETER):
        raise ValueError(f"{PARAMETER} is already generated in this database")
    month = benchmark_month(env)
    users = commission_salespeople(env)
    record = {}
    for size, (customers, lines) in SIZES.items():
        company = create_company(env, size, users)
        cr.commit()
        params = {
            **data_params(
                env(context=dict(env.context, allowed_company_ids=[company.id])),
                users,
                month,
            ),
            "invoices": lines // LINES_PER_INVOICE,
            "extra_lines": lines,
            "customer_limit": customers,
            **invoice_tables(
                "bench_commission_move",
                "bench_commission_line",
                "bench_commission_total",
                lines,
            ),
        }
        cr.execute("SET session_replication_role = replica")
        cr.execute(
            SQL(
                SQL_COMMISSION_INVOICES + SQL_WRITE_INVOICES + SQL_RESET_SEQUENCES,
                **params,
            )
        )
        cr.execute("SET session_replication_role = DEFAULT")
        env.invalidate_all()
        record[size] = company.id
        cr.commit()
    parameters.set_param(PARAMETER, json.dumps(record))
    cr.commit()
    return record


def main(argv=None):
    """Add the sizes to a database ``bench.data`` built without them."""
    add_to_built_database(argv, "bench.data_commission_sizes", generate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
