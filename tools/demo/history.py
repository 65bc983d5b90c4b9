# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Three years of business with the demo company's customers, planned.

Pure, without Odoo: what each customer is like, what it orders when, when
the goods are delivered, when it pays and what it returns, decided on plain
data (customers as dicts, products as ``Product`` tuples, salespeople by
login); ``company.py`` turns the plans into documents. Every day is a
working day of ``dates.DemoDates`` and lies before today
(tests/test_demo_dates.py checks it for every day of two years).
"""

import math
import random
from collections import defaultdict, namedtuple
from datetime import date, datetime, timedelta
from datetime import time as dtime

SEED = 20260101
YEARS = 3
ORDER_TARGET = 600
# the oldest customers' first orders go back a little more than three years,
# so that the long relationships are mature (lifecycle "maturity after 36 months")
HISTORY_DAYS = 365 * YEARS + 60
COMEBACKS = 6  # quiet customers that ordered again in the last months
LEFT_DAYS_AGO = 130  # huang.tao left the company about four months ago
LEFT_LOGIN, MANAGER_LOGIN = "huang.tao", "wang.fang"
YEARLY_REVENUE = 168_000_000  # CNY excluding VAT, all customers together
# the two disputes' stories (dates.DemoDates.story_days): who sells
DISPUTED_SELLER, RETURNED_SELLER = "chen.jing", "yang.lei"
RETURNED_SHARE = 0.2  # of the returned delivery's first line
RETURN_REF = "质量问题退货 / Return for a quality fault"
# the customers that left: the quiet ones bought less and less in their last
# months (this share of their usual rhythm), and more of those deliveries came
# late, as those of the declining customers; the others' are late at times
FADE_DAYS = 270
FADE_DENSITY = 0.35
LATE_SHARE = {"declining": 0.45, "fading": 0.6, "other": 0.18}
# the soured customers: steady customers that ordered every five or six weeks
# until their deliveries went wrong, about three months before their last
# order (the late deliveries say why); they complained (``voice``) and bought
# less. The first, of class B (the churn model's story), did so in the last
# months and still is a customer; the others, smaller, stopped ordering a year
# or two ago: the churn model learns from them.
SOURED_STOPS = (100, 300, 380, 460, 540, 620)  # days ago: the last order
SOURED_RANKS = ((18, 30), (31, 80))  # of the first (no key account), the others
SOURED_OWN = 400  # days before the last order: the customer's own orders end
SOURED_REGULAR = (370, 115)  # days before the last order: the regular orders
SOURED_TROUBLED = ((90, 0.6), (45, 0.45), (0, 0.3))  # (days before, share)
SOURED_NOTE = "热处理外协排产延误，交期推迟 / Heat treatment subcontractor late"

Product = namedtuple("Product", "id categ_id list_price")


def pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def at_hour(day, rng, start=8, end=17):
    """A datetime on ``day`` during office hours (UTC; China is UTC+8)."""
    local = datetime.combine(
        day, dtime(rng.randint(start, end - 1), rng.randint(0, 59))
    )
    return local - timedelta(hours=8)


def sample_day(rng, first, last, trend, fade=None):
    """A day between first and last; trend > 0 favours the end, < 0 the start;
    ``fade`` (days, density): the last days have this density of the others'
    (one draw, whatever the shape: the stream moves alike)."""
    span = (last - first).days
    u = rng.random()
    if trend > 0:
        u = math.sqrt(u)
    elif trend < 0:
        u = 1 - math.sqrt(u)
    if fade and span:
        days, density = fade
        u = faded(u, min(days, span / 2) / span, density)
    return first + timedelta(days=round(u * span))


def faded(u, tail, density):
    """Where a uniform ``u`` falls when the last ``tail`` of the span has
    ``density`` times the density of the rest (the inverse of its CDF)."""
    start = 1 - tail
    head_mass = start / (start + density * tail)
    if u < head_mass or not density:
        return u / head_mass * start
    return start + (u - head_mass) / (1 - head_mass) * tail


def next_pay_day(dates, day):
    """Customers run their supplier payments on the 10th and the 25th, or
    the first working day after."""
    for candidate in (day.replace(day=10), day.replace(day=25)):
        if candidate >= day:
            return dates.on_or_after(candidate)
    return dates.on_or_after((day.replace(day=1) + timedelta(days=32)).replace(day=10))


# ---------------------------------------------------------------- customers --


def plan_customers(rng, customers, dates):
    """Size (Pareto), lifecycle and order count of every customer."""
    today = dates.today
    start = today - timedelta(days=HISTORY_DAYS)
    order = list(range(len(customers)))
    rng.shuffle(order)
    for rank, index in enumerate(order, start=1):
        customer = customers[index]
        # a steep power law: the top 12 % bring about three quarters
        customer["rank"] = rank
        customer["weight"] = rank**-1.1 * rng.uniform(0.85, 1.15)
        lifecycle = pick_weighted(
            rng,
            ["steady", "growing", "declining", "quiet", "new"],
            [50, 18, 14, 10, 8] if rank > 20 else [70, 16, 12, 2, 0],
        )
        first, last, trend = start, today - timedelta(days=rng.randint(0, 25)), 0
        if rank > 36 and rng.random() < 0.35:
            first = start + timedelta(days=rng.randint(30, 700))
        if lifecycle == "growing":
            trend = 1
        elif lifecycle == "declining":
            trend = -1
            last = today - timedelta(days=rng.randint(20, 120))
        elif lifecycle == "quiet":
            last = today - timedelta(days=rng.randint(185, 545))
            first = min(first, last - timedelta(days=300))
        elif lifecycle == "new":
            first = today - timedelta(days=rng.randint(45, 150))
        customer.update(lifecycle=lifecycle, first=first, last=last, trend=trend)
    weight_max = max(c["weight"] for c in customers)
    raw = {c["index"]: 1 + 50 * (c["weight"] / weight_max) ** 0.55 for c in customers}
    scale = ORDER_TARGET / sum(raw.values())
    for customer in customers:
        count = max(1, round(raw[customer["index"]] * scale * rng.uniform(0.8, 1.2)))
        if customer["lifecycle"] == "new":
            count = min(count, rng.randint(1, 4))
        customer["orders"] = count


# ------------------------------------------------------------------- orders --


def plan_order(rng, customer, day, lines, dates):
    """One sale order of ``customer`` on ``day`` (a working day), and what
    happens to it: confirmed, delivered (late, partly), or still a quotation."""
    today = dates.today
    salesperson = customer["salesperson"]
    if salesperson == LEFT_LOGIN and day >= today - timedelta(days=LEFT_DAYS_AGO):
        salesperson = MANAGER_LOGIN
    age = (today - day).days
    lead_days = rng.choice([7, 10, 14, 14, 21, 30])
    commitment = dates.on_or_after(day + timedelta(days=lead_days))
    ordered = at_hour(day, rng)
    committed = at_hour(commitment, rng, 9, 10)
    ref = f"PO{day:%y%m}{rng.randint(1000, 9999)}"
    if age < 4:
        state = "quotation"
    elif age < lead_days - 3:
        state = "confirmed"
    else:
        state = "delivered"
    # a declining customer got its goods late more often: one reason it buys
    # less (its key account is the one in the worst health); so did a quiet
    # customer in its last months
    if rng.random() < late_share(customer, day):
        delivered = dates.on_or_after(commitment + timedelta(days=rng.randint(1, 15)))
    else:
        delivered = dates.on_or_before(commitment - timedelta(days=rng.randint(1, 5)))
    if delivered >= today:
        delivered = dates.last_working_day()
        state = "confirmed" if state == "delivered" else state
    partial = state == "delivered" and rng.random() < 0.07
    backorder_day = dates.on_or_after(delivered + timedelta(days=rng.randint(6, 20)))
    return {
        "customer": customer,
        "salesperson": salesperson,
        "day": day,
        "ordered": ordered,
        "ref": ref,
        "lines": lines,
        "state": state,
        "commitment": commitment,
        "committed": committed,
        "delivered": max(delivered, day),
        "partial": partial,
        "backorder_day": backorder_day,
    }


def late_share(customer, day):
    """The chance that an order of ``customer`` on ``day`` is delivered late."""
    if customer["lifecycle"] == "declining":
        return LATE_SHARE["declining"]
    if (
        customer["lifecycle"] == "quiet"
        and customer["last"] - timedelta(days=FADE_DAYS) <= day <= customer["last"]
    ):
        return LATE_SHARE["fading"]
    return LATE_SHARE["other"]


def order_lines(rng, by_category, categories, value, line_count):
    """(product id, quantity) of an order of about ``value`` in ``categories``."""
    lines = []
    for _line in range(line_count):
        product = rng.choice(by_category[rng.choice(categories)])
        quantity = max(1, round(value / line_count / product.list_price))
        lines.append((product.id, quantity))
    return lines


def plan_orders(rng, customers, products, dates):
    """Every customer's orders over the history, the comebacks and the two
    disputes' stories last."""
    total_weight = sum(c["weight"] for c in customers)
    by_category = defaultdict(list)
    for product in products:
        by_category[product.categ_id].append(product)
    categories = list(by_category)
    soured = soured_customers(customers, dates)
    plans = []
    for customer in customers:
        years_active = max((customer["last"] - customer["first"]).days / 365, 0.25)
        revenue = YEARLY_REVENUE * YEARS * customer["weight"] / total_weight
        if customer["lifecycle"] in ("quiet", "new"):
            revenue *= min(years_active / YEARS * 1.5, 1)
        elif customer.get("soured"):  # its orders of the last years are planned
            customer["yearly_revenue"] = revenue / YEARS
            revenue *= years_active / YEARS
        order_value = revenue / customer["orders"]
        # each customer buys from its own two or three categories
        favourite = rng.sample(categories, k=rng.randint(2, 3))
        customer.update(favourite=favourite, order_value=order_value)
        for number in range(customer["orders"]):
            day = dates.on_or_before(order_day(rng, customer, number))
            value = order_value * rng.uniform(0.6, 1.4)
            lines = order_lines(rng, by_category, favourite, value, rng.randint(1, 4))
            plans.append(plan_order(rng, customer, day, lines, dates))
    # the comebacks and the stories draw from their own streams: the rest
    # stays as it was
    plans += plan_comebacks(
        random.Random(SEED + 1), customers, plans, by_category, dates
    )
    plans += plan_story_orders(
        random.Random(SEED + 3), customers, plans, by_category, dates
    )
    soured_rng = random.Random(SEED + 4)
    for customer in soured:
        plans += plan_soured_orders(soured_rng, customer, by_category, dates)
    return plans


def order_day(rng, customer, number):
    """The day of the ``number``th order of ``customer`` (one draw each): a
    quiet customer's last months thin out; a soured customer's own orders
    come at a steady pace, the draw only moving each a little."""
    if customer.get("soured"):
        u = rng.random()
        span = (customer["last"] - customer["first"]).days
        share = (number + 0.5 + (u - 0.5) / 2) / customer["orders"]
        return customer["first"] + timedelta(days=round(share * span))
    fade = (FADE_DAYS, FADE_DENSITY) if customer["lifecycle"] == "quiet" else None
    return sample_day(
        rng, customer["first"], customer["last"], customer["trend"], fade=fade
    )


def plan_comebacks(rng, customers, plans, by_category, dates):
    """A few quiet customers order again in the last months, after a long pause
    that made them dormant: they show as recovered."""
    today = dates.today
    last_order = defaultdict(lambda: date.min)
    order_count = defaultdict(int)
    for plan in plans:
        index = plan["customer"]["index"]
        last_order[index] = max(last_order[index], plan["day"])
        order_count[index] += 1
    # the quiet customers with the most orders (short gaps between them) that
    # stopped at least eight months ago
    quiet = sorted(
        (
            c
            for c in customers
            if c["lifecycle"] == "quiet"
            and order_count[c["index"]] >= 3
            and (today - last_order[c["index"]]).days >= 240
        ),
        key=lambda c: (-order_count[c["index"]], c["index"]),
    )
    comebacks = []
    for customer in quiet[:COMEBACKS]:
        customer["comeback"] = True
        day = dates.on_or_before(today - timedelta(days=rng.randint(20, 80)))
        for _order in range(rng.randint(1, 2)):
            value = customer["order_value"] * rng.uniform(0.5, 1.0)
            lines = order_lines(
                rng, by_category, customer["favourite"], value, rng.randint(1, 3)
            )
            comebacks.append(plan_order(rng, customer, day, lines, dates))
            day = dates.on_or_before(
                min(day + timedelta(days=rng.randint(12, 30)), today)
            )
    return comebacks


def story_customer(customers, plans, login, before):
    """A customer of ``login`` for a dispute's story: a steady one, first
    delivered at least 18 months before ``before`` (no new customer, whose
    commission rules differ), outside the 30 largest (no key account): the
    smallest such."""
    first_delivery = {}
    for plan in plans:
        if plan["state"] != "delivered":
            continue
        index = plan["customer"]["index"]
        first_delivery[index] = min(
            first_delivery.get(index, date.max), plan["delivered"]
        )
    old_enough = before - timedelta(days=548)
    eligible = [
        c
        for c in customers
        if c["salesperson"] == login
        and c["lifecycle"] == "steady"
        and not c.get("soured")
        and c["rank"] > 30
        and first_delivery.get(c["index"], date.max) <= old_enough
    ]
    return min(eligible, key=lambda c: (c["weight"], c["index"]))


def plan_story_orders(rng, customers, plans, by_category, dates):
    """The orders of the two disputes' stories, delivered on their days
    (``DemoDates.story_days``) in full and on time."""
    days = dates.story_days()
    stories = []
    for login, delivered, role in (
        (DISPUTED_SELLER, days["disputed_delivery"], "disputed"),
        (RETURNED_SELLER, days["returned_delivery"], "returned"),
    ):
        customer = story_customer(customers, plans, login, delivered)
        day = dates.on_or_before(delivered - timedelta(days=14))
        lines = order_lines(
            rng, by_category, customer["favourite"], customer["order_value"], 2
        )
        stories.append(
            fixed_order(
                rng,
                customer,
                day,
                lines,
                commitment=delivered,
                delivered=delivered,
                story=role,
            )
        )
    return stories


def soured_customers(customers, dates):
    """The soured customers, marked with the days since their last order
    (``SOURED_STOPS``): steady customers that have bought since the history
    began, of a salesperson still with the company; the first of the
    highest rank in its range of ``SOURED_RANKS`` (the smallest: the larger
    ones keep their stories, the declining complainer of ``voice`` is one),
    the others of the lowest ranks in theirs. Their own orders end
    ``SOURED_OWN`` days before their last order."""
    start = dates.today - timedelta(days=HISTORY_DAYS)

    def eligible(ranks):
        low, high = ranks
        return sorted(
            (
                c
                for c in customers
                if c["lifecycle"] == "steady"
                and low <= c["rank"] <= high
                and c["first"] == start
                and c["salesperson"] != LEFT_LOGIN
            ),
            key=lambda c: c["rank"],
        )

    story_ranks, other_ranks = SOURED_RANKS
    soured = [eligible(story_ranks)[-1], *eligible(other_ranks)]
    for customer, stop in zip(soured, SOURED_STOPS, strict=False):
        customer.update(
            soured=stop, last=dates.today - timedelta(days=stop + SOURED_OWN)
        )
    return soured[: len(SOURED_STOPS)]


def fixed_order(rng, customer, day, lines, *, commitment, delivered, **extra):
    """A planned order whose days are given, delivered in full."""
    return {
        "customer": customer,
        "salesperson": customer["salesperson"],
        "day": day,
        "ordered": at_hour(day, rng),
        "ref": f"PO{day:%y%m}{rng.randint(1000, 9999)}",
        "lines": lines,
        "state": "delivered",
        "commitment": commitment,
        "committed": at_hour(commitment, rng, 9, 10),
        "delivered": delivered,
        "partial": False,
        "backorder_day": delivered,
        **extra,
    }


def plan_soured_orders(rng, customer, by_category, dates):
    """A soured customer's last year: an order every five or six
    weeks, delivered on time, of its usual yearly revenue; then three smaller
    ones, each delivered one to three weeks late (the delivery says why)."""
    stop = dates.today - timedelta(days=customer["soured"])
    yearly = customer["yearly_revenue"]
    orders = []
    first, last = SOURED_REGULAR
    day = dates.on_or_after(stop - timedelta(days=first))
    while day <= stop - timedelta(days=last):
        gap = rng.randint(35, 45)
        value = yearly * gap / 365 * rng.uniform(0.85, 1.15)
        commitment = dates.on_or_after(day + timedelta(days=rng.choice([10, 14, 21])))
        lines = order_lines(
            rng, by_category, customer["favourite"], value, rng.randint(1, 3)
        )
        delivered = dates.on_or_before(commitment - timedelta(days=rng.randint(0, 3)))
        orders.append(
            fixed_order(
                rng,
                customer,
                day,
                lines,
                commitment=commitment,
                delivered=max(delivered, day),
            )
        )
        day = dates.on_or_after(day + timedelta(days=gap))
    for days_before, share in SOURED_TROUBLED:
        day = dates.on_or_before(stop - timedelta(days=days_before))
        commitment = dates.on_or_after(day + timedelta(days=14))
        lines = order_lines(
            rng, by_category, customer["favourite"], yearly * share * 40 / 365, 2
        )
        delivered = dates.on_or_after(commitment + timedelta(days=rng.randint(7, 20)))
        orders.append(
            fixed_order(
                rng,
                customer,
                day,
                lines,
                commitment=commitment,
                delivered=delivered,
                note=SOURED_NOTE,
            )
        )
    return orders


# ----------------------------------------------------------------- payments --


def plan_payments(rng, invoices, dates):
    """When the customers pay: what falls due in a month is settled in one
    transfer on the 10th or the 25th (a working day), most on time, some
    late, a few invoices never. ``invoices`` are (id, customer, due date,
    invoice date) sorted by due date and id; returns {day: [invoice ids]}."""
    by_day = defaultdict(list)
    behaviour, pay_days = {}, {}
    for invoice_id, customer, due, invoice_date in invoices:
        if customer not in behaviour:
            behaviour[customer] = pick_weighted(
                rng, ["prompt", "slow", "bad"], [70, 24, 6]
            )
        month = (customer, due.year, due.month)
        if month not in pay_days:
            delay = {
                "prompt": rng.randint(-10, 5),
                "slow": rng.randint(5, 50),
                "bad": rng.randint(30, 120),
            }[behaviour[customer]]
            pay_days[month] = next_pay_day(
                dates, due.replace(day=20) + timedelta(days=delay)
            )
        if rng.random() < 0.02:
            continue  # disputed, still open
        day = dates.on_or_after(max(pay_days[month], invoice_date))
        if day >= dates.today:
            continue
        by_day[day].append(invoice_id)
    return by_day


def plan_refunds(rng, invoices, dates):
    """Credit notes for returned or defective goods on a few invoices:
    ``invoices`` are (id, invoice date); returns (invoice id, day)."""
    chosen = rng.sample(list(invoices), k=max(1, len(invoices) // 60))
    return [
        (
            invoice_id,
            dates.on_or_before(
                min(invoice_date + timedelta(days=rng.randint(10, 60)), dates.today)
            ),
        )
        for invoice_id, invoice_date in sorted(chosen, key=lambda i: i[1])
    ]
