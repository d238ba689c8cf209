"""What the engine needs to know to register an operator: account and engine settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Transport(StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpPolicy(StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


@dataclass(frozen=True)
class SipAccount:
    """One SIP identity. The password lives in the keyring; it is carried here only in memory."""

    username: str
    domain: str
    password: str = field(repr=False)
    registrar: str = ""  # host[:port]; empty means the domain
    transport: Transport = Transport.UDP
    auth_username: str = ""  # empty means username
    outbound_proxy: str = ""  # host[:port]
    display_name: str = ""
    srtp: SrtpPolicy = SrtpPolicy.OFF
    register: bool = True  # False: a local identity that only calls (peers in tests, demo)
    register_timeout_s: int = 300
    # first retry after a failed registration; PJSIP adds up to this much random jitter
    retry_interval_s: int = 30

    @property
    def aor(self) -> str:
        """The address of record, sip:user@domain (sips is not used: TLS is per hop)."""
        return f"sip:{self.username}@{self.domain}"

    def registrar_uri(self) -> str:
        host = self.registrar or self.domain
        return f"sip:{host};transport={self.transport.value}"

    def proxy_uri(self) -> str:
        if not self.outbound_proxy:
            return ""
        return f"sip:{self.outbound_proxy};transport={self.transport.value};lr"


@dataclass(frozen=True)
class EngineSettings:
    """Process-wide engine settings, sent once when the engine starts."""

    user_agent: str = "HomeAgent"
    bind_address: str = ""  # empty: all interfaces; tests use 127.0.0.1
    public_address: str = ""  # what SDP and Contact carry when it must be forced
    sip_port: int = 0  # 0: any free port (the same number is tried for UDP and TCP)
    enable_tls: bool = True
    ca_file: str = ""  # PEM bundle; the engine refuses TLS without one (PJSIP has no OS store)
    tls_verify_server: bool = True
    stun_servers: tuple[str, ...] = ()
    # hang up when no RTP arrived for this long on an active, unheld call (peer vanished)
    media_timeout_s: float = 30.0
    keepalive_s: int = 15
    session_timer_s: int = 0  # 0: PJSIP default (optional RFC 4028, 1800 s)
    max_calls: int = 4
    log_level: int = 3
    # first codec preferred; speex and L16 are disabled (distortion, stereo L16 crashes)
    codecs: tuple[str, ...] = ("G722/16000", "PCMA/8000", "PCMU/8000")
    stats_interval_s: float = 2.0
    # receive jitter buffer, in ms (PJSIP's MediaConfig; -1: PJSIP's default). `jb_min_pre_ms`
    # is the least it keeps before playing, `jb_max_pre_ms` the most it may grow to, `jb_max_ms`
    # its size; `jb_init_ms` what it starts with.
    jb_init_ms: int = -1
    jb_min_pre_ms: int = -1
    jb_max_pre_ms: int = -1
    jb_max_ms: int = -1
