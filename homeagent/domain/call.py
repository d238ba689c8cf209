"""A call as the operator sees it: its state machine, hold/mute flags and timers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(StrEnum):
    DIALING = "dialing"  # outbound: INVITE sent, nothing back yet
    RINGING = "ringing"  # outbound: the far end rings (180/183)
    INCOMING = "incoming"  # inbound: ringing here, not answered
    CONNECTING = "connecting"  # answered, waiting for the dialog to be confirmed
    ACTIVE = "active"  # confirmed (hold is a flag, not a state)
    ENDED = "ended"


# The order a call moves through; a state never goes back (a late 180 after 200 is ignored).
_RANK = {
    CallState.DIALING: 0,
    CallState.INCOMING: 0,
    CallState.RINGING: 1,
    CallState.CONNECTING: 2,
    CallState.ACTIVE: 3,
    CallState.ENDED: 4,
}


class EndReason(StrEnum):
    LOCAL_HANGUP = "local_hangup"
    REMOTE_HANGUP = "remote_hangup"
    BUSY = "busy"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # the caller gave up while it rang
    NO_ANSWER = "no_answer"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"
    TRANSFERRED = "transferred"
    MEDIA_TIMEOUT = "media_timeout"  # no RTP for too long: the peer vanished
    NETWORK = "network"
    ENGINE_LOST = "engine_lost"
    FAILED = "failed"


def classify_end(
    code: int, *, answered: bool, local: bool, direction: Direction, reason: str = ""
) -> EndReason:
    """Why a call ended, from the last SIP status PJSIP reports and who asked for it."""
    if reason == EndReason.MEDIA_TIMEOUT:
        return EndReason.MEDIA_TIMEOUT
    if reason == EndReason.TRANSFERRED:
        return EndReason.TRANSFERRED
    if answered:
        return EndReason.LOCAL_HANGUP if local else EndReason.REMOTE_HANGUP
    if local:
        return EndReason.LOCAL_HANGUP
    if code == 487 and direction is Direction.INBOUND:
        return EndReason.CANCELLED
    mapping = {
        486: EndReason.BUSY,
        600: EndReason.BUSY,
        603: EndReason.DECLINED,
        404: EndReason.NOT_FOUND,
        484: EndReason.NOT_FOUND,
        480: EndReason.UNAVAILABLE,
        408: EndReason.NO_ANSWER,
        487: EndReason.CANCELLED,
    }
    if code in mapping:
        return mapping[code]
    if code in (502, 503) or code == 0:
        return EndReason.NETWORK
    return EndReason.FAILED


@dataclass(frozen=True)
class CallQuality:
    """Receive-side quality from RTCP, with an E-model estimate of MOS."""

    jitter_ms: float = 0.0
    loss_pct: float = 0.0
    rtt_ms: float = 0.0
    mos: float = 0.0
    codec: str = ""
    rx_packets: int = 0


def estimate_mos(jitter_ms: float, loss_pct: float, rtt_ms: float, codec_ie: float = 0.0) -> float:
    """ITU-T G.107 E-model, simplified (the usual VoIP-monitoring form).

    Effective latency counts jitter twice (the jitter buffer) plus codec delay; R is
    reduced by delay and by loss; R maps to MOS 1..4.5.
    """
    latency = rtt_ms / 2 + 2 * jitter_ms + 10.0
    r = 93.2 - (latency / 40 if latency < 160 else (latency - 120) / 10)
    r -= codec_ie + 2.5 * max(loss_pct, 0.0)
    r = max(0.0, min(100.0, r))
    mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    return round(max(1.0, min(4.5, mos)), 2)


@dataclass
class CallSession:
    """One call, owned by the telephony service on the GUI thread."""

    call_id: str
    direction: Direction
    remote_uri: str
    remote_number: str = ""
    display_name: str = ""
    state: CallState = CallState.DIALING
    started_at: float = 0.0  # monotonic seconds
    answered_at: float | None = None
    ended_at: float | None = None
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    hangup_requested: bool = False
    last_code: int = 0
    end_reason: EndReason | None = None
    quality: CallQuality = field(default_factory=CallQuality)

    @property
    def is_live(self) -> bool:
        return self.state is not CallState.ENDED

    @property
    def is_talking(self) -> bool:
        return self.state is CallState.ACTIVE and not self.local_hold

    def apply(self, state: CallState, code: int, now: float, reason: str = "") -> bool:
        """Move to `state` if it is forward; return whether anything changed."""
        if _RANK[state] < _RANK[self.state] or state is self.state:
            return False
        self.state = state
        if code:
            self.last_code = code
        if state is CallState.ACTIVE and self.answered_at is None:
            self.answered_at = now
        if state is CallState.ENDED:
            self.ended_at = now
            self.end_reason = classify_end(
                code,
                answered=self.answered_at is not None,
                local=self.hangup_requested,
                direction=self.direction,
                reason=reason,
            )
        return True

    def talk_seconds(self, now: float) -> float:
        if self.answered_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else now
        return max(0.0, end - self.answered_at)

    def ring_seconds(self, now: float) -> float:
        end = self.answered_at or self.ended_at or now
        return max(0.0, end - self.started_at)
