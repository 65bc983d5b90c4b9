# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two RFM segments overlap when some customer's scores fall in both."""

import importlib.util
from pathlib import Path

import pytest

# the addon's package imports Odoo; its rules module does not
RULES_PATH = (
    Path(__file__).resolve().parent.parent / "crm_industrial/models/rfm_rules.py"
)
spec = importlib.util.spec_from_file_location("rfm_rules", RULES_PATH)
rfm_rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rfm_rules)

WHOLE_CUBE = ((1, 5), (1, 5), (1, 5))
# recency 5, frequency 4-5, any monetary
CHAMPIONS = ((5, 5), (4, 5), (1, 5))
# recency 3-4, frequency 4-5
LOYAL = ((3, 4), (4, 5), (1, 5))
# recency 4-5, frequency 2-3
POTENTIAL_LOYALISTS = ((4, 5), (2, 3), (1, 5))


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        # the catch-all holds every other segment
        (WHOLE_CUBE, CHAMPIONS, CHAMPIONS),
        # a box overlaps itself
        (LOYAL, LOYAL, LOYAL),
        # recency 5 against 3-4: neighbours, nothing shared
        (CHAMPIONS, LOYAL, None),
        # recency meets on 5, but frequency 4-5 against 2-3 does not
        (CHAMPIONS, POTENTIAL_LOYALISTS, None),
        # recency meets on 4 but frequency does not
        (LOYAL, POTENTIAL_LOYALISTS, None),
        # ranges are inclusive: 1-3 and 3-5 share 3 on every score
        (((1, 3), (1, 3), (1, 3)), ((3, 5), (3, 5), (3, 5)), ((3, 3),) * 3),
        # two scores shared, the third apart: no customer falls in both
        (((1, 5), (1, 5), (1, 2)), ((1, 5), (1, 5), (3, 5)), None),
        # only monetary tells them apart the other way round
        (((2, 4), (1, 5), (4, 5)), ((1, 2), (2, 2), (1, 4)), ((2, 2), (2, 2), (4, 4))),
    ],
)
def test_shared_ranges(first, second, shared):
    assert rfm_rules.shared_ranges(first, second) == shared
    assert rfm_rules.shared_ranges(second, first) == shared
    assert rfm_rules.ranges_overlap(first, second) is (shared is not None)
    assert rfm_rules.ranges_overlap(second, first) is (shared is not None)


def test_a_single_triple_is_a_box():
    """A customer's scores (5, 4, 2) fall in Champions, not in Loyal."""
    scores = ((5, 5), (4, 4), (2, 2))
    assert rfm_rules.ranges_overlap(scores, CHAMPIONS)
    assert not rfm_rules.ranges_overlap(scores, LOYAL)
