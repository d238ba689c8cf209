"""Malformed and unwelcome SIP messages over raw UDP or TCP, for robustness tests.

`send_garbage(host, port)` sends each message from its own socket (so replies can be told
apart), collects whatever comes back within `wait_s`, and cleans up after the one message that
may start a real call (the INVITE with a broken SDP): it CANCELs, or ACKs and hangs up.
"""

from __future__ import annotations

import random
import selectors
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .ports import LOOPBACK

# Largest UDP payload over IPv4 is 65507 bytes: the "64 KB" header must fit in one datagram.
_HUGE_HEADER_BYTES = 60_000


@dataclass(frozen=True)
class _Ctx:
    host: str
    port: int
    local_port: int
    transport: str
    call_id: str = field(default_factory=lambda: f"garbage-{uuid.uuid4().hex}")
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    branch: str = field(default_factory=lambda: f"z9hG4bK-{uuid.uuid4().hex}")

    @property
    def ruri(self) -> str:
        return f"sip:agent@{self.host}:{self.port}"

    def headers(self, method: str, cseq: str = "1", *, call_id: bool = True) -> str:
        lines = [
            f"Via: SIP/2.0/{self.transport.upper()} {LOOPBACK}:{self.local_port}"
            f";branch={self.branch};rport",
            "Max-Forwards: 70",
            f"From: <sip:garbage@{LOOPBACK}:{self.local_port}>;tag={self.tag}",
            f"To: <{self.ruri}>",
        ]
        if call_id:
            lines.append(f"Call-ID: {self.call_id}")
        lines += [
            f"CSeq: {cseq} {method}",
            f"Contact: <sip:garbage@{LOOPBACK}:{self.local_port}>",
            "User-Agent: homeagent-test-garbage",
        ]
        return "\r\n".join(lines) + "\r\n"


def _request(
    ctx: _Ctx,
    method: str,
    extra: str = "",
    body: bytes = b"",
    *,
    cseq: str = "1",
    call_id: bool = True,
) -> bytes:
    head = f"{method} {ctx.ruri} SIP/2.0\r\n" + ctx.headers(method, cseq, call_id=call_id)
    head += extra + f"Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _missing_call_id(ctx: _Ctx) -> bytes:
    return _request(ctx, "OPTIONS", call_id=False)


def _bad_cseq(ctx: _Ctx) -> bytes:
    return _request(ctx, "OPTIONS", cseq="notanumber")


def _huge_header(ctx: _Ctx) -> bytes:
    return _request(ctx, "OPTIONS", extra=f"X-Huge: {'a' * _HUGE_HEADER_BYTES}\r\n")


def _binary_junk(ctx: _Ctx) -> bytes:
    return random.Random(1234).randbytes(1400)  # fixed seed: the same junk every run


def _broken_sdp_invite(ctx: _Ctx) -> bytes:
    body = b"v=0\r\no=broken\r\nthis is not sdp\r\nm=audio notaport RTP/AVP x\r\nc=IN IP9\r\n"
    return _request(ctx, "INVITE", extra="Content-Type: application/sdp\r\n", body=body)


def _unknown_method(ctx: _Ctx) -> bytes:
    return _request(ctx, "FROBNICATE")


def _bye_unknown_dialog(ctx: _Ctx) -> bytes:
    text = _request(ctx, "BYE").decode()
    return text.replace(f"To: <{ctx.ruri}>", f"To: <{ctx.ruri}>;tag=nosuchdialog").encode()


def _content_length_too_big(ctx: _Ctx) -> bytes:
    return _request(ctx, "OPTIONS").replace(b"Content-Length: 0", b"Content-Length: 5000")


GARBAGE: dict[str, Callable[[_Ctx], bytes]] = {
    "missing_call_id": _missing_call_id,
    "bad_cseq": _bad_cseq,
    "huge_header": _huge_header,
    "binary_junk": _binary_junk,
    "broken_sdp_invite": _broken_sdp_invite,
    "unknown_method": _unknown_method,
    "bye_unknown_dialog": _bye_unknown_dialog,
    "content_length_too_big": _content_length_too_big,
}


@dataclass(frozen=True)
class GarbageOutcome:
    name: str
    sent_bytes: int
    replies: tuple[bytes, ...]
    error: str | None = None  # e.g. the TCP connection was refused or reset

    @property
    def first_lines(self) -> list[str]:
        return [r.split(b"\r\n", 1)[0].decode(errors="replace") for r in self.replies]

    @property
    def status_codes(self) -> list[int]:
        codes = []
        for line in self.first_lines:
            parts = line.split(" ")
            if parts[0] == "SIP/2.0" and len(parts) > 1 and parts[1].isdigit():
                codes.append(int(parts[1]))
        return codes


class _Conn:
    """One socket per message; UDP or TCP, same interface."""

    def __init__(self, host: str, port: int, transport: str, timeout: float) -> None:
        kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
        self.sock = socket.socket(socket.AF_INET, kind)
        self.sock.bind((LOOPBACK, 0))
        self.local_port: int = self.sock.getsockname()[1]
        self.addr = (host, port)
        self.tcp = transport == "tcp"
        self.closed = False
        self.buffer = b""
        if self.tcp:
            self.sock.settimeout(timeout)
            self.sock.connect(self.addr)
        self.sock.setblocking(False)

    def send(self, data: bytes) -> None:
        if self.tcp:
            self.sock.setblocking(True)
            self.sock.sendall(data)
            self.sock.setblocking(False)
        else:
            self.sock.sendto(data, self.addr)

    def read(self) -> list[bytes]:
        """Complete SIP messages received so far (TCP is a stream: split on Content-Length)."""
        try:
            chunk = self.sock.recv(65535)
        except (BlockingIOError, ConnectionRefusedError, ConnectionResetError):
            return []
        if not self.tcp:
            return [chunk]
        if not chunk:  # peer closed the connection
            self.closed = True
            return []
        self.buffer += chunk
        messages = []
        while b"\r\n\r\n" in self.buffer:
            head, _, rest = self.buffer.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() in (b"content-length", b"l"):
                    length = int(value.strip() or 0)
            if len(rest) < length:
                break
            messages.append(head + b"\r\n\r\n" + rest[:length])
            self.buffer = rest[length:]
        return messages

    def close(self) -> None:
        self.sock.close()


def _header(message: bytes, name: str) -> str:
    for line in message.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower().encode():
            return value.strip().decode(errors="replace")
    return ""


def _end_invite(conn: _Conn, ctx: _Ctx, replies: list[bytes], wait_s: float) -> None:
    """The broken-SDP INVITE may have started a call: do not leave it ringing or answered."""
    codes = [int(r.split(b" ", 2)[1]) for r in replies if r.startswith(b"SIP/2.0 ")]
    finals = [c for c in codes if c >= 200]
    if not codes:
        return
    if not finals:
        conn.send(_request(ctx, "CANCEL"))
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and not finals:
            for msg in conn.read():
                replies.append(msg)
                if _header(msg, "CSeq").endswith("INVITE") and not msg.startswith(b"SIP/2.0 1"):
                    finals.append(int(msg.split(b" ", 2)[1]))
            time.sleep(0.01)
        if not finals:
            return
    final = next(
        r for r in reversed(replies) if r.startswith(b"SIP/2.0 ") and not r.startswith(b"SIP/2.0 1")
    )
    to_header = _header(final, "To")
    ack = _request(ctx, "ACK").decode().replace(f"To: <{ctx.ruri}>", f"To: {to_header}")
    if finals[-1] < 300:
        # A 2xx is ACKed in a new transaction, then the call is ended.
        ack = ack.replace(ctx.branch, f"z9hG4bK-{uuid.uuid4().hex}")
        conn.send(ack.encode())
        bye = (
            _request(ctx, "BYE", cseq="2").decode().replace(f"To: <{ctx.ruri}>", f"To: {to_header}")
        )
        conn.send(bye.replace(ctx.branch, f"z9hG4bK-{uuid.uuid4().hex}").encode())
    else:
        conn.send(ack.encode())


def send_garbage(
    host: str,
    port: int,
    *,
    names: Iterable[str] | None = None,
    wait_s: float = 0.5,
    transport: str = "udp",
) -> list[GarbageOutcome]:
    """Send the malformed messages `names` (default: all of GARBAGE) to host:port at once and
    return what came back to each within `wait_s` seconds."""
    chosen = list(names) if names is not None else list(GARBAGE)
    conns: dict[str, tuple[_Conn, _Ctx]] = {}
    outcomes: dict[str, GarbageOutcome] = {}
    replies: dict[str, list[bytes]] = {}
    sel = selectors.DefaultSelector()
    try:
        for name in chosen:
            try:
                conn = _Conn(host, port, transport, wait_s)
                ctx = _Ctx(host, port, conn.local_port, transport)
                data = GARBAGE[name](ctx)
                conn.send(data)
            except OSError as exc:
                outcomes[name] = GarbageOutcome(name, 0, (), error=repr(exc))
                continue
            conns[name] = (conn, ctx)
            replies[name] = []
            outcomes[name] = GarbageOutcome(name, len(data), ())
            sel.register(conn.sock, selectors.EVENT_READ, name)
        deadline = time.monotonic() + wait_s
        while (left := deadline - time.monotonic()) > 0:
            for key, _ in sel.select(timeout=left):
                conn = conns[key.data][0]
                replies[key.data].extend(conn.read())
                if conn.closed:
                    sel.unregister(conn.sock)
        if "broken_sdp_invite" in conns:
            conn, ctx = conns["broken_sdp_invite"]
            _end_invite(conn, ctx, replies["broken_sdp_invite"], wait_s)
    finally:
        sel.close()
        for conn, _ in conns.values():
            conn.close()
    return [
        GarbageOutcome(n, outcomes[n].sent_bytes, tuple(replies.get(n, [])), outcomes[n].error)
        for n in chosen
    ]
