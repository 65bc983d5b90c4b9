# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo company and its documents, generated through the ORM.

Two steps (``tools/demo/__init__.py``): "company" right after base, so that
account later installs the Chinese chart l10n_cn; "data" once our addons
are installed: the sales force, the customers, three years of orders,
deliveries, invoices, payments and credit notes as ``history`` plans them,
the pipeline, and a year of customer profiles.
"""

import math
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime

from odoo import Command
from odoo.tools import SQL

from .common import person_name, sql_date_moves_as_pickings, sql_update_dates
from .dates import DemoDates
from .history import (
    HISTORY_DAYS,
    RETURN_REF,
    RETURNED_SHARE,
    SEED,
    YEARS,
    Product,
    at_hour,
    pick_weighted,
    plan_customers,
    plan_orders,
    plan_payments,
    plan_refunds,
)
from .names import (
    BRANDS,
    COMPANY,
    COMPANY_NAME_EN,
    INDUSTRIES,
    INDUSTRY_WEIGHTS,
    PLACES,
    PRODUCTS,
    ROADS,
    ROLES,
    SALESPEOPLE,
    TEAMS,
)
from .pipeline import create_pipeline, create_prospects
from .profiles import profile_phase, salesperson_left

CUSTOMER_COUNT = 120


def setup_company(env):
    """Make the main company a Chinese manufacturer before account is installed."""
    env.ref("base.CNY").active = True
    company = env.ref("base.main_company")
    company.write(
        dict(
            COMPANY,
            country_id=env.ref("base.cn").id,
            state_id=env.ref("base.state_cn_JS").id,
            currency_id=env.ref("base.CNY").id,
            report_header=COMPANY_NAME_EN,
        )
    )
    company.partner_id.write({"lang": "en_US"})
    env.cr.commit()


# ---------------------------------------------------------------- master data


def create_industries(env):
    Industry = env["res.partner.industry"]
    industries = Industry.browse()
    for english, chinese, _domain, _suffix in INDUSTRIES:
        industry = Industry.search([("name", "=", english)], limit=1)
        if not industry:
            industry = Industry.create({"name": english, "full_name": english})
        industry.update_field_translations("name", {"zh_CN": chinese})
        industries |= industry
    return industries


def create_products(env):
    parent = env["product.category"].create({"name": "Industrial Components"})
    products = env["product.product"]
    vals_list, names_zh = [], []
    for english, chinese, items in PRODUCTS:
        # purchased components at average cost: a landed cost can add to
        # them (performance's sea freight of a shipment)
        category = env["product.category"].create(
            {
                "name": f"{english} / {chinese}",
                "parent_id": parent.id,
                "property_cost_method": "average",
            }
        )
        for name, name_zh, code, price, margin in items:
            vals_list.append(
                {
                    "name": name,
                    "default_code": code,
                    "categ_id": category.id,
                    "type": "consu",
                    "is_storable": True,
                    "sale_ok": True,
                    "purchase_ok": True,
                    "list_price": price,
                    "standard_price": round(price * (1 - margin), 2),
                    "invoice_policy": "order",
                }
            )
            names_zh.append(name_zh)
    products = products.create(vals_list)
    for product, name_zh in zip(products, names_zh, strict=True):
        product.product_tmpl_id.update_field_translations("name", {"zh_CN": name_zh})
    return products


def stock_products(env, plans):
    """On hand: what the three years of orders take, plus about two months more."""
    demand = defaultdict(float)
    for plan in plans:
        for product_id, quantity in plan["lines"]:
            demand[product_id] += quantity
    location = (
        env["stock.warehouse"]
        .search([("company_id", "=", env.company.id)], limit=1)
        .lot_stock_id
    )
    for product in env["product.product"].browse(sorted(demand)):
        quantity = math.ceil(demand[product.id] * (1 + 2 / (12 * YEARS)))
        env["stock.quant"]._update_available_quantity(product, location, quantity)


def public_holidays(env, company, dates):
    """China's public holidays in the company's working calendar, from the
    history's first year to next year: complaints are answered and
    commissions paid on working days only."""
    calendar = company.resource_calendar_id
    calendar.tz = "Asia/Shanghai"
    first = dates.today - timedelta(days=HISTORY_DAYS + 366)
    last = dates.today + timedelta(days=366)
    env["resource.calendar.leaves"].create(
        [
            {
                "name": name,
                "calendar_id": calendar.id,
                "company_id": company.id,
                "time_type": "leave",
                # the day in Shanghai (UTC+8), as naive UTC
                "date_from": datetime.combine(day, dtime.min) - timedelta(hours=8),
                "date_to": datetime.combine(day, dtime.max) - timedelta(hours=8),
            }
            for day, name in dates.public_holidays(first, last)
        ]
    )


def order_vals(plan, users):
    """The sale order of a plan of ``history.plan_order``."""
    return {
        "partner_id": plan["customer"]["partner"].id,
        "user_id": users[plan["salesperson"]].id,
        "date_order": plan["ordered"],
        "commitment_date": plan["committed"],
        "client_order_ref": plan["ref"],
        "order_line": [
            Command.create({"product_id": product_id, "product_uom_qty": quantity})
            for product_id, quantity in plan["lines"]
        ],
    }


def create_salespeople(env):
    """Users, employees in a Sales department, two teams; huang.tao has left."""
    ref = env.ref
    department = env["hr.department"].create({"name": "Sales / 销售部"})
    common_groups = [
        ref("sales_team.group_sale_salesman").id,
        ref("crm_performance.group_commission_user").id,
    ]
    users_vals = []
    for login, name, _pinyin, _job, _team, role in SALESPEOPLE:
        groups = list(common_groups)
        if role == "manager":
            groups += [
                ref("sales_team.group_sale_manager").id,
                ref("crm_key_account.group_key_account_manager").id,
                ref("crm_performance.group_commission_manager").id,
            ]
        if role == "leader":  # approves her team's commissions
            groups.append(ref("crm_performance.group_commission_manager").id)
        if role == "key_account":
            groups.append(ref("crm_key_account.group_key_account_manager").id)
        users_vals.append(
            {
                "login": login,
                "name": name,
                "password": "demo",
                "email": f"{login}@ecprecision.com.cn",
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
                "group_ids": [Command.set(groups)],
            }
        )
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(users_vals)
    )
    by_login = {user.login: user for user in users}
    employees = env["hr.employee"].create(
        [
            {
                "name": name,
                "user_id": by_login[login].id,
                "department_id": department.id,
                "job_title": job,
                "work_email": f"{login}@ecprecision.com.cn",
            }
            for login, name, _pinyin, job, _team, _role in SALESPEOPLE
        ]
    )
    department.manager_id = employees[0]
    employees[1:].parent_id = employees[0]
    teams = env["crm.team"]
    for index, (english, chinese, leader) in enumerate(TEAMS):
        members = [by_login[row[0]].id for row in SALESPEOPLE if row[4] == index]
        team = env["crm.team"].create(
            {
                "name": english,
                "user_id": by_login[leader].id,
                "member_ids": [Command.set(members)],
                "use_leads": True,
                "use_opportunities": True,
            }
        )
        team.update_field_translations("name", {"zh_CN": chinese})
        teams |= team
    return users, employees, teams


def backdate_teams(env, teams, dates):
    """The sales teams were formed when the history began: their leaders
    approve their members' commissions of every month since."""
    env.flush_all()
    formed = datetime.combine(dates.today - timedelta(days=HISTORY_DAYS), dtime(1))
    sql_update_dates(
        env,
        "crm_team_member",
        "create_date",
        dict.fromkeys(teams.crm_team_member_ids.ids, formed),
    )
    env.invalidate_all()


def create_customers(env, rng, industries, users):
    """The customer companies with 2 to 4 contacts each, and their plain
    description for the history (``history.plan_customers``)."""
    states = {code: env.ref(f"base.state_cn_{code}") for code, _c, _d in PLACES}
    terms = [
        env.ref("account.account_payment_term_30days"),
        env.ref("account.account_payment_term_45days"),
        env.ref("account.account_payment_term_end_following_month"),
        env.ref("account.account_payment_term_30_days_end_month_the_10"),
    ]
    active_users = [u for u in users if u.login != "wang.fang"]
    used_names = set()
    customers, vals_list = [], []
    for index in range(CUSTOMER_COUNT):
        industry_index = pick_weighted(rng, range(len(INDUSTRIES)), INDUSTRY_WEIGHTS)
        _english, _chinese, domain_suffix, name_suffix = INDUSTRIES[industry_index]
        state_code, city, district = rng.choice(PLACES)
        while True:
            brand = rng.choice(BRANDS)
            prefix = city.removesuffix("市")
            name = f"{prefix}{brand[0]}{name_suffix}有限公司"
            if name not in used_names:
                break
            prefix = district.removesuffix("区").removesuffix("镇")
            name = f"{prefix}{brand[0]}{name_suffix}有限公司"
            if name not in used_names:
                break
        used_names.add(name)
        domain = f"{brand[1]}-{domain_suffix}{index}.cn"
        salesperson = rng.choice(active_users)
        customers.append(
            {
                "index": index,
                "industry": industry_index,
                "salesperson": salesperson.login,
            }
        )
        contacts = []
        for role_zh, role_en in ROLES[: rng.randint(2, 4)]:
            contact_name, contact_login = person_name(rng)
            contacts.append(
                Command.create(
                    {
                        "name": contact_name,
                        "function": role_zh,
                        "email": f"{contact_login}@{domain}",
                        "phone": f"+86 1{rng.randint(30, 89)} "
                        f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                        "type": "contact",
                        "comment": role_en,
                    }
                )
            )
        vals_list.append(
            {
                "name": name,
                "is_company": True,
                "company_type": "company",
                "industry_id": industries[industry_index].id,
                "country_id": env.ref("base.cn").id,
                "state_id": states[state_code].id,
                "city": city,
                "street": f"{district}{rng.choice(ROADS)} {rng.randint(1, 999)} 号",
                "zip": f"{rng.randint(100000, 999999)}",
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "phone": f"+86 {rng.randint(10, 999)} {rng.randint(1000, 9999)} "
                f"{rng.randint(1000, 9999)}",
                "lang": "zh_CN",
                "property_payment_term_id": rng.choice(terms).id,
                "user_id": salesperson.id,
                "child_ids": contacts,
            }
        )
    partners = (
        env["res.partner"]
        .with_context(mail_create_nosubscribe=True, tracking_disable=True)
        .create(vals_list)
    )
    for customer, partner in zip(customers, partners, strict=True):
        customer["partner"] = partner
    return customers


# ---------------------------------------------------------------- documents --


def confirm_and_deliver(env, rng, orders, plans, today):
    """Confirm, backdate, deliver (late, partial with backorder) the orders."""
    to_confirm = orders.browse(
        [o.id for o, p in zip(orders, plans, strict=True) if p["state"] != "quotation"]
    )
    order_dates = {o.id: o.date_order for o in to_confirm}  # confirming sets now
    for start in range(0, len(to_confirm), 300):
        to_confirm[start : start + 300].action_confirm()
    plan_of = {o.id: p for o, p in zip(orders, plans, strict=True)}
    picking_dates = {
        picking.id: at_hour(plan_of[picking.sale_id.id]["commitment"], rng, 9, 10)
        for picking in to_confirm.picking_ids
    }
    env.flush_all()
    sql_update_dates(env, "sale_order", "date_order", order_dates)
    for column in ("scheduled_date", "date_deadline"):
        sql_update_dates(env, "stock_picking", column, picking_dates)
    sql_date_moves_as_pickings(
        env, picking_dates, {"date": "scheduled_date", "date_deadline": "date_deadline"}
    )
    env.invalidate_all()

    delivered = to_confirm.filtered(lambda o: plan_of[o.id]["state"] == "delivered")
    pickings = delivered.picking_ids.filtered(lambda p: p.state != "done")
    pickings.action_assign()
    for picking in pickings:
        if plan_of[picking.sale_id.id]["partial"]:
            for move in picking.move_ids:
                move.quantity = max(1, math.floor(move.product_uom_qty * 0.6))
    pickings.move_ids.picked = True
    pickings.with_context(skip_sms=True)._action_done()
    done_dates = {}
    for picking in pickings:
        done_dates[picking.id] = at_hour(plan_of[picking.sale_id.id]["delivered"], rng)
    backorders = delivered.picking_ids - pickings
    backorders_done = backorders.filtered(
        lambda p: plan_of[p.sale_id.id]["backorder_day"] < today
    )
    if backorders_done:
        backorders_done.action_assign()
        backorders_done.move_ids.picked = True
        backorders_done.with_context(skip_sms=True)._action_done()
        for picking in backorders_done:
            done_dates[picking.id] = at_hour(
                plan_of[picking.sale_id.id]["backorder_day"], rng
            )
    done_pickings = pickings | backorders_done
    backdate_deliveries(env, done_pickings, done_dates)
    return delivered, done_pickings, backorders - backorders_done


def backdate_deliveries(env, pickings, done_dates):
    """Date the done pickings, their moves and move lines on the delivery day."""
    env.flush_all()
    sql_update_dates(env, "stock_picking", "date_done", done_dates)
    sql_date_moves_as_pickings(env, pickings.ids, {"date": "date_done"})
    env.cr.execute(
        SQL(
            "UPDATE stock_move_line AS line SET date = move.date FROM stock_move move "
            "WHERE line.move_id = move.id AND move.picking_id = ANY(%s)",
            pickings.ids,
        )
    )
    env.invalidate_all()


def invoice_orders(env, orders, plan_of):
    """One invoice per delivered order, dated on the (first) delivery, posted."""
    vals_list = []
    for order in sorted(orders, key=lambda o: plan_of[o.id]["delivered"]):
        vals = order._prepare_invoice()
        vals["invoice_date"] = plan_of[order.id]["delivered"]
        vals["invoice_line_ids"] = [
            Command.create(line._prepare_invoice_line(sequence=line.sequence))
            for line in order.order_line
            if not line.display_type
        ]
        vals_list.append(vals)
    moves = (
        env["account.move"]
        .with_context(default_move_type="out_invoice", tracking_disable=True)
        .create(vals_list)
    )
    moves.action_post()
    return moves


def pay_invoices(env, rng, invoices, dates):
    """The customers' payments (``history.plan_payments``), reconciled."""
    by_day = plan_payments(
        rng,
        [
            (
                invoice.id,
                invoice.commercial_partner_id.id,
                invoice.invoice_date_due,
                invoice.invoice_date,
            )
            for invoice in invoices.sorted(lambda m: (m.invoice_date_due, m.id))
        ],
        dates,
    )
    return create_payments(env, by_day)


def create_payments(env, by_day):
    """One payment per customer and pay day, as the register-payment wizard with
    group_payment makes it, but created, posted and reconciled in one batch:
    the wizard, called once per pay day, reconciles one payment at a time."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    method_line = journal._get_available_payment_method_lines("inbound")[:1]
    # the lines of every invoice paid, read in one go rather than per payment
    paid = env["account.move"].browse(id_ for ids in by_day.values() for id_ in ids)
    paid.line_ids.fetch(["account_type", "reconciled", "amount_residual", "account_id"])
    vals_list, receivables = [], []
    for day in sorted(by_day):
        by_partner = defaultdict(lambda: env["account.move"])
        for invoice in paid.browse(by_day[day]):
            by_partner[invoice.commercial_partner_id] |= invoice
        for partner, invoices in by_partner.items():
            lines = invoices.line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            )
            if len(invoices) == 1:
                memo = invoices.payment_reference or invoices.ref or invoices.name
            else:  # as the wizard does: GROUP/2026/00001
                memo = company.get_next_batch_payment_communication()
            vals_list.append(
                {
                    "date": day,
                    "amount": sum(lines.mapped("amount_residual")),
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "memo": memo,
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "partner_id": partner.id,
                    "payment_method_line_id": method_line.id,
                    "destination_account_id": lines[0].account_id.id,
                    "invoice_ids": [Command.set(invoices.ids)],
                }
            )
            receivables.append(lines)
    # without write-off values, create() makes no journal entry: action_post()
    # makes them in one account.move create per call; posted a year at a time,
    # so that the entries are numbered in date order as the wizard numbers them
    # (Odoo names the moves of one call 1000 at a time: a call of more than
    # 1000 moves is not numbered in date order)
    payments = (
        env["account.payment"].with_context(skip_invoice_sync=True).create(vals_list)
    )
    for year in sorted({day.year for day in by_day}):
        payments.filtered(lambda p, year=year: p.date.year == year).with_context(
            skip_sale_auto_invoice_send=True
        ).action_post()
    plan = [
        payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        | lines
        for payment, lines in zip(payments, receivables, strict=True)
    ]
    env["account.move.line"]._reconcile_plan(plan)
    return payments


def refund_some(env, rng, invoices, returned, dates):
    """Credit notes for returned or defective goods on a few invoices
    (``history.plan_refunds``), and the return of ``returned``'s goods for a
    quality fault on its story's day."""
    refunds = [
        (invoices.browse(invoice_id), day, "退货 / Return", 0.2)
        for invoice_id, day in plan_refunds(
            rng, [(m.id, m.invoice_date) for m in invoices - returned], dates
        )
    ]
    refunds.append(
        (
            returned,
            dates.story_days()["return"],
            RETURN_REF,
            RETURNED_SHARE,
        )
    )
    vals_list = []
    for invoice, day, reason, share in refunds:
        line = rng.choice(invoice.invoice_line_ids.filtered("product_id"))
        vals_list.append(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": day,
                "invoice_user_id": invoice.invoice_user_id.id,
                "reversed_entry_id": invoice.id,
                "ref": f"{reason}: {invoice.name}",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": max(1, round(line.quantity * share)),
                            "price_unit": line.price_unit,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
    moves = env["account.move"].with_context(tracking_disable=True).create(vals_list)
    moves.action_post()
    return moves


# ---------------------------------------------------------------- main -------


def pareto_share(env, share=0.12):
    env.flush_all()
    env.cr.execute(
        """
        SELECT SUM(-aml.balance) AS revenue
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
         WHERE am.state = 'posted'
           AND am.move_type IN ('out_invoice', 'out_refund')
           AND aml.display_type = 'product'
         GROUP BY am.commercial_partner_id
         ORDER BY 1 DESC
        """
    )
    revenues = [row[0] for row in env.cr.fetchall()]
    top = round(len(revenues) * share)
    return sum(revenues[:top]) / sum(revenues), top, len(revenues), sum(revenues)


def business(env, rng, dates, customers, *, products, users, done):
    """Three years of orders, deliveries, invoices, payments and credit notes,
    as ``history`` plans them; ``done(phase)`` notes the time of each phase."""
    plan_customers(rng, customers, dates)
    plans = plan_orders(
        rng,
        customers,
        [Product(p.id, p.categ_id.id, p.list_price) for p in products],
        dates,
    )
    by_login = {user.login: user for user in users}
    orders = (
        env["sale.order"]
        .with_context(mail_create_nosubscribe=True, mail_notrack=True)
        .create([order_vals(plan, by_login) for plan in plans])
    )
    plan_of = {o.id: p for o, p in zip(orders, plans, strict=True)}
    stock_products(env, plans)
    env.cr.commit()
    done("orders")
    delivered, done_pickings, open_backorders = confirm_and_deliver(
        env, rng, orders, plans, dates.today
    )
    # what a delivery's plan says about it (why it came late)
    for order in delivered.filtered(lambda o: plan_of[o.id].get("note")):
        order.picking_ids.note = plan_of[order.id]["note"]
    done("deliveries")
    env.cr.commit()
    invoices = invoice_orders(env, delivered, plan_of)
    done("invoices")
    env.cr.commit()
    payments = pay_invoices(env, rng, invoices, dates)
    done("payments")
    returned = invoices.filtered(
        lambda m: (
            plan_of[m.line_ids.sale_line_ids.order_id.id].get("story") == "returned"
        )
    )
    refunds = refund_some(env, rng, invoices, returned, dates)
    late = sum(
        1
        for p in done_pickings
        if p.date_deadline and p.date_done and p.date_done > p.date_deadline
    )
    return [
        f"sale orders    {len(orders)} ({len(delivered)} delivered and invoiced)",
        f"deliveries     {len(done_pickings)} done ({late} late), "
        f"{len(open_backorders)} backorders open",
        f"invoices       {len(invoices)} posted, {len(refunds)} credit notes, "
        f"{len(payments)} payments, "
        f"{len(invoices.filtered(lambda m: m.payment_state == 'not_paid'))} unpaid",
    ]


def generate(env):
    """The step "data": the company's three years of business."""
    started = time.monotonic()
    phases = []

    def done(phase):
        phases.append(f"{phase} {time.monotonic() - started:.0f}")

    rng = random.Random(SEED)
    dates = DemoDates(date.today())
    env = env(context=dict(env.context, tracking_disable=True, lang="en_US"))
    company = env.company

    public_holidays(env, company, dates)
    industries = create_industries(env)
    products = create_products(env)
    users, employees, teams = create_salespeople(env)
    backdate_teams(env, teams, dates)
    customers = create_customers(env, rng, industries, users)
    done("master data")
    business_lines = business(
        env, rng, dates, customers, products=products, users=users, done=done
    )
    leads = create_pipeline(
        env, rng, customers, users=users, teams=teams, products=products, dates=dates
    )
    prospects = create_prospects(
        env,
        random.Random(SEED + 2),
        users=users,
        teams=teams,
        products=products,
        dates=dates,
    )
    done("pipeline")

    salesperson_left(users, employees)

    profile_lines = profile_phase(env, company, dates, customers)
    done("profiles")
    env.cr.commit()

    share, top, customer_count, revenue = pareto_share(env)
    print(
        f"company        {company.name} / {COMPANY_NAME_EN}, {company.currency_id.name}"
    )
    print(
        f"customers      {len(customers)} companies, "
        f"{sum(len(c['partner'].child_ids) for c in customers)} contacts, "
        f"{len(industries)} industries"
    )
    print(f"products       {len(products)} in {len(PRODUCTS)} categories")
    print(f"salespeople    {len(users)} users (huang.tao archived), {len(teams)} teams")
    print("\n".join(business_lines))
    print(
        f"pipeline       {len(leads)} leads and opportunities, "
        f"{len(prospects)} prospect companies"
    )
    print("\n".join(profile_lines))
    print(
        f"revenue        {revenue:,.0f} CNY; top {top} of {customer_count} customers "
        f"(12 %) bring {share:.1%}"
    )
    print(f"time           {time.monotonic() - started:.0f} s ({', '.join(phases)})")
