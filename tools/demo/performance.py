# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sales commissions in the demo company.

The step "performance", after the key accounts: reads the salespeople,
invoices and key accounts built before.

- One monthly commission plan for the salespeople since the start of last
  year, on the invoiced revenue: new customers and key accounts earn more
  than the default rate, class A customers a little more; a pay curve with
  a decelerator below 80 % of the target and an accelerator above it,
  marginal, capped at twice the commission.
- Every salesperson has a monthly target: their average month with sales
  of the year before, up to 15 % higher.
- The periods follow the commission calendar (``dates.DemoDates``, on
  the rule of ``crm_performance``'s ``commission_calendar``): the last five
  months are computed by HR, with every salesperson's balanced scorecard
  (the template's weights, the company's revenue target). Last month is in
  its approval month: yang.lei disputed the return that clawed back his
  commission (a quality fault, he says), and his dispute waits for its
  answer. The three months before it were approved by the team leaders
  (and HR for the leaders) and validated by HR, and paid on their pay day
  (the 5th of the month after their approval month, on a working day) when
  it has come; chen.jing disputed a line of the last of them, which her
  team leader answered before approving. This month is running: computed
  so that the salespeople follow it, not approvable before it ends.
- The plan's satisfaction multiplier is on the CSAT of the questions the
  salesperson controls: below 3 it multiplies the commission by 0.85, from
  4.2 by 1.10; yang.lei's customers rate him low. The retention factor on
  last year's A and B customers kept (below 60 % x0.9, from 85 % x1.05), a
  bonus of 3 000 CNY per new customer reaching class B and a penalty of
  5 000 CNY per A customer gone dormant; an invoice unpaid 60 days after
  its due date takes its commission back until it is paid. The scorecard
  multiplies it too: below a score of 50 by 0.95, from 80 by 1.05. A
  fifth of a new customer's commission is held until the customer buys
  again within 6 months: released then, or forfeited.
- HR raised the new-customer rate to 5 % from the month in approval on:
  the plan paid the closed months, so the change is a new version of it,
  effective from the first open period; the closed months keep 4 %.
- The sales manager (wang.fang) is on a plan of her own: 4 % of the gross
  margin of her sales. The sea freight of one of her shipments of a closed
  month is billed in the month in approval: a landed cost on its delivery,
  which an open month adjusts the closed month for (-1 800 x 4 % = -72).
- The commission analysis sets each month beside the month before: no
  data of its own (a view of the lines), printed here for the month in approval.

Deterministic: its own seed; dates relative to today.
"""

import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command

from .common import succeeded
from .dates import DemoDates, commission_calendar
from .history import DISPUTED_SELLER, RETURN_REF, RETURNED_SELLER

SEED = 20261201
PLAN_NAME = {"en_US": "Sales Commission Plan", "zh_CN": "销售佣金方案"}
# (sequence, conditions, rate %): the first that matches an invoice line wins
RULES = [
    (10, {"customer_type": "new"}, 4.0),
    (20, {"key_account": "key"}, 3.0),
    (30, {"customer_class": "a"}, 2.5),
]
DEFAULT_RATE = 2.0
# the new-customer rate of the plan's second version, from the month in
# approval on
NEW_CUSTOMER_RATE = 5.0
# the sales force on the plan, not the general manager; the sales manager
# is paid on gross margin (MARGIN_PLAN)
SALESPEOPLE = (
    "li.na",
    "zhang.wei",
    "chen.jing",
    "liu.yang",
    "yang.lei",
    "zhao.min",
)
# the sales manager's plan: a share of the gross margin of her own sales
MARGIN_PLAN_NAME = {
    "en_US": "Sales Management Margin Plan",
    "zh_CN": "销售管理毛利提成方案",
}
MARGIN_SELLER = "wang.fang"
MARGIN_RATE = 4.0
# the sea freight of one of her shipments of a closed month, billed by the
# forwarder on the 10th of the month in approval: a landed cost on the
# delivery, CNY
FREIGHT = {"en_US": "Sea Freight", "zh_CN": "海运费"}
FREIGHT_AMOUNT = 1800.0
# attainment bands (from %, to %; 0 = open) and their multipliers
TIERS = [(0.0, 80.0, 0.8), (80.0, 100.0, 1.0), (100.0, 0.0, 1.5)]
# the satisfaction multiplier on the CSAT of the questions the salesperson
# controls (the NPS question is not theirs): (score from, multiplier)
CSAT_BANDS = [(1.0, 0.85), (3.0, 1.0), (4.2, 1.10)]
# the retention factor: (share of last year's A and B customers kept, from
# %; factor), and the bonus per new customer reaching B and the penalty per
# A customer gone dormant, in CNY
RETENTION_BANDS = [(0.0, 0.9), (60.0, 1.0), (85.0, 1.05)]
NEW_CUSTOMER_BONUS = 3000.0
# the scorecard multiplier: (scorecard score from; multiplier)
SCORECARD_BANDS = [(0.0, 0.95), (50.0, 1.0), (80.0, 1.05)]
DORMANCY_PENALTY = 5000.0
# the demo company computes at most this many invoice lines while HR waits
# (50 000 by default): its full months, 30 to 50 lines each, are computed in
# the background, to show how
REQUEST_LINE_LIMIT = 10
UNPAID_DAYS = 60  # an invoice unpaid 60 days after its due date is reversed
HOLDBACK_PCT = 20.0  # of a new customer's commission, held until it buys again
HOLDBACK_MONTHS = 6
# in the salesperson's language (zh_CN): chen.jing's dispute of the last
# closed month, answered, and yang.lei's of the month in approval, waiting
DISPUTED_COMMENT = "这家客户是我负责的大客户集团的成员企业，应按大客户费率 3% 计提。"
DISPUTED_ANSWER = (
    "已核对：该客户不是大客户，也不属于任何大客户的集团，按其费率规则计提是正确的。"
)
RETURN_COMMENT = "这笔退货是质量部门的原因，不应该从我的提成中扣除。"
SCORECARD_NAME = {"en_US": "Salesperson Scorecard", "zh_CN": "销售人员平衡计分卡"}
# the demo company's monthly targets, where its size differs from the
# template's proposal: revenue in CNY, new customers
SCORECARD_TARGETS = {"revenue": 1_500_000.0, "new_customers": 1.0}


def monthly_revenue(env, users, first, last):
    """Invoiced revenue (untaxed, credit notes deducted) per salesperson and
    month between ``first`` and ``last``, the months as their first day."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT move.invoice_user_id, date_trunc('month', move.invoice_date)::date,
               SUM(-line.balance)
          FROM account_move_line line
          JOIN account_move move ON move.id = line.move_id
         WHERE move.state = 'posted'
           AND move.move_type IN ('out_invoice', 'out_refund')
           AND line.display_type = 'product'
           AND move.invoice_user_id = ANY(%s)
           AND move.invoice_date BETWEEN %s AND %s
         GROUP BY 1, 2
        """,
        (users.ids, first, last),
    )
    return {(user_id, month): amount for user_id, month, amount in env.cr.fetchall()}


def create_plan(env, start, salespeople):
    plan = env["crm.commission.plan"].create(
        {
            "name": PLAN_NAME["en_US"],
            "date_from": start,
            "period_type": "month",
            "user_ids": [Command.set(salespeople.ids)],
            "base": "invoiced",
            "default_rate": DEFAULT_RATE,
            "new_customer_months": 12,
            "rule_ids": [
                Command.create(dict(conditions, sequence=sequence, rate=rate))
                for sequence, conditions, rate in RULES
            ],
            "curve_type": "steps",
            "step_mode": "marginal",
            "tier_ids": [
                Command.create(
                    {"from_pct": from_pct, "to_pct": to_pct, "multiplier": multiplier}
                )
                for from_pct, to_pct, multiplier in TIERS
            ],
            "max_multiplier": 2.0,
            "target_growth_pct": 5.0,
            "unpaid_reversal_days": UNPAID_DAYS,
            "holdback_pct": HOLDBACK_PCT,
            "holdback_months": HOLDBACK_MONTHS,
            "retention_factor": True,
            "retention_band_ids": [
                Command.create({"retention_from": share, "factor": factor})
                for share, factor in RETENTION_BANDS
            ],
            "retention_new_customer_bonus": NEW_CUSTOMER_BONUS,
            "retention_dormancy_penalty": DORMANCY_PENALTY,
            "satisfaction_score": "csat",
            "satisfaction_band_ids": [
                Command.create({"score_from": score_from, "multiplier": multiplier})
                for score_from, multiplier in CSAT_BANDS
            ],
            "scorecard_multiplier": True,
            "scorecard_band_ids": [
                Command.create({"score_from": score_from, "multiplier": multiplier})
                for score_from, multiplier in SCORECARD_BANDS
            ],
        }
    )
    plan.update_field_translations("name", {"zh_CN": PLAN_NAME["zh_CN"]})
    return plan


def create_margin_plan(env, start):
    """The sales manager's plan: MARGIN_RATE % of the gross margin of her
    own sales (the cost fixed when an invoice is posted, corrected by the
    landed costs of its delivery), without target or curve."""
    plan = env["crm.commission.plan"].create(
        {
            "name": MARGIN_PLAN_NAME["en_US"],
            "date_from": start,
            "period_type": "month",
            "user_ids": [
                Command.set(
                    env["res.users"].search([("login", "=", MARGIN_SELLER)]).ids
                )
            ],
            "base": "margin",
            "default_rate": MARGIN_RATE,
        }
    )
    plan.update_field_translations("name", {"zh_CN": MARGIN_PLAN_NAME["zh_CN"]})
    return plan


def freight_landed_cost(env, months):
    """The sea freight of the sales manager's last shipment invoiced in a
    closed month, known in the month in approval: a landed cost on that
    delivery, which the month in approval adjusts the closed month for."""
    closed = [
        month
        for month in months
        if month.state
        in (commission_calendar.PAID, commission_calendar.AWAITING_PAYMENT)
    ]
    approval = next(
        month for month in months if month.state == commission_calendar.APPROVAL
    )
    key_accounts = env["crm.key.account"].search([]).partner_id
    candidates = env["account.move.line"].search(
        [
            ("move_id.invoice_user_id.login", "=", MARGIN_SELLER),
            ("move_id.move_type", "=", "out_invoice"),
            ("move_id.state", "=", "posted"),
            ("move_id.invoice_date", ">=", closed[0].start),
            ("move_id.invoice_date", "<", approval.start),
            ("move_id.commercial_partner_id", "not in", key_accounts.ids),
            ("display_type", "=", "product"),
            ("sale_line_ids.move_ids.state", "=", "done"),
        ],
        order="date desc, id desc",
    )

    def whole(picking):
        # a shipment invoiced entirely on one invoice: the freight is all its
        order_lines = picking.move_ids.sale_line_id
        invoice_lines = order_lines.invoice_lines
        return (
            picking.state == "done"
            and all(move.is_out for move in picking.move_ids)
            and len(invoice_lines.move_id) == 1
            and len(invoice_lines) == len(order_lines)
            and all(
                order_line.qty_delivered
                == sum(order_line.invoice_lines.mapped("quantity"))
                for order_line in order_lines
            )
        )

    delivery = candidates.sale_line_ids.move_ids.picking_id.filtered(whole).sorted(
        lambda picking: (
            picking.move_ids.sale_line_id.invoice_lines.move_id.invoice_date
        ),
        reverse=True,
    )[:1]
    if not delivery:
        raise RuntimeError(
            f"no shipment of {MARGIN_SELLER}'s invoiced whole in a closed month"
        )
    invoice = delivery.move_ids.sale_line_id.invoice_lines.move_id
    freight = env["product.product"].create(
        {
            "name": FREIGHT["en_US"],
            "type": "service",
            "landed_cost_ok": True,
            "split_method_landed_cost": "equal",
        }
    )
    freight.product_tmpl_id.update_field_translations(
        "name", {"zh_CN": FREIGHT["zh_CN"]}
    )
    # the miscellaneous journal: the Chinese chart has no stock journal
    journal = env["account.journal"].search(
        [("type", "=", "general"), ("company_id", "=", env.company.id)], limit=1
    )
    landed_cost = env["stock.landed.cost"].create(
        {
            "date": approval.start + relativedelta(days=9),
            "account_journal_id": journal.id,
            "picking_ids": [Command.set(delivery.ids)],
            "cost_lines": [
                Command.create(
                    {
                        "product_id": freight.id,
                        "name": FREIGHT["zh_CN"],
                        "price_unit": FREIGHT_AMOUNT,
                        "split_method": "equal",
                    }
                )
            ],
        }
    )
    landed_cost.compute_landed_cost()
    landed_cost.button_validate()
    return landed_cost, invoice


def set_targets(env, rng, plan, salespeople, months):
    """Each month's target: the salesperson's average month with sales in
    the year before it, rounded to 10 000 CNY, up to 15 % higher."""
    first = months[0] - relativedelta(years=1)
    revenue = monthly_revenue(env, salespeople, first, months[-1])
    vals_list = []
    for user in salespeople:
        for month in months:
            year = [
                revenue.get((user.id, month - relativedelta(months=back)), 0.0)
                for back in range(1, 13)
            ]
            # a salesperson who took customers over recently: their months
            active = [amount for amount in year if amount > 0]
            if len(active) < 3:
                continue
            average = sum(active) / len(active)
            amount = round(average * rng.uniform(1.0, 1.15), -4)
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "user_id": user.id,
                    "period_start": month,
                    "amount": amount,
                }
            )
    return env["crm.commission.target"].create(vals_list)


def general_manager_sells_not(env):
    """The administrator (the general manager) is no salesperson: his
    membership of Odoo's default sales team is archived, so he has no
    scorecard."""
    env["crm.team.member"].search(
        [("user_id", "=", env.ref("base.user_admin").id)]
    ).active = False


def create_scorecard_template(env):
    """The template's proposed metrics and weights, with the company's targets."""
    template = env["crm.scorecard.template"].create({"name": SCORECARD_NAME["en_US"]})
    template.update_field_translations("name", {"zh_CN": SCORECARD_NAME["zh_CN"]})
    for metric in template.metric_ids:
        if metric.code in SCORECARD_TARGETS:
            metric.target = SCORECARD_TARGETS[metric.code]
    return template


def compute_periods(env, months):
    """HR computes the periods of ``months`` (``dates.CommissionMonth``)
    and their scorecards."""
    Period = env["crm.commission.period"]
    periods = Period.create(
        [{"period_type": "month", "date_from": month.start} for month in months]
    )
    succeeded(periods._recompute(env.company))
    succeeded(env["crm.salesperson.scorecard"]._compute_periods(periods))
    return periods


def dispute(env, period, login, domain, comment):
    """The salesperson disputes their largest line of ``period`` matching
    ``domain``: the line the story (``history``) planted."""
    user = env["res.users"].search([("login", "=", login)])
    line = env["crm.commission.line"].search(
        [("period_id", "=", period.id), ("user_id", "=", user.id), *domain],
        order="amount desc, id",
        limit=1,
    )
    if not line:
        raise RuntimeError(f"{login} has no line of {period.name} to dispute")
    return (
        env["crm.commission.dispute"]
        .with_user(user)
        .with_context(lang=user.lang)
        .create({"line_id": line.id, "comment": comment})
    )


def approve(env, period):
    """The team leaders approve their salespeople, HR the leaders."""
    leaders = env["crm.team"].search([("user_id", "!=", False)]).user_id
    for approver in (*leaders, env.ref("base.user_admin")):
        # what shows them the Approve button
        if period.with_user(approver).can_approve:
            period.with_user(approver).action_approve()


def close_periods(env, months, periods):
    """The closed months approved and validated, and paid on their pay day
    when it has come; chen.jing's dispute of the last of them answered by
    her team leader first. yang.lei's dispute of the month in approval
    waits; this month runs."""
    admin = env.ref("base.user_admin")
    *closed, in_approval, _running = periods
    answered = dispute(
        env,
        closed[-1],
        DISPUTED_SELLER,
        [("kind", "=", "earned"), ("is_key_account", "=", False), ("rate", "<", 3.0)],
        DISPUTED_COMMENT,
    )
    answerer = (
        env["crm.team"]
        .search(
            [("member_ids", "in", answered.user_id.ids), ("user_id", "!=", False)],
            limit=1,
        )
        .user_id
    )
    answered.with_user(answerer).write({"answer": DISPUTED_ANSWER})
    answered.with_user(answerer).action_answer()
    for period, month in zip(closed, months, strict=False):
        if period.planned_payment_date != month.pay_date:
            raise RuntimeError(
                f"{period.name}: the company calendar pays on "
                f"{period.planned_payment_date}, the demo's on {month.pay_date}"
            )
        approve(env, period)
        period.with_user(admin).action_validate()
        if month.state == commission_calendar.PAID:
            period.with_user(admin)._pay(month.pay_date, f"PAY-{month.pay_date:%Y%m}")
    waiting = dispute(
        env,
        in_approval,
        RETURNED_SELLER,
        [("kind", "=", "clawback"), ("move_id.ref", "=like", f"{RETURN_REF}%")],
        RETURN_COMMENT,
    )
    return answered, waiting


def new_version(env, plan, periods):
    """HR raises the new-customer rate from the month in approval on: a new
    version of the plan, since the plan paid the closed months, which keep
    the rate they were paid at; the open periods are computed again."""
    admin = env.ref("base.user_admin")
    action = plan.with_user(admin).action_new_version()
    version = env["crm.commission.plan"].browse(action["res_id"])
    new_customers = version.rule_ids.filtered(lambda r: r.customer_type == "new")
    new_customers.with_user(admin).rate = NEW_CUSTOMER_RATE
    open_periods = periods.filtered(lambda p: p.state == "computed")
    succeeded(open_periods._recompute(env.company))
    return version


def compute_in_background(env, period):
    """HR computes the month in approval again: above the demo company's
    limit, it is queued; the scheduler computes it, reports its steps and
    notifies HR (run here as the scheduled action runs it)."""
    env.company.commission_request_line_limit = REQUEST_LINE_LIMIT
    period.with_user(env.ref("base.user_admin")).action_compute()
    Job = env["crm.recompute.job"]
    Job._cron_run()
    return Job.search(
        [("res_model", "=", period._name), ("res_id", "=", period.id)], limit=1
    )


def compare_with_previous(env, period):
    """The period's commission of the lines and the previous period's, as
    the commission analysis gives them."""
    [(amount, previous)] = env["crm.commission.analysis"]._read_group(
        [("period_id", "=", period.id)], [], ["amount:sum", "previous_amount:sum"]
    )
    return amount or 0.0, previous or 0.0


def generate(env):
    """The step "performance": commissions and scorecards."""
    rng = random.Random(SEED)
    dates = DemoDates(date.today())
    # the sales force works in Shanghai: "today" is the company's
    env = env(
        context=dict(
            env.context, tracking_disable=True, lang="en_US", tz="Asia/Shanghai"
        )
    )
    months = dates.commission_months()
    salespeople = env["res.users"].search([("login", "in", SALESPEOPLE)])
    plan = create_plan(
        env, dates.this_month.replace(month=1) - relativedelta(years=1), salespeople
    )
    targets = set_targets(
        env, rng, plan, salespeople, [month.start for month in months]
    )
    margin_plan = create_margin_plan(
        env, dates.this_month.replace(month=1) - relativedelta(years=1)
    )
    landed_cost, freighted = freight_landed_cost(env, months)
    general_manager_sells_not(env)
    create_scorecard_template(env)
    periods = compute_periods(env, months)
    answered, waiting = close_periods(env, months, periods)
    version = new_version(env, plan, periods)
    job = compute_in_background(env, periods[-2])
    env.cr.commit()
    summaries = periods.summary_ids
    print(
        f"commissions    plan {plan.name}: {len(plan.rule_ids)} rules, "
        f"{len(plan.tier_ids)} tiers; {len(targets)} monthly targets; "
        f"{len(periods)} periods computed, {len(periods.line_ids)} lines, "
        f"{len(summaries)} summaries, "
        f"{sum(summaries.mapped('commission')):,.0f} CNY"
    )
    print(
        f"plan version   {version.name} from {version.date_from}: new customers "
        f"{NEW_CUSTOMER_RATE:g} % (the closed months keep {RULES[0][2]:g} %)"
    )
    print(
        f"workflow       {', '.join(f'{p.name} {p.state}' for p in periods)} "
        f"(pay days {', '.join(f'{m.pay_date:%m-%d}' for m in months[:-1])}); "
        f"disputes: {answered.user_id.login} answered ({answered.period_id.name}), "
        f"{waiting.user_id.login} waiting ({waiting.period_id.name})"
    )
    print(
        f"background     {job.name} ({job.size} invoice lines > "
        f"{REQUEST_LINE_LIMIT}) queued by {job.user_id.login}: {job.state}, "
        f"{job.message}"
    )
    held = {
        kind: len(lines)
        for kind, lines in periods.line_ids.grouped("kind").items()
        if kind.startswith("holdback")
    }
    print(
        f"holdbacks      {held.get('holdback', 0)} held, "
        f"{held.get('holdback_release', 0)} released, "
        f"{held.get('holdback_forfeit', 0)} forfeited"
    )
    adjusted = periods.line_ids.filtered(
        lambda line: line.landed_cost_id == landed_cost
    )
    print(
        f"margin plan    {margin_plan.name}: {MARGIN_SELLER} {MARGIN_RATE:g} % of "
        f"gross margin; {landed_cost.name} ({FREIGHT_AMOUNT:,.0f} CNY sea freight "
        f"of {freighted.name}, {landed_cost.date}) adjusts "
        + ", ".join(f"{line.period_id.name} {line.amount:,.2f}" for line in adjusted)
    )
    in_approval, before = periods[-2], periods[-3]
    amount, previous = compare_with_previous(env, in_approval)
    print(
        f"analysis       {in_approval.name}: lines {amount:,.0f} CNY against "
        f"{previous:,.0f} CNY in {before.name}"
    )
    scorecards = periods.scorecard_ids
    last = scorecards.filtered(lambda card: card.period_id == in_approval)
    print(
        f"scorecards     {len(scorecards)} in {len(periods)} months; "
        f"{in_approval.name} "
        + ", ".join(
            f"{card.user_id.login} {card.total_score:.0f}"
            for card in last.sorted(lambda card: -card.total_score)
        )
    )
