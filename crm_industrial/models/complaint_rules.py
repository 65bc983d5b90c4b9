# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules of the complaints' service levels that need no database.

Working time is given as the working intervals of a calendar: sorted,
non-overlapping ``(start, stop)`` pairs of naive UTC datetimes. A complaint's
targets are working hours: the time it waits outside working hours (nights,
weekends, public holidays) does not count.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import timedelta

SEVERITIES = ("low", "medium", "high", "critical")
ABC_CLASSES = ("a", "b", "c", "none")

# A target is near once this share of its working hours is used.
NEAR_TARGET_SHARE = 0.8

# Working hours (first answer, resolution) by severity and ABC class at
# receipt, on an 8-hour working day: a class A customer is answered and
# served faster; a customer without sales in the look-back ("none") is
# treated as class C.
DEFAULT_TARGET_HOURS = {
    ("critical", "a"): (2.0, 24.0),
    ("critical", "b"): (4.0, 40.0),
    ("critical", "c"): (8.0, 56.0),
    ("critical", "none"): (8.0, 56.0),
    ("high", "a"): (4.0, 40.0),
    ("high", "b"): (8.0, 56.0),
    ("high", "c"): (16.0, 80.0),
    ("high", "none"): (16.0, 80.0),
    ("medium", "a"): (8.0, 80.0),
    ("medium", "b"): (16.0, 104.0),
    ("medium", "c"): (24.0, 120.0),
    ("medium", "none"): (24.0, 120.0),
    ("low", "a"): (16.0, 120.0),
    ("low", "b"): (24.0, 144.0),
    ("low", "c"): (24.0, 160.0),
    ("low", "none"): (24.0, 160.0),
}


def target_hours(company_targets, severity, abc_class):
    """``(response, resolution)`` working hours of a complaint at receipt.

    ``company_targets`` maps ``(severity, class)`` to the company's own
    ``(response, resolution)``; a pair the company did not set falls back on
    :data:`DEFAULT_TARGET_HOURS`. A customer without a class is class "none".
    """
    key = (severity, abc_class or "none")
    return company_targets.get(key) or DEFAULT_TARGET_HOURS[key]


class WorkingTime:
    """The working intervals of a calendar over a span of time.

    ``hours_between`` counts the working hours between two moments;
    ``moment_after`` finds when a number of working hours has passed.
    """

    def __init__(self, intervals):
        self.starts = [start for start, _stop in intervals]
        self.stops = [stop for _start, stop in intervals]
        # working seconds before each interval, and at its end
        self.before = []
        self.until_stop = []
        elapsed = 0.0
        for start, stop in intervals:
            self.before.append(elapsed)
            elapsed += (stop - start).total_seconds()
            self.until_stop.append(elapsed)

    def _position(self, moment):
        """Working seconds from the first interval's start to ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        inside = min(moment, self.stops[index]) - self.starts[index]
        return self.before[index] + inside.total_seconds()

    def hours_between(self, start, end):
        """Working hours from ``start`` to ``end``; 0 when ``end`` comes first."""
        return max(0.0, self._position(end) - self._position(start)) / 3600

    def moment_after(self, start, hours):
        """When ``hours`` working hours have passed since ``start``.

        None when that moment lies beyond the known intervals.
        """
        target = self._position(start) + hours * 3600
        index = bisect_left(self.until_stop, target)
        if index == len(self.until_stop):
            return None
        return self.starts[index] + timedelta(seconds=target - self.before[index])


@dataclass(frozen=True)
class ServiceLevel:
    """Where a complaint stands against its two targets."""

    response_hours: float
    resolution_hours: float
    response_met: bool
    resolution_met: bool
    state: str


def sla_state(used_shares):
    """The state of a complaint from the share of each target it used.

    ``used_shares`` holds ``(share, done)`` per target: the working hours
    used (to the answer or resolution when ``done``, else until now) divided
    by the target. Breached as soon as one target is exceeded; met when both
    are done within target; near when an open target has used 80 % or more;
    else on track.
    """
    if any(share > 1 for share, _done in used_shares):
        return "breached"
    if all(done for _share, done in used_shares):
        return "met"
    if any(not done and share >= NEAR_TARGET_SHARE for share, done in used_shares):
        return "near"
    return "on_track"


def service_level(working_time, received, answered, resolved, targets, *, now):
    """The :class:`ServiceLevel` of a complaint ``received`` at a moment.

    ``answered`` and ``resolved`` are the moments of the first answer and of
    the resolution, or None; ``targets`` is ``(response, resolution)`` in
    working hours. The hours of what is done are those it took; the met flags
    and the state of what is still open are those of ``now``.
    """
    used = []
    hours = []
    for done_at, target in zip((answered, resolved), targets, strict=True):
        elapsed = working_time.hours_between(received, done_at or now)
        hours.append(elapsed if done_at else 0.0)
        used.append((elapsed / target, bool(done_at)))
    return ServiceLevel(
        response_hours=hours[0],
        resolution_hours=hours[1],
        response_met=used[0][0] <= 1,
        resolution_met=used[1][0] <= 1,
        state=sla_state(used),
    )
