"""Running the app under uvicorn: in the foreground (the CLI) or on a background thread (tests).

We bind the socket ourselves, so port 0 gives a free port whose number we know, and announce
the URL only once uvicorn accepts connections. SIGTERM and SIGINT stop the server gracefully and
the process exits 0 (uvicorn alone would re-raise the signal after its shutdown).
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Generator
from types import FrameType

import uvicorn

from homeagent.demo.server.app import Settings, create_app
from homeagent.demo.server.deps import Services

Announce = Callable[[str], None]


def bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, url: str, on_ready: Announce | None) -> None:
        super().__init__(config)
        self._url = url
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_ready is not None:
            self._on_ready(self._url)

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # signals are the main thread's business; stop() sets should_exit instead
            return

        def on_signal(sig: int, frame: FrameType | None) -> None:
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True  # a second Ctrl+C: stop waiting for open connections
            self.should_exit = True

        handled = [signal.SIGINT, signal.SIGTERM]
        if hasattr(signal, "SIGBREAK"):  # Windows' Ctrl+Break
            handled.append(signal.SIGBREAK)
        previous = {sig: signal.signal(sig, on_signal) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _config(settings: Settings) -> tuple[uvicorn.Config, Services]:
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        log_config=None,  # keep the host program's logging as it is
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    found = app.state.services
    assert isinstance(found, Services)
    return config, found


def serve(settings: Settings, host: str, port: int, on_ready: Announce | None = None) -> None:
    """Serve until SIGTERM/SIGINT; `on_ready(url)` once connections are accepted."""
    sock = bind(host, port)
    try:
        config, found = _config(settings)
        try:
            _Server(config, url_of(sock), on_ready).run(sockets=[sock])
        finally:
            found.store.close()
    finally:
        sock.close()


class ThreadedServer:
    """The server on a daemon thread of this process; `base_url` is ready when constructed."""

    def __init__(
        self, settings: Settings, host: str = "127.0.0.1", port: int = 0, timeout: float = 15.0
    ) -> None:
        self._sock = bind(host, port)
        self.base_url = url_of(self._sock)
        config, self._services = _config(settings)
        ready = threading.Event()
        self._server = _Server(config, self.base_url, lambda _url: ready.set())
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="demo-api-server",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.02):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the demo API server did not start (see the log)")

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._services.store.close()
        self._sock.close()

    def __enter__(self) -> ThreadedServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
