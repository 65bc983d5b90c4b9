# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaint service levels in working hours, worked out by hand."""

import importlib.util
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

# the addon's package imports Odoo; its rules module does not
RULES_PATH = (
    Path(__file__).resolve().parent.parent / "crm_industrial/models/complaint_rules.py"
)
spec = importlib.util.spec_from_file_location("complaint_rules", RULES_PATH)
complaint_rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(complaint_rules)

WorkingTime = complaint_rules.WorkingTime


def office_week(first_monday, weeks=2, holidays=()):
    """8-12 and 13-17 from Monday to Friday: 8 working hours a day."""
    intervals = []
    for offset in range(weeks * 7):
        day = first_monday + timedelta(days=offset)
        if day.weekday() >= 5 or day in holidays:
            continue
        for start, stop in ((8, 12), (13, 17)):
            intervals.append(
                (
                    datetime.combine(day, datetime.min.time()) + timedelta(hours=start),
                    datetime.combine(day, datetime.min.time()) + timedelta(hours=stop),
                )
            )
    return WorkingTime(intervals)


# Monday 2026-07-06; Friday 2026-07-10; Monday 2026-07-13
WEEKS = office_week(date(2026, 7, 6))
FRIDAY_16 = datetime(2026, 7, 10, 16, 0)
MONDAY_10 = datetime(2026, 7, 13, 10, 0)


def test_hours_across_a_weekend():
    """Friday 16:00 to Monday 10:00: Friday 16-17 (1 h), the weekend (0 h),
    Monday 8-10 (2 h): 3 working hours, not the 66 hours on the clock."""
    assert WEEKS.hours_between(FRIDAY_16, MONDAY_10) == 3.0


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # within one morning
        (datetime(2026, 7, 6, 9, 0), datetime(2026, 7, 6, 11, 30), 2.5),
        # across lunch: 11-12 and 13-14
        (datetime(2026, 7, 6, 11, 0), datetime(2026, 7, 6, 14, 0), 2.0),
        # received during lunch, answered at 13:30
        (datetime(2026, 7, 6, 12, 15), datetime(2026, 7, 6, 13, 30), 0.5),
        # received at night: the clock starts at 8:00
        (datetime(2026, 7, 6, 22, 0), datetime(2026, 7, 7, 9, 0), 1.0),
        # a whole working week
        (datetime(2026, 7, 6, 0, 0), datetime(2026, 7, 11, 0, 0), 40.0),
        # received on Saturday, answered on Sunday: no working hour
        (datetime(2026, 7, 11, 9, 0), datetime(2026, 7, 12, 18, 0), 0.0),
        # the end before the start
        (MONDAY_10, FRIDAY_16, 0.0),
    ],
)
def test_hours_between(start, end, hours):
    assert WEEKS.hours_between(start, end) == hours


def test_a_public_holiday_is_not_worked():
    """Monday 2026-07-13 a holiday: Friday 16:00 to Tuesday 10:00 is
    Friday 16-17 and Tuesday 8-10, 3 hours."""
    with_holiday = office_week(date(2026, 7, 6), holidays={date(2026, 7, 13)})
    tuesday_10 = datetime(2026, 7, 14, 10, 0)
    assert with_holiday.hours_between(FRIDAY_16, tuesday_10) == 3.0


@pytest.mark.parametrize(
    ("hours", "moment"),
    [
        # one hour on Friday, then Monday from 8:00
        (1.0, datetime(2026, 7, 10, 17, 0)),
        (3.0, MONDAY_10),
        # 1 h on Friday, 4 h on Monday morning, 1 h after lunch
        (6.0, datetime(2026, 7, 13, 14, 0)),
        # 1 h on Friday, 8 h on Monday, 8 h on Tuesday, 7 h on Wednesday
        (24.0, datetime(2026, 7, 15, 16, 0)),
    ],
)
def test_moment_after(hours, moment):
    assert WEEKS.moment_after(FRIDAY_16, hours) == moment
    assert WEEKS.hours_between(FRIDAY_16, moment) == hours


def test_moment_after_the_known_intervals():
    """Two weeks hold 80 working hours: 80 from Monday 8:00 ends the second
    Friday at 17:00, one more lies beyond."""
    monday = datetime(2026, 7, 6, 8, 0)
    assert WEEKS.moment_after(monday, 80.0) == datetime(2026, 7, 17, 17, 0)
    assert WEEKS.moment_after(monday, 81.0) is None


@pytest.mark.parametrize(
    ("severity", "abc_class", "targets"),
    [
        ("critical", "a", (2.0, 24.0)),
        ("critical", "c", (8.0, 56.0)),
        ("medium", "a", (8.0, 80.0)),
        ("medium", "b", (16.0, 104.0)),
        ("low", "c", (24.0, 160.0)),
        # no profile yet: treated as "none", as class C
        ("low", None, (24.0, 160.0)),
    ],
)
def test_default_targets(severity, abc_class, targets):
    assert complaint_rules.target_hours({}, severity, abc_class) == targets


def test_company_targets_come_first():
    company = {("critical", "a"): (1.0, 16.0)}
    assert complaint_rules.target_hours(company, "critical", "a") == (1.0, 16.0)
    # a pair the company did not set takes the default
    assert complaint_rules.target_hours(company, "critical", "b") == (4.0, 40.0)


def test_class_a_is_served_first_at_every_severity():
    defaults = complaint_rules.DEFAULT_TARGET_HOURS
    for severity in complaint_rules.SEVERITIES:
        a, b, c = (defaults[severity, abc] for abc in ("a", "b", "c"))
        assert a[0] < b[0] <= c[0] and a[1] < b[1] < c[1], severity
        assert defaults[severity, "none"] == c
    for abc_class in complaint_rules.ABC_CLASSES:
        by_severity = [
            defaults[severity, abc_class] for severity in complaint_rules.SEVERITIES
        ]
        # low, medium, high, critical: never looser as the severity rises
        assert by_severity == sorted(by_severity, reverse=True), abc_class


@pytest.mark.parametrize(
    ("used_shares", "state"),
    [
        # answered at 50 %, resolution at 30 %
        (((0.5, True), (0.3, False)), "on_track"),
        # unanswered at 80 %: near
        (((0.8, False), (0.1, False)), "near"),
        # answered at 90 % (done: no longer near), resolution at 79 %
        (((0.9, True), (0.79, False)), "on_track"),
        # resolution at 85 %
        (((0.5, True), (0.85, False)), "near"),
        # exactly on target is in time
        (((1.0, True), (1.0, True)), "met"),
        # answered late, even if resolved in time
        (((1.25, True), (0.5, True)), "breached"),
        # still open past its resolution target
        (((0.5, True), (1.01, False)), "breached"),
    ],
)
def test_sla_state(used_shares, state):
    assert complaint_rules.sla_state(used_shares) == state


def test_service_level_of_an_open_complaint():
    """Critical, class A: 2 h to answer, 24 h to resolve. Received Friday 16:00,
    answered Monday 10:00 (3 h: late), open on Monday at 12:00 (5 h of 24)."""
    level = complaint_rules.service_level(
        WEEKS,
        FRIDAY_16,
        MONDAY_10,
        None,
        (2.0, 24.0),
        now=datetime(2026, 7, 13, 12, 0),
    )
    assert level == complaint_rules.ServiceLevel(
        response_hours=3.0,
        resolution_hours=0.0,
        response_met=False,
        resolution_met=True,
        state="breached",
    )


def test_service_level_near_and_met():
    """Medium, class C: 24 h to answer, 120 h to resolve. Received Monday
    2026-07-06 at 8:00 and unanswered on Wednesday at 12:00: 20 h used of 24,
    83 %: near. Answered then, resolved the second Monday at 8:00 (40 h)."""
    monday = datetime(2026, 7, 6, 8, 0)
    wednesday_12 = datetime(2026, 7, 8, 12, 0)
    near = complaint_rules.service_level(
        WEEKS, monday, None, None, (24.0, 120.0), now=wednesday_12
    )
    assert (near.response_met, near.state) == (True, "near")
    second_monday_8 = datetime(2026, 7, 13, 8, 0)
    met = complaint_rules.service_level(
        WEEKS, monday, wednesday_12, second_monday_8, (24.0, 120.0), now=MONDAY_10
    )
    assert (met.response_hours, met.resolution_hours, met.state) == (
        20.0,
        40.0,
        "met",
    )
