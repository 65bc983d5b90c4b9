# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a commission period is approved and paid, worked out by hand.

The commission periods apply it with the company's calendar
(crm_performance/tests/test_commission_calendar.py); the demo builds its
periods on it (tests/test_demo_dates.py).
"""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest

# the addon's package imports Odoo; its calendar module does not
CALENDAR_PATH = (
    Path(__file__).resolve().parent.parent
    / "crm_performance/models/commission_calendar.py"
)
spec = importlib.util.spec_from_file_location("commission_calendar", CALENDAR_PATH)
calendar = importlib.util.module_from_spec(spec)
spec.loader.exec_module(calendar)


def weekdays(day):
    return day.weekday() < 5


def weekdays_but(*holidays):
    return lambda day: day.weekday() < 5 and day not in holidays


@pytest.mark.parametrize(
    ("day", "period_type", "start", "end"),
    [
        (date(2028, 2, 29), "month", date(2028, 2, 1), date(2028, 2, 29)),
        (date(2027, 2, 1), "month", date(2027, 2, 1), date(2027, 2, 28)),
        (date(2026, 12, 31), "month", date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 11, 6), "quarter", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2028, 3, 31), "quarter", date(2028, 1, 1), date(2028, 3, 31)),
    ],
)
def test_period_bounds(day, period_type, start, end):
    assert calendar.period_start(day, period_type) == start
    assert calendar.period_end(start, period_type) == end


def test_approvable_from_the_day_after_the_period():
    assert not calendar.is_approvable(date(2026, 11, 30), date(2026, 11, 30))
    assert calendar.is_approvable(date(2026, 11, 30), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("date_to", "first", "last"),
    [
        (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 31)),
        (date(2028, 1, 31), date(2028, 2, 1), date(2028, 2, 29)),
        (date(2027, 1, 31), date(2027, 2, 1), date(2027, 2, 28)),
    ],
)
def test_approval_month(date_to, first, last):
    assert calendar.approval_month(date_to) == (first, last)


@pytest.mark.parametrize(
    ("date_to", "pay_day", "is_working_day", "paid"),
    [
        # October, approved in November, paid on Saturday 5 December 2026:
        # brought forward to Friday 4 December
        (date(2026, 10, 31), 5, weekdays, date(2026, 12, 4)),
        # November 2026: Tuesday 5 January 2027
        (date(2026, 11, 30), 5, weekdays, date(2027, 1, 5)),
        # December 2027, approved in January 2028, paid on the 28th of
        # February 2028 (a Monday)
        (date(2027, 12, 31), 28, weekdays, date(2028, 2, 28)),
        # August 2026 on the 5th of October, in China's National Day holiday
        # (1 to 7 October): no working day before it in October, Thursday 8
        (
            date(2026, 8, 31),
            5,
            weekdays_but(*(date(2026, 10, day) for day in range(1, 8))),
            date(2026, 10, 8),
        ),
        # the third quarter of 2026, approved in October, paid in November
        (date(2026, 9, 30), 10, weekdays, date(2026, 11, 10)),
    ],
)
def test_pay_date(date_to, pay_day, is_working_day, paid):
    assert calendar.pay_date(date_to, pay_day, is_working_day) == paid


def test_pay_date_of_a_calendar_without_working_days_is_the_pay_day():
    assert calendar.pay_date(date(2026, 10, 31), 5, lambda day: False) == date(
        2026, 12, 5
    )


def test_pay_day_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 1 and 28"):
        calendar.pay_date(date(2026, 10, 31), 31, weekdays)


def test_states_of_october_2026_through_the_year():
    """October 2026 with the pay day on the 5th: running in October, in its
    approval month in November, awaiting payment from 1 to 3 December, paid
    from Friday 4 December."""
    october_end = date(2026, 10, 31)
    expected = {
        date(2026, 10, 1): calendar.RUNNING,
        date(2026, 10, 31): calendar.RUNNING,
        date(2026, 11, 1): calendar.APPROVAL,
        date(2026, 11, 30): calendar.APPROVAL,
        date(2026, 12, 1): calendar.AWAITING_PAYMENT,
        date(2026, 12, 3): calendar.AWAITING_PAYMENT,
        date(2026, 12, 4): calendar.PAID,
        date(2027, 6, 1): calendar.PAID,
    }
    for today, state in expected.items():
        assert calendar.state_on(october_end, today, 5, weekdays) == state, today


def test_on_any_day_last_month_is_in_approval_and_the_one_before_not():
    """Every day of a leap and a non-leap year, with the pay day on the 1st
    (the earliest) and the 28th (the latest)."""
    day = date(2027, 1, 1)
    while day <= date(2028, 12, 31):
        this_month = day.replace(day=1)
        last_month_end = this_month - timedelta(days=1)
        before_end = last_month_end.replace(day=1) - timedelta(days=1)
        for pay_day in (1, 28):
            state = calendar.state_on(last_month_end, day, pay_day, weekdays)
            assert state == calendar.APPROVAL, (day, pay_day)
            state = calendar.state_on(before_end, day, pay_day, weekdays)
            assert state in (calendar.AWAITING_PAYMENT, calendar.PAID), (day, pay_day)
            this_month_end = calendar.period_end(this_month, "month")
            state = calendar.state_on(this_month_end, day, pay_day, weekdays)
            assert state == calendar.RUNNING, (day, pay_day)
        day += timedelta(days=1)
