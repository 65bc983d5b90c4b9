# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark harness: a large generated database and timed recomputations.

``python -m bench.data`` builds the benchmark database, ``python -m bench.run``
runs every benchmark registered in :mod:`bench.benchmarks` against it.
"""
