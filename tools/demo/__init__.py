# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database's generator, one module per step, run by tools/demo.sh
in ``odoo-bin shell`` as ``from tools.demo import run; run(env, STEP, ...)``:

- ``company``, right after base: the company as a Chinese manufacturer, so
  that account installs the Chinese chart (``company``);
- ``data`` (crm_industrial): the sales force, the customers and three years
  of their business (``company``, planned by ``history``), the pipeline
  (``pipeline``) and a year of customer profiles (``profiles``);
- ``voice`` (crm_industrial): satisfaction surveys and complaints
  (``voice``);
- ``churn`` (crm_industrial): the churn model trained on the history and
  the complaints, the customers scored (``churn``);
- ``key_accounts`` (crm_key_account): key-account management
  (``key_accounts``);
- ``performance`` (crm_performance): commissions and scorecards
  (``performance``);
- ``check``: the stories the README tells, read back (``check``).

Every date comes from ``dates`` (relative to today, on the company's
working days), so that the demo builds on any day of the year; ``dates``
and ``history`` are pure and tested without Odoo (tests/test_demo_dates.py).
"""

import importlib
import os

# step: (module, function, what it does)
STEPS = {
    "company": ("company", "setup_company", None),
    "data": (
        "company",
        "generate",
        "generating three years of customers, orders, deliveries, invoices "
        "and payments (~1.5 min)",
    ),
    "voice": (
        "voice",
        "generate",
        "generating two years of satisfaction surveys and complaints",
    ),
    "churn": (
        "churn",
        "generate",
        "training the churn model on the history, scoring the customers",
    ),
    "key_accounts": (
        "key_accounts",
        "generate",
        "selecting the key accounts, their teams and plans",
    ),
    "performance": (
        "performance",
        "generate",
        "the commission plan, targets and periods",
    ),
    "check": ("check", "check", "checking the stories the README tells"),
}


def run(env, *steps):
    """Run ``steps`` in ``env`` (of odoo-bin shell), one after the other, in
    one process (a registry loaded once); after each step but the company's
    and the check, record the build's stamp, so that an interrupted build is
    rebuilt. Each step's lines start with ``demo: STEP started`` and end with
    ``demo: STEP done``, which demo.sh reads."""
    for step in steps:
        module, function, header = STEPS[step]
        print(f"demo: {step} started", flush=True)
        if header:
            print(f"==> {header}", flush=True)
        getattr(importlib.import_module(f"{__name__}.{module}"), function)(env)
        if step not in ("company", "check"):
            env["ir.config_parameter"].set_param(
                "crm_industrial_demo.stamp", os.environ.get("DEMO_STAMP", "")
            )
            env.cr.commit()
        print(f"demo: {step} done", flush=True)
