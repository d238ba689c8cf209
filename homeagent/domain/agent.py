"""The operator's profile, SIP credentials and status as the central API knows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from homeagent.domain.sip_account import SrtpPolicy, Transport


class AgentState(StrEnum):
    AVAILABLE = "available"
    NOT_READY = "not_ready"
    WRAP_UP = "wrap_up"
    ON_CALL = "on_call"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Reason:
    code: str
    label: str


@dataclass(frozen=True)
class AgentProfile:
    id: str
    display_name: str
    language: str = "fr"
    not_ready_reasons: tuple[Reason, ...] = ()
    dispositions: tuple[Reason, ...] = ()
    ticket_categories: tuple[Reason, ...] = ()
    wrap_up_seconds: int = 30
    queues: tuple[str, ...] = ()


@dataclass(frozen=True)
class SipCredentials:
    """From GET /v1/agents/me/sip; the password goes to the keyring and nowhere else."""

    username: str
    password: str = field(repr=False)
    domain: str
    registrar: str = ""
    transport: Transport = Transport.UDP
    outbound_proxy: str = ""
    stun: str = ""
    srtp: SrtpPolicy = SrtpPolicy.OFF


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - a scheme name, not a secret
