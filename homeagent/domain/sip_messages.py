"""Commands to the SIP engine and events from it: the vocabulary of the engine protocol.

Frozen dataclasses of plain values so that they cross the process boundary as JSON and
read the same on both sides. Call ids are ours (never PJSIP's, which it reuses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeagent.domain.call import CallState
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import EngineSettings, SipAccount

# ---- commands (GUI -> engine) ---------------------------------------------------------------


@dataclass(frozen=True)
class Configure:
    """First command: start the library with these settings. Answered by EngineReady."""

    settings: EngineSettings


@dataclass(frozen=True)
class AddAccount:
    account_id: str
    account: SipAccount


@dataclass(frozen=True)
class RemoveAccount:
    """Unregister and forget the account."""

    account_id: str


@dataclass(frozen=True)
class Reregister:
    account_id: str


@dataclass(frozen=True)
class MakeCall:
    call_id: str
    account_id: str
    target_uri: str


@dataclass(frozen=True)
class Answer:
    call_id: str


@dataclass(frozen=True)
class Ring:
    """Send 180 Ringing for an incoming call (the engine does it itself unless told not to)."""

    call_id: str


@dataclass(frozen=True)
class Hangup:
    """End, cancel or reject a call; `code` matters only before it is answered (486, 603, 480)."""

    call_id: str
    code: int = 0


@dataclass(frozen=True)
class Hold:
    call_id: str


@dataclass(frozen=True)
class Resume:
    call_id: str


@dataclass(frozen=True)
class Mute:
    call_id: str
    muted: bool


@dataclass(frozen=True)
class SendDtmf:
    """RFC 4733 when the peer offered telephone-event, else SIP INFO (or forced)."""

    call_id: str
    digits: str
    method: str = "auto"  # auto | rfc4733 | info


@dataclass(frozen=True)
class BlindTransfer:
    call_id: str
    target_uri: str


@dataclass(frozen=True)
class AttendedTransfer:
    """Transfer `call_id`'s party to the party of `target_call_id` (REFER with Replaces)."""

    call_id: str
    target_call_id: str


@dataclass(frozen=True)
class NetworkChanged:
    """The machine's address or route changed: rebind transports, re-register, re-INVITE."""


@dataclass(frozen=True)
class Ping:
    token: int


@dataclass(frozen=True)
class Shutdown:
    """Hang up, unregister, destroy the library, exit."""


# ---- events (engine -> GUI) -----------------------------------------------------------------


@dataclass(frozen=True)
class EngineReady:
    version: str
    pid: int
    tls_available: bool
    srtp_available: bool
    codecs: tuple[str, ...]
    sip_ports: dict[str, int] = field(default_factory=dict)  # transport -> local port


@dataclass(frozen=True)
class EngineStopped:
    """Sent by the client (not the engine) when the engine process ended."""

    expected: bool
    exit_code: int | None
    detail: str = ""
    restarting: bool = False


@dataclass(frozen=True)
class AccountAdded:
    """The account exists in the engine (before any registration result)."""

    account_id: str


@dataclass(frozen=True)
class RegistrationChanged:
    account_id: str
    state: RegState
    code: int = 0
    reason: str = ""
    failure: RegFailure = RegFailure.NONE
    expires_s: int = 0
    retry_in_s: int = 0  # 0: no automatic retry (e.g. wrong password)


@dataclass(frozen=True)
class IncomingCall:
    call_id: str
    account_id: str
    remote_uri: str
    remote_number: str
    display_name: str
    replaces_call_id: str = ""  # set when this call takes over one of ours (attended transfer)


@dataclass(frozen=True)
class CallStateChanged:
    call_id: str
    state: CallState
    code: int = 0
    reason: str = ""


@dataclass(frozen=True)
class CallMediaChanged:
    call_id: str
    local_hold: bool
    remote_hold: bool
    muted: bool
    codec: str = ""
    srtp: bool = False


@dataclass(frozen=True)
class DtmfReceived:
    call_id: str
    digit: str
    method: str


@dataclass(frozen=True)
class TransferProgress:
    """NOTIFY of a REFER we sent: code of the transferred call; final when it ended."""

    call_id: str
    code: int
    reason: str
    final: bool


@dataclass(frozen=True)
class CallStats:
    call_id: str
    jitter_ms: float
    loss_pct: float
    rtt_ms: float
    mos: float
    codec: str
    rx_packets: int
    tx_packets: int


@dataclass(frozen=True)
class CommandFailed:
    """A command could not be carried out; the operator-facing meaning is in `code`."""

    command: str
    call_id: str
    code: str
    detail: str


@dataclass(frozen=True)
class Pong:
    token: int


COMMANDS: tuple[type, ...] = (
    Configure,
    AddAccount,
    RemoveAccount,
    Reregister,
    MakeCall,
    Answer,
    Ring,
    Hangup,
    Hold,
    Resume,
    Mute,
    SendDtmf,
    BlindTransfer,
    AttendedTransfer,
    NetworkChanged,
    Ping,
    Shutdown,
)
EVENTS: tuple[type, ...] = (
    EngineReady,
    EngineStopped,
    AccountAdded,
    RegistrationChanged,
    IncomingCall,
    CallStateChanged,
    CallMediaChanged,
    DtmfReceived,
    TransferProgress,
    CallStats,
    CommandFailed,
    Pong,
)
