"""Free loopback ports for test peers, chosen at run time (never fixed numbers)."""

from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"

_SOCK_TYPES = {"udp": socket.SOCK_DGRAM, "tcp": socket.SOCK_STREAM}


def _sock_type(kind: str) -> int:
    try:
        return _SOCK_TYPES[kind]
    except KeyError:
        raise ValueError(f"kind must be 'udp' or 'tcp', not {kind!r}") from None


def free_port(kind: str = "udp") -> int:
    """Return a port the kernel just handed out on 127.0.0.1 for `kind` ("udp" or "tcp").

    The socket is closed again, so a peer started right after can bind it; a tiny race with
    other programs remains, which is why callers bind soon and fail loudly.
    """
    with socket.socket(socket.AF_INET, _sock_type(kind)) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def is_free(port: int, kind: str = "udp") -> bool:
    """True if `port` can be bound on 127.0.0.1 for `kind` right now."""
    with socket.socket(socket.AF_INET, _sock_type(kind)) as sock:
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def free_port_both(attempts: int = 50) -> int:
    """Return a port free for BOTH UDP and TCP (SIP servers listen on both with one number)."""
    for _ in range(attempts):
        port = free_port("udp")
        if is_free(port, "tcp"):
            return port
    raise RuntimeError(f"no port free for both UDP and TCP after {attempts} attempts")


def free_ports(count: int, kind: str = "udp") -> list[int]:
    """Return `count` distinct free ports (e.g. several SIPp peers in one test)."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port(kind)
        if port not in ports:
            ports.append(port)
    return ports
