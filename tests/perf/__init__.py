"""Benchmarks: `python -m tests.perf` (all of them) or `python -m tests.perf.bench_<name>`.

Every benchmark prints a table, writes JSON (and a PNG when matplotlib is importable) into
tests/perf/out/ (git-ignored) and compares against targets as text only: nothing here asserts
on timing.
"""
