# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo company's churn model, learned from its own history.

The step "churn", after the voice of the customer (complaints are among the
features, and the monthly profile runs gave the customers their classes):
trains the company's churn model as its monthly job does, from the month
ends of the history whose six months have passed (the last six held out to
measure it), and scores the active customers with it. The profile run of
the step "key_accounts" then gives the valuable customers at high risk
their retention activity, as the nightly run does.

What it learns from (``history`` and ``voice``): customers that left after
their orders thinned out, after late deliveries and complaints, and
customers that complained and stayed. The soured customer of the story,
still a customer, complained four times in the last months and buys less:
it is at high risk, its complaints among the reasons.
"""

import time

from .common import soured_deliveries, soured_story_customer, succeeded

COMPLAINT_REASONS = ("complaint_count", "complaint_late_count")


def soured_risk(env, company):
    """The soured customer's churn risk (empty when it has none)."""
    soured = soured_story_customer(soured_deliveries(env, company))
    return env["crm.customer.churn"].search(
        [("company_id", "=", company.id), ("partner_id", "in", soured.ids)]
    )


def generate(env):
    """The step "churn": the model trained, the customers scored."""
    started = time.monotonic()
    env = env(context=dict(env.context, lang="en_US"))
    company = env.company
    Model = env["crm.churn.model"]
    succeeded(Model._recompute(company))
    model = Model.search([("company_id", "=", company.id)], limit=1)
    if not model:
        raise RuntimeError(
            company.churn_training_error or "no churn model could be trained"
        )
    churns = env["crm.customer.churn"].search([("company_id", "=", company.id)])
    bands = ", ".join(
        f"{band} {len(churns.filtered(lambda c, band=band: c.band == band))}"
        for band in ("high", "medium", "low")
    )
    soured = soured_risk(env, company)
    if not soured:
        raise RuntimeError("the soured customer has no churn risk")
    print(
        f"churn model    {model.training_rows + model.holdout_rows} month-end "
        f"snapshots from {model.snapshot_from:%Y-%m} to {model.snapshot_to:%Y-%m} "
        f"({model.training_events + model.holdout_events} became dormant); on the "
        f"last 6 months, held out: AUC {model.auc:.3f}, Brier {model.brier:.3f}, "
        f"lift {model.lift_top_decile:.1f} (observed rate "
        f"{model.base_rate_pct:.0f} %)"
    )
    print(
        f"churn risk     {len(churns)} active customers: {bands}; "
        f"{soured.partner_id.name} (class {soured.abc_class.upper()}) "
        f"{soured.risk_pct:.0f} %: {'; '.join(soured._reason_lines())}"
    )
    print(
        f"time           {time.monotonic() - started:.0f} s "
        f"(training {model.duration:.1f} s)"
    )
