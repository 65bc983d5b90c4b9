# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database's generator, one module per step, run by tools/demo.sh
in ``odoo-bin shell`` as ``from tools.demo import run; run(env, STEP)``:

- ``company``, right after base: the company as a Chinese manufacturer, so
  that account installs the Chinese chart (``company``);
- ``data`` (crm_industrial): the sales force, the customers and three years
  of their business (``company``, planned by ``history``), the pipeline
  (``pipeline``) and a year of customer profiles (``profiles``);
- ``voice`` (crm_industrial): satisfaction surveys and complaints
  (``voice``);
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

STEPS = {
    "company": ("company", "setup_company"),
    "data": ("company", "generate"),
    "voice": ("voice", "generate"),
    "key_accounts": ("key_accounts", "generate"),
    "performance": ("performance", "generate"),
    "check": ("check", "check"),
}


def run(env, step):
    """Run ``step`` in ``env`` (of odoo-bin shell); after the company's, record
    the build's stamp, so that an interrupted build is rebuilt; end with the
    line demo.sh waits for."""
    module, function = STEPS[step]
    getattr(importlib.import_module(f"{__name__}.{module}"), function)(env)
    if step not in ("company", "check"):
        env["ir.config_parameter"].set_param(
            "crm_industrial_demo.stamp", os.environ.get("DEMO_STAMP", "")
        )
        env.cr.commit()
    print(f"demo: {step} done")
