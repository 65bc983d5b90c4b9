# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules of the RFM segments that need no database.

A segment holds a box of scores: one inclusive ``(min, max)`` range of
recency, one of frequency and one of monetary, each within 1 to 5.
"""


def shared_ranges(first, second):
    """The box of scores two segments both hold, or None when they hold none.

    Ranges are inclusive: recency 1-3 and 3-5 share recency 3.
    """
    shared = tuple(
        (max(low_a, low_b), min(high_a, high_b))
        for (low_a, high_a), (low_b, high_b) in zip(first, second, strict=True)
    )
    if any(low > high for low, high in shared):
        return None
    return shared


def ranges_overlap(first, second):
    """Whether some customer's scores would fall in both boxes."""
    return shared_ranges(first, second) is not None
