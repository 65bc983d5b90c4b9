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
