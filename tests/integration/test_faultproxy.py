"""Self-test of the fault-injecting HTTP proxy, with a tiny stdlib upstream and `requests`."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from tests.integration.rig.faultproxy import (
    Delay,
    FaultProxy,
    Headers,
    Huge,
    Mutate,
    Replace,
    Reset,
    Status,
    Truncate,
)
from tests.integration.rig.ports import LOOPBACK

pytestmark = [pytest.mark.timeout(60)]

TIMEOUT = (1.0, 5.0)
CHUNKS = [b'{"chunked": ', b"true, ", b'"parts": 3}']


class _Upstream(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[str]

    def server_bind(self) -> None:  # skip HTTPServer's reverse DNS lookup (getfqdn)
        self.socket.bind(self.server_address)
        host, port = self.socket.getsockname()[:2]
        self.server_address = (host, port)
        self.server_name, self.server_port = host, port


class _EchoHandler(BaseHTTPRequestHandler):
    """Echoes method, path, Authorization and body as JSON. `/status/NNN` answers NNN,
    `/chunked` answers with Transfer-Encoding: chunked."""

    protocol_version = "HTTP/1.1"
    server: _Upstream

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.close_connection = True
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.hits.append(f"{self.command} {self.path}")
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            for part in CHUNKS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        status = int(self.path.split("/")[2]) if self.path.startswith("/status/") else 200
        payload = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "host": self.headers.get("Host"),
                "body": body.decode(),
                "count": "1",
            }
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Upstream", "echo")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()


@pytest.fixture
def upstream() -> Iterator[_Upstream]:
    server = _Upstream((LOOPBACK, 0), _EchoHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)


def _upstream_url(server: _Upstream) -> str:
    return f"http://{LOOPBACK}:{server.server_address[1]}"


def _proxy_threads(port: int) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(f"faultproxy-{port}-")]


@pytest.fixture
def proxy(upstream: _Upstream) -> Iterator[FaultProxy]:
    fp = FaultProxy(_upstream_url(upstream)).start()
    try:
        yield fp
    finally:
        started = time.monotonic()
        fp.stop()
        assert time.monotonic() - started < 2.0
        assert _proxy_threads(fp.port) == []


# ----------------------------------------------------------------------------- setup


@pytest.mark.parametrize(
    "bad",
    [
        "http://example.com:80",
        "http://localhost:8080",
        "https://127.0.0.1:8443",
        "http://127.0.0.1",
        "http://user:pw@127.0.0.1:8080",
        "http://127.0.0.2:8080",
        "http://[::1]:8080",
        "127.0.0.1:8080",
    ],
)
def test_refuses_an_upstream_other_than_a_127_0_0_1_url(bad: str) -> None:
    with pytest.raises(ValueError, match="upstream must be"):
        FaultProxy(bad)


def test_refuses_to_listen_off_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FaultProxy("http://127.0.0.1:8080", host="0.0.0.0")


def test_set_rejects_a_zero_count(proxy: FaultProxy) -> None:
    with pytest.raises(ValueError, match="count"):
        proxy.set(Status(500), count=0)


# ----------------------------------------------------------------------------- pass-through


def test_pass_through_forwards_method_path_query_headers_and_body(
    proxy: FaultProxy, upstream: _Upstream
) -> None:
    assert proxy.url == f"http://127.0.0.1:{proxy.port}"
    resp = requests.get(
        f"{proxy.url}/api/search?q=M%C3%BCller&limit=5",
        headers={"Authorization": "Bearer t0ken"},
        timeout=TIMEOUT,
    )
    assert resp.status_code == 200
    assert resp.headers["X-Upstream"] == "echo"
    assert resp.headers["Connection"] == "close"
    assert resp.headers["Content-Type"] == "application/json"
    echo = resp.json()
    assert echo["method"] == "GET"
    assert echo["path"] == "/api/search?q=M%C3%BCller&limit=5"
    assert echo["authorization"] == "Bearer t0ken"
    assert echo["host"] == _upstream_url(upstream).removeprefix("http://")

    resp = requests.post(f"{proxy.url}/api/notes", json={"text": "hi"}, timeout=TIMEOUT)
    assert resp.json()["method"] == "POST"
    assert json.loads(resp.json()["body"]) == {"text": "hi"}

    resp = requests.head(f"{proxy.url}/api/x", timeout=TIMEOUT)
    assert resp.status_code == 200
    assert resp.content == b""

    assert requests.get(f"{proxy.url}/status/404", timeout=TIMEOUT).status_code == 404
    assert proxy.requests_seen == 4
    assert proxy.faults_applied == 0
    assert len(upstream.hits) == 4


def test_pass_through_streams_a_chunked_upstream_answer(proxy: FaultProxy) -> None:
    resp = requests.get(f"{proxy.url}/chunked", timeout=TIMEOUT)
    assert resp.status_code == 200
    assert resp.content == b"".join(CHUNKS)
    assert resp.json() == {"chunked": True, "parts": 3}


def test_an_unreachable_upstream_gives_502() -> None:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        dead_port = sock.getsockname()[1]
    with FaultProxy(f"http://127.0.0.1:{dead_port}") as fp:
        resp = requests.get(f"{fp.url}/x", timeout=TIMEOUT)
    assert resp.status_code == 502
    assert b"upstream unreachable" in resp.content


# ----------------------------------------------------------------------------- Status


def test_status_503_for_two_requests_then_pass_through(
    proxy: FaultProxy, upstream: _Upstream
) -> None:
    proxy.set(Status(503, b"maintenance"), count=2)
    first = requests.get(f"{proxy.url}/a", timeout=TIMEOUT)
    second = requests.get(f"{proxy.url}/b", timeout=TIMEOUT)
    third = requests.get(f"{proxy.url}/c", timeout=TIMEOUT)

    assert (first.status_code, first.content) == (503, b"maintenance")
    assert second.status_code == 503
    assert third.status_code == 200
    assert third.json()["path"] == "/c"
    assert upstream.hits == ["GET /c"]  # faulted requests never reach the upstream
    assert proxy.requests_seen == 3
    assert proxy.faults_applied == 2


def test_status_429_with_retry_after_until_cleared(proxy: FaultProxy) -> None:
    proxy.set(Status(429, headers={"Retry-After": "2"}))
    for _ in range(3):
        resp = requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT)
        assert resp.status_code == 429
        assert resp.headers["Retry-After"] == "2"
        assert resp.content == b""
    proxy.clear()
    assert requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT).status_code == 200


def test_paths_regex_limits_the_fault_and_only_matches_use_up_count(
    proxy: FaultProxy,
) -> None:
    proxy.set(Status(500), count=1, paths=r"^/api/search")
    assert requests.get(f"{proxy.url}/api/other", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{proxy.url}/health?x=/api/search", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{proxy.url}/api/search?q=1", timeout=TIMEOUT).status_code == 500
    assert requests.get(f"{proxy.url}/api/search?q=1", timeout=TIMEOUT).status_code == 200
    assert proxy.faults_applied == 1


# ----------------------------------------------------------------------------- Delay


def test_delay_makes_the_client_hit_its_read_timeout(
    proxy: FaultProxy, upstream: _Upstream
) -> None:
    proxy.set(Delay(30))
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(f"{proxy.url}/slow", timeout=(1, 0.5))
    assert 0.4 < time.monotonic() - started < 2.0

    time.sleep(0.3)  # the abandoned request is dropped, not forwarded
    assert upstream.hits == []
    proxy.clear()
    assert requests.get(f"{proxy.url}/slow", timeout=TIMEOUT).status_code == 200


def test_a_short_delay_then_forwards(proxy: FaultProxy, upstream: _Upstream) -> None:
    proxy.set(Delay(0.4), count=1)
    started = time.monotonic()
    resp = requests.get(f"{proxy.url}/late", timeout=TIMEOUT)
    assert time.monotonic() - started >= 0.4
    assert resp.json()["path"] == "/late"
    assert upstream.hits == ["GET /late"]


def test_stop_is_prompt_while_a_client_waits_on_a_delay(upstream: _Upstream) -> None:
    fp = FaultProxy(_upstream_url(upstream)).start()
    fp.set(Delay(3600))
    with socket.create_connection((LOOPBACK, fp.port), timeout=5) as client:
        client.sendall(b"GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 5
        while fp.requests_seen < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fp.requests_seen == 1

        started = time.monotonic()
        fp.stop()
        assert time.monotonic() - started < 2.0
        assert _proxy_threads(fp.port) == []
        assert client.recv(100) == b""  # closed without an answer
    assert upstream.hits == []


# ----------------------------------------------------------------------------- Reset


def test_reset_mid_response_is_a_connection_error(proxy: FaultProxy) -> None:
    proxy.set(Reset(), count=1)
    with pytest.raises(requests.exceptions.ConnectionError, match="Connection aborted"):
        requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT)
    assert requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT).status_code == 200


def test_reset_sends_a_status_line_then_a_tcp_rst(proxy: FaultProxy) -> None:
    proxy.set(Reset())
    received = b""
    with socket.create_connection((LOOPBACK, proxy.port), timeout=5) as client:
        client.sendall(b"GET /x HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            while chunk := client.recv(4096):
                received += chunk
    assert received.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\n\r\n" not in received  # the headers never end


def test_reset_before_any_answer_is_a_connection_error(proxy: FaultProxy) -> None:
    proxy.set(Reset(mid_response=False))
    with pytest.raises(requests.exceptions.ConnectionError, match="Connection aborted"):
        requests.post(f"{proxy.url}/api/notes", data=b"x" * 10_000, timeout=TIMEOUT)


# ----------------------------------------------------------------------------- Truncate


def test_truncate_makes_requests_raise_chunked_encoding_error(proxy: FaultProxy) -> None:
    proxy.set(Truncate())
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT)


def test_truncate_sends_half_the_body_under_the_full_content_length(
    proxy: FaultProxy,
) -> None:
    full = requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT).content
    proxy.set(Truncate())
    conn = http.client.HTTPConnection(LOOPBACK, proxy.port, timeout=5)
    try:
        conn.request("GET", "/api/search")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.getheader("Content-Length") == str(len(full))
        with pytest.raises(http.client.IncompleteRead) as excinfo:
            resp.read()
    finally:
        conn.close()
    assert excinfo.value.partial == full[: len(full) // 2]


# ----------------------------------------------------------------------------- Replace / Huge


def test_replace_with_malformed_json(proxy: FaultProxy, upstream: _Upstream) -> None:
    proxy.set(Replace(b'{"matches": [{"id": 1,'))
    resp = requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json"
    with pytest.raises(requests.exceptions.JSONDecodeError):
        resp.json()
    assert upstream.hits == []


def test_replace_with_an_html_error_page(proxy: FaultProxy) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    proxy.set(Replace(page, content_type="text/html", status=502))
    resp = requests.get(f"{proxy.url}/api/search", timeout=TIMEOUT)
    assert (resp.status_code, resp.headers["Content-Type"], resp.content) == (
        502,
        "text/html",
        page,
    )


def test_huge_answer_arrives_as_10_mib_of_valid_json(proxy: FaultProxy) -> None:
    proxy.set(Huge(megabytes=10))
    resp = requests.get(f"{proxy.url}/api/search", timeout=(1, 10))
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.headers["Content-Length"] == str(10 * 1024 * 1024)
    assert len(resp.content) == 10 * 1024 * 1024
    matches = resp.json()["matches"]
    assert len(matches) > 100_000
    assert matches[0] == {"id": 0, "number": "+493000000000", "name": "Match 0", "score": 0.5}


def test_huge_without_content_length_ends_at_close(proxy: FaultProxy) -> None:
    proxy.set(Huge(megabytes=1, declare_length=False))
    resp = requests.get(f"{proxy.url}/api/search", timeout=(1, 10))
    assert "Content-Length" not in resp.headers
    assert len(resp.content) == 1024 * 1024
    assert isinstance(resp.json()["matches"], list)


# ----------------------------------------------------------------------------- Mutate


def test_mutate_rewrites_the_upstream_answer(proxy: FaultProxy, upstream: _Upstream) -> None:
    def wrong_types(status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
        data = json.loads(body)
        data["count"] = ["not", "a", "string"]
        data["path"] = None
        headers["X-Mutated"] = "yes"
        return 201, headers, json.dumps(data).encode()

    proxy.set(Mutate(wrong_types), count=1)
    resp = requests.get(
        f"{proxy.url}/api/search", headers={"Authorization": "Bearer z"}, timeout=TIMEOUT
    )
    assert resp.status_code == 201
    assert resp.headers["X-Mutated"] == "yes"
    assert resp.headers["X-Upstream"] == "echo"
    assert int(resp.headers["Content-Length"]) == len(resp.content)
    data = resp.json()
    assert data["count"] == ["not", "a", "string"]
    assert data["path"] is None
    assert data["authorization"] == "Bearer z"
    assert upstream.hits == ["GET /api/search"]


# ----------------------------------------------------------------------------- down / up


def test_down_refuses_connections_and_up_reopens_the_same_port(proxy: FaultProxy) -> None:
    url, port = proxy.url, proxy.port
    assert requests.get(f"{url}/x", timeout=TIMEOUT).status_code == 200

    proxy.down()
    assert not proxy.is_up
    with pytest.raises(requests.exceptions.ConnectionError) as excinfo:
        requests.get(f"{url}/x", timeout=TIMEOUT)
    assert not isinstance(excinfo.value, requests.exceptions.ConnectTimeout)
    with pytest.raises(ConnectionRefusedError), socket.socket() as raw:
        raw.connect((LOOPBACK, port))

    proxy.up()
    assert (proxy.url, proxy.port) == (url, port)
    assert requests.get(f"{url}/x", timeout=TIMEOUT).status_code == 200
    proxy.down()
    proxy.up()
    assert requests.get(f"{url}/y", timeout=TIMEOUT).json()["path"] == "/y"


def test_down_with_drop_active_breaks_requests_in_flight(proxy: FaultProxy) -> None:
    proxy.set(Delay(3600))
    with socket.create_connection((LOOPBACK, proxy.port), timeout=5) as client:
        client.sendall(b"GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 5
        while proxy.requests_seen < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        proxy.down(drop_active=True)
        assert client.recv(100) == b""
    proxy.clear()
    proxy.up()
    assert requests.get(f"{proxy.url}/x", timeout=TIMEOUT).status_code == 200


def test_stop_is_prompt_while_a_huge_answer_is_stuck_on_a_client_that_never_reads(
    upstream: _Upstream,
) -> None:
    fp = FaultProxy(_upstream_url(upstream)).start()
    fp.set(Huge(megabytes=50))
    with socket.create_connection((LOOPBACK, fp.port), timeout=5) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.3)  # the proxy fills the socket buffers and blocks in send
        started = time.monotonic()
        fp.stop()
        assert time.monotonic() - started < 2.0
        assert _proxy_threads(fp.port) == []


def test_concurrent_requests_use_up_the_count_exactly(
    proxy: FaultProxy, upstream: _Upstream
) -> None:
    proxy.set(Status(503), count=5)
    codes: list[int] = []
    lock = threading.Lock()

    def call(i: int) -> None:
        code = requests.get(f"{proxy.url}/n/{i}", timeout=TIMEOUT).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(codes) == [200] * 15 + [503] * 5
    assert proxy.requests_seen == 20
    assert len(upstream.hits) == 15
