# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where a day's nightly run goes: its steps timed, company by company.

    python -m bench.steps --config CONF --database DB [--runs N]

Each run does what ``nightly_recompute_daily`` does: yesterday's run
committed, a ``VACUUM``, a day's changes (``bench.touch``), the nightly run,
rolled back; then the results are deleted. Each step's seconds are printed
for each company, in the order the run met them. Not a registered
benchmark: it finds where a run goes, the bench measures it. Each run sets
up again: runs repeated after one setup would insert and roll back rows
written after the mark, widening the BRIN ranges the next run reads.
"""

import argparse
import collections
import functools
import sys
import time

from . import run

# The steps of a company's run: (model, method), in the order they run.
STEPS = (
    ("crm.recompute.mark", "_changed_partners"),
    ("crm.customer.profile", "_recompute_profiles"),
    ("mail.activity", "_crm_sync_retention_activities"),
    ("crm.satisfaction.score", "_recompute_company"),
    ("crm.complaint.score", "_recompute_company"),
    ("crm.key.account", "_recompute_company"),
)


def timed(env, steps, seconds):
    """Wrap each method of ``steps`` on its model's class so that its
    calls' seconds, flushes included, are appended to ``seconds``."""
    for model, method in steps:
        if model not in env:
            continue
        cls = type(env[model])
        original = getattr(cls, method)

        def wrapper(self, *args, _original=original, _step=(model, method), **kw):
            env.flush_all()
            started = time.perf_counter()
            try:
                return _original(self, *args, **kw)
            finally:
                env.flush_all()
                seconds[_step].append(time.perf_counter() - started)

        setattr(cls, method, functools.wraps(original)(wrapper))


def run_once(database):
    """One run's seconds: ({step: [seconds per call]}, the whole run's)."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    from . import benchmarks  # noqa: PLC0415
    from .touch import touch_one_percent  # noqa: PLC0415

    registry = Registry(database)
    run.committed(registry, benchmarks._delete_nightly_results)
    run.committed(registry, benchmarks._nightly_recompute_yesterday)
    run.vacuum(database)
    seconds = collections.defaultdict(list)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        touch_one_percent(env)
        timed(env, STEPS, seconds)
        started = time.perf_counter()
        benchmarks._nightly_recompute(env)
        env.flush_all()
        total = time.perf_counter() - started
        cr.rollback()
    run.committed(registry, benchmarks._delete_nightly_results)
    return seconds, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        run.load_config(args.config, args.database)
        run.check_built(args.database)
        for number in range(1, args.runs + 1):
            seconds, total = run_once(args.database)
            print(f"run {number}: {total:.2f} s, per company in run order")
            for model, method in STEPS:
                calls = " ".join(f"{s:.2f}" for s in seconds[(model, method)])
                print(f"  {model}.{method}: {calls}")
    except run.BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
