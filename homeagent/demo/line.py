"""A simulated company phone line for demo and training: a second engine process on 127.0.0.1.

It rings the agent now and then from sample customers' numbers (and now and then a number
nobody knows) and, once answered, plays what that customer says; a key pressed gets another
line, and coming back from hold a remark. It answers the agent's outgoing calls after a couple
of rings, answers the supervisor extension ("supervisor" or 9000) and transfers to it, and
places the calls that training scenarios script (`place_call`). It needs no sound card: its
engine runs on PJSIP's null device (HOMEAGENT_AUDIO=null) and plays WAVs into the calls.

Its events arrive on the engine client's reader thread and its timers fire on their own
threads: the state below is guarded by `_lock`.
"""

from __future__ import annotations

import collections
import logging
import math
import os
import random
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from homeagent.config import Config
from homeagent.demo import voices
from homeagent.demo.voices import ANYONE, SUPERVISOR, Voice
from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.dialplan import number_from_uri
from homeagent.domain.sip_account import EngineSettings, SipAccount, Transport
from homeagent.domain.training import LANGUAGES, SUPERVISOR_EXTENSION, ScenarioCall
from homeagent.sip.client import EngineClient

log = logging.getLogger(__name__)

# (number, display name): who rings when resources/voice/lines.toml cannot be read
SAMPLE_CALLERS = (
    ("+33612345678", "Camille Martin"),
    ("+33145678901", "Lucas Bernard"),
    ("+442079460123", "Olivia Smith"),
    ("+33698765432", ""),
)
SUPERVISOR_USERS = (SUPERVISOR, SUPERVISOR_EXTENSION)
WITHHELD = "anonymous"  # RFC 3323: what a withheld caller's From says
LINE_USER = "line"  # the line's one account: it takes calls to any number or extension
RING_TIMEOUT_S = 30.0  # a random caller nobody answers gives up after this long
_TONE = "tone:"  # stands for the murmur tone where a caller has no voice at all


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 (SIP listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise OSError("no free port on 127.0.0.1")


def _env_seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if math.isfinite(value) and value >= 0 else default


class Role(StrEnum):
    CALLER = "caller"  # the line rang the agent
    CALLEE = "callee"  # the agent rang the line
    SUPERVISOR = "supervisor"  # the supervisor extension, called or transferred to
    TRANSFERRED = "transferred"  # a caller's new leg towards the supervisor (after a REFER)


@dataclass
class _Call:
    """What one of the line's calls says. Paths: "" is silence."""

    call_id: str
    role: Role
    language: str
    number: str  # the line-side number, as the other leg's From shows it
    prompt: str = ""  # once answered
    dtmf: dict[str, str] = field(default_factory=dict)  # digit -> reply
    any_key: str = ""  # reply to any other digit
    resumed: str = ""  # when the agent takes the caller off hold
    supervisor: str = ""  # what the supervisor says if this caller is transferred
    talk_s: float = 0.0  # hang up this long after answering (0: no timer from the answer)
    scenario_id: str = ""
    active: bool = False
    held: bool = False


class DemoLine:
    username = "agent"
    password = "demo"  # noqa: S105 - a local identity: nothing registers or checks it

    def __init__(
        self,
        first_call_s: float | None = None,
        every_s: float | None = None,
        *,
        language: str = "fr",
        answer_after_s: float = 4.0,
        supervisor_answer_after_s: float = 2.0,
        talk_s: tuple[float, float] = (40.0, 90.0),
        voice_dir: Path | None = None,
        lines: Sequence[Voice] | None = None,
        seed: int | None = None,
    ) -> None:
        """`first_call_s` / `every_s`: HOMEAGENT_DEMO_FIRST_CALL_S / HOMEAGENT_DEMO_EVERY_S
        when not given (8 and 45). `talk_s`: how long a random caller stays on the line."""
        self.agent_port = free_port()
        self.line_port = free_port()
        self._first_call_s = (
            first_call_s
            if first_call_s is not None
            else _env_seconds("HOMEAGENT_DEMO_FIRST_CALL_S", 8.0)
        )
        self._every_s = max(
            1.0, every_s if every_s is not None else _env_seconds("HOMEAGENT_DEMO_EVERY_S", 45.0)
        )
        self.language = language if language in LANGUAGES else LANGUAGES[0]
        self._answer_after_s = answer_after_s
        self._supervisor_after_s = supervisor_answer_after_s
        self._talk_s = talk_s
        self.voice_dir = voice_dir or voices.voice_dir()
        self._voices = tuple(lines) if lines is not None else _load_voices(self.voice_dir)
        self._random = random.Random(seed)  # noqa: S311 - who calls next, not a secret
        self._client: EngineClient | None = None
        self._timers: list[threading.Timer] = []
        self._lock = threading.RLock()
        self._calls: dict[str, _Call] = {}
        # callers on their way to the supervisor: their new leg's id -> (prompt, language)
        self._pending_supervisor: dict[str, tuple[str, str]] = {}
        self._missing: set[str] = set()
        self._fallback_dir: Path | None = None
        self._stopped = False
        self._seq = 0
        self._random_calls = True
        self._scheduled = False
        self.calls_placed = 0
        self.played: collections.deque[tuple[str, str]] = collections.deque(maxlen=200)

    # ---- the operator's side ---------------------------------------------------------------

    def configure(self, cfg: Config) -> Config:
        """The operator's configuration pointed at this line."""
        domain = f"127.0.0.1:{self.line_port}"
        return replace(
            cfg,
            sip=replace(
                cfg.sip,
                domain=domain,
                registrar="",
                transport=Transport.UDP,
                local_port=self.agent_port,
            ),
            dial_plan=replace(cfg.dial_plan, sip_domain=domain),
        )

    @property
    def agent_uri(self) -> str:
        return f"sip:{self.username}@127.0.0.1:{self.agent_port}"

    @property
    def supervisor_uri(self) -> str:
        return f"sip:{SUPERVISOR_EXTENSION}@127.0.0.1:{self.line_port}"

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        settings = EngineSettings(
            user_agent="HomeAgent-demo-line",
            bind_address="127.0.0.1",
            public_address="127.0.0.1",
            sip_port=self.line_port,
            enable_tls=False,
            media_timeout_s=120.0,
            stats_interval_s=30.0,
            max_calls=12,
        )
        # the line never opens a sound device: its calls run on PJSIP's null device
        env = dict(os.environ, HOMEAGENT_AUDIO="null")
        self._client = EngineClient(self._on_event, settings, restart=True, env=env)
        # One account (PJSIP has room for 8): calls to any user reach it, and each call the
        # line places shows its caller's number and name in From (MakeCall.from_uri).
        self._client.send(
            m.AddAccount(LINE_USER, SipAccount(LINE_USER, "127.0.0.1", "", register=False))
        )
        self._client.start()
        log.info("demo line on 127.0.0.1:%d, %d voices", self.line_port, len(self._voices))

    def agent_ready(self) -> None:
        """The operator is available: the first simulated call comes a little later (once)."""
        with self._lock:
            if self._scheduled:
                return
            self._scheduled = True
        self._after(self._first_call_s, self._tick)

    def set_random_calls(self, enabled: bool) -> None:
        """Training pauses the random calls while a scenario runs (a live call still ends)."""
        with self._lock:
            self._random_calls = enabled
        log.info("demo line: random calls %s", "on" if enabled else "paused")

    @property
    def random_calls(self) -> bool:
        return self._random_calls

    def stop(self) -> int | None:
        """Stop the timers and the engine (it hangs up first); its exit code, if it ran."""
        with self._lock:
            self._stopped = True
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
        code = self._client.stop() if self._client is not None else None
        if self._fallback_dir is not None:
            shutil.rmtree(self._fallback_dir, ignore_errors=True)
            self._fallback_dir = None
        return code

    @property
    def pid(self) -> int | None:
        """The line's engine process while it runs."""
        return self._client.pid if self._client is not None else None

    def calls(self) -> dict[str, str]:
        """The line's live calls: call id -> role (diagnostics and tests)."""
        with self._lock:
            return {c.call_id: c.role.value for c in self._calls.values()}

    # ---- calls the line places ---------------------------------------------------------------

    def place_call(self, call: ScenarioCall) -> None:
        """Ring the agent as a training scenario scripts it: its number and name, its words,
        its replies to keys, its supervisor, and hanging up after `hang_up_after_s`."""
        lang = call.language if call.language in LANGUAGES else self.language
        with self._lock:
            placed = _Call(
                call_id=self._next_id(),
                role=Role.CALLER,
                language=lang,
                number=call.number or WITHHELD,
                prompt=call.prompt,
                dtmf=dict(call.dtmf_replies),
                supervisor=call.supervisor_prompt or self._line_part(SUPERVISOR, lang, "greeting"),
                scenario_id=call.scenario_id,
            )
            self._make_call(placed, call.display_name, give_up_s=call.hang_up_after_s)
        log.info("demo line: scenario %s rings the agent", call.scenario_id)

    def _tick(self) -> None:
        with self._lock:
            if self._stopped:
                return
            if self._random_calls and not self._calls and self._client is not None:
                self._ring_at_random()
        self._after(self._every_s, self._tick)

    def _ring_at_random(self) -> None:
        callers = [v for v in self._voices if v.number and v.weight > 0]
        if not callers:
            return
        voice = self._random.choices(callers, weights=[v.weight for v in callers])[0]
        placed = _Call(
            call_id=self._next_id(),
            role=Role.CALLER,
            language=voice.language,
            number=voice.number,
            prompt=self._part(voice, "greeting"),
            any_key=self._part(voice, "dtmf"),
            resumed=self._part(voice, "resumed"),
            supervisor=self._line_part(SUPERVISOR, voice.language, "greeting"),
            talk_s=self._talk_time(self._part(voice, "greeting")),
        )
        self._make_call(placed, voice.display_name, give_up_s=RING_TIMEOUT_S)
        log.info("demo line: %s rings the agent", voice.display_name or voice.number)

    def _make_call(self, placed: _Call, display_name: str, give_up_s: float) -> None:
        assert self._client is not None, "start() first"
        self._calls[placed.call_id] = placed
        from_uri = caller_uri(placed.number, display_name)
        self._client.send(m.MakeCall(placed.call_id, LINE_USER, self.agent_uri, from_uri))
        self.calls_placed += 1
        call_id = placed.call_id
        if placed.scenario_id:  # the scenario's caller gives up after this long, all told
            self._after(give_up_s, lambda: self._hang_up(call_id))
        else:  # a random caller gives up ringing; once answered, talk_s decides
            self._after(give_up_s, lambda: self._hang_up(call_id, unless_active=True))

    # ---- engine events -----------------------------------------------------------------------

    def _on_event(self, event: Any) -> None:
        with self._lock:
            if self._stopped and not isinstance(event, m.EngineStopped):
                return
            if isinstance(event, m.IncomingCall):
                self._incoming(event)
            elif isinstance(event, m.CallStateChanged):
                self._state(event)
            elif isinstance(event, m.DtmfReceived):
                self._dtmf(event)
            elif isinstance(event, m.CallMediaChanged):
                self._media(event)
            elif isinstance(event, m.CommandFailed):
                log.warning("demo line: %s failed: %s %s", event.command, event.code, event.detail)
            elif isinstance(event, m.EngineStopped):
                self._calls.clear()
                self._pending_supervisor.clear()
                if not event.expected:
                    log.warning("demo line engine stopped; it restarts on its own")

    def _incoming(self, e: m.IncomingCall) -> None:
        replaced = self._calls.get(e.replaces_call_id) if e.replaces_call_id else None
        if replaced is not None:
            # attended transfer to the supervisor: the caller now reaches it (PJSIP answers)
            prompt, lang = self._supervisor_for(e, (replaced.prompt, replaced.language))
            self._calls[e.call_id] = replace(
                replaced, call_id=e.call_id, prompt=prompt, language=lang, active=False
            )
            return
        dialled = _user(e.local_uri)
        if dialled.lower() in SUPERVISOR_USERS:
            default = (self._line_part(SUPERVISOR, self.language, "greeting"), self.language)
            prompt, lang = self._supervisor_for(e, default)
            answered = _Call(
                call_id=e.call_id,
                role=Role.SUPERVISOR,
                language=lang,
                number=e.remote_number,
                prompt=prompt,
                any_key=self._line_part(SUPERVISOR, lang, "dtmf"),
                talk_s=max(45.0, voices.wav_seconds(Path(prompt)) + 30.0) if prompt else 45.0,
            )
            delay = self._supervisor_after_s
        else:
            if _user(e.remote_uri) == LINE_USER and self._pending_supervisor:
                # a caller transferred to a number, not to the supervisor: nothing pending
                self._pending_supervisor.pop(next(iter(self._pending_supervisor)))
            number = number_from_uri(e.local_uri)
            voice = next((v for v in self._voices if v.number and v.number == number), None)
            voice = voice or self._voice(ANYONE, self.language)
            answered = _Call(
                call_id=e.call_id,
                role=Role.CALLEE,
                language=voice.language if voice else self.language,
                number=number,
                prompt=self._part(voice, "answer"),
                any_key=self._part(voice, "dtmf"),
                resumed=self._part(voice, "resumed"),
                supervisor=self._line_part(SUPERVISOR, self.language, "greeting"),
                talk_s=self._talk_time(self._part(voice, "answer")),
            )
            delay = self._answer_after_s
        self._calls[e.call_id] = answered
        call_id = e.call_id
        self._after(delay, lambda: self._answer(call_id))

    def _state(self, e: m.CallStateChanged) -> None:
        call = self._calls.get(e.call_id)
        if call is None:
            if e.state is CallState.DIALING and e.reason.startswith("referred:"):
                self._referred(e.call_id, e.reason.split(":", 1)[1])
            return
        if e.state is CallState.ACTIVE and not call.active:
            call.active = True
            log.info("demo line: call %s (%s) answered", call.call_id, call.role.value)
            self._play(call, call.prompt)
            if call.talk_s > 0:
                call_id = call.call_id
                self._after(call.talk_s, lambda: self._hang_up(call_id))
        elif e.state is CallState.ENDED:
            del self._calls[e.call_id]
            self._pending_supervisor.pop(e.call_id, None)  # a transfer that never arrived

    def _referred(self, call_id: str, from_call_id: str) -> None:
        """The agent transferred one of our calls: its new leg goes to the supervisor."""
        origin = self._calls.get(from_call_id)
        if origin is None:
            return
        self._calls[call_id] = _Call(call_id, Role.TRANSFERRED, origin.language, origin.number)
        prompt = origin.supervisor or self._line_part(SUPERVISOR, origin.language, "greeting")
        # its INVITE comes back to this line from our own account (PJSIP places it from there)
        self._pending_supervisor[call_id] = (prompt, origin.language)
        log.info("demo line: call %s transferred onwards as %s", from_call_id, call_id)

    def _dtmf(self, e: m.DtmfReceived) -> None:
        call = self._calls.get(e.call_id)
        if call is None or not call.active:
            return
        reply = call.dtmf.get(e.digit) or call.any_key
        log.info("demo line: key %s on %s", e.digit, e.call_id)
        if reply:
            self._play(call, reply)

    def _media(self, e: m.CallMediaChanged) -> None:
        call = self._calls.get(e.call_id)
        if call is None or self._client is None:
            return
        if e.remote_hold and not call.held:
            call.held = True  # on hold: the caller goes quiet
            self._client.send(m.StopPlayback(call.call_id))
        elif not e.remote_hold and call.held:
            call.held = False  # back: the caller remarks on the wait
            if call.resumed:
                self._play(call, call.resumed)

    # ---- actions (under the lock) ----------------------------------------------------------

    def _answer(self, call_id: str) -> None:
        with self._lock:
            if call_id in self._calls and self._client is not None and not self._stopped:
                self._client.send(m.Answer(call_id))

    def _hang_up(self, call_id: str, *, unless_active: bool = False) -> None:
        with self._lock:
            call = self._calls.get(call_id)
            if call is None or self._client is None or self._stopped:
                return
            if unless_active and call.active:
                return
            log.info("demo line: call %s hangs up", call_id)
            self._client.send(m.Hangup(call_id))

    def _play(self, call: _Call, path: str) -> None:
        if not path or self._client is None:
            return
        if path == _TONE:
            path = self._fallback()
        elif not os.path.isfile(path):
            if path not in self._missing:
                self._missing.add(path)
                log.warning("demo line: no voice prompt %s: playing a tone instead", path)
            path = self._fallback()
        self.played.append((call.call_id, os.path.basename(path)))
        self._client.send(m.PlayToCall(call.call_id, path))

    def _after(self, delay: float, fn: Callable[[], None]) -> None:
        with self._lock:
            if self._stopped:
                return
            timer = threading.Timer(delay, fn)
            timer.daemon = True
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
            timer.start()

    # ---- voices and accounts -----------------------------------------------------------------

    def _next_id(self) -> str:
        self._seq += 1
        return f"demo-{self._seq}"

    def _supervisor_for(self, e: m.IncomingCall, default: tuple[str, str]) -> tuple[str, str]:
        """What the supervisor says: to a caller the agent transferred (the call comes from
        our own account), that caller's supervisor prompt; to anyone else, `default`."""
        if _user(e.remote_uri) == LINE_USER and self._pending_supervisor:
            oldest = next(iter(self._pending_supervisor))
            return self._pending_supervisor.pop(oldest)
        return default

    def _voice(self, voice_id: str, language: str) -> Voice | None:
        return next((v for v in self._voices if v.id == voice_id and v.language == language), None)

    def _part(self, voice: Voice | None, part: str) -> str:
        if voice is not None and part in voice.lines:
            return str(self.voice_dir / voice.file_name(part))
        if (voice is None or not voice.lines) and part in ("greeting", "answer"):
            return _TONE  # no voice at all (lines.toml unreadable): still heard, as a tone
        return ""

    def _line_part(self, voice_id: str, language: str, part: str) -> str:
        return self._part(self._voice(voice_id, language), part)

    def _talk_time(self, prompt: str) -> float:
        low, high = self._talk_s
        spoken = voices.wav_seconds(Path(prompt)) if prompt and prompt != _TONE else 0.0
        return max(self._random.uniform(low, high), spoken + 10.0)

    def _fallback(self) -> str:
        """A tone pattern standing in for a missing voice prompt (made once, removed at stop)."""
        if self._fallback_dir is None:
            self._fallback_dir = Path(tempfile.mkdtemp(prefix="homeagent-line-"))
        path = self._fallback_dir / "murmur.wav"
        if not path.is_file():
            path.write_bytes(murmur())
        return str(path)


def caller_uri(number: str, display_name: str) -> str:
    """The From of a call the line places: the customer's number and name, or withheld."""
    name = "".join(c for c in display_name if c >= " " and c not in '"\\')[:80]
    if not number or number == WITHHELD:
        return f'"{name or "Anonymous"}" <sip:{WITHHELD}@anonymous.invalid>'
    return f'"{name}" <sip:{number}@127.0.0.1>' if name else f"<sip:{number}@127.0.0.1>"


def _user(uri: str) -> str:
    """The user part of a SIP URI or name-addr ("" when there is none)."""
    inner = uri.rsplit("<", 1)[-1].split(">", 1)[0].strip()
    inner = inner.split(":", 1)[1] if inner.lower().startswith(("sip:", "sips:")) else inner
    return inner.split("@", 1)[0] if "@" in inner else ""


def murmur(seconds: float = 3.0) -> bytes:
    """Syllable-like tone bursts (300-500 Hz): clearly a caller, clearly not a voice."""
    import array

    rate = voices.RATE
    samples = array.array("h", bytes(2 * int(seconds * rate)))
    syllable, gap = int(0.18 * rate), int(0.07 * rate)
    pos, n = 0, 0
    while pos + syllable < len(samples):
        freq = (330, 420, 370, 480)[n % 4]
        for i in range(syllable):
            envelope = math.sin(math.pi * i / syllable)
            samples[pos + i] = int(9000 * envelope * math.sin(2 * math.pi * freq * i / rate))
        pos += syllable + gap * (3 if n % 4 == 3 else 1)
        n += 1
    return voices.wav_bytes(samples)


def _load_voices(voice_dir: Path) -> tuple[Voice, ...]:
    path = voice_dir / "lines.toml"
    try:
        return voices.load_lines(path)
    except (OSError, voices.VoiceError) as exc:
        log.warning("demo line: no voices (%s): sample callers play a tone", exc)
    return tuple(
        Voice(f"caller{i}", "fr", number=number, display_name=name, weight=1)
        for i, (number, name) in enumerate(SAMPLE_CALLERS)
    )
