# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run every registered benchmark against the benchmark database.

    python -m bench.run --config CONF --database DB          # all, one table
    python -m bench.run --config CONF --database DB --one X  # one, JSON line

Each benchmark runs in its own process (``--one``) so that the peak memory it
reports is its own; inside that process it runs ``--runs`` times, each run in
its own transaction, rolled back unless the benchmark declares it commits, and
after a ``VACUUM`` that clears the dead rows of the runs before it.
The table gives the median seconds and the ratio to the baseline measured in
the same run (and, in the note, to a benchmark's own ``reference``); it is
also written as JSON under ``bench/results/``.
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
BUILT_MARKER = "bench.data.built"
DEFAULT_RUNS = 3
COLUMNS = (
    ("benchmark", "name", "<"),
    ("rows", "rows", ">"),
    ("seconds", "seconds", ">"),
    ("peak MB", "peak_rss_mb", ">"),
    ("x baseline", "ratio", ">"),
    ("note", "note", "<"),
)


class BenchError(Exception):
    """A condition reported as one line, without a traceback."""


# ------------------------------------------------------------ pure parts ----


def median(values):
    """Median of the run times; the mean of the two middle ones when even."""
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


def ratio(seconds, baseline_seconds):
    """How many times the baseline a duration is; None when not comparable."""
    if seconds is None or not baseline_seconds:
        return None
    return seconds / baseline_seconds


def summarize(outcome, baseline_seconds, reference_seconds=None):
    """One table row from what a ``--one`` process reported; with a
    ``reference`` benchmark, its ratio to it too, also at the note's end."""
    runs = outcome.get("runs") or []
    seconds = median(runs) if runs else None
    row = {
        "name": outcome["name"],
        "rows": outcome.get("rows"),
        "seconds": seconds,
        "runs": runs,
        "peak_rss_mb": outcome.get("peak_rss_mb"),
        "ratio": ratio(seconds, baseline_seconds),
        "note": outcome.get("note") or "",
    }
    reference = outcome.get("reference")
    if reference:
        row["reference"] = reference
        row["reference_ratio"] = ratio(seconds, reference_seconds)
        if row["reference_ratio"] is not None:
            mention = f"{row['reference_ratio']:.2f}x {reference}"
            row["note"] = f"{row['note']}; {mention}" if row["note"] else mention
    return row


def median_seconds(outcome):
    """The median of an outcome's runs; None without runs or outcome."""
    runs = (outcome or {}).get("runs") or []
    return median(runs) if runs else None


def build_report(outcomes, baseline_name, database, now=None):
    """The JSON document of one run: the baseline first, then the others."""
    by_name = {outcome["name"]: outcome for outcome in outcomes}
    baseline_seconds = median_seconds(by_name.get(baseline_name))
    ordered = sorted(outcomes, key=lambda outcome: outcome["name"] != baseline_name)
    now = now or datetime.datetime.now(datetime.UTC)
    return {
        "database": database,
        "created_at": now.isoformat(timespec="seconds"),
        "baseline": baseline_name,
        "baseline_seconds": baseline_seconds,
        "benchmarks": [
            summarize(
                outcome,
                baseline_seconds,
                median_seconds(by_name.get(outcome.get("reference"))),
            )
            for outcome in ordered
        ],
    }


def format_cell(key, value):
    """Text of one cell: thousands separators, 3 decimals for seconds."""
    if value is None or value == "":
        return "-" if key != "note" else ""
    if key == "rows":
        return f"{value:,}"
    if key == "seconds":
        return f"{value:.3f}"
    if key == "peak_rss_mb":
        return f"{value:.0f}"
    if key == "ratio":
        return f"{value:.2f}"
    return str(value)


def format_table(rows):
    """A plain text table of the report rows, columns aligned."""
    header = [title for title, _key, _align in COLUMNS]
    cells = [
        [format_cell(key, row.get(key)) for _title, key, _align in COLUMNS]
        for row in rows
    ]
    widths = [
        max(len(line[index]) for line in [header, *cells])
        for index in range(len(COLUMNS))
    ]

    def render(line):
        parts = [
            f"{text:{align}{width}}"
            for text, width, (_title, _key, align) in zip(
                line, widths, COLUMNS, strict=True
            )
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *(render(line) for line in cells)])


def peak_rss_mb():
    """Peak resident memory of this process in MB (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- Odoo ------


def load_config(config_path, database):
    """Point Odoo's configuration at the benchmark database, quietly."""
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        ["-c", config_path, "-d", database, "--log-level=warn"], setup_logging=True
    )


def postgres_connection(database):
    """A raw autocommit connection; one-line errors for the usual failures."""
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _name, info = connection_info_for(database)
    try:
        connection = psycopg2.connect(**info)
    except psycopg2.OperationalError as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        if f'database "{database}" does not exist' in message:
            raise BenchError(
                f"database {database} does not exist: run make bench-data first"
            ) from None
        raise BenchError(f"PostgreSQL is not reachable: {message}") from None
    connection.autocommit = True
    return connection


def check_built(database):
    """Fail in one line unless ``bench.data`` finished building the database."""
    connection = postgres_connection(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('ir_config_parameter') IS NOT NULL")
            has_table = cursor.fetchone()[0]
            built = None
            if has_table:
                cursor.execute(
                    "SELECT value FROM ir_config_parameter WHERE key = %s",
                    [BUILT_MARKER],
                )
                built = cursor.fetchone()
    finally:
        connection.close()
    if not built:
        raise BenchError(
            f"database {database} is not a built benchmark database: "
            "run make bench-data first"
        )
    return json.loads(built[0])


def vacuum(database, analyze=False):
    """Clear what earlier, rolled-back runs left behind, so runs start alike.

    Every run is rolled back: the rows it wrote stay as dead tuples and would
    slow the next run's scans and inserts, as they never would on a database
    that autovacuum keeps. Not timed. ``analyze`` also refreshes the planner's
    statistics.
    """
    connection = postgres_connection(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if analyze else "VACUUM")
    finally:
        connection.close()


def committed(registry, step):
    """Run ``step(env)`` as superuser in a transaction of its own, committed."""
    import odoo  # noqa: PLC0415

    with registry.cursor() as cr:
        step(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
        cr.commit()


def run_one(name, database, runs):
    """Run one benchmark ``runs`` times in this process; return its outcome."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    from . import benchmarks  # noqa: PLC0415

    entry = benchmarks.REGISTRY.get(name)
    if entry is None:
        raise BenchError(f"unknown benchmark: {name}")
    registry = Registry(database)
    outcome = {"name": name, "runs": [], "rows": None, "note": ""}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        missing = entry.missing_modules(env)
        if missing:
            outcome["note"] = "skipped: not installed: " + ", ".join(missing)
            outcome["peak_rss_mb"] = peak_rss_mb()
            return outcome

    for _run in range(runs):
        if entry.teardown:
            committed(registry, entry.teardown)
        if entry.setup and entry.setup_commits:
            committed(registry, entry.setup)
        vacuum(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if entry.setup and not entry.setup_commits:
                entry.setup(env)
                env.flush_all()
            if entry.touch:
                entry.touch(env)
                env.flush_all()
            started = time.perf_counter()
            result = entry.function(env)
            env.flush_all()
            if entry.commits:
                cr.commit()
            elapsed = time.perf_counter() - started
            if not entry.commits:
                cr.rollback()
        if entry.teardown:
            committed(registry, entry.teardown)
        rows, note = benchmarks.unpack_result(result)
        outcome["runs"].append(elapsed)
        outcome["rows"] = rows
        outcome["note"] = note
    outcome["peak_rss_mb"] = peak_rss_mb()
    return outcome


def run_in_subprocess(args, name):
    """Run ``--one name`` in a fresh interpreter; parse its last stdout line."""
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--config",
        args.config,
        "--database",
        args.database,
        "--runs",
        str(args.runs),
        "--one",
        name,
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode or not lines:
        last_error = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {"name": name, "runs": [], "note": f"failed: {last_error[:120]}"}
    return json.loads(lines[-1])


def write_report(report):
    """Write ``latest.json`` and a timestamped copy; return the latter's path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2) + "\n"
    stamped = RESULTS_DIR / f"bench-{stamp}.json"
    stamped.write_text(text, encoding="utf-8")
    (RESULTS_DIR / "latest.json").write_text(text, encoding="utf-8")
    return stamped


def run_all(args):
    """Every registered benchmark (or the ``--only`` ones), one process each."""
    from . import benchmarks  # noqa: PLC0415

    built = check_built(args.database)
    names = list(benchmarks.REGISTRY)
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            raise BenchError("unknown benchmark(s): " + ", ".join(unknown))
        names = [name for name in names if name in args.only]
    baseline = benchmarks.baseline_name()
    references = [benchmarks.REGISTRY[name].reference for name in names]
    for reference in [baseline, *references]:
        if reference and reference not in names:
            names.insert(0, reference)
    sizes = ", ".join(f"{key} {value:,}" for key, value in built["counts"].items())
    print(f"==> {args.database}: {sizes}", flush=True)
    outcomes = []
    for name in sorted(names, key=lambda name: name != baseline):
        print(f"    {name} ...", flush=True)
        outcome = run_in_subprocess(args, name)
        if benchmarks.REGISTRY[name].reference:
            outcome["reference"] = benchmarks.REGISTRY[name].reference
        outcomes.append(outcome)
    report = build_report(outcomes, baseline, args.database)
    report["runs_per_benchmark"] = args.runs
    report["data"] = built
    path = write_report(report)
    print()
    print(format_table(report["benchmarks"]))
    print()
    print(f"==> seconds: median of {args.runs} runs; written to {path}")
    failed = [outcome for outcome in outcomes if outcome["note"].startswith("failed")]
    return 1 if failed else 0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True, help="benchmark database")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--one", help="run this benchmark here, print one JSON line")
    parser.add_argument("--only", nargs="+", help="run only these benchmarks")
    parser.add_argument("--list", action="store_true", help="list the benchmarks")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.list:
            from . import benchmarks  # noqa: PLC0415

            for entry in benchmarks.REGISTRY.values():
                print(f"{entry.name:40} {entry.description}")
            return 0
        load_config(args.config, args.database)
        if args.one:
            check_built(args.database)
            print(json.dumps(run_one(args.one, args.database, args.runs)), flush=True)
            return 0
        return run_all(args)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
