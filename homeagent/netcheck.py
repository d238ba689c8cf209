"""Is the SIP registrar reachable, and how good is the path to it? A burst of SIP OPTIONS.

An adapter on plain sockets (no Qt, no pjsua2): it blocks for about `count * interval_s +
timeout_s`, so callers run it off the GUI thread. Any SIP response counts as reachable (a
registrar may answer OPTIONS with 200, 404 or 405 alike). Responses are matched by Call-ID
and CSeq number; only the status line and those two headers are read, and nothing a peer
sends can make it raise: every failure becomes `ProbeResult.error`.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
import statistics
import time
import uuid
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"udp": 5060, "tcp": 5060, "tls": 5061}
_MAX_STREAM_BUFFER = 256 * 1024  # a peer streaming garbage without end is cut off here
_STATUS_RE = re.compile(rb"^SIP/2\.0 ([1-6]\d\d)(?: |$)")


@dataclass(frozen=True)
class ProbeResult:
    host: str
    port: int
    transport: str
    sent: int
    received: int
    rtts_ms: tuple[float, ...] = field(default=())
    # "" or one of: refused, timeout, dns, tls, network, closed
    error: str = ""
    status: int = 0  # the first status code seen

    @property
    def reachable(self) -> bool:
        return self.received > 0

    @property
    def loss_pct(self) -> float:
        return 100.0 if self.sent == 0 else 100.0 * (self.sent - self.received) / self.sent

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.rtts_ms) if self.rtts_ms else None

    @property
    def jitter_ms(self) -> float | None:
        """Mean absolute difference between consecutive round trips (as RTP's jitter)."""
        if len(self.rtts_ms) < 2:
            return 0.0 if self.rtts_ms else None
        pairs = zip(self.rtts_ms, self.rtts_ms[1:], strict=False)
        return statistics.fmean(abs(b - a) for a, b in pairs)


def parse_target(target: str, transport: str = "udp") -> tuple[str, int]:
    """`host`, `host:port` or `[v6]:port` -> (host, port), with the transport's default port."""
    text = target.strip()
    default = DEFAULT_PORTS.get(transport, 5060)
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    else:
        host, port = text, ""
    if not host:
        raise ValueError("no host")
    number = int(port) if port else default
    if not 0 < number < 65536:
        raise ValueError("port out of range")
    return host, number


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    transport: str  # udp, tcp, tls

    @property
    def uri(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        params = "" if self.transport == "udp" else f";transport={self.transport}"
        return f"sip:{host}:{self.port}{params}"


def build_options(
    target: Target, local: tuple[str, int], call_id: str, cseq: int, tag: str
) -> bytes:
    local_host = f"[{local[0]}]" if ":" in local[0] else local[0]
    branch = f"z9hG4bK{uuid.uuid4().hex}"
    via = f"SIP/2.0/{target.transport.upper()} {local_host}:{local[1]};branch={branch};rport"
    return (
        f"OPTIONS {target.uri} SIP/2.0\r\n"
        f"Via: {via}\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:homeagent-check@{local_host}>;tag={tag}\r\n"
        f"To: <{target.uri}>\r\n"
        f"Call-ID: {call_id}\r\n"
        f"CSeq: {cseq} OPTIONS\r\n"
        "Accept: application/sdp\r\n"
        "User-Agent: HomeAgent-netcheck\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode("ascii")


def match_response(message: bytes, call_id: str) -> tuple[int, int] | None:
    """(status, cseq number) when `message` answers our OPTIONS with `call_id`, else None."""
    status = _STATUS_RE.match(message[:64])
    if status is None:
        return None
    head = message.split(b"\r\n\r\n", 1)[0]
    got_call_id = ""
    cseq_num = -1
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        key = name.strip().lower()
        if key in (b"call-id", b"i"):
            got_call_id = value.strip().decode("ascii", errors="replace")
        elif key == b"cseq":
            parts = value.split()
            if len(parts) == 2 and parts[1].upper() == b"OPTIONS" and parts[0].isdigit():
                cseq_num = int(parts[0][:9])
    if got_call_id != call_id or cseq_num < 0:
        return None
    return int(status.group(1)), cseq_num


def _split_stream(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Complete messages from a TCP/TLS byte stream, and what is left over."""
    messages: list[bytes] = []
    while True:
        head, sep, rest = buffer.partition(b"\r\n\r\n")
        if not sep:
            return messages, buffer
        length = 0
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() in (b"content-length", b"l"):
                digits = value.strip()
                length = int(digits[:9]) if digits.isdigit() else 0
        if len(rest) < length:
            return messages, buffer
        messages.append(head + sep)
        buffer = rest[length:]


def _open(target: Target, timeout_s: float, ca_file: str | None, server_name: str) -> socket.socket:
    kind = socket.SOCK_DGRAM if target.transport == "udp" else socket.SOCK_STREAM
    family, kind, proto, _, addr = socket.getaddrinfo(target.host, target.port, type=kind)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.settimeout(timeout_s)
        sock.connect(addr)  # UDP too: an ICMP "port unreachable" then fails fast
        if target.transport == "tls":
            context = ssl.create_default_context(cafile=ca_file or None)
            return context.wrap_socket(sock, server_hostname=server_name or target.host)
    except BaseException:
        sock.close()
        raise
    return sock


def options_burst(
    target: str,
    transport: str = "udp",
    *,
    count: int = 10,
    interval_s: float = 0.1,
    timeout_s: float = 1.0,
    ca_file: str | None = None,
    server_name: str = "",
) -> ProbeResult:
    """Send `count` OPTIONS `interval_s` apart to `target` (host[:port]); wait `timeout_s`
    after the last one. TLS verifies the certificate (OS/certifi store, or `ca_file`)."""
    transport = transport.lower()
    try:
        host, port = parse_target(target, transport)
    except ValueError:
        return ProbeResult(target, 0, transport, 0, 0, error="dns")
    if transport not in DEFAULT_PORTS:
        return ProbeResult(host, port, transport, 0, 0, error="network")
    dest = Target(host, port, transport)
    try:
        sock = _open(dest, timeout_s, ca_file, server_name)
    except ssl.SSLError as exc:  # certificate refused, or not TLS at all
        log.info("netcheck %s:%d tls: %s", host, port, exc)
        return ProbeResult(host, port, transport, 0, 0, error="tls")
    except ConnectionRefusedError:
        return ProbeResult(host, port, transport, 0, 0, error="refused")
    except TimeoutError:
        return ProbeResult(host, port, transport, 0, 0, error="timeout")
    except socket.gaierror:
        return ProbeResult(host, port, transport, 0, 0, error="dns")
    except OSError as exc:
        log.info("netcheck %s:%d: %s", host, port, exc)
        return ProbeResult(host, port, transport, 0, 0, error="network")
    with sock:
        return _Burst(sock, dest).run(count, interval_s, timeout_s)


class _Burst:
    """One burst over one connected socket; all state of the exchange."""

    def __init__(self, sock: socket.socket, target: Target) -> None:
        self.sock = sock
        self.target = target
        self.stream = target.transport != "udp"
        self.local: tuple[str, int] = sock.getsockname()[:2]
        self.call_id = f"{uuid.uuid4().hex}@homeagent-check"
        self.tag = uuid.uuid4().hex[:10]
        self.sent_at: dict[int, float] = {}
        self.rtts: dict[int, float] = {}
        self.status = 0
        self.buffer = b""

    def run(self, count: int, interval_s: float, timeout_s: float) -> ProbeResult:
        error = ""
        next_send = time.monotonic()
        deadline = next_send + count * interval_s + timeout_s
        while len(self.rtts) < count and not error:
            now = time.monotonic()
            if len(self.sent_at) < count and now >= next_send:
                error = self._send(len(self.sent_at) + 1, now)
                next_send += interval_s
                if len(self.sent_at) == count:
                    deadline = now + timeout_s
            elif now >= deadline:
                error = "timeout"
            else:
                wake = next_send if len(self.sent_at) < count else deadline
                error = self._receive(max(0.001, min(wake, deadline) - now))
        t = self.target
        ordered = tuple(self.rtts[k] for k in sorted(self.rtts))
        if ordered and error in ("timeout", "closed"):
            error = ""  # some answers came: the losses tell the rest
        return ProbeResult(
            t.host,
            t.port,
            t.transport,
            len(self.sent_at),
            len(ordered),
            ordered,
            error,
            self.status,
        )

    def _send(self, cseq: int, now: float) -> str:
        request = build_options(self.target, self.local, self.call_id, cseq, self.tag)
        try:
            self.sock.sendall(request)
        except ConnectionRefusedError:
            return "refused"
        except OSError:
            return "closed" if self.stream else "network"
        self.sent_at[cseq] = now
        return ""

    def _receive(self, wait_s: float) -> str:
        self.sock.settimeout(wait_s)
        try:
            data = self.sock.recv(65535)
        except TimeoutError:
            return ""
        except ConnectionRefusedError:
            return "refused"
        except OSError:  # ssl.SSLError is an OSError
            return "closed" if self.stream else "network"
        arrived = time.monotonic()
        if not self.stream:
            messages = [data]
        else:
            if not data:
                return "closed"
            messages, self.buffer = _split_stream(self.buffer + data)
            if len(self.buffer) > _MAX_STREAM_BUFFER:
                return "closed"
        for message in messages:
            self._match(message, arrived)
        return ""

    def _match(self, message: bytes, arrived: float) -> None:
        try:
            matched = match_response(message, self.call_id)
        except (ValueError, UnicodeError):
            return
        if matched is None:
            return
        status, cseq = matched
        if cseq in self.sent_at and cseq not in self.rtts:
            self.rtts[cseq] = (arrived - self.sent_at[cseq]) * 1000.0
            self.status = self.status or status
