# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A year of the demo company's customer profiles, and the sales manager's
work on them: the monthly profile runs of the last year (classes, stages,
retention activities, one of them done by its salesperson), class overrides,
a stage pin, a portfolio reassignment, and the salesperson who left."""

from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tools import SQL

from .common import soured_deliveries, succeeded

PROFILE_MONTHS = 13  # monthly profile runs: the last year and its first day
# (class, reason, with an end date): sales manager overrides
ABC_OVERRIDES = [
    (
        "a",
        "战略客户: 新工厂明年投产 / Strategic customer: new plant starting next year",
        False,
    ),
    (
        "a",
        "集团框架协议谈判中, 年底前按 A 类服务 / "
        "Group framework agreement under negotiation: A service until year end",
        True,
    ),
    (
        "b",
        "产线外迁越南, 明年起需求减半 / Production moving to Vietnam: "
        "half the demand from next year",
        False,
    ),
]
LIFECYCLE_PIN = (
    "maturity",
    "工厂停产检修三个月, 需求不变, 订单下季度恢复 / Plant shut down three months "
    "for overhaul: demand unchanged, orders resume next quarter",
)
# part of a salesperson's portfolio, the customers of the industry they have
# most customers in, spread over two colleagues
REASSIGN = ("zhao.min", ("yang.lei", "chen.jing"))
# a salesperson calls a dormant customer and marks the retention activity done,
# in her own language, this many months before today: the next monthly runs
# leave it done
RETENTION_DONE = (
    "li.na",
    2,
    "已致电采购经理：生产线搬到新厂区，停产期间不采购，预计明年春季恢复下单，届时再跟进。",
)


def backdate_ownership(env):
    """Customers have been their salesperson's since their first order."""
    env.flush_all()
    env.cr.execute(
        """
        UPDATE crm_customer_ownership ownership
           SET date_from = first.day
          FROM (SELECT partner.commercial_partner_id AS partner_id,
                       MIN(sale.date_order)::date AS day
                  FROM sale_order sale
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 GROUP BY partner.commercial_partner_id) first
         WHERE ownership.partner_id = first.partner_id
           AND ownership.date_to IS NULL
           AND first.day < ownership.date_from
        """
    )
    env.invalidate_all()


def profile_history(env, company, dates):
    """A year of monthly profile runs, then the sales manager's work: class
    overrides, a stage pin and a portfolio reassignment."""
    backdate_ownership(env)
    manager = env["res.users"].search([("login", "=", "wang.fang")])
    company.retention_fallback_user_id = manager
    # each month's run sees the documents of its day only
    handled = env["mail.activity"]
    for months in range(PROFILE_MONTHS - 1, -1, -1):
        day = dates.months_ago(months)
        succeeded(env["crm.customer.profile"]._recompute(company, today=day))
        if months == RETENTION_DONE[1]:
            handled = retention_done(env, dates, day)

    Profile = env["crm.customer.profile"]
    profiles = Profile.search([("company_id", "=", company.id)])

    def stage(profile):
        return profile.lifecycle_stage_id.code

    # overrides: a small customer becoming strategic, a B customer served as A
    # for a while, an A customer whose demand is about to halve
    candidates = [
        profiles.filtered(
            lambda p: p.abc_class == "c" and stage(p) in ("growth", "exploration")
        )
        or profiles.filtered(lambda p: p.abc_class == "c"),
        profiles.filtered(lambda p: p.abc_class == "b" and stage(p) == "growth")
        or profiles.filtered(lambda p: p.abc_class == "b"),
        profiles.filtered(lambda p: p.abc_class == "a" and stage(p) == "decline")
        or profiles.filtered(lambda p: p.abc_class == "a"),
    ]
    today = dates.today
    end_of_year = date(today.year, 12, 31)
    until = (
        end_of_year if (end_of_year - today).days >= 30 else date(today.year + 1, 3, 31)
    )
    overridden = Profile
    for (abc_class, reason, ends), chosen in zip(
        ABC_OVERRIDES, candidates, strict=True
    ):
        profile = chosen.sorted(lambda p: (-p.revenue_12m, p.id))[:1]
        env["crm.customer.abc.override"].with_user(manager).create(
            {
                "profile_ids": [Command.set(profile.ids)],
                "abc_class": abc_class,
                "reason": reason,
                "until": ends and until,
            }
        ).action_apply()
        overridden |= profile

    # a pin: a customer whose revenue fell because of a long plant overhaul
    # (not a soured customer, whose deliveries went wrong)
    code, reason = LIFECYCLE_PIN
    soured = soured_deliveries(env, company).partner_id.commercial_partner_id
    pinned = (
        profiles.filtered(
            lambda p: stage(p) == "decline" and p.partner_id not in soured
        )
        - overridden
    ).sorted(lambda p: (-p.revenue_prev_12m, p.id))[:1]
    env["crm.customer.lifecycle.pin"].with_user(manager).create(
        {
            "profile_ids": [Command.set(pinned.ids)],
            "stage_id": env["crm.lifecycle.stage"].search([("code", "=", code)]).id,
            "reason": reason,
        }
    ).action_apply()

    # a reassignment: one industry of a salesperson's customers to two colleagues
    source_login, target_logins = REASSIGN
    users = env["res.users"].search([("login", "in", [source_login, *target_logins])])
    source = users.filtered(lambda u: u.login == source_login)
    industries = [
        (-count, industry.name, industry)
        for industry, count in env["res.partner"]._read_group(
            [("user_id", "=", source.id), ("is_company", "=", True)],
            ["industry_id"],
            ["__count"],
        )
        if industry
    ]
    industry = min(industries)[2]
    wizard = (
        env["crm.portfolio.reassign"]
        .with_user(manager)
        .create(
            {
                "source_user_id": source.id,
                "industry_ids": [Command.set(industry.ids)],
                "mode": "spread",
                "target_user_ids": [
                    Command.set(users.filtered(lambda u: u.login in target_logins).ids)
                ],
            }
        )
    )
    moved = wizard.partner_ids
    wizard.action_apply()
    env.flush_all()
    return overridden, pinned, moved, handled


def retention_done(env, dates, day):
    """A salesperson calls a dormant customer of hers, on the third working
    day after the run of ``day``, and marks its retention activity done with
    what she learnt; the customer orders nothing afterwards."""
    login, _months, feedback = RETENTION_DONE
    user = env["res.users"].search([("login", "=", login)])
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT DISTINCT partner.commercial_partner_id
              FROM sale_order sale
              JOIN res_partner partner ON partner.id = sale.partner_id
             WHERE sale.date_order > %s
            """,
            day,
        )
    )
    ordering_again = [row[0] for row in env.cr.fetchall()]
    activity = env["mail.activity"].search(
        [
            ("user_id", "=", user.id),
            ("crm_retention_reasons", "=", "dormant"),
            ("res_id", "not in", ordering_again),
        ],
        order="id",
        limit=1,
    )
    called = dates.on_or_after(day + timedelta(days=3))
    with freeze_time(datetime.combine(called, time(2))):
        activity.with_user(user).with_context(lang=user.lang).action_feedback(
            feedback=feedback
        )
    return activity


def profile_counts(env, company):
    """Customers per ABC class and per lifecycle stage, every one listed."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT classes.code, COUNT(profile.id)
              FROM unnest(ARRAY['a', 'b', 'c', 'none']) AS classes(code)
              LEFT JOIN crm_customer_profile profile
                ON profile.abc_class = classes.code AND profile.company_id = %s
             GROUP BY classes.code ORDER BY classes.code
            """,
            company.id,
        )
    )
    classes = dict(env.cr.fetchall())
    env.cr.execute(
        SQL(
            """
            SELECT stage.code, COUNT(profile.id)
              FROM crm_lifecycle_stage stage
              LEFT JOIN crm_customer_profile profile
                ON profile.lifecycle_stage_id = stage.id
               AND profile.company_id = %s
             GROUP BY stage.code, stage.sequence ORDER BY stage.sequence
            """,
            company.id,
        )
    )
    stages = dict(env.cr.fetchall())
    return classes, stages


def salesperson_left(users, employees):
    """huang.tao has left: user, employee and team membership archived, his
    customers still his."""
    left_user = users.filtered(lambda u: u.login == "huang.tao")
    employees.filtered(lambda e: e.user_id == left_user).active = False
    left_user.env["crm.team.member"].search(
        [("user_id", "=", left_user.id)]
    ).active = False
    left_user.active = False


def profile_phase(env, company, dates, customers):
    """The profile history and the manager's work; the summary lines."""
    overridden, pinned, moved, handled = profile_history(env, company, dates)
    classes, stages = profile_counts(env, company)
    retention = dict.fromkeys(("open", "handled", "unassigned"), 0)
    retention.update(
        env["crm.customer.profile"]._read_group(
            [("company_id", "=", company.id), ("retention_state", "!=", False)],
            ["retention_state"],
            ["__count"],
        )
    )
    count = {
        model: env[model].search_count([("company_id", "=", company.id)])
        for model in ("crm.customer.abc.history", "crm.lifecycle.history")
    }
    Ownership = env["crm.customer.ownership"]
    comebacks = sum(1 for customer in customers if customer.get("comeback"))
    lines = [
        f"ABC classes    {', '.join(f'{k} {v}' for k, v in classes.items())}"
        f" ({len(overridden)} overridden by wang.fang)",
        f"stages         {', '.join(f'{k} {v}' for k, v in stages.items())}"
        f" ({len(pinned)} pinned; {comebacks} quiet customers ordered again)",
        f"history        {PROFILE_MONTHS} monthly profile runs: "
        f"{count['crm.customer.abc.history']} class changes, "
        f"{count['crm.lifecycle.history']} stage changes; "
        f"{Ownership.search_count([])} ownership periods, "
        f"{len(moved)} customers of {REASSIGN[0]} moved to "
        f"{' and '.join(REASSIGN[1])} "
        f"({Ownership.search_count([('date_to', '!=', False)])} periods closed)",
        f"retention      {retention['open']} customers with an open activity, "
        f"{retention['handled']} handled ({handled.res_name}: done by "
        f"{RETENTION_DONE[0]} {RETENTION_DONE[1]} months ago, not recreated), "
        f"{retention['unassigned']} without an assignee",
    ]
    missing = [k for k, v in (classes | stages).items() if not v]
    if missing:
        lines.append(f"note           no customer in: {', '.join(missing)}")
    return lines
