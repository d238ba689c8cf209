"""A fault-injecting HTTP reverse proxy for integration tests (standard library only).

It runs inside the test process: one accept thread plus one thread per client connection. Every
request (method, path + query, headers including Authorization, body) is forwarded to ONE
upstream base URL on 127.0.0.1 over a fresh connection, and the answer is streamed back, unless
a fault is active:

    with FaultProxy(upstream_url) as proxy:
        client = make_client(proxy.url)
        proxy.set(Status(503), count=2)              # next two requests get 503
        proxy.set(Status(429, headers={"Retry-After": "2"}), paths=r"^/api/search")
        proxy.set(Delay(3600))                       # client hits its read timeout
        proxy.set(Reset())                           # status line + headers, then TCP RST
        proxy.set(Truncate())                        # half the body, full Content-Length
        proxy.set(Replace(b'{"matches": [', status=200))
        proxy.set(Huge(megabytes=10))
        proxy.set(Mutate(lambda st, hd, body: (st, hd, body.replace(b'"1"', b"1"))))
        proxy.clear()
        proxy.down(); ...; proxy.up()                # ECONNREFUSED, then back on the same port

Towards the client it speaks HTTP/1.1 but always answers with `Connection: close` and closes
after one response (no keep-alive). Status, Reset, Replace and Huge never reach the upstream;
Delay, Truncate and Mutate forward the request (Delay only if the client is still there).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import re
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Headers = dict[str, str]
MutateFn = Callable[[int, Headers, bytes], tuple[int, Headers, bytes]]

# Socket timeouts (seconds): every socket the proxy owns has one.
CLIENT_TIMEOUT_S = 10.0
UPSTREAM_TIMEOUT_S = 10.0
_ACCEPT_POLL_S = 0.1
_DELAY_POLL_S = 0.05
_STOP_JOIN_S = 1.5
_MAX_REQUEST_BODY = 64 * 1024 * 1024
_CHUNK = 64 * 1024

# Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded in either direction.
_HOP_BY_HOP = frozenset(
    {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
    }
)  # fmt: skip


# --------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Status:
    """Answer `code` with `body` and `headers` without asking the upstream (500/503 bursts,
    429 + Retry-After...). Content-Length is set from `body` unless `headers` sets it."""

    code: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delay:
    """Hold the request `seconds` without answering, then forward it (a huge value: never
    answer). The wait ends early when the proxy stops or, unless `forward_abandoned`, when the
    client hangs up (then the request is dropped, not forwarded)."""

    seconds: float
    forward_abandoned: bool = False


@dataclass(frozen=True)
class Reset:
    """Read the request, then reset the connection (SO_LINGER 0 -> TCP RST). With
    `mid_response` (default) a status line and some headers are sent first, but never the
    blank line that ends them: "connection reset mid-response"."""

    mid_response: bool = True


@dataclass(frozen=True)
class Truncate:
    """Forward, then send the upstream's status and headers with the FULL Content-Length but
    only `fraction` of the body, and close (FIN; `reset=True`: RST). An empty upstream body
    cannot be truncated and arrives whole."""

    fraction: float = 0.5
    reset: bool = False


@dataclass(frozen=True)
class Replace:
    """Answer with `body` instead (malformed JSON, wrong types, an HTML error page...)."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Huge:
    """Answer 200 application/json with exactly `megabytes` MiB (1 MiB = 1,048,576 bytes) of
    valid JSON, `{"matches": [{...}, ...]}`, streamed. `declare_length=False` omits
    Content-Length (the body then ends when the connection closes)."""

    megabytes: float = 10
    declare_length: bool = True


@dataclass(frozen=True)
class Mutate:
    """Forward, read the whole upstream answer, and send `fn(status, headers, body)` instead.
    `headers` is a plain dict (repeated upstream headers collapse to the last one; hop-by-hop
    headers are already removed); Content-Length is recomputed from the new body. If `fn`
    raises, the client gets a 500 and the error is logged."""

    fn: MutateFn


Fault = Status | Delay | Reset | Truncate | Replace | Huge | Mutate


# --------------------------------------------------------------------------- helpers


def _check_upstream(upstream: str) -> tuple[str, int, str]:
    """(host, port, path prefix) of an http://127.0.0.1:PORT[/prefix] URL; ValueError else."""
    parts = urlsplit(upstream)
    try:
        port = parts.port
    except ValueError:
        port = None
    if (
        parts.scheme != "http"
        or parts.hostname != "127.0.0.1"
        or port is None
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
    ):
        raise ValueError(f"upstream must be http://127.0.0.1:PORT[/prefix], not {upstream!r}")
    return "127.0.0.1", port, parts.path.rstrip("/")


def _reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


def _huge_item(i: int) -> bytes:
    return b'{"id": %d, "number": "+4930%08d", "name": "Match %d", "score": 0.5}' % (i, i, i)


def huge_json_chunks(total: int, chunk: int = _CHUNK) -> Iterator[bytes]:
    """Exactly `total` bytes of valid JSON `{"matches": [...]}` in pieces of about `chunk`."""
    prefix, suffix = b'{"matches": [', b"]}"
    budget = total - len(prefix) - len(suffix)
    if budget < 0:
        raise ValueError(f"a Huge body needs at least {len(prefix) + len(suffix)} bytes")
    buf = bytearray(prefix)
    used = 0
    i = 0
    while True:
        item = (b", " if i else b"") + _huge_item(i)
        if used + len(item) > budget:
            break
        buf += item
        used += len(item)
        i += 1
        if len(buf) >= chunk:
            yield bytes(buf)
            buf.clear()
    buf += b" " * (budget - used)  # JSON whitespace pads to the exact size
    buf += suffix
    yield bytes(buf)


def _response_head(status: int, reason: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _with_length(
    headers: Mapping[str, str], body: bytes, *, keep_length: bool
) -> list[tuple[str, str]]:
    """`headers` minus hop-by-hop ones, with Content-Length set from `body` (or kept)."""
    out = [(k, v) for k, v in headers.items() if k.lower() not in _HOP_BY_HOP]
    has_length = any(k.lower() == "content-length" for k, _ in out)
    if not (keep_length and has_length):
        out = [(k, v) for k, v in out if k.lower() != "content-length"]
        out.append(("Content-Length", str(len(body))))
    return out


@dataclass
class _Active:
    fault: Fault
    remaining: int | None
    paths: re.Pattern[str] | None


@dataclass
class _Conn:
    sock: socket.socket
    addr: tuple[str, int]
    reset: bool = False  # SO_LINGER 0 is set: close() sends RST, never shutdown() first


class _UpstreamError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


_NO_SERVER: Any = None
_Upstream = http.client.HTTPConnection
_Response = http.client.HTTPResponse
_Answer = tuple[int | None, str, list[tuple[str, str]], bytes]


# --------------------------------------------------------------------------- handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_TIMEOUT_S

    def __init__(self, conn: _Conn, proxy: FaultProxy) -> None:
        self.conn = conn
        self.proxy = proxy
        super().__init__(conn.sock, conn.addr, _NO_SERVER)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("faultproxy %s: " + format, self.address_string(), *args)

    # Every method goes through _handle.
    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    # ----------------------------------------------------------------- request side

    def _handle(self) -> None:
        self.close_connection = True
        target = self.path
        if not target.startswith("/"):
            # absolute-form ("http://elsewhere/x"): keep the path only; we never go elsewhere
            parts = urlsplit(target)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            if not target.startswith("/") or not parts.scheme:
                self._send_simple(400, b"bad request target\n")
                return
        try:
            body = self._read_body()
        except _UpstreamError as exc:
            self._send_simple(exc.status, f"{exc}\n".encode())
            return
        except (OSError, ValueError) as exc:
            log.debug("faultproxy: reading the request body failed: %s", exc)
            return
        fault = self.proxy._take_fault(target.split("?", 1)[0])
        try:
            self._dispatch(fault, target, body)
        except OSError as exc:  # the client went away, or stop() shut the sockets
            log.debug("faultproxy: %s %s aborted: %s", self.command, target, exc)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        length = int(raw)
        if length < 0:
            raise _UpstreamError(400, "negative Content-Length")
        if length > _MAX_REQUEST_BODY:
            raise _UpstreamError(413, "request body too large for the fault proxy")
        body = self.rfile.read(length)
        if len(body) != length:
            raise ValueError("client closed before sending the whole body")
        return body

    def _read_chunked(self) -> bytes:
        out = bytearray()
        while True:
            size = int(self.rfile.readline(1024).split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(out)
            if len(out) + size > _MAX_REQUEST_BODY:
                raise _UpstreamError(413, "request body too large for the fault proxy")
            out += self.rfile.read(size)
            self.rfile.readline(1024)

    # ----------------------------------------------------------------- answers

    def _dispatch(self, fault: Fault | None, target: str, body: bytes) -> None:
        match fault:
            case None:
                self._forward(target, body)
            case Status(code=code, body=fbody, headers=headers):
                hdrs = dict(headers)
                if fbody and not any(k.lower() == "content-type" for k in hdrs):
                    hdrs["Content-Type"] = "text/plain"
                self._send(code, _with_length(hdrs, fbody, keep_length=True), fbody)
            case Replace(body=fbody, content_type=ctype, status=code, headers=headers):
                hdrs = {"Content-Type": ctype, **headers}
                self._send(code, _with_length(hdrs, fbody, keep_length=True), fbody)
            case Huge(megabytes=mb, declare_length=declare):
                total = round(mb * 1024 * 1024)
                hdrs = [("Content-Type", "application/json")]
                if declare:
                    hdrs.append(("Content-Length", str(total)))
                self.wfile.write(_response_head(200, "OK", hdrs))
                for piece in huge_json_chunks(total):
                    self.wfile.write(piece)
            case Reset(mid_response=mid):
                if mid:
                    self.wfile.write(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 4096\r\n"
                    )
                self._reset()
            case Delay(seconds=seconds, forward_abandoned=keep):
                if self._hold(seconds, keep):
                    self._forward(target, body)
            case Truncate(fraction=fraction, reset=reset):
                status, reason, headers, full = self._fetch(target, body)
                if status is None:
                    return
                cut = full[: int(len(full) * fraction)] if full else full
                hdrs = [(k, v) for k, v in headers if k.lower() != "content-length"]
                hdrs.append(("Content-Length", str(len(full))))
                self.wfile.write(_response_head(status, reason, hdrs) + cut)
                if reset:
                    self._reset()
            case Mutate(fn=fn):
                status, _, headers, full = self._fetch(target, body)
                if status is None:
                    return
                try:
                    new_status, new_headers, new_body = fn(status, dict(headers), full)
                except Exception:
                    log.exception("faultproxy: Mutate fn raised")
                    self._send_simple(500, b"faultproxy: Mutate fn raised\n")
                    return
                hdrs = _with_length(new_headers, new_body, keep_length=False)
                self._send(new_status, hdrs, new_body)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        payload = b"" if self.command == "HEAD" else body
        self.wfile.write(_response_head(status, _reason(status), headers) + payload)

    def _send_simple(self, status: int, body: bytes) -> None:
        self.close_connection = True
        hdrs = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
        try:
            self._send(status, hdrs, body)
        except OSError as exc:
            log.debug("faultproxy: could not answer %d: %s", status, exc)

    def _reset(self) -> None:
        self.conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.conn.reset = True

    def _hold(self, seconds: float, forward_abandoned: bool) -> bool:
        """Wait up to `seconds`; False if the proxy is stopping or the client hung up."""
        deadline = time.monotonic() + seconds
        stopping = self.proxy._stopping
        while (left := deadline - time.monotonic()) > 0:
            if stopping.wait(min(left, _DELAY_POLL_S)):
                return False
            if not forward_abandoned and self._client_gone():
                log.debug("faultproxy: client left during Delay; request dropped")
                return False
        return not stopping.is_set()

    def _client_gone(self) -> bool:
        sock = self.conn.sock
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return False
            return sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    # ----------------------------------------------------------------- upstream

    def _open_upstream(self, target: str, body: bytes) -> tuple[_Upstream, _Response]:
        """Send the request upstream; the caller untracks conn.sock and closes conn."""
        proxy = self.proxy
        conn = http.client.HTTPConnection(proxy._up_host, proxy._up_port, timeout=proxy._up_timeout)
        try:
            sock = socket.create_connection(
                (proxy._up_host, proxy._up_port), timeout=proxy._up_timeout
            )
        except OSError as exc:
            conn.close()
            raise _UpstreamError(502, f"faultproxy: upstream unreachable: {exc}") from exc
        conn.sock = sock
        proxy._track(sock)
        try:
            conn.putrequest(
                self.command, proxy._up_prefix + target, skip_host=True,
                skip_accept_encoding=True,
            )  # fmt: skip
            dropped = (
                {t.strip().lower() for t in self.headers.get("Connection", "").split(",")}
                | _HOP_BY_HOP
                | {"host", "content-length", "expect"}
            )
            for name, value in self.headers.items():
                if name.lower() not in dropped:
                    conn.putheader(name, value)
            conn.putheader("Host", f"{proxy._up_host}:{proxy._up_port}")
            if body or self.command in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body)))
            conn.putheader("Connection", "close")
            conn.endheaders(body or None)
            return conn, conn.getresponse()
        except TimeoutError as exc:
            proxy._untrack(sock)
            conn.close()
            raise _UpstreamError(504, f"faultproxy: upstream timed out: {exc}") from exc
        except (OSError, http.client.HTTPException) as exc:
            proxy._untrack(sock)
            conn.close()
            raise _UpstreamError(502, f"faultproxy: upstream failed: {exc}") from exc

    @staticmethod
    def _upstream_headers(resp: http.client.HTTPResponse) -> list[tuple[str, str]]:
        return [(k, v) for k, v in resp.getheaders() if k.lower() not in _HOP_BY_HOP]

    def _forward(self, target: str, body: bytes) -> None:
        """Pass-through: stream the upstream answer as it arrives."""
        try:
            conn, resp = self._open_upstream(target, body)
        except _UpstreamError as exc:
            self._send_simple(exc.status, f"{exc}\n".encode())
            return
        sock = conn.sock
        try:
            headers = self._upstream_headers(resp)
            if resp.chunked:  # de-chunked by http.client; the close delimits the body
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            self.wfile.write(_response_head(resp.status, resp.reason, headers))
            while piece := resp.read1(_CHUNK):
                self.wfile.write(piece)
        except (http.client.HTTPException, TimeoutError) as exc:
            log.debug("faultproxy: upstream answer broke off: %s", exc)
        finally:
            if sock is not None:
                self.proxy._untrack(sock)
            resp.close()
            conn.close()

    def _fetch(self, target: str, body: bytes) -> _Answer:
        """Whole upstream answer (status None: an error was already sent to the client)."""
        try:
            conn, resp = self._open_upstream(target, body)
        except _UpstreamError as exc:
            self._send_simple(exc.status, f"{exc}\n".encode())
            return None, "", [], b""
        sock = conn.sock
        try:
            full = resp.read()
        except (http.client.HTTPException, OSError) as exc:
            self._send_simple(502, f"faultproxy: upstream answer broke off: {exc}\n".encode())
            return None, "", [], b""
        finally:
            if sock is not None:
                self.proxy._untrack(sock)
            resp.close()
            conn.close()
        return resp.status, resp.reason, self._upstream_headers(resp), full


# --------------------------------------------------------------------------- proxy


class FaultProxy:
    """Fault-injecting reverse proxy on 127.0.0.1 in front of one 127.0.0.1 upstream."""

    def __init__(self, upstream: str, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._up_host, self._up_port, self._up_prefix = _check_upstream(upstream)
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"the fault proxy listens on loopback only, not {host!r}")
        self.upstream = upstream
        self.host = host
        self.port = port
        self._up_timeout = UPSTREAM_TIMEOUT_S
        self._lock = threading.Lock()
        self._active: _Active | None = None
        self._seen = 0
        self._applied = 0
        self._started = False
        self._stopping = threading.Event()
        self._accept_stop: threading.Event | None = None
        self._accept_thread: threading.Thread | None = None
        self._threads: set[threading.Thread] = set()
        self._socks: set[socket.socket] = set()
        self._conns: set[socket.socket] = set()

    # ----------------------------------------------------------------- public API

    @property
    def url(self) -> str:
        if not self._started:
            raise RuntimeError("FaultProxy not started")
        return f"http://{self.host}:{self.port}"

    @property
    def requests_seen(self) -> int:
        """Requests received and parsed (faulted or not), since start."""
        with self._lock:
            return self._seen

    @property
    def faults_applied(self) -> int:
        """Requests that got a fault instead of a plain pass-through, since start."""
        with self._lock:
            return self._applied

    @property
    def is_up(self) -> bool:
        with self._lock:
            return self._accept_thread is not None

    def start(self) -> FaultProxy:
        with self._lock:
            if self._started:
                raise RuntimeError("FaultProxy already started")
            self._started = True
        self._listen()
        return self

    def stop(self) -> None:
        """Close the listener, break every open connection (client and upstream), join the
        threads. Returns within about 2 s whatever fault is active."""
        if not self._started or self._stopping.is_set():
            return
        self._stopping.set()
        self._stop_accepting()
        with self._lock:
            socks = list(self._socks | self._conns)
        for sock in socks:
            _shutdown_quietly(sock)
        deadline = time.monotonic() + _STOP_JOIN_S
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            left = [t.name for t in self._threads if t.is_alive()]
            self._threads.clear()
        if left:
            log.warning("faultproxy: threads still running after stop: %s", left)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set(
        self, fault: Fault | None, *, count: int | None = None, paths: str | None = None
    ) -> None:
        """Apply `fault` to the next `count` requests whose path (no query) matches the regex
        `paths` (re.search; None = every path). count None = until cleared. Replaces any fault
        already set; None clears."""
        if fault is None:
            self.clear()
            return
        if count is not None and count < 1:
            raise ValueError("count must be >= 1 (or None for 'until cleared')")
        pattern = re.compile(paths) if paths is not None else None
        with self._lock:
            self._active = _Active(fault, count, pattern)

    def clear(self) -> None:
        with self._lock:
            self._active = None

    def down(self, *, drop_active: bool = False) -> None:
        """Close the listening socket: new connections get ECONNREFUSED. Requests in flight
        finish unless `drop_active`, which breaks their connections too."""
        self._stop_accepting()
        if drop_active:
            with self._lock:
                conns = list(self._conns)
            for sock in conns:
                _shutdown_quietly(sock)

    def up(self) -> None:
        """Listen again on the SAME port (OSError if something else took it meanwhile)."""
        if not self._started or self._stopping.is_set():
            raise RuntimeError("FaultProxy not running")
        if self.is_up:
            return
        self._listen()

    # ----------------------------------------------------------------- internals

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            self._seen += 1
            active = self._active
            if active is None:
                return None
            if active.paths is not None and not active.paths.search(path):
                return None
            if active.remaining is not None:
                active.remaining -= 1
                if active.remaining <= 0:
                    self._active = None
            self._applied += 1
            return active.fault

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.add(sock)
        if self._stopping.is_set():
            _shutdown_quietly(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.discard(sock)

    def _listen(self) -> None:
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            deadline = time.monotonic() + 2.0
            while True:
                try:
                    lsock.bind((self.host, self.port))
                    break
                except OSError:
                    if self.port == 0 or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            lsock.listen(64)
            lsock.settimeout(_ACCEPT_POLL_S)
        except BaseException:
            lsock.close()
            raise
        self.port = lsock.getsockname()[1]
        stop = threading.Event()
        thread = threading.Thread(
            target=self._accept_loop, args=(lsock, stop), name=f"faultproxy-{self.port}-accept",
            daemon=True,
        )  # fmt: skip
        with self._lock:
            self._accept_stop, self._accept_thread = stop, thread
        thread.start()

    def _stop_accepting(self) -> None:
        with self._lock:
            stop, thread = self._accept_stop, self._accept_thread
            self._accept_stop = self._accept_thread = None
        if stop is not None and thread is not None:
            stop.set()
            thread.join(2.0)  # the loop closes the listening socket on its way out

    def _accept_loop(self, lsock: socket.socket, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    sock, addr = lsock.accept()
                except TimeoutError:
                    continue
                except OSError as exc:
                    if stop.is_set():
                        break
                    log.debug("faultproxy: accept failed: %s", exc)
                    time.sleep(_ACCEPT_POLL_S)
                    continue
                if stop.is_set() or self._stopping.is_set():
                    sock.close()
                    break
                self._spawn(sock, addr)
        except Exception:
            log.exception("faultproxy: accept loop crashed")
        finally:
            lsock.close()

    def _spawn(self, sock: socket.socket, addr: tuple[str, int]) -> None:
        conn = _Conn(sock, addr)
        thread = threading.Thread(
            target=self._serve, args=(conn,), name=f"faultproxy-{self.port}-conn", daemon=True
        )
        with self._lock:
            self._threads = {t for t in self._threads if t.is_alive()}  # stop() joins the rest
            self._threads.add(thread)
            self._conns.add(sock)
        thread.start()

    def _serve(self, conn: _Conn) -> None:
        sock = conn.sock
        try:
            sock.settimeout(CLIENT_TIMEOUT_S)
            _Handler(conn, self)
        except Exception:
            log.exception("faultproxy: connection handler crashed")
        finally:
            with self._lock:
                self._conns.discard(sock)
            if not conn.reset:
                _shutdown_quietly(sock, socket.SHUT_WR)
            sock.close()


def _shutdown_quietly(sock: socket.socket, how: int = socket.SHUT_RDWR) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(how)
