# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo company's sales pipeline: leads and opportunities of customers
and of new companies, in every stage, some won and some lost; and prospect
companies with no order yet."""

from datetime import timedelta

from odoo import Command

from .common import person_name, sql_update_dates
from .history import at_hour, pick_weighted
from .names import BRANDS, INDUSTRIES, PLACES, PROSPECT_NEEDS, ROADS, ROLES

# prospect companies with a lead or an opportunity, no order yet:
# (lead type, probability, stage sequence)
PROSPECTS = [
    ("lead", 10, 1),
    ("lead", 10, 1),
    ("lead", 10, 1),
    ("opportunity", 20, 1),
    ("opportunity", 30, 2),
    ("opportunity", 40, 2),
    ("opportunity", 60, 2),
    ("opportunity", 70, 3),
    ("opportunity", 80, 3),
]


def create_pipeline(env, rng, customers, *, users, teams, products, dates):
    """Leads and opportunities in every stage, some won and some lost."""
    today = dates.today
    stages = env["crm.stage"].search([], order="sequence")
    open_stages = stages.filtered(lambda s: not s.is_won)
    won_stage = stages.filtered("is_won")[:1]
    lost_reasons = env["crm.lost.reason"].search([])
    active_users = users.filtered(lambda u: u.login != "huang.tao")
    team_of = {user.id: team for team in teams for user in team.member_ids}
    vals_list, plans = [], []
    for _index in range(140):
        user = rng.choice(active_users)
        existing = rng.random() < 0.45
        need = rng.choice(PROSPECT_NEEDS)
        product = rng.choice(products)
        revenue = round(product.list_price * rng.randint(20, 2000), -2)
        created = dates.on_or_before(today - timedelta(days=rng.randint(1, 540)))
        vals = {
            "user_id": user.id,
            "team_id": team_of[user.id].id,
            "expected_revenue": revenue,
            "description": f"{product.name}",
        }
        if existing:
            partner = rng.choice(customers)["partner"]
            vals.update(partner_id=partner.id, name=f"{partner.name} - {need}")
        else:
            _place = rng.choice(PLACES)
            brand = rng.choice(BRANDS)
            industry = rng.choice(INDUSTRIES)
            company = f"{_place[1].removesuffix('市')}{brand[0]}{industry[3]}有限公司"
            contact, login = person_name(rng)
            vals.update(
                name=f"{company} - {need}",
                partner_name=company,
                contact_name=contact,
                function=rng.choice(ROLES)[0],
                email_from=f"{login}@{brand[1]}-{industry[2]}.cn",
            )
        outcome = pick_weighted(rng, ["lead", "open", "won", "lost"], [20, 45, 18, 17])
        if outcome == "lead":
            vals["type"] = "lead"
        else:
            vals["type"] = "opportunity"
            vals["stage_id"] = rng.choice(open_stages).id
            vals["date_deadline"] = dates.on_or_after(
                created + timedelta(days=rng.randint(30, 150))
            )
            if vals["date_deadline"] < today and outcome == "open":
                vals["date_deadline"] = dates.on_or_after(
                    today + timedelta(days=rng.randint(7, 90))
                )
        vals_list.append(vals)
        plans.append((outcome, created))
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nosubscribe=True)
        .create(vals_list)
    )
    won = leads.browse(
        [lead.id for lead, p in zip(leads, plans, strict=True) if p[0] == "won"]
    )
    lost = leads.browse(
        [lead.id for lead, p in zip(leads, plans, strict=True) if p[0] == "lost"]
    )
    if won_stage:
        won.action_set_won()
    for lead in lost:
        lead.action_set_lost(lost_reason_id=rng.choice(lost_reasons).id)
    env.flush_all()
    created_at = {
        lead.id: at_hour(p[1], rng) for lead, p in zip(leads, plans, strict=True)
    }
    for column in ("create_date", "date_open", "date_last_stage_update"):
        sql_update_dates(env, "crm_lead", column, created_at)
    closed_at = {
        lead.id: at_hour(
            dates.on_or_before(min(p[1] + timedelta(days=rng.randint(20, 120)), today)),
            rng,
        )
        for lead, p in zip(leads, plans, strict=True)
        if p[0] in ("won", "lost")
    }
    sql_update_dates(env, "crm_lead", "date_closed", closed_at)
    env.invalidate_all()
    return leads


def create_prospects(env, rng, *, users, teams, products, dates):
    """Prospect companies, no order yet: a few with a lead only (target), a few
    with an opportunity below (potential) and above (opportunity) 50 %."""
    today = dates.today
    stages = env["crm.stage"].search([("is_won", "=", False)], order="sequence")
    active_users = users.filtered(lambda u: u.login not in ("huang.tao", "wang.fang"))
    team_of = {user.id: team for team in teams for user in team.member_ids}
    used = set(env["res.partner"].search([("is_company", "=", True)]).mapped("name"))
    partners_vals, leads_vals = [], []
    for lead_type, probability, stage_sequence in PROSPECTS:
        state_code, city, district = rng.choice(PLACES)
        industry_index = rng.randrange(len(INDUSTRIES))
        _english, _chinese, domain_suffix, name_suffix = INDUSTRIES[industry_index]
        brand = rng.choice(BRANDS)
        name = f"{district.removesuffix('区')}{brand[0]}{name_suffix}有限公司"
        while name in used:
            brand = rng.choice(BRANDS)
            name = f"{district.removesuffix('区')}{brand[0]}{name_suffix}有限公司"
        used.add(name)
        domain = f"{brand[1]}-{domain_suffix}.com.cn"
        contact, login = person_name(rng)
        user = rng.choice(active_users)
        role = rng.choice(ROLES)
        partners_vals.append(
            {
                "name": name,
                "is_company": True,
                "company_type": "company",
                "industry_id": env["res.partner.industry"]
                .search([("name", "=", INDUSTRIES[industry_index][0])], limit=1)
                .id,
                "country_id": env.ref("base.cn").id,
                "state_id": env.ref(f"base.state_cn_{state_code}").id,
                "city": city,
                "street": f"{district}{rng.choice(ROADS)} {rng.randint(1, 999)} 号",
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "lang": "zh_CN",
                "user_id": user.id,
                "child_ids": [
                    Command.create(
                        {
                            "name": contact,
                            "function": role[0],
                            "email": f"{login}@{domain}",
                            "type": "contact",
                            "comment": role[1],
                        }
                    )
                ],
            }
        )
        product = rng.choice(products)
        created = dates.on_or_before(today - timedelta(days=rng.randint(10, 120)))
        leads_vals.append(
            {
                "type": lead_type,
                "name": f"{name} - {rng.choice(PROSPECT_NEEDS)}",
                "user_id": user.id,
                "team_id": team_of[user.id].id,
                "expected_revenue": round(
                    product.list_price * rng.randint(50, 800), -2
                ),
                "description": product.name,
                "probability": probability,
                "stage_id": stages.filtered(
                    lambda s, q=stage_sequence: s.sequence == q
                )[:1].id
                or stages[:1].id,
                "date_deadline": lead_type == "opportunity"
                and dates.on_or_after(today + timedelta(days=rng.randint(20, 120))),
                "_created": created,
            }
        )
    partners = (
        env["res.partner"]
        .with_context(mail_create_nosubscribe=True, tracking_disable=True)
        .create(partners_vals)
    )
    created_at = []
    for partner, vals in zip(partners, leads_vals, strict=True):
        vals["partner_id"] = partner.id
        created_at.append(vals.pop("_created"))
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nosubscribe=True)
        .create(leads_vals)
    )
    # the probability of each stage's deals, as the salesperson judged it
    for lead, vals in zip(leads, leads_vals, strict=True):
        if lead.probability != vals["probability"]:
            lead.probability = vals["probability"]
    env.flush_all()
    dates = {
        lead.id: at_hour(day, rng) for lead, day in zip(leads, created_at, strict=True)
    }
    for column in ("create_date", "date_open", "date_last_stage_update"):
        sql_update_dates(env, "crm_lead", column, dates)
    env.invalidate_all()
    return leads
