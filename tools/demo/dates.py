# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When things happen in the demo company, relative to the day it is built.

Pure, without Odoo: every step of the demo takes its dates from here, and
tests/test_demo_dates.py checks them for every day of a leap and a
non-leap year.

- The company works Monday to Friday, but on China's public holidays (and
  the days off the State Council gives around them), as the ``holidays``
  library knows them; the data step loads them into the company's working
  calendar, so that the addons count working hours and pay days on the
  same days.
- Business happens on working days: orders, deliveries, payments,
  complaints, visits and meetings; ``on_or_before`` and ``on_or_after``
  move a day to one.
- The commission months follow the commission calendar of
  ``crm_performance`` (its ``commission_calendar`` module, the rule HR
  closes commissions by): the month before this one is in its approval
  month, those before it are paid once their pay day has come, and this
  month is running.
"""

import functools
import importlib.util
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import holidays
from dateutil.relativedelta import relativedelta

REPO = Path(__file__).resolve().parents[2]


def _load(name, path):
    """A module of an addon that does not import Odoo, by its file."""
    spec = importlib.util.spec_from_file_location(name, REPO / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


commission_calendar = _load(
    "commission_calendar", "crm_performance/models/commission_calendar.py"
)

# the demo company's commission pay day: the addon's default
PAY_DAY = 5
# commission months before the month in approval: approved, validated and
# paid (or, before their pay day, waiting for it)
CLOSED_MONTHS = 3


@dataclass(frozen=True)
class CommissionMonth:
    start: date
    end: date
    state: str  # a state of commission_calendar: running, approval, ...
    pay_date: date


@functools.cache
def china_holidays(first_year, last_year):
    """China's public holidays and days off of these years, by day."""
    return holidays.country_holidays("CN", years=range(first_year, last_year + 1))


class DemoDates:
    """The calendar of the demo company on ``today``."""

    def __init__(self, today):
        self.today = today
        self.this_month = today.replace(day=1)
        # from the oldest history (three years and a few months) to the
        # plans and pay days of next year
        self._holidays = china_holidays(today.year - 4, today.year + 1)

    # ------------------------------------------------------------ days ---

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self._holidays

    def on_or_before(self, day):
        """``day``, or the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day):
        """``day``, or the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def last_working_day(self):
        """The last working day before today: what happened "yesterday"."""
        return self.on_or_before(self.today - timedelta(days=1))

    def public_holidays(self, first, last):
        """China's public holidays and days off between ``first`` and
        ``last``, as (day, name), the weekends they fall on included."""
        return sorted(
            (day, name) for day, name in self._holidays.items() if first <= day <= last
        )

    def months_ago(self, months):
        """The day ``months`` months before today (the 31st becomes the last
        day of a shorter month)."""
        return self.today - relativedelta(months=months)

    def month_ends(self, count):
        """The last days of the ``count`` months before this one, oldest first."""
        return [
            self.this_month - relativedelta(months=back - 1) - timedelta(days=1)
            for back in range(count, 0, -1)
        ]

    # ----------------------------------------------------- commissions ---

    def commission_months(self):
        """The months of the demo's commission periods, oldest first: the
        closed months, the month in approval, and this month, running."""
        months = []
        for back in range(CLOSED_MONTHS + 1, -1, -1):
            start = self.this_month - relativedelta(months=back)
            end = commission_calendar.period_end(start, "month")
            months.append(
                CommissionMonth(
                    start=start,
                    end=end,
                    state=commission_calendar.state_on(
                        end, self.today, PAY_DAY, self.is_working_day
                    ),
                    pay_date=commission_calendar.pay_date(
                        end, PAY_DAY, self.is_working_day
                    ),
                )
            )
        return months

    def commission_month(self, state):
        """The last commission month in ``state``."""
        return [month for month in self.commission_months() if month.state == state][-1]

    def story_days(self):
        """The days of the two disputes' stories, planted in the history:

        - chen.jing sells to a customer of hers that is no key account,
          delivered in the last closed month: she disputes its rate, and
          her team leader answers before approving the month;
        - yang.lei's customer takes goods delivered three months before the
          month in approval, and returns part of them, for a quality fault,
          in the month in approval: the return claws back his commission,
          and his dispute of it waits for its answer.
        """
        closed = self.commission_months()[:CLOSED_MONTHS]
        approval = self.commission_month(commission_calendar.APPROVAL)
        return {
            "disputed_delivery": self.on_or_after(closed[-1].start.replace(day=8)),
            "returned_delivery": self.on_or_after(closed[0].start.replace(day=12)),
            "return": self.on_or_after(approval.start.replace(day=15)),
        }

    # ---------------------------------------------------- key accounts ---

    def annual_meeting_day(self, index):
        """The day of the ``index``th account's annual meeting: the first three
        held 20, 35 and 50 days ago, the fourth planned in three weeks, each on
        a working day; a meeting is of the year of its day."""
        if index < 3:
            return self.on_or_before(self.today - timedelta(days=20 + 15 * index))
        return self.on_or_after(self.today + timedelta(days=21))

    def plan_action_deadline(self, days):
        """An account plan's action item due ``days`` into this year (the
        plan's), on a working day."""
        return self.on_or_after(
            self.today.replace(month=1, day=1) + timedelta(days=days)
        )

    # ----------------------------------------------------------- voice ---

    def campaign_day(self, months):
        """The working day of a survey campaign sent ``months`` months ago."""
        return self.on_or_before(self.months_ago(months))
