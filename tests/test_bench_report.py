# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure parts of the benchmark report: no Odoo, no database."""

import datetime
import json

import pytest

from bench.run import build_report, format_table, median, ratio, summarize

NOW = datetime.datetime(2026, 3, 1, 8, 30, tzinfo=datetime.UTC)


def test_median_of_odd_runs_is_the_middle_one():
    assert median([3.0, 1.0, 2.0]) == 2.0


def test_median_of_even_runs_is_the_mean_of_the_middle_two():
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_median_of_no_runs_is_an_error():
    with pytest.raises(ValueError):
        median([])


def test_ratio_to_the_baseline():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(2.0, 2.0) == 1.0


def test_ratio_is_none_without_a_comparable_baseline():
    assert ratio(None, 2.0) is None
    assert ratio(1.0, None) is None
    assert ratio(1.0, 0.0) is None


def test_summarize_a_failed_benchmark_keeps_its_note():
    row = summarize({"name": "broken", "runs": [], "note": "failed: boom"}, 2.0)
    assert row == {
        "name": "broken",
        "rows": None,
        "seconds": None,
        "runs": [],
        "peak_rss_mb": None,
        "ratio": None,
        "note": "failed: boom",
    }


def test_report_puts_the_baseline_first_and_compares_to_its_median():
    outcomes = [
        {
            "name": "profile_recompute",
            "runs": [3.0, 2.5, 4.0],
            "rows": 10,
            "peak_rss_mb": 200.0,
            "note": "10 rows updated",
        },
        {"name": "baseline", "runs": [2.0, 1.0, 3.0], "rows": 5, "peak_rss_mb": 150.0},
    ]
    report = build_report(outcomes, "baseline", "bench_db", now=NOW)
    # median(2, 1, 3) = 2.0; median(3, 2.5, 4) = 3.0; 3.0 / 2.0 = 1.5
    assert report == {
        "database": "bench_db",
        "created_at": "2026-03-01T08:30:00+00:00",
        "baseline": "baseline",
        "baseline_seconds": 2.0,
        "benchmarks": [
            {
                "name": "baseline",
                "rows": 5,
                "seconds": 2.0,
                "runs": [2.0, 1.0, 3.0],
                "peak_rss_mb": 150.0,
                "ratio": 1.0,
                "note": "",
            },
            {
                "name": "profile_recompute",
                "rows": 10,
                "seconds": 3.0,
                "runs": [3.0, 2.5, 4.0],
                "peak_rss_mb": 200.0,
                "ratio": 1.5,
                "note": "10 rows updated",
            },
        ],
    }
    assert json.loads(json.dumps(report)) == report


def test_report_without_a_baseline_measure_has_no_ratios():
    outcomes = [
        {"name": "baseline", "runs": [], "note": "failed: x"},
        {"name": "other", "runs": [1.0], "rows": 1, "peak_rss_mb": 100.0},
    ]
    report = build_report(outcomes, "baseline", "bench_db", now=NOW)
    assert report["baseline_seconds"] is None
    assert [row["ratio"] for row in report["benchmarks"]] == [None, None]


def test_table_aligns_columns_and_formats_numbers():
    rows = [
        {
            "name": "baseline",
            "rows": 100_000,
            "seconds": 2.0,
            "peak_rss_mb": 150.4,
            "ratio": 1.0,
            "note": "",
        },
        {
            "name": "recompute",
            "rows": 1234,
            "seconds": 3.0,
            "peak_rss_mb": 210.6,
            "ratio": 1.5,
            "note": "1,234 rows updated",
        },
        {"name": "broken", "runs": [], "note": "failed: boom"},
    ]
    assert format_table(rows).splitlines() == [
        "benchmark     rows  seconds  peak MB  x baseline  note",
        "---------  -------  -------  -------  ----------  ------------------",
        "baseline   100,000    2.000      150        1.00",
        "recompute    1,234    3.000      211        1.50  1,234 rows updated",
        "broken           -        -        -           -  failed: boom",
    ]


def test_report_compares_a_benchmark_with_its_reference_too():
    outcomes = [
        {"name": "baseline", "runs": [2.0], "rows": 5, "peak_rss_mb": 150.0},
        {"name": "aggregate", "runs": [0.5], "rows": 5, "peak_rss_mb": 150.0},
        {
            "name": "compute",
            "runs": [1.5],
            "rows": 7,
            "peak_rss_mb": 300.0,
            "note": "7 rows written",
            "reference": "aggregate",
        },
    ]
    report = build_report(outcomes, "baseline", "bench_db", now=NOW)
    rows = {row["name"]: row for row in report["benchmarks"]}
    assert "reference" not in rows["aggregate"]
    assert rows["compute"]["ratio"] == 0.75
    assert rows["compute"]["reference"] == "aggregate"
    assert rows["compute"]["reference_ratio"] == 3.0
    assert rows["compute"]["note"] == "7 rows written; 3.00x aggregate"


def test_reference_without_a_measure_leaves_the_note_alone():
    outcome = {"name": "compute", "runs": [1.0], "note": "", "reference": "gone"}
    row = summarize(outcome, 2.0, None)
    assert row["reference_ratio"] is None
    assert row["note"] == ""
