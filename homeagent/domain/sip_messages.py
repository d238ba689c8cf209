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
    from_uri: str = ""  # the From to present; "" is the account's identity (the demo line's)


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
    local_uri: str = ""  # whom the caller called (To): the number or extension dialled


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
    jb_avg_ms: float = 0.0  # receive jitter buffer: average and largest delay so far
    jb_max_ms: float = 0.0
    jb_now_ms: float = 0.0  # what it holds at this moment (its average is the delay it adds)


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


# ---- audio commands (GUI -> engine) ---------------------------------------------------------


@dataclass(frozen=True)
class ListAudioDevices:
    """Answered by AudioDevicesChanged."""


@dataclass(frozen=True)
class SetAudioDevices:
    """The operator's devices by stable key (`AudioDevice.key`); "" means the system default."""

    input_key: str = ""
    output_key: str = ""
    ringer_key: str = ""


@dataclass(frozen=True)
class SetAudioVolume:
    """`kind`: output (headset), input (microphone) or ringer; `level` 0..1 (1 = unchanged)."""

    kind: str
    level: float


@dataclass(frozen=True)
class SetEchoCancellation:
    """auto: on unless the output looks like a headset; on; off."""

    mode: str = "auto"


@dataclass(frozen=True)
class PlayRinger:
    """Start or stop the ringtone on the ringer device."""

    on: bool


@dataclass(frozen=True)
class PlayTone:
    """A tone in the headset only: call_waiting (repeats until off), hold, mute_on, mute_off."""

    kind: str
    on: bool = True


@dataclass(frozen=True)
class StartAudioSelfTest:
    """Record `seconds` from the microphone, then play it back; answered by AudioSelfTestDone."""

    seconds: float = 3.0


# ---- playing a file into a call (the demo line's simulated callers) -------------------------


@dataclass(frozen=True)
class PlayToCall:
    """Play a WAV (16-bit PCM, mono) to the far end of `call_id`, replacing what it played
    before; it starts when the call's media is up and ends with the call."""

    call_id: str
    path: str
    loop: bool = False


@dataclass(frozen=True)
class StopPlayback:
    call_id: str


# ---- audio events (engine -> GUI) -----------------------------------------------------------


@dataclass(frozen=True)
class AudioDevice:
    """A sound device as the OS names it; `key` (host API + name) identifies it across runs."""

    name: str
    host_api: str
    kind: str  # input | output
    is_default: bool = False

    @property
    def key(self) -> str:
        return f"{self.host_api}:{self.name}"


@dataclass(frozen=True)
class AudioDevicesChanged:
    """The device list, what the operator chose, and what is in use now (after any fallback)."""

    host_api: str
    inputs: tuple[AudioDevice, ...]
    outputs: tuple[AudioDevice, ...]
    input_key: str = ""
    output_key: str = ""
    ringer_key: str = ""
    active_input: str = ""  # key of the device in use, "" when none
    active_output: str = ""
    active_ringer: str = ""
    echo_cancellation: bool = False  # in effect now
    echo_mode: str = "auto"


@dataclass(frozen=True)
class AudioStatus:
    """`fault`: "" when sound works, else e.g. no_audio_device, audio_stream_lost."""

    fault: str
    detail: str = ""


@dataclass(frozen=True)
class AudioNotice:
    """Something to tell the operator: device_fallback, device_restored, stream_restarted."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class AudioLevels:
    """Microphone and speaker levels, 0..1, about ten times a second while sound runs."""

    input: float
    output: float


@dataclass(frozen=True)
class AudioStats:
    """Every few seconds while the headset streams run: counters since they opened."""

    seconds: float
    play_callbacks: int
    capture_callbacks: int
    late_play: int  # playback callbacks more than 50 ms apart: an audible gap
    reopens: int  # stream pairs the watchdog reopened since the engine started
    echo_cancellation: bool
    bridge: str = ""  # "device" (the headset's clock drives PJSIP) or "port" (null clock)
    underruns: int = 0  # times our rings ran dry (silence played) since the streams opened
    buffer_ms: float = 0.0  # audio waiting in our rings now (latency they add)
    priority: str = ""  # the audio threads' scheduling: realtime, nice or normal
    catch_ups: int = 0  # "device": conference ticks added after stalls (sound dropped, no delay)


@dataclass(frozen=True)
class MutedSpeaking:
    """The operator is speaking while the call is muted."""

    call_id: str


@dataclass(frozen=True)
class AudioSelfTestDone:
    """`code`: ok, no_audio_device, silent_input, failed; `input_peak` 0..1."""

    ok: bool
    code: str
    input_peak: float = 0.0


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
    ListAudioDevices,
    SetAudioDevices,
    SetAudioVolume,
    SetEchoCancellation,
    PlayRinger,
    PlayTone,
    StartAudioSelfTest,
    PlayToCall,
    StopPlayback,
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
    AudioDevicesChanged,
    AudioStatus,
    AudioNotice,
    AudioLevels,
    AudioStats,
    MutedSpeaking,
    AudioSelfTestDone,
)
