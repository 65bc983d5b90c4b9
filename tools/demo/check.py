# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The last step, "check": the stories the README tells, read back from the
database as a user would find them, on the day the demo was built.

A story that does not hold stops the build with what is wrong, so that a
demo built on an unlucky day (``make demo-at DAY=...``) fails loudly rather
than showing a broken story.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from .churn import COMPLAINT_REASONS, soured_risk
from .dates import DemoDates, commission_calendar
from .history import DISPUTED_SELLER, RETURN_REF, RETURNED_SELLER
from .key_accounts import troubled
from .performance import (
    FREIGHT_AMOUNT,
    MARGIN_RATE,
    MARGIN_SELLER,
    REQUEST_LINE_LIMIT,
)
from .profiles import REASSIGN
from .voice import DECLINED_COMPLAINTS, POOR_SALESPERSON

# the churn model's AUC on its hold-out, at least (the demo's is about 0.8)
MIN_AUC = 0.7


def commission_stories(env, dates, problems):
    """The periods follow the commission calendar; the disputes wait or are
    answered where the README says."""
    Period = env["crm.commission.period"].with_context(tz="Asia/Shanghai")
    expected = {
        commission_calendar.PAID: "paid",
        commission_calendar.AWAITING_PAYMENT: "validated",
        commission_calendar.APPROVAL: "computed",
        commission_calendar.RUNNING: "computed",
    }
    for month in dates.commission_months():
        period = Period.search(
            [("period_type", "=", "month"), ("date_from", "=", month.start)]
        )
        if period.state != expected[month.state]:
            problems.append(
                f"commission period {month.start:%Y-%m} is {period.state or 'missing'}"
                f", not {expected[month.state]}"
            )
        if month.state == commission_calendar.RUNNING and not period.is_running:
            problems.append(f"{period.name} runs but is shown as ended")
        if period.state == "paid" and period.payment_date != month.pay_date:
            problems.append(f"{period.name} was paid on {period.payment_date}")
    disputes = env["crm.commission.dispute"].search([])
    approval = dates.commission_month(commission_calendar.APPROVAL)
    waiting = disputes.filtered(lambda d: d.state == "open")
    if (
        waiting.user_id.login != RETURNED_SELLER
        or waiting.period_id.date_from != approval.start
        or not (waiting.line_id.move_id.ref or "").startswith(RETURN_REF)
    ):
        problems.append(
            f"{RETURNED_SELLER}'s dispute of his return does not wait in "
            f"{approval.start:%Y-%m}"
        )
    for team in env["crm.team"].search([("user_id", "!=", False)]):
        approvers = (
            env["crm.commission.summary"]
            .search(
                [
                    ("period_id.state", "in", ("approved", "validated", "paid")),
                    ("user_id", "in", (team.member_ids - team.user_id).ids),
                ]
            )
            .approved_by_id
        )
        if approvers and approvers != team.user_id:
            problems.append(
                f"{team.name}'s commissions were approved by "
                f"{', '.join(approvers.mapped('login'))}, not its leader"
            )
    answered = disputes - waiting
    if answered.user_id.login != DISPUTED_SELLER or answered.state != "answered":
        problems.append(f"{DISPUTED_SELLER}'s dispute is not answered")
    version = env["crm.commission.plan"].search([("previous_version_id", "!=", False)])
    if version.date_from != approval.start or version.previous_version_id.date_to != (
        approval.start - timedelta(days=1)
    ):
        problems.append("the plan's new version does not start with the open month")
    if len(version.rule_ids) != len(version.previous_version_id.rule_ids):
        problems.append("the plan's new version lost rules")
    freighted = env["crm.commission.line"].search(
        [("kind", "=", "adjustment"), ("landed_cost_id", "!=", False)]
    )
    if (
        freighted.user_id.login != MARGIN_SELLER
        or len(freighted.period_id) != 1
        or freighted.period_id.state != "computed"
        or len(freighted.origin_period_id) != 1
        or freighted.origin_period_id.state not in ("validated", "paid")
        # each line rounded to the cent
        or abs(sum(freighted.mapped("amount")) + FREIGHT_AMOUNT * MARGIN_RATE / 100)
        > 0.01 * len(freighted)
    ):
        problems.append(
            "the sea freight of a closed month's shipment does not adjust an open "
            "month once"
        )
    poor = env["crm.commission.summary"].search(
        [
            ("period_id.date_from", "=", approval.start),
            ("user_id.login", "=", POOR_SALESPERSON[0]),
        ]
    )
    if not poor or poor.satisfaction_multiplier >= 1:
        problems.append(f"{POOR_SALESPERSON[0]}'s low ratings cost him nothing")


def background_story(env, dates, problems):
    """The month in approval was computed again in the background, for
    admin: it has more invoice lines than the demo company's limit."""
    Period = env["crm.commission.period"]
    approval = dates.commission_month(commission_calendar.APPROVAL)
    in_approval = Period.search(
        [("period_type", "=", "month"), ("date_from", "=", approval.start)]
    )
    job = env["crm.recompute.job"].search(
        [("res_model", "=", Period._name), ("res_id", "=", in_approval.id)]
    )
    if (
        len(job) != 1
        or job.state != "done"
        or job.size <= REQUEST_LINE_LIMIT
        or job.user_id.login != "admin"
    ):
        problems.append(
            f"{approval.start:%Y-%m} was not computed in the background for admin"
        )


def voice_stories(env, problems):
    """The declining customer complained four times; the returned delivery
    was complained about; detractors wait for their follow-up."""
    claims = env["crm.claim"].search([])
    by_customer = claims.grouped(lambda c: c.partner_id.commercial_partner_id)
    if not any(len(c) >= DECLINED_COMPLAINTS for c in by_customer.values()):
        problems.append("no customer complained four times")
    returned = (
        env["account.move"]
        .search([("move_type", "=", "out_refund"), ("ref", "=like", f"{RETURN_REF}%")])
        .reversed_entry_id.line_ids.sale_line_ids.order_id
    )
    if not claims.filtered(lambda c: c.sale_order_id == returned):
        problems.append("the delivery returned for a quality fault has no complaint")
    if not env["survey.user_input"].search_count(
        [("crm_detractor", "=", True), ("crm_followup_open", "=", True)]
    ):
        problems.append("no detractor waits for a follow-up")


def left_after_complaints(env, company, model):
    """A customer that complained and became dormant within the horizon of
    a month end the model learned from (before its hold-out), if any."""
    complained = SQL(
        "SELECT DISTINCT crm_partner_id AS partner_id FROM crm_claim"
        " WHERE company_id = %s",
        company.id,
    )
    day = model.snapshot_from
    while day < model.holdout_from:
        snapshot = env["crm.churn.snapshot"]._snapshot_sql(
            company, complained, day, model.horizon_months
        )
        env.cr.execute(
            SQL(
                "SELECT partner_id FROM (%s) snapshot"
                " WHERE label AND complaint_count > 0 LIMIT 1",
                snapshot,
            )
        )
        found = [row[0] for row in env.cr.fetchall()]
        if found:
            return env["res.partner"].browse(found)
        day = day + timedelta(days=1) + relativedelta(day=31)
    return env["res.partner"]


def churn_stories(env, problems):
    """The churn model was trained and measured on the months it did not
    learn from; the soured customer is at high risk, its complaints among
    the reasons, and has a retention activity for it; a customer that left
    after complaining is among the months it learned from."""
    company = env.company
    model = env["crm.churn.model"].search([("company_id", "=", company.id)], limit=1)
    if not model:
        problems.append(f"no churn model: {company.churn_training_error}")
        return
    if model.auc < MIN_AUC or len(model.calibration_ids) != 20:
        problems.append(
            f"the churn model ranks poorly (AUC {model.auc:.3f}) or has no "
            f"calibration table"
        )
    risk = soured_risk(env, company)
    if (
        risk.band != "high"
        or risk.abc_class not in ("a", "b")
        or not set(risk.reasons or ()) & set(COMPLAINT_REASONS)
    ):
        problems.append(
            f"the soured customer {risk.partner_id.name} is at "
            f"{risk.band or 'no'} risk, class {risk.abc_class}, its reasons "
            f"{risk.reasons}: not high, of class A or B, for its complaints"
        )
    if not env["mail.activity"].search_count(
        [
            ("crm_retention_profile_id", "=", risk.profile_id.id),
            ("crm_retention_reasons", "ilike", "churn_risk"),
        ]
    ):
        problems.append(
            f"{risk.partner_id.name}'s salesperson has no retention activity for "
            f"its churn risk"
        )
    if not left_after_complaints(env, company, model):
        problems.append(
            "no customer that left after complaining is among the months the "
            "churn model learned from"
        )


def key_account_stories(env, dates, problems):
    """Three annual meetings held and one planned; this year's plans; the
    overdue visits."""
    meetings = env["crm.key.account.meeting"].search([])
    states = sorted(meetings.mapped("state"))
    if states != ["held", "held", "held", "planned"]:
        problems.append(f"annual meetings: {states}")
    plans = env["crm.key.account.plan"].search([("year", "=", dates.today.year)])
    if len(plans.filtered(lambda p: p.state == "in_execution")) != len(plans) - 1:
        problems.append("this year's account plans are not in execution but one")
    if not env["crm.key.account"].search_count([("visit_overdue", "=", True)]):
        problems.append("no key account waits too long for a visit")
    shares = env["crm.key.account.share"].search([("date_to", "!=", False)])
    if len(shares.key_account_id) != 1 or shares.mapped("share_pct") != [70.0, 30.0]:
        problems.append("no key account's split moved from 70/30 during the month")
    worst = troubled(env["crm.key.account"].search([("state", "=", "active")]))[:1]
    if worst.health_band != "red":
        problems.append(
            f"the account whose revenue falls most ({worst.name}) is "
            f"{worst.health_band or 'not scored'}, not red"
        )


def profile_stories(env, problems):
    """A retention activity done two months ago is still done; part of a
    salesperson's portfolio went to two colleagues."""
    if not env["crm.customer.profile"].search_count(
        [("retention_state", "=", "handled")]
    ):
        problems.append("no retention work handled")
    source, targets = REASSIGN
    moved = env["crm.customer.ownership"].search(
        [("date_to", "!=", False), ("user_id.login", "=", source)]
    )
    successors = env["crm.customer.ownership"].search(
        [("partner_id", "in", moved.partner_id.ids), ("date_to", "=", False)]
    )
    if set(successors.user_id.mapped("login")) != set(targets):
        problems.append(f"{source}'s customers did not go to {' and '.join(targets)}")


def check(env):
    """The step "check": stop at the first story that does not hold."""
    dates = DemoDates(date.today())
    problems = []
    commission_stories(env, dates, problems)
    background_story(env, dates, problems)
    voice_stories(env, problems)
    churn_stories(env, problems)
    key_account_stories(env, dates, problems)
    profile_stories(env, problems)
    if problems:
        raise RuntimeError("the demo's stories do not hold: " + "; ".join(problems))
    months = ", ".join(
        f"{month.start:%Y-%m} {month.state}" for month in dates.commission_months()
    )
    print(f"stories        hold on {dates.today}: commission months {months}")
