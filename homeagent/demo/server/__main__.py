"""python -m homeagent.demo.server --host 127.0.0.1 --port 0 --db PATH [--latency-ms 20]
[--access-ttl 900] [--refresh-ttl 86400] [--seed]"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m homeagent.demo.server",
        description="HomeAgent's reference central API with sample data (demo and tests).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--db", required=True, help="SQLite file; created and seeded when new")
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="delay added to every request (default 0)"
    )
    parser.add_argument(
        "--access-ttl", type=int, default=900, help="access token lifetime, s (default 900)"
    )
    parser.add_argument(
        "--refresh-ttl", type=int, default=86_400, help="refresh token lifetime, s (default 1 day)"
    )
    parser.add_argument(
        "--seed",
        action="store_true",
        help="reset: wipe the database and load the sample data again",
    )
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when standard input ends (the program that started it has gone)",
    )
    args = parser.parse_args(argv)
    if args.access_ttl < 1 or args.refresh_ttl < 1 or args.latency_ms < 0:
        parser.error("--access-ttl and --refresh-ttl must be >= 1, --latency-ms >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from homeagent.demo.server.app import Settings
    from homeagent.demo.server.serve import serve

    settings = Settings(
        db=args.db,
        latency_ms=args.latency_ms,
        access_ttl=args.access_ttl,
        refresh_ttl=args.refresh_ttl,
        reset=args.seed,
    )
    if args.exit_with_stdin:
        _exit_with_stdin()
    try:
        serve(settings, args.host, args.port, lambda url: print(f"listening on {url}", flush=True))
    except OSError as exc:  # the address is taken, the database cannot be opened...
        print(f"cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # an old database
        print(exc, file=sys.stderr)
        return 1
    return 0


def _exit_with_stdin() -> None:
    """A lifeline: the GUI holds our stdin; when it dies (even by SIGKILL) the pipe ends and
    we stop as on SIGTERM, so no orphan server is left behind."""
    import contextlib
    import os
    import signal
    import threading

    def watch() -> None:
        # os.read, not sys.stdin: a thread blocked in a buffered read would abort the
        # interpreter's shutdown when the server stops for another reason
        fd = sys.stdin.fileno()
        with contextlib.suppress(OSError):
            while os.read(fd, 4096):
                pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="stdin-lifeline", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
