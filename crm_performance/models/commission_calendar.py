# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a commission period is computed, approved and paid.

Pure functions, without Odoo: the commission periods apply them with the
company's pay day and working calendar; the demo generator
(tools/demo/dates.py) builds its periods on them; tested on their own in
tests/test_commission_calendar.py.

The rule, as HR closes commissions:

- A period (a month or a quarter) can be computed at any time, so that the
  salespeople follow it, but it is *approved* only once it has ended: from
  the day after its last day.
- The sales managers answer the disputes and approve it during the month
  after its end, the *approval month*.
- HR pays it with the salaries of the approval month, on the company's
  *pay day* of the month after the approval month (the 5th, say): the
  payment of October's commissions, approved in November, is on 5
  December. A pay day that is not a working day of the company's calendar
  (a weekend, a public holiday) is brought forward to the last working day
  before it in the same month, as China's wage rules ask; when the month
  has none before it (a pay day on the 3rd after a holiday from the 1st),
  it is the first working day after it.

So on any day, the month before the current one is in its approval month
(computed, disputes answered, approved), and the months before that are
paid once their pay day has come.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

# the months in one period of each type
PERIOD_MONTHS = {"month": 1, "quarter": 3}
# the pay day is a day that every month has
PAY_DAY_MIN, PAY_DAY_MAX = 1, 28

# the states of a commission period whose pay is settled: nothing computed
# later changes them, a later fact is adjusted in the next open period
LOCKED_STATES = ("approved", "validated", "paid")

# the states of a period on a day, in the order a period goes through them
RUNNING = "running"  # not ended: computed for information, not approvable
APPROVAL = "approval"  # ended, in its approval month
AWAITING_PAYMENT = "awaiting_payment"  # approval month over, pay day to come
PAID = "paid"  # its pay day has come


def period_start(day, period_type):
    """The first day of the month or quarter of ``day``."""
    month = day.month - (day.month - 1) % PERIOD_MONTHS[period_type]
    return day.replace(month=month, day=1)


def period_end(start, period_type):
    """The last day of the period starting on ``start``."""
    return start + relativedelta(months=PERIOD_MONTHS[period_type], days=-1)


def is_approvable(date_to, today):
    """A period is approved once it has ended: from the day after ``date_to``."""
    return today > date_to


def approval_month(date_to):
    """The first and last day of the month after the period ending on
    ``date_to``, in which its disputes are answered and it is approved."""
    first = date_to + timedelta(days=1)
    return first, first + relativedelta(months=1, days=-1)


def pay_date(date_to, pay_day, is_working_day):
    """The day the period ending on ``date_to`` is paid: ``pay_day`` of the
    month after its approval month, brought forward to the last working day
    before it in that month when it is not a working day, else put off to
    the first working day after it (the pay day itself for a calendar
    without a working day in a month). ``is_working_day(day)`` says whether
    the company works on ``day``."""
    if not PAY_DAY_MIN <= pay_day <= PAY_DAY_MAX:
        raise ValueError(f"pay day {pay_day} is not between 1 and 28")
    _first, last = approval_month(date_to)
    nominal = (last + timedelta(days=1)).replace(day=pay_day)
    earlier = (nominal - timedelta(days=back) for back in range(nominal.day))
    later = (nominal + timedelta(days=ahead) for ahead in range(1, 32))
    return next((day for day in (*earlier, *later) if is_working_day(day)), nominal)


def state_on(date_to, today, pay_day, is_working_day):
    """Where the period ending on ``date_to`` stands on ``today``: running,
    approval, awaiting_payment or paid."""
    if not is_approvable(date_to, today):
        return RUNNING
    if pay_date(date_to, pay_day, is_working_day) <= today:
        return PAID
    if today <= approval_month(date_to)[1]:
        return APPROVAL
    return AWAITING_PAYMENT
