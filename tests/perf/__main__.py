"""`python -m tests.perf`: run every benchmark (see tests/perf/run.py)."""

from tests.perf.run import main

raise SystemExit(main())
