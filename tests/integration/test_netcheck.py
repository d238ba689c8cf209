"""netcheck against real peers: Kamailio answering OPTIONS (UDP, TCP, TLS), a dead port, and
a responder that answers with garbage."""

from __future__ import annotations

import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from homeagent import netcheck
from tests.integration.rig import fixtures
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.ports import LOOPBACK, free_port_both

pytestmark = pytest.mark.timeout(60)
kamailio = fixtures.kamailio
kamailio_tls = fixtures.kamailio_tls


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_kamailio_answers_every_options(kamailio: Kamailio, transport: str) -> None:
    result = netcheck.options_burst(f"{LOOPBACK}:{kamailio.udp_port}", transport, count=10)
    print(f"{transport}: median {result.median_ms:.3f} ms, jitter {result.jitter_ms:.3f} ms")
    assert (result.sent, result.received, result.loss_pct, result.error) == (10, 10, 0.0, "")
    assert result.status == 200 and len(result.rtts_ms) == 10
    assert result.median_ms is not None and 0 < result.median_ms < 500
    assert result.jitter_ms is not None and result.jitter_ms >= 0
    assert kamailio.running  # our OPTIONS were well-formed enough not to upset it


def test_tls_verifies_the_certificate(kamailio_tls: Kamailio) -> None:
    port, cert = kamailio_tls.tls_port, kamailio_tls.tls_cert
    assert port is not None and cert is not None
    trusted = netcheck.options_burst(f"{LOOPBACK}:{port}", "tls", count=5, ca_file=str(cert))
    assert trusted.received == 5 and trusted.error == ""
    untrusted = netcheck.options_burst(f"{LOOPBACK}:{port}", "tls", count=5)
    assert untrusted.received == 0 and untrusted.error == "tls"
    assert untrusted.loss_pct == 100.0


@pytest.mark.parametrize("transport", ["udp", "tcp", "tls"])
def test_a_dead_port_is_unreachable_fast(transport: str) -> None:
    port = free_port_both()
    start = time.monotonic()
    result = netcheck.options_burst(f"{LOOPBACK}:{port}", transport, count=10, timeout_s=2.0)
    elapsed = time.monotonic() - start
    assert not result.reachable and result.loss_pct == 100.0 and result.error == "refused"
    assert elapsed < 1.0, elapsed  # ICMP/RST: no need to wait out the burst


def test_a_silent_peer_times_out_with_full_loss() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:  # bound, never answers
        sink.bind((LOOPBACK, 0))
        port = sink.getsockname()[1]
        start = time.monotonic()
        result = netcheck.options_burst(f"{LOOPBACK}:{port}", count=5, interval_s=0.02,
                                        timeout_s=0.3)  # fmt: skip
    assert (result.sent, result.received, result.error) == (5, 0, "timeout")
    assert time.monotonic() - start < 1.5


_CALL_ID = re.compile(rb"\r\nCall-ID: ([^\r\n]*)")
_CSEQ = re.compile(rb"\r\nCSeq: (\d+) OPTIONS")


def _reply(status: str, call_id: bytes, cseq: bytes, extra: bytes = b"") -> bytes:
    return (
        f"SIP/2.0 {status}\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKx\r\n".encode()
        + b"Call-ID: " + call_id + b"\r\nCSeq: " + cseq + b"\r\n" + extra
        + b"Content-Length: 0\r\n\r\n"
    )  # fmt: skip


def _garbage_for(request: bytes) -> list[bytes]:
    """Hostile answers; a proper 200 only to even CSeq numbers."""
    cid = _CALL_ID.search(request)
    seq = _CSEQ.search(request)
    call_id = cid.group(1) if cid else b"x"
    cseq = seq.group(1) if seq else b"1"
    junk = random.Random(int(cseq)).randbytes(1400)
    out = [
        junk,
        b"",
        b"SIP/2.0\r\n\r\n",
        b"SIP/2.0 99999 Huge\r\nCall-ID: " + call_id + b"\r\nCSeq: " + cseq + b" OPTIONS\r\n\r\n",
        _reply("200 OK", b"someone-else", cseq + b" OPTIONS"),
        _reply("200 OK", call_id, b"notanumber OPTIONS"),
        _reply("200 OK", call_id, b"99999999999999999999 OPTIONS"),
        _reply("200 OK", call_id, cseq + b" INVITE"),
        _reply("200 OK", b"other", cseq + b" OPTIONS", b"X-Huge: " + b"a" * 60_000 + b"\r\n"),
        "SIP/2.0 200 \u00e9\u00e9\r\nCall-ID: \u2603\r\n\r\n".encode(),
        b"\xff\xfe" * 500,
    ]
    if int(cseq) % 2 == 0:
        out.append(_reply("200 OK", call_id, cseq + b" OPTIONS"))
        out.append(_reply("200 OK", call_id, cseq + b" OPTIONS"))  # a duplicate
    return out


@pytest.fixture
def garbage_udp() -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((LOOPBACK, 0))
    sock.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            for message in _garbage_for(data):
                sock.sendto(message, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    stop.set()
    thread.join(2)
    sock.close()


def test_a_garbage_responder_never_crashes_it(garbage_udp: int) -> None:
    result = netcheck.options_burst(f"{LOOPBACK}:{garbage_udp}", count=10, timeout_s=0.5)
    # only even CSeq numbers got a proper answer (twice): they alone count, once each
    assert (result.sent, result.received, result.loss_pct) == (10, 5, 50.0)
    assert result.status == 200 and result.error == ""


def _tcp_server(handler: Callable[[socket.socket], None]) -> tuple[int, Callable[[], None]]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((LOOPBACK, 0))
    server.listen(1)
    server.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            handler(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def close() -> None:
        server.close()
        thread.join(5)

    return server.getsockname()[1], close


@pytest.mark.parametrize("kind", ["junk", "endless_body", "close_at_once"])
def test_a_garbage_tcp_peer_never_crashes_it(kind: str) -> None:
    def handler(conn: socket.socket) -> None:
        conn.settimeout(3)
        try:
            request = conn.recv(65535)
            if kind == "close_at_once":
                return
            if kind == "endless_body":
                conn.sendall(b"SIP/2.0 200 OK\r\nContent-Length: 99999999999\r\n\r\n")
                for _ in range(40):  # > the 256 KB buffer cap
                    conn.sendall(b"z" * 10_000)
                return
            for message in _garbage_for(request):
                conn.sendall(message)
            time.sleep(1)
        except OSError:
            return

    port, close = _tcp_server(handler)
    try:
        result = netcheck.options_burst(f"{LOOPBACK}:{port}", "tcp", count=5, timeout_s=0.5)
    finally:
        close()
    assert result.sent >= 1 and result.received <= result.sent
    if kind == "close_at_once":
        assert result.received == 0 and result.error in ("closed", "refused")
    if kind == "endless_body":
        assert result.received == 0 and result.error == "closed"
