"""The reference central API server, with sample data, for demo mode and integration tests.

Its contract is homeagent/api/openapi.yaml. Importing this package stays cheap (standard
library only); FastAPI and uvicorn (the `demo` extra) load only where the server runs:

- `start_subprocess(db, ...) -> ServerProcess` (`.base_url`, `.stop()`, `.kill()`): a child
  process, what the GUI's demo mode and most tests want;
- `start_in_thread(db, ...) -> ThreadedServer` (`.base_url`, `.stop()`): in this process;
- `python -m homeagent.demo.server --db PATH ...`: the command line (see `__main__`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from homeagent.demo.server.runner import ServerProcess, start_subprocess

if TYPE_CHECKING:
    from homeagent.demo.server.serve import ThreadedServer

__all__ = ["ServerProcess", "start_in_thread", "start_subprocess"]


def start_in_thread(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    latency_ms: float = 0.0,
    access_ttl: int = 900,
    refresh_ttl: int = 86_400,
    seed: bool = False,
) -> ThreadedServer:
    """Serve on a daemon thread of this process; returns once it accepts connections."""
    from homeagent.demo.server.app import Settings
    from homeagent.demo.server.serve import ThreadedServer

    settings = Settings(
        db=db, latency_ms=latency_ms, access_ttl=access_ttl, refresh_ttl=refresh_ttl, reset=seed
    )
    return ThreadedServer(settings, host, port)
