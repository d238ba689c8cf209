"""Starting the demo API server as a child process (standard library only: no FastAPI here).

The GUI's demo mode and the integration tests use this: the child prints one line,
`listening on http://HOST:PORT`, when it accepts connections; `stop()` asks it to exit
(SIGTERM) and `kill()` does not ask.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

READY_PREFIX = "listening on "


class ServerProcess:
    """A running `python -m homeagent.demo.server` child."""

    def __init__(
        self, process: subprocess.Popen[str], base_url: str, reader: threading.Thread
    ) -> None:
        self.process = process
        self.base_url = base_url
        self._reader = reader

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, timeout: float = 10.0) -> int:
        """Graceful stop; returns the exit code (0 when the server shut down cleanly)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self._reap()

    def kill(self) -> int:
        """The server dies at once, mid-request if need be (for crash tests)."""
        if self.process.poll() is None:
            self.process.kill()
        return self._reap()

    def _reap(self) -> int:
        code = self.process.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        self._reader.join(5.0)  # it ends at the pipe's end of file
        if self.process.stdout is not None:
            self.process.stdout.close()
        return code

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _read_stdout(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """First line to the queue; then drain the pipe so the child never blocks writing."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def start_subprocess(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    latency_ms: float = 0.0,
    access_ttl: int = 900,
    refresh_ttl: int = 86_400,
    seed: bool = False,
    python: str = sys.executable,
    stderr: IO[str] | int | None = None,
    timeout: float = 30.0,
) -> ServerProcess:
    """Start the server and return once it accepts connections (RuntimeError if it does not)."""
    command = [
        python,
        "-m",
        "homeagent.demo.server",
        "--host",
        host,
        "--port",
        str(port),
        "--db",
        str(db),
        "--latency-ms",
        str(latency_ms),
        "--access-ttl",
        str(access_ttl),
        "--refresh-ttl",
        str(refresh_ttl),
    ]
    if seed:
        command.append("--seed")
    command.append("--exit-with-stdin")  # stdin is its lifeline: it ends if we die
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=stderr,
        stdin=subprocess.PIPE,  # never written; kept open until stop()
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(
        target=_read_stdout, args=(process.stdout, lines), name="demo-api-stdout", daemon=True
    )
    reader.start()
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        line = None
    if line is None or not line.startswith(READY_PREFIX):
        process.kill()
        code = ServerProcess(process, "", reader)._reap()
        raise RuntimeError(f"the demo API server did not start (exit code {code}, said {line!r})")
    return ServerProcess(process, line[len(READY_PREFIX) :].strip(), reader)
