# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a commission period is computed from, for the runs' mark
(``crm.recompute.mark``): a run whose sources have no row written since
the last one, and the same counts, writes nothing.

The models a period's lines and summaries read: the invoices and what they
were sold, delivered and paid with, the customers' classes, stages, owners
and answers, the key-account shares, the plans and the scorecards; by
model, whether its rows are counted (a deleted row leaves no write).
Posted journal entries and their lines, and done stock moves, cannot be
deleted: not counted.
"""

from odoo.tools import SQL

PERIOD_SOURCES = {
    "account.move": False,
    "account.move.line": False,
    "account.partial.reconcile": True,
    "crm.commission.dispute": True,
    "crm.commission.line": True,
    "crm.commission.period": True,
    "crm.commission.plan": True,
    "crm.commission.retention.band": True,
    "crm.commission.rule": True,
    "crm.commission.satisfaction.band": True,
    "crm.commission.scorecard.band": True,
    "crm.commission.summary": True,
    "crm.commission.summary.adjustment": True,
    "crm.commission.target": True,
    "crm.commission.tier": True,
    "crm.customer.abc.history": True,
    "crm.customer.ownership": True,
    "crm.customer.profile": True,
    "crm.key.account": True,
    "crm.key.account.member": True,
    "crm.key.account.share": True,
    "crm.lifecycle.history": True,
    "crm.lifecycle.stage": True,
    "crm.salesperson.scorecard": True,
    "crm.salesperson.scorecard.line": True,
    "crm.team": True,
    "crm.team.member": True,
    "product.category": True,
    "product.product": True,
    "product.template": True,
    "res.company": True,
    "res.partner": True,
    "res.users": True,
    "sale.order.line": True,
    "stock.landed.cost": True,
    "stock.move": False,
    "stock.valuation.adjustment.lines": True,
    "survey.question": True,
    "survey.user_input": True,
    "survey.user_input.line": True,
}

# The periods (their state), their lines, summaries and multiplier
# adjustments: what the run itself writes.
PERIOD_OWN_SOURCES = (
    "crm.commission.line",
    "crm.commission.period",
    "crm.commission.summary",
    "crm.commission.summary.adjustment",
)

# The customers of moves ``%s`` (a list of ids or a subquery): their
# commercial partners and those of the moves reversing them (a credit note
# claws back its invoice's commission on its own customer's line).
_MOVES = (
    "SELECT move.commercial_partner_id AS partner_id FROM account_move move"
    " WHERE move.id IN (%(moves)s)"
    " UNION ALL"
    " SELECT move.commercial_partner_id FROM account_move move"
    " WHERE move.reversed_entry_id IN (%(moves)s)"
)

# The moves of the invoice lines of the sale order lines ``%s``: a landed
# cost on their delivery corrects those invoice lines' cost.
_INVOICED_SALE_LINES = (
    "SELECT line.move_id FROM sale_order_line_invoice_rel rel"
    " JOIN account_move_line line ON line.id = rel.invoice_line_id"
    " WHERE rel.order_line_id IN (%s)"
)


def _of_moves(moves):
    return SQL(_MOVES % {"moves": moves})


def partner_in_sql(partner, partners):
    """SQL: the customer ``partner`` (SQL) is one of ``partners`` (ids), the
    customers a scoped run computes; ``None``: every customer is."""
    if partners is None:
        return SQL("TRUE")
    return SQL("%s = ANY(%s::int[])", partner, list(partners))


def partner_sources():
    """The customers a changed row of each source names, for a run that
    computes only the customers changed since its last one
    (``crm.company.recompute._recompute_partner_sources``).

    A commission line is its invoice's customer's (a clawback: the credit
    note's), and each figure the lines' statement reads about it is found
    through that customer's documents: their invoices, payments and
    delivered costs, its class, key account and answers, and the earlier
    lines of the same invoice line. ``None``: only the summaries read it,
    and they are computed whole each run. Any other source (the plans and
    their rules, the periods, the summaries of earlier periods, teams,
    users, products, the company) computes every customer."""
    of_source = SQL("SELECT source.partner_id")
    of_key_account = SQL(
        "SELECT account.partner_id FROM crm_key_account account"
        " WHERE account.id = source.key_account_id"
    )
    of_answer = SQL(
        "SELECT answer.crm_partner_id AS partner_id FROM survey_user_input answer"
        " WHERE answer.id = source.user_input_id"
    )
    summaries_only = dict.fromkeys(
        (
            "crm.commission.dispute",
            "crm.commission.retention.band",
            "crm.commission.satisfaction.band",
            "crm.commission.scorecard.band",
            "crm.commission.summary.adjustment",
            "crm.commission.target",
            "crm.commission.tier",
            "crm.customer.ownership",
            "crm.lifecycle.history",
            "crm.lifecycle.stage",
            "crm.salesperson.scorecard",
            "crm.salesperson.scorecard.line",
        ),
        None,
    )
    return summaries_only | {
        "account.move": _of_moves("source.id"),
        "account.move.line": _of_moves("source.move_id"),
        "account.partial.reconcile": _of_moves(
            "SELECT line.move_id FROM account_move_line line"
            " WHERE line.id IN (source.debit_move_id, source.credit_move_id)"
        ),
        "crm.commission.line": SQL(
            "%s UNION ALL %s", of_source, _of_moves("source.move_id")
        ),
        "crm.customer.abc.history": of_source,
        "crm.customer.profile": of_source,
        "crm.key.account": of_source,
        "crm.key.account.member": of_key_account,
        "crm.key.account.share": of_key_account,
        "res.partner": SQL("SELECT source.commercial_partner_id AS partner_id"),
        "sale.order.line": _of_moves(_INVOICED_SALE_LINES % "source.id"),
        "stock.move": _of_moves(_INVOICED_SALE_LINES % "source.sale_line_id"),
        "stock.valuation.adjustment.lines": _of_moves(
            _INVOICED_SALE_LINES % "SELECT stock.sale_line_id FROM stock_move stock"
            " WHERE stock.id = source.move_id"
        ),
        "stock.landed.cost": _of_moves(
            _INVOICED_SALE_LINES
            % "SELECT stock.sale_line_id FROM stock_valuation_adjustment_lines"
            " adjustment JOIN stock_move stock ON stock.id = adjustment.move_id"
            " WHERE adjustment.cost_id = source.id"
        ),
        "survey.user_input": SQL("SELECT source.crm_partner_id AS partner_id"),
        "survey.user_input.line": of_answer,
    }


def calendar_partners_sql(company, last_day, today):
    """The customers whose commission lines move from a run of ``last_day``
    to one of ``today`` with no source changed: the lines' statement reads
    ``today`` only for what falls due by it. An earlier line reversed
    because its invoice is unpaid N days after its due date (or paid again),
    a holdback released by the customer's next invoice or forfeited: each
    on a day that has come since ``last_day``, or a payment or an invoice
    dated in those days."""
    return SQL(
        """
SELECT move.commercial_partner_id AS partner_id
  FROM account_move move
 WHERE move.company_id = %(company)s
   AND move.move_type IN ('out_invoice', 'out_refund')
   AND move.invoice_date > %(last_day)s
   AND move.invoice_date <= %(today)s
 UNION
SELECT move.commercial_partner_id
  FROM account_partial_reconcile partial
  JOIN account_move_line line
    ON line.id IN (partial.debit_move_id, partial.credit_move_id)
  JOIN account_move move ON move.id = line.move_id
 WHERE partial.company_id = %(company)s
   AND partial.max_date > %(last_day)s
   AND partial.max_date <= %(today)s
 UNION
SELECT line.partner_id
  FROM crm_commission_line line
  JOIN crm_commission_period period ON period.id = line.period_id
  JOIN crm_commission_plan plan ON plan.id = line.plan_id
  JOIN account_move move ON move.id = line.move_id
  CROSS JOIN LATERAL (
      VALUES (period.date_to + 1),
             (CASE WHEN line.kind = 'earned' THEN
                  move.invoice_date_due + plan.unpaid_reversal_days END),
             (CASE WHEN line.kind = 'holdback' THEN
                  (line.date + make_interval(months => plan.holdback_months))::date
                  + 1 END)
  ) due (date)
 WHERE period.company_id = %(company)s
   AND (line.kind = 'holdback'
        OR line.kind = 'earned' AND plan.unpaid_reversal_days > 0)
   AND due.date > %(last_day)s
   AND due.date <= %(today)s
        """,
        company=company.id,
        last_day=last_day,
        today=today,
    )
