# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Key-account management in the demo company.

The step "key_accounts", after the voice of the customer: reads the
customers and profiles built before.

- Twelve of the largest customers are active key accounts, selected over the
  last two years: the key-account managers zhang.wei and chen.jing six each,
  the sales manager wang.fang or the general manager as executive sponsor,
  and a cross-functional team (sales, application engineering, quality,
  logistics) with their shares.
- li.na has just proposed one of her customers; it waits for the director's
  decision. A proposal of last year was rejected.
- People rated the criteria they judge, with comments in Chinese.
- Executives visited each account about every three months; two accounts
  have gone without a visit for too long and nothing is planned, a few have
  their next visit in the calendar. The annual meeting was held with three
  accounts in the last seven weeks (minutes, and decisions that became
  action items of the plan of the meeting's year, or activities when the
  meeting was last year's) and is planned with a fourth in three weeks.
- Every active account has this year's plan, approved by the director and
  in execution (one still waits for approval): the customer's situation,
  SWOT, two competitors, objectives measured from the data, the buying
  centre with a role left uncovered, and action items, some done.
- Customers have a size band; the KAMs entered the annual spend of half of
  their accounts, the others are estimated from similar customers.
- The key-account steps of the nightly run were run at every month end of
  the last year, so the health scores have a year of snapshots.

Deterministic: its own seed; dates relative to today, visits and meetings
on working days (``dates.DemoDates``).
"""

import random
from datetime import date, datetime, timedelta

from odoo import Command

from .common import succeeded
from .dates import DemoDates

SEED = 20261130
ACTIVE = 12
# the split of one account, seller then manager, from the tenth of the
# month in approval (it was 70/30)
SHARE_CHANGE = (60.0, 40.0)
MANAGERS = ("zhang.wei", "chen.jing")
# colleagues outside sales who serve key accounts: login, name, job, role
COLLEAGUES = [
    (
        "zhou.qiang",
        "周强",
        "应用工程师",
        "crm_key_account.role_application_engineering",
    ),
    ("wu.min", "吴敏", "质量工程师", "crm_key_account.role_quality"),
    ("zheng.lei", "郑磊", "物流主管", "crm_key_account.role_logistics"),
]
REASONS = [
    "年采购额大且稳定，新产线项目需要我们的技术支持。",
    "行业标杆客户，有望扩大到更多产品品类。",
    "多年合作，毛利高，采购额还有很大增长空间。",
]
# the criteria people rate, with what they wrote
RATING_COMMENTS = [
    ("criterion_potential", "客户年采购额约为我们收入的三倍。"),
    ("criterion_strategic_fit", "新能源产线正是我们重点发展的方向。"),
    ("criterion_relationship", "与采购、工程和质量部门都有定期联系。"),
    ("criterion_cost_to_serve", "订单批量稳定，特殊要求少。"),
    ("criterion_reference", "行业内其他客户会参考其供应商选择。"),
]


def colleagues(env):
    """Internal users of engineering, quality and logistics who join teams."""
    users = env["res.users"]
    for login, name, job, _role in COLLEAGUES:
        user = users.search([("login", "=", login)])
        if not user:
            user = users.with_context(no_reset_password=True).create(
                {
                    "login": login,
                    "name": name,
                    "email": f"{login}@ecprecision.com.cn",
                    "lang": "zh_CN",
                    "tz": "Asia/Shanghai",
                    "password": "demo",
                    "notification_type": "inbox",
                    "group_ids": [
                        Command.link(env.ref("sales_team.group_sale_salesman").id)
                    ],
                }
            )
            user.partner_id.function = job
        users |= user
    return users


def back_date(account, proposed, approved, active):
    """Move the workflow's dates to when it happened; the team's shares
    were set on the day the account became active."""
    account.sudo().write(
        {"proposed_date": proposed, "approved_date": approved, "active_date": active}
    )
    account.env.flush_all()
    account.env.cr.execute(
        "UPDATE crm_key_account_share SET date_from = %s "
        "WHERE key_account_id = %s AND date_to IS NULL",
        [active, account.id],
    )
    account.env.invalidate_all()


def share_change(env, accounts, dates):
    """The director moved the split of an account whose seller is not its
    manager from 70/30 to 60/40 on the tenth of the month in approval (the
    manager took over the negotiations): its invoices are split so from
    that day, the months before keep 70/30."""
    director = env.ref("base.user_admin")
    account = accounts.filtered(
        lambda a: len(a.sudo().member_ids.filtered("share_pct")) == 2
    )[:1]
    seller, manager = (
        account.sudo()
        .member_ids.filtered("share_pct")
        .sorted(lambda member: -member.share_pct)
    )
    seller.with_user(director).share_pct = SHARE_CHANGE[0]
    manager.with_user(director).share_pct = SHARE_CHANGE[1]
    day = dates.on_or_after(dates.commission_month("approval").start.replace(day=10))
    env.flush_all()
    env.cr.execute(
        """
        UPDATE crm_key_account_share
           SET date_to = CASE WHEN date_to IS NULL THEN NULL ELSE %(day)s::date - 1 END,
               date_from = CASE WHEN date_to IS NULL THEN %(day)s ELSE date_from END
         WHERE key_account_id = %(account)s
           AND (date_to IS NULL OR date_to >= %(day)s::date - 1)
        """,
        {"day": day, "account": account.id},
    )
    env.invalidate_all()
    return account, day


def select_key_accounts(env, rng, dates):
    """The twelve largest customers as active key accounts, with teams."""
    company = env.company
    by_login = {u.login: u for u in env["res.users"].search([])}
    director = env.ref("base.user_admin")
    profiles = env["crm.customer.profile"].search(
        [
            ("company_id", "=", company.id),
            ("abc_class", "=", "a"),
            # a salesperson who left proposes nothing and joins no team
            "|",
            ("user_id", "=", False),
            ("user_id.active", "=", True),
        ],
        order="revenue_12m desc, id",
        limit=ACTIVE,
    )
    team = colleagues(env)
    rated = [
        (env.ref(f"crm_key_account.{xmlid}"), comment)
        for xmlid, comment in RATING_COMMENTS
    ]
    accounts = env["crm.key.account"]
    for index, profile in enumerate(profiles):
        manager = by_login[MANAGERS[index % 2]]
        proposer = profile.user_id or manager
        account = (
            env["crm.key.account"]
            .with_user(proposer)
            .create(
                {
                    "partner_id": profile.partner_id.id,
                    "proposal_reason": REASONS[index % len(REASONS)],
                    "manager_id": manager.id,
                    "sponsor_id": (by_login["wang.fang"] if index % 3 else director).id,
                    "rating_ids": [
                        Command.create(
                            {
                                "criterion_id": criterion.id,
                                "rating": str(rng.choice((3, 4, 4, 5))),
                                "comment": comment,
                            }
                        )
                        for criterion, comment in rated
                    ],
                }
            )
        )
        account = account.with_user(director)
        account.action_approve()
        account.with_user(manager).action_activate()
        # the commission split: the salesperson 70 %, the KAM 30 % (or all of
        # it when the KAM sells to the account); the others have no share
        seller = profile.user_id or manager
        members = [
            Command.create(
                {
                    "user_id": seller.id,
                    "role_id": env.ref("crm_key_account.role_sales").id,
                    "share_pct": 70.0 if seller != manager else 100.0,
                }
            )
        ]
        for user, (_login, _name, _job, role) in zip(team, COLLEAGUES, strict=True):
            if rng.random() < 0.7:
                members.append(
                    Command.create({"user_id": user.id, "role_id": env.ref(role).id})
                )
        if seller != manager:
            members.append(
                Command.create(
                    {
                        "user_id": manager.id,
                        "role_id": env.ref("crm_key_account.role_sales").id,
                        "share_pct": 30.0,
                    }
                )
            )
        account.member_ids = members
        active = dates.on_or_before(dates.today - timedelta(days=rng.randint(120, 700)))
        back_date(
            account,
            dates.on_or_before(active - timedelta(days=rng.randint(20, 40))),
            dates.on_or_before(active - timedelta(days=rng.randint(1, 10))),
            active,
        )
        accounts |= account
    return accounts


def pending_and_rejected(env, dates):
    """li.na's fresh proposal, and a proposal rejected last year."""
    li_na = env["res.users"].search([("login", "=", "li.na")])
    taken = env["crm.key.account"].search([]).partner_id
    candidates = env["crm.customer.profile"].search(
        [
            ("user_id", "=", li_na.id),
            ("abc_class", "in", ("a", "b")),
            ("lifecycle_stage_id.code", "in", ("growth", "maturity", "recovered")),
            ("partner_id", "not in", taken.ids),
        ],
        order="revenue_12m desc, id",
        limit=2,
    )
    pending = (
        env["crm.key.account"]
        .with_user(li_na)
        .create(
            {
                "partner_id": candidates[0].partner_id.id,
                "proposal_reason": "客户计划明年新建两条产线，采购额预计翻倍。",
            }
        )
    )
    rejected = (
        env["crm.key.account"]
        .with_user(li_na)
        .create(
            {
                "partner_id": candidates[1].partner_id.id,
                "proposal_reason": "老客户，希望得到更多资源支持。",
            }
        )
    )
    rejected.with_user(env.ref("base.user_admin")).action_reject(
        "采购额虽大但毛利低、增长停滞，暂不列为大客户，明年再评估。"
    )
    rejected.sudo().write(
        {"proposed_date": dates.on_or_before(dates.today - timedelta(days=400))}
    )
    rejected.sudo().write(
        {"end_date": dates.on_or_before(dates.today - timedelta(days=380))}
    )
    return pending, rejected


SIZE_BY_CLASS = {
    "a": ("large", "very_large", "very_large"),
    "b": ("medium", "large", "large"),
    "c": ("small", "medium", "medium"),
    "none": ("small", "small", "medium"),
}
SPEND_SOURCES = [
    "客户采购总监年度访谈",
    "客户年报及供应商大会资料",
    "与客户工程部共同评估的年度需求",
]
MEETING_MINUTES = (
    "<p>回顾了本年度的合作：交货准时率有所提升，但仍有两次延误影响了客户产线。</p>"
    "<p>客户介绍了明年的扩产计划，新产线预计第三季度投产，需要我们参与前期选型。</p>"
    "<p>双方同意建立季度质量评审机制。</p>"
)
MEETING_DECISIONS = [
    ("提交明年框架协议报价", 30),
    ("安排应用工程师参与新产线选型", 60),
    ("建立季度质量评审会议", 45),
]


def size_bands(env, rng):
    """Each customer company's size band, larger for the larger classes."""
    profiles = env["crm.customer.profile"].search([("company_id", "=", env.company.id)])
    for profile in profiles:
        profile.partner_id.crm_size_band = rng.choice(SIZE_BY_CLASS[profile.abc_class])


def troubled(accounts):
    """The two accounts whose revenue falls most: left without executive
    visits; the first also buys most of its needs elsewhere."""
    return accounts.sorted(
        lambda account: (account.profile_id.revenue_trend_pct or 0.0, account.id)
    )[:2]


def visits(env, rng, accounts, dates):
    """Executive visits on working days since each account became active,
    about every 90 days; the two troubled accounts left without one for too
    long, a few planned."""
    today = dates.today
    Event = env["calendar.event"]
    neglected = troubled(accounts)
    vals_list = []
    for index, account in enumerate(accounts):
        account.visit_interval_days = 90
        sponsor = account.sponsor_id or account.manager_id
        contact = account.partner_id.child_ids[:1]
        day = dates.on_or_after(
            account.active_date + timedelta(days=rng.randint(10, 40))
        )
        # no visit for the last seven months
        stop = today - timedelta(days=210) if account in neglected else today
        while day < stop:
            start = datetime.combine(day, datetime.min.time()) + timedelta(hours=2)
            vals_list.append(
                {
                    "name": f"高层拜访：{account.partner_id.name}",
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "user_id": sponsor.id,
                    "crm_key_account_id": account.id,
                    "crm_visit_type": "executive",
                    "partner_ids": [
                        Command.set(
                            (
                                sponsor.partner_id
                                | account.manager_id.partner_id
                                | contact
                            ).ids
                        )
                    ],
                }
            )
            day = dates.on_or_after(day + timedelta(days=rng.randint(70, 100)))
        if index % 4 == 1:
            start = datetime.combine(
                dates.on_or_after(today + timedelta(days=rng.randint(5, 25))),
                datetime.min.time(),
            ) + timedelta(hours=2)
            vals_list.append(
                {
                    "name": f"高层拜访：{account.partner_id.name}",
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "user_id": sponsor.id,
                    "crm_key_account_id": account.id,
                    "crm_visit_type": "executive",
                    "partner_ids": [Command.set((sponsor.partner_id | contact).ids)],
                }
            )
    return Event.with_context(no_mail_to_attendees=True).create(vals_list)


def annual_meetings(env, accounts, dates):
    """The annual meeting held with three accounts, planned with a fourth."""
    Meeting = env["crm.key.account.meeting"]
    meetings = Meeting
    for index, account in enumerate(accounts[:4]):
        held = index < 3
        day = dates.annual_meeting_day(index)
        meeting = Meeting.with_user(account.manager_id).create(
            {
                "key_account_id": account.id,
                "year": day.year,
                "date": datetime.combine(day, datetime.min.time()) + timedelta(hours=1),
                "location": account.partner_id.city or "客户总部",
                "user_ids": [
                    Command.set((account.manager_id | account.sponsor_id).ids)
                ],
                "contact_ids": [Command.set(account.partner_id.child_ids[:2].ids)],
            }
        )
        meeting.with_context(no_mail_to_attendees=True).action_schedule()
        if held:
            meeting.write(
                {
                    "minutes": MEETING_MINUTES,
                    "decision_ids": [
                        Command.create(
                            {
                                "name": name,
                                "owner_id": (
                                    account.manager_id
                                    if n % 2 == 0
                                    else account.sponsor_id
                                ).id,
                                "due_date": dates.on_or_after(
                                    day + timedelta(days=days)
                                ),
                            }
                        )
                        for n, (name, days) in enumerate(MEETING_DECISIONS)
                    ],
                }
            )
            meeting.action_held()
        meetings |= meeting
    return meetings


def spend_entries(env, rng, accounts, dates):
    """Half of the accounts have their annual spend entered by their KAM."""
    Wallet = env["crm.key.account.wallet"]
    worst = troubled(accounts)[:1]
    for index, account in enumerate(accounts):
        if index % 2 and account != worst:
            continue
        revenue = account.profile_id.revenue_12m
        share = 0.08 if account == worst else rng.uniform(0.25, 0.8)
        Wallet.with_user(account.manager_id).create(
            {
                "key_account_id": account.id,
                "year": dates.today.year,
                "spend": round(revenue / share, -4),
                "source": SPEND_SOURCES[index % len(SPEND_SOURCES)],
                "date": dates.on_or_before(
                    dates.today - timedelta(days=rng.randint(30, 200))
                ),
            }
        )


COMPETITORS = [
    ("上海精锐传动科技有限公司", "齿轮、联轴器", 30.0, "价格低，交期短", "技术支持弱"),
    ("SKF 中国", "轴承", 20.0, "品牌和全球供应", "价格高，小批量响应慢"),
]
PLAN_TEXTS = {
    "situation": "客户产能持续扩张，正在建设新产线，对供应商的交期和质量要求提高。",
    "strategy": "客户以降本和国产替代为重点，希望核心零部件有两家合格供应商。",
    "value_chain": "我们的零部件用于客户的主机装配，客户的产品销往国内外整机厂。",
    "our_position": "我们是精密传动件的主要供应商，在新产线选型中有机会进入更多品类。",
    "swot_strengths": "质量稳定，应用工程支持及时，距离客户工厂近。",
    "swot_weaknesses": "部分品类价格偏高，旺季交期不稳定。",
    "swot_opportunities": "新产线需要新的密封件和液压件，客户推进国产替代。",
    "swot_threats": "竞争对手低价进入，客户采购集中招标。",
}
BUYING_CENTRE = [
    # function of the contact, role, influence, attitude
    ("总经理", "decision_maker", 5, "supporter"),
    ("采购经理", "buyer", 4, "neutral"),
    ("设备工程师", "technical_evaluator", 4, "champion"),
    ("质量经理", "influencer", 3, "sceptic"),
]
ACTIONS = [
    ("组织新产线技术交流会", 60),
    ("安排质量经理回访，落实纠正措施", 240),
    ("提交年度框架协议报价", 330),
]


def plans(env, rng, accounts, dates):
    """This year's plan of every active account, in execution but one."""
    today = dates.today
    director = env.ref("base.user_admin")
    competitors = env["res.partner"]
    for name, *_rest in COMPETITORS:
        competitors |= competitors.search(
            [("name", "=", name), ("is_company", "=", True)], limit=1
        ) or competitors.create({"name": name, "is_company": True})
    Plan = env["crm.key.account.plan"]
    created = Plan
    for index, account in enumerate(accounts):
        manager = account.manager_id
        revenue = account.profile_id.revenue_prev_12m or account.profile_id.revenue_12m
        contacts = account.partner_id.child_ids
        by_function = {contact.function: contact for contact in contacts}
        plan = Plan.with_user(manager).create(
            {
                "key_account_id": account.id,
                "year": today.year,
                **PLAN_TEXTS,
                "competitor_ids": [
                    Command.create(
                        {
                            "competitor_id": competitor.id,
                            "product_lines": lines,
                            "estimated_share_pct": share,
                            "strengths": strengths,
                            "weaknesses": weaknesses,
                        }
                    )
                    for competitor, (_name, lines, share, strengths, weaknesses) in zip(
                        competitors, COMPETITORS, strict=True
                    )
                ],
                "objective_ids": [
                    Command.create(
                        {
                            "objective_type": "revenue",
                            "name": "年度开票收入增长 10%",
                            "target": round(revenue * 1.1, -4),
                        }
                    ),
                    Command.create(
                        {
                            "objective_type": "share_of_wallet",
                            "name": "钱包份额达到 40%",
                            "target": 40.0,
                        }
                    ),
                    Command.create(
                        {
                            "objective_type": "on_time_delivery",
                            "name": "准时交货率 98%",
                            "target": 98.0,
                        }
                    ),
                    Command.create(
                        {
                            "objective_type": "complaints",
                            "name": "投诉不超过 3 次",
                            "target": 3.0,
                        }
                    ),
                    Command.create(
                        {
                            "objective_type": "new_category",
                            "name": "新增 1 个产品类别",
                            "target": 1.0,
                        }
                    ),
                ],
                "contact_ids": [
                    Command.create(
                        {
                            "partner_id": by_function[function].id,
                            "role": role,
                            "influence": influence,
                            "attitude": attitude,
                        }
                    )
                    for function, role, influence, attitude in BUYING_CENTRE
                    if function in by_function
                ],
                "action_ids": [
                    Command.create(
                        {
                            "name": name,
                            "user_id": (
                                manager
                                if n != 1
                                else account.member_ids[-1:].user_id or manager
                            ).id,
                            "date_deadline": dates.plan_action_deadline(
                                days + rng.randint(0, 20)
                            ),
                        }
                    )
                    for n, (name, days) in enumerate(ACTIONS)
                ],
            }
        )
        plan.action_submit("年度计划已与团队讨论，请审批。")
        if index != len(accounts) - 1:
            plan.with_user(director).action_approve("同意，重点跟进新产线项目。")
            plan.action_start_execution("计划开始执行。")
            # the first actions of the year are done
            for action in plan.action_ids.filtered(
                lambda a: a.date_deadline < today - timedelta(days=30)
            ):
                action.with_user(action.user_id).action_done()
        created |= plan
    return created


def monthly_runs(env, dates):
    """The key-account steps at every month end of the last year, then the
    whole nightly run today."""
    company = env.company
    for month_end in dates.month_ends(12):
        env["crm.key.account.service.level"]._recompute_company(company, month_end)
        env["crm.key.account.health"]._recompute_company(company, month_end)
    succeeded(env["crm.customer.profile"]._recompute(company, dates.today))


def generate(env):
    """The step "key_accounts": key-account management."""
    rng = random.Random(SEED)
    dates = DemoDates(date.today())
    today = dates.today
    env = env(context=dict(env.context, tracking_disable=True, lang="zh_CN"))
    size_bands(env, rng)
    accounts = select_key_accounts(env, rng, dates)
    changed, change_day = share_change(env, accounts, dates)
    pending, rejected = pending_and_rejected(env, dates)
    events = visits(env, rng, accounts, dates)
    spend_entries(env, rng, accounts, dates)
    account_plans = plans(env, rng, accounts, dates)
    meetings = annual_meetings(env, accounts, dates)
    monthly_runs(env, dates)
    env.cr.commit()
    per_manager = {login: 0 for login in MANAGERS}
    for account in accounts:
        per_manager[account.manager_id.login] += 1
    managers = ", ".join(f"{login} {count}" for login, count in per_manager.items())
    print(
        f"shares         {changed.name}: split moved to "
        f"{SHARE_CHANGE[0]:g}/{SHARE_CHANGE[1]:g} by the director from {change_day}"
    )
    print(
        f"key accounts   {len(accounts)} active ({managers}), "
        f"{len(accounts.member_ids)} team members; "
        f"{pending.partner_id.name} proposed by li.na, "
        f"{rejected.partner_id.name} rejected"
    )
    overdue = accounts.filtered("visit_overdue")
    print(
        f"rhythm         {len(events)} executive visits, "
        f"overdue: {len(overdue)} ({', '.join(overdue.mapped('name'))}); "
        f"{len(meetings.filtered(lambda m: m.state == 'held'))} annual meetings "
        f"held, {len(meetings.filtered(lambda m: m.state == 'planned'))} planned"
    )
    in_execution = account_plans.filtered(lambda p: p.state == "in_execution")
    print(
        f"plans          {len(account_plans)} for {today.year} "
        f"({len(in_execution)} in execution, "
        f"{len(account_plans) - len(in_execution)} submitted), "
        f"{len(account_plans.action_ids.filtered(lambda a: a.state == 'done'))} "
        f"of {len(account_plans.action_ids)} action items done"
    )
    levels = env["crm.key.account.service.level"].search([])
    deliveries = sum(levels.mapped("delivery_count"))
    on_time = sum(levels.mapped("on_time_count"))
    print(
        f"service        {len(levels)} account-months, {deliveries} deliveries, "
        f"{round(100.0 * on_time / deliveries) if deliveries else 0} % on time"
    )
    accounts.invalidate_recordset()
    bands = {}
    for account in accounts:
        band = account.health_band or "no score"
        bands[band] = bands.get(band, 0) + 1
    snapshots = env["crm.key.account.health.snapshot"].search_count([])
    print(
        f"health         {', '.join(f'{b} {n}' for b, n in sorted(bands.items()))}; "
        f"{snapshots} monthly snapshots; "
        f"{len(accounts.filtered('wallet_share_pct'))} with a share of wallet"
    )
