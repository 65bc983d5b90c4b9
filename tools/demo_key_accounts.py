# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Key-account management in the demo company.

Run by ``tools/demo.sh`` in ``odoo-bin shell`` after the voice of the
customer (step "key_accounts"): reads the customers and profiles built
before.

- Twelve of the largest customers are active key accounts, selected over the
  last two years: the key-account managers zhang.wei and chen.jing six each,
  the sales manager wang.fang or the general manager as executive sponsor,
  and a cross-functional team (sales, application engineering, quality,
  logistics) with their shares.
- li.na has just proposed one of her customers; it waits for the director's
  decision. A proposal of last year was rejected.
- People rated the criteria they judge, with comments in Chinese.

Deterministic: its own seed; dates relative to today.
"""

import os
import random
from datetime import datetime, timedelta

from odoo import Command

SEED = 20261130
ACTIVE = 12
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
    """Move the workflow's dates to when it happened."""
    account.sudo().write(
        {"proposed_date": proposed, "approved_date": approved, "active_date": active}
    )


def select_key_accounts(env, rng, today):
    """The twelve largest customers as active key accounts, with teams."""
    company = env.company
    by_login = {u.login: u for u in env["res.users"].search([])}
    director = env.ref("base.user_admin")
    profiles = env["crm.customer.profile"].search(
        [("company_id", "=", company.id), ("abc_class", "=", "a")],
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
        members = [
            Command.create(
                {
                    "user_id": (profile.user_id or manager).id,
                    "role_id": env.ref("crm_key_account.role_sales").id,
                    "share_pct": 50.0 if profile.user_id != manager else 70.0,
                }
            )
        ]
        for user, (_login, _name, _job, role) in zip(team, COLLEAGUES, strict=True):
            if rng.random() < 0.7:
                members.append(
                    Command.create({"user_id": user.id, "role_id": env.ref(role).id})
                )
        if profile.user_id and profile.user_id != manager:
            members.append(
                Command.create(
                    {
                        "user_id": manager.id,
                        "role_id": env.ref("crm_key_account.role_sales").id,
                        "share_pct": 20.0,
                    }
                )
            )
        account.member_ids = members
        active = today - timedelta(days=rng.randint(120, 700))
        back_date(
            account,
            active - timedelta(days=rng.randint(20, 40)),
            active - timedelta(days=rng.randint(1, 10)),
            active,
        )
        accounts |= account
    return accounts


def pending_and_rejected(env, today):
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
    rejected.sudo().write({"proposed_date": today - timedelta(days=400)})
    rejected.sudo().write({"end_date": today - timedelta(days=380)})
    return pending, rejected


def generate(env):
    rng = random.Random(SEED)
    today = datetime.now().date()
    env = env(context=dict(env.context, tracking_disable=True, lang="zh_CN"))
    accounts = select_key_accounts(env, rng, today)
    pending, rejected = pending_and_rejected(env, today)
    env["ir.config_parameter"].set_param(
        "crm_industrial_demo.stamp", os.environ.get("DEMO_STAMP", "")
    )
    env.cr.commit()
    per_manager = {login: 0 for login in MANAGERS}
    for account in accounts:
        per_manager[account.manager_id.login] += 1
    managers = ", ".join(f"{login} {count}" for login, count in per_manager.items())
    print(
        f"key accounts   {len(accounts)} active ({managers}), "
        f"{len(accounts.member_ids)} team members; "
        f"{pending.partner_id.name} proposed by li.na, "
        f"{rejected.partner_id.name} rejected"
    )


STEP = os.environ.get("DEMO_STEP")
if STEP == "key_accounts":
    generate(env)  # noqa: F821 (env is given by odoo-bin shell)
print(f"demo: {STEP} done")
