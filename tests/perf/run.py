"""Run every benchmark in tests/perf: `python -m tests.perf` or `python -m tests.perf.run`.

A benchmark is a module `tests/perf/bench_<name>.py` with `main(argv) -> int`; each runs in its
own interpreter (`python -m tests.perf.bench_<name>`) so that one that crashes or leaks threads
cannot disturb the next. Exit status: 0 when every benchmark ran (targets are reported as text,
never asserted), else the number of benchmarks that failed to run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PERF_DIR = Path(__file__).resolve().parent
REPO_ROOT = PERF_DIR.parent.parent


def discover() -> list[str]:
    """Module names of the benchmarks, e.g. ["tests.perf.bench_sip"], sorted."""
    return [f"tests.perf.{p.stem}" for p in sorted(PERF_DIR.glob("bench_*.py"))]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__)
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only this benchmark (e.g. bench_sip or sip); repeatable")  # fmt: skip
    args = ap.parse_args(argv)
    modules = discover()
    if args.only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in args.only}
        modules = [mod for mod in modules if mod.rsplit(".", 1)[1] in wanted]
    if args.list or not modules:
        print("\n".join(modules) or "no benchmark matched")
        return 0 if modules or args.list else 2
    outcomes: list[tuple[str, int, float]] = []
    for module in modules:
        print(f"=== {module}", flush=True)
        started = time.perf_counter()
        try:
            code = subprocess.run([sys.executable, "-m", module], cwd=REPO_ROOT, check=False)
            rc = code.returncode
        except KeyboardInterrupt:
            print(f"=== {module}: interrupted", flush=True)
            return 130
        outcomes.append((module, rc, time.perf_counter() - started))
    print("\n=== summary")
    for module, rc, took in outcomes:
        print(f"{module:40s} {'ran' if rc == 0 else f'FAILED (exit {rc})':18s} {took:6.1f} s")
    return sum(1 for _, rc, _ in outcomes if rc != 0)


if __name__ == "__main__":
    raise SystemExit(main())
