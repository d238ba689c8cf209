"""`python -m homeagent` and the frozen executable: the GUI, or the engine with --engine."""

from __future__ import annotations

import sys


def main() -> int:
    if "--engine" in sys.argv[1:2]:
        from homeagent.sip.engine import run

        return run()
    from homeagent.app import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
