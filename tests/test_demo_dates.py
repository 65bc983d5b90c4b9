# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo builds on any day: its dates, for every day of a non-leap and a
leap year (2027 and 2028), without a database.

Each day plans the whole history as the data step does (``history``, on
plain customers and products) and takes every other date of the steps
from ``dates.DemoDates``; a real build with the clock on a given day is
``make demo-at DAY=...`` (tools/demo_at.sh).
"""

import random
from datetime import date, timedelta

import pytest

from tools.demo import dates as demo_dates
from tools.demo import history
from tools.demo.names import PRODUCTS, SALESPEOPLE

FIRST_DAY, LAST_DAY = date(2027, 1, 1), date(2028, 12, 31)
CUSTOMER_COUNT = 120
# the salespeople that customers are assigned to (not the sales manager)
SELLERS = [login for login, *_rest, role in SALESPEOPLE if role != "manager"]
CALENDAR = demo_dates.commission_calendar


def every_day():
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += timedelta(days=1)


def products():
    return [
        history.Product(index, category, price)
        for category, (_en, _zh, items) in enumerate(PRODUCTS)
        for index, (_name, _name_zh, _code, price, _margin) in enumerate(
            items, start=100 * category
        )
    ]


def customers():
    rng = random.Random(7)
    return [
        {"index": index, "salesperson": rng.choice(SELLERS)}
        for index in range(CUSTOMER_COUNT)
    ]


def plan_history(dates):
    rng = random.Random(history.SEED)
    plain = customers()
    history.plan_customers(rng, plain, dates)
    return plain, history.plan_orders(rng, plain, products(), dates)


def month_of(day):
    return day.replace(day=1)


def test_holidays_are_not_working_days():
    dates = demo_dates.DemoDates(date(2027, 10, 6))
    assert not dates.is_working_day(date(2027, 10, 1))  # National Day
    assert not dates.is_working_day(date(2027, 10, 9))  # a Saturday
    assert dates.is_working_day(date(2027, 10, 8))
    assert dates.on_or_before(date(2027, 10, 4)) == date(2027, 9, 30)
    assert dates.on_or_after(date(2027, 10, 1)) == date(2027, 10, 6)


@pytest.mark.parametrize(
    ("today", "states"),
    [
        # the example: on 6 December 2026, November is in approval,
        # the months before are paid (October on Friday 4 December, the 5th
        # being a Saturday)
        (
            date(2026, 12, 6),
            ["paid", "paid", "paid", "approval", "running"],
        ),
        # on 1 December, October waits for its pay day
        (
            date(2026, 12, 1),
            ["paid", "paid", "awaiting_payment", "approval", "running"],
        ),
    ],
)
def test_commission_months_on_a_day(today, states):
    months = demo_dates.DemoDates(today).commission_months()
    assert [month.state for month in months] == states
    assert [month.start for month in months] == [
        date(2026, month, 1) for month in range(today.month - 4, today.month + 1)
    ]


def check_commission_months(dates):
    """Three closed months, one in approval, this one running; each paid
    on a working day after its approval month, once its pay day has come."""
    today = dates.today
    months = dates.commission_months()
    closed, approval, running = months[:3], months[3], months[4]
    assert running.start == month_of(today) and running.state == CALENDAR.RUNNING
    assert approval.end == month_of(today) - timedelta(days=1)
    assert approval.state == CALENDAR.APPROVAL
    assert [m.state for m in closed[:2]] == [CALENDAR.PAID] * 2
    assert closed[2].state in (CALENDAR.PAID, CALENDAR.AWAITING_PAYMENT)
    for month in months:
        assert dates.is_working_day(month.pay_date)
        assert month.pay_date > CALENDAR.approval_month(month.end)[1]
        assert (month.state == CALENDAR.PAID) == (month.pay_date <= today)
    # the disputes' stories: chen.jing's delivery in the last closed month,
    # yang.lei's delivery in the first and its return in the month in approval
    story = dates.story_days()
    assert month_of(story["disputed_delivery"]) == closed[-1].start
    assert month_of(story["returned_delivery"]) == closed[0].start
    assert month_of(story["return"]) == approval.start
    assert story["return"] < today
    assert all(dates.is_working_day(day) for day in story.values())
    return story


def check_history(dates, story):
    """Orders on working days, delivered and invoiced before today, the
    stories' orders planted on their days; payments and credit notes of the
    delivered orders (due 30 days later) on working days before today."""
    today = dates.today
    plain, plans = plan_history(dates)
    for plan in plans:
        assert dates.is_working_day(plan["day"]) and plan["day"] <= today
        assert dates.is_working_day(plan["commitment"])
        if plan["state"] == "delivered":
            assert dates.is_working_day(plan["delivered"])
            assert plan["day"] <= plan["delivered"] < today
    stories = {plan["story"]: plan for plan in plans if plan.get("story")}
    assert stories["disputed"]["delivered"] == story["disputed_delivery"]
    assert stories["returned"]["delivered"] == story["returned_delivery"]
    for role, login in (
        ("disputed", history.DISPUTED_SELLER),
        ("returned", history.RETURNED_SELLER),
    ):
        customer = stories[role]["customer"]
        assert customer["salesperson"] == login
        assert customer["lifecycle"] == "steady" and customer["rank"] > 30
    assert sum(1 for c in plain if c.get("comeback")) == history.COMEBACKS

    delivered = [p for p in plans if p["state"] == "delivered"]
    invoices = [
        (n, p["customer"]["index"], p["delivered"] + timedelta(days=30), p["delivered"])
        for n, p in enumerate(delivered)
    ]
    invoices.sort(key=lambda invoice: (invoice[2], invoice[0]))
    invoice_day = {n: day for n, _customer, _due, day in invoices}
    for day, paid in history.plan_payments(random.Random(1), invoices, dates).items():
        assert dates.is_working_day(day) and day < today
        assert all(invoice_day[n] <= day for n in paid)
    refunds = history.plan_refunds(random.Random(2), list(invoice_day.items()), dates)
    for n, day in refunds:
        assert dates.is_working_day(day) and invoice_day[n] <= day <= today
    return plain, plans


def check_churn_stories(dates, plain, plans):
    """The soured customers: of long standing, their last three deliveries
    late; the first of class B's size, those deliveries in the last six
    months (its complaints count), its last order recent enough that it is
    not dormant (the company's floor is 90 days); the others stopped. The
    quiet customers ordered less in their last months."""
    today = dates.today
    soured = sorted((c for c in plain if c.get("soured")), key=lambda c: c["soured"])
    assert [c["soured"] for c in soured] == list(history.SOURED_STOPS)
    story_ranks, other_ranks = history.SOURED_RANKS
    for customer in soured:
        low, high = story_ranks if customer is soured[0] else other_ranks
        assert customer["lifecycle"] == "steady" and low <= customer["rank"] <= high
        assert customer["salesperson"] != history.LEFT_LOGIN
        own = sorted(
            (p for p in plans if p["customer"] is customer), key=lambda p: p["day"]
        )
        troubled = own[-len(history.SOURED_TROUBLED) :]
        assert [p for p in own if p.get("note")] == troubled
        assert all(p["delivered"] > p["commitment"] for p in troubled)
        stop = today - timedelta(days=customer["soured"])
        assert dates.on_or_before(stop) == troubled[-1]["day"]
    own = [p for p in plans if p["customer"] is soured[0]]
    first_late = min(p["delivered"] for p in own if p.get("note"))
    assert today - first_late <= timedelta(days=180)
    last_activity = max(p["delivered"] for p in own)
    assert timedelta(days=60) <= today - last_activity < timedelta(days=90)
    # the quiet customers' orders per day in their last months, against before
    recent = before = 0.0
    for customer in (c for c in plain if c["lifecycle"] == "quiet"):
        fade_start = customer["last"] - timedelta(days=history.FADE_DAYS)
        days = [p["day"] for p in plans if p["customer"] is customer]
        recent += sum(fade_start <= day <= customer["last"] for day in days)
        before += sum(day < fade_start for day in days) * (
            history.FADE_DAYS / max((fade_start - customer["first"]).days, 1)
        )
    assert recent < 0.7 * before


def check_key_accounts_and_voice(dates):
    """Three annual meetings held, one planned, each in its own year; this
    year's plan's action items within the year; a year of month ends; the
    survey campaigns on working days, oldest first."""
    today = dates.today
    for index in range(3):
        held = dates.annual_meeting_day(index)
        assert dates.is_working_day(held) and held < today
    planned = dates.annual_meeting_day(3)
    assert dates.is_working_day(planned) and planned > today
    for days in (60, 260, 350):
        deadline = dates.plan_action_deadline(days)
        assert dates.is_working_day(deadline) and deadline.year == today.year
    month_ends = dates.month_ends(12)
    assert month_ends[-1] == month_of(today) - timedelta(days=1)
    assert all((end + timedelta(days=1)).day == 1 for end in month_ends)
    campaigns = [dates.campaign_day(months) for months in (21, 15, 9, 3)]
    assert campaigns == sorted(campaigns)
    assert all(dates.is_working_day(day) and day < today for day in campaigns)


@pytest.mark.parametrize("today", list(every_day()), ids=str)
def test_dates_of_the_day(today):
    dates = demo_dates.DemoDates(today)
    story = check_commission_months(dates)
    plain, plans = check_history(dates, story)
    check_churn_stories(dates, plain, plans)
    check_key_accounts_and_voice(dates)
