"""The demo line (a real engine process) against a real operator engine on loopback.

The line's voices here are tones, one frequency per kind of prompt, so that what the operator
hears can be told apart by frequency; the real espeak-ng build is checked at the end.
"""

from __future__ import annotations

import array
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from homeagent.demo import voices
from homeagent.demo.line import DemoLine, _user
from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.training import ScenarioCall
from homeagent.sip.client import EngineClient
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig import pulse
from tests.integration.rig.pulse import PulseRig, dominant, present_fraction, tone

ROOT = Path(__file__).resolve().parents[2]
LINES = voices.load_lines(ROOT / "resources" / "voice" / "lines.toml")
# what each kind of line prompt sounds like here
PART_HZ = {"greeting": 500.0, "answer": 700.0, "dtmf": 900.0, "resumed": 1100.0}
SUPERVISOR_HZ = 1300.0


def tone_wav(path: Path, freq: float, seconds: float = 20.0) -> str:
    path.write_bytes(voices.wav_bytes(array.array("h", tone(freq, seconds))))
    return str(path)


@pytest.fixture(scope="module")
def tone_voices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lines.toml with a tone WAV for every line prompt (the supervisor's at its own pitch)."""
    out = tmp_path_factory.mktemp("voice")
    shutil.copy(ROOT / "resources" / "voice" / "lines.toml", out / "lines.toml")
    for v in LINES:
        for part in v.lines:
            hz = SUPERVISOR_HZ if v.id == voices.SUPERVISOR else PART_HZ[part]
            tone_wav(out / v.file_name(part), hz)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@contextmanager
def demo_line(voice_dir: Path, **kw: Any) -> Iterator[DemoLine]:
    """A started line; on the way out it must stop cleanly and leave no process behind."""
    options: dict[str, Any] = dict(
        first_call_s=0.1, every_s=3600, answer_after_s=0.6, supervisor_answer_after_s=0.3, seed=7
    )
    line = DemoLine(**{**options, **kw}, voice_dir=voice_dir)
    line.start()
    pid = None
    try:
        end = time.monotonic() + 10
        while (pid := line.pid) is None and time.monotonic() < end:
            time.sleep(0.05)
        yield line
    finally:
        code = line.stop()
    assert code == 0  # an orderly exit: no abort from a player or call outliving the library
    assert pid is not None and not _alive(pid), "the line's engine was left behind"


def operator(line: DemoLine, client_env: dict[str, str] | None = None) -> EngineUnderTest:
    """The operator's engine where the line rings it (the app's demo configuration)."""
    settings = replace(LOOPBACK, sip_port=line.agent_port)
    eut = EngineUnderTest(settings)
    if client_env is not None:
        eut.client = EngineClient(eut.events.put, settings, restart=False, env=client_env)
    eut.start()
    eut.add_local_account(line.username)
    return eut


@contextmanager
def line_and_operator(voice_dir: Path, **kw: Any) -> Iterator[tuple[DemoLine, EngineUnderTest]]:
    with demo_line(voice_dir, **kw) as line:
        agent = operator(line)
        try:
            yield line, agent
        finally:
            agent.stop()


def eventually(check: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def played(line: DemoLine, name: str, call_id: str | None = None) -> Callable[[], bool]:
    return lambda: any(n == name and call_id in (None, c) for c, n in list(line.played))


def test_rings_from_a_sample_customer_who_talks_reacts_to_keys_and_hold(
    tone_voices: Path,
) -> None:
    with line_and_operator(tone_voices) as (line, agent):
        line.agent_ready()
        inc = agent.wait(m.IncomingCall, timeout=10)
        callers = {v.number: v for v in LINES if v.weight > 0}
        assert inc.remote_number in callers
        voice = callers[inc.remote_number]
        assert inc.display_name == voice.display_name
        agent.send(m.Answer(inc.call_id))
        agent.wait_state(inc.call_id, CallState.ACTIVE)
        (line_call,) = line.calls()
        eventually(played(line, voice.file_name("greeting"), line_call), what="greeting")
        stats = agent.wait(m.CallStats, lambda e: e.call_id == inc.call_id and e.rx_packets > 10)
        assert stats.codec == "G722"

        agent.send(m.SendDtmf(inc.call_id, "5"))
        eventually(played(line, voice.file_name("dtmf"), line_call), what="reply to a key")

        agent.send(m.Hold(inc.call_id))
        agent.wait(m.CallMediaChanged, lambda e: e.local_hold)
        agent.send(m.Resume(inc.call_id))
        agent.wait(m.CallMediaChanged, lambda e: not e.local_hold)
        eventually(played(line, voice.file_name("resumed"), line_call), what="back from hold")

        agent.send(m.Hangup(inc.call_id))
        agent.wait_state(inc.call_id, CallState.ENDED)
        eventually(lambda: not line.calls(), what="the line forgets the call")
        assert line.calls_placed == 1


def test_answers_the_agents_calls_after_rings_customers_anyone_and_the_supervisor(
    tone_voices: Path,
) -> None:
    with line_and_operator(tone_voices, answer_after_s=1.0) as (line, agent):
        camille = next(v for v in LINES if v.id == "camille")
        anyone = next(v for v in LINES if v.id == voices.ANYONE and v.language == "fr")
        supervisor = next(v for v in LINES if v.id == voices.SUPERVISOR and v.language == "fr")
        targets = (
            (camille.number, camille.file_name("answer")),
            ("+33299999999", anyone.file_name("answer")),  # a number nobody has
            ("supervisor", supervisor.file_name("greeting")),
            ("9000", supervisor.file_name("greeting")),
        )
        for n, (user, prompt) in enumerate(targets):
            call_id = f"out-{n}"
            started = time.monotonic()
            agent.send(m.MakeCall(call_id, "acc", f"sip:{user}@127.0.0.1:{line.line_port}"))
            agent.wait_state(call_id, CallState.RINGING)
            agent.wait_state(call_id, CallState.ACTIVE)
            if user == camille.number:  # the customer lets it ring first
                assert time.monotonic() - started >= 0.9
            eventually(lambda p=prompt: played(line, p)(), what=f"{user} speaks")
            agent.send(m.Hangup(call_id))
            agent.wait_state(call_id, CallState.ENDED)
        eventually(lambda: not line.calls(), what="all calls over")


def test_a_blind_transfer_to_the_supervisor_completes(tone_voices: Path, tmp_path: Path) -> None:
    sup = tone_wav(tmp_path / "sup.wav", SUPERVISOR_HZ)
    call = ScenarioCall(
        scenario_id="angry_supervisor",
        number="+33611223344",
        display_name="Amélie Rousseau",
        prompt=tone_wav(tmp_path / "caller.wav", 600),
        language="fr",
        supervisor_prompt=sup,
    )
    with line_and_operator(tone_voices) as (line, agent):
        line.place_call(call)
        inc = agent.wait(m.IncomingCall, timeout=10)
        assert (inc.remote_number, inc.display_name) == ("+33611223344", "Amélie Rousseau")
        agent.send(m.Answer(inc.call_id))
        agent.wait_state(inc.call_id, CallState.ACTIVE)
        eventually(played(line, "caller.wav"), what="the scenario's caller speaks")

        agent.send(m.BlindTransfer(inc.call_id, line.supervisor_uri))
        progress = agent.wait(m.TransferProgress, lambda e: e.final, timeout=10)
        assert progress.code == 200
        ended = agent.wait_state(inc.call_id, CallState.ENDED)
        assert ended.reason == "transferred"
        eventually(
            lambda: sorted(line.calls().values()) == ["supervisor", "transferred"],
            what="the caller talks to the supervisor",
        )
        (sup_call,) = [c for c, role in line.calls().items() if role == "supervisor"]
        eventually(played(line, "sup.wav", sup_call), what="the scenario's supervisor speaks")


def test_an_attended_transfer_hands_the_caller_to_the_supervisor(
    tone_voices: Path, tmp_path: Path
) -> None:
    sup = tone_wav(tmp_path / "sup.wav", SUPERVISOR_HZ)
    with line_and_operator(tone_voices) as (line, agent):
        line.place_call(ScenarioCall("angry_supervisor", "+33611223344", supervisor_prompt=sup))
        inc = agent.wait(m.IncomingCall, timeout=10)
        agent.send(m.Answer(inc.call_id))
        agent.wait_state(inc.call_id, CallState.ACTIVE)
        agent.send(m.Hold(inc.call_id))
        agent.send(m.MakeCall("consult", "acc", f"sip:supervisor@127.0.0.1:{line.line_port}"))
        agent.wait_state("consult", CallState.ACTIVE)
        greeting = next(v for v in LINES if v.id == voices.SUPERVISOR and v.language == "fr")
        eventually(played(line, greeting.file_name("greeting")), what="the supervisor answers")

        agent.send(m.AttendedTransfer(inc.call_id, "consult"))
        assert agent.wait(m.TransferProgress, lambda e: e.final, timeout=10).code == 200
        agent.wait_state(inc.call_id, CallState.ENDED)
        agent.wait_state("consult", CallState.ENDED)
        eventually(
            lambda: sorted(line.calls().values()) == ["supervisor", "transferred"],
            what="the caller talks to the supervisor",
        )
        (sup_call,) = [c for c, role in line.calls().items() if role == "supervisor"]
        assert sup_call.startswith("repl-")  # the call that replaced the consultation
        eventually(played(line, "sup.wav", sup_call), what="the scenario's supervisor speaks")


def test_place_call_withheld_hangs_up_on_time_and_random_calls_pause(
    tone_voices: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with line_and_operator(tone_voices, every_s=1.0) as (line, agent):
        line.set_random_calls(False)
        line.agent_ready()
        time.sleep(1.6)  # the first random call was due at 0.1 s, the next at 1.1 s
        assert not [e for e in agent.drain(0.1) if isinstance(e, m.IncomingCall)]
        assert line.calls_placed == 0

        missing = str(tone_voices / "not-built.wav")
        line.place_call(ScenarioCall("wrong_number", "", prompt=missing, hang_up_after_s=3.0))
        inc = agent.wait(m.IncomingCall, timeout=10)
        assert (inc.remote_number, inc.display_name) == ("anonymous", "Anonymous")
        agent.send(m.Answer(inc.call_id))
        agent.wait_state(inc.call_id, CallState.ACTIVE)
        with caplog.at_level(logging.WARNING, logger="homeagent.demo.line"):
            eventually(played(line, "murmur.wav"), what="a tone stands in for a missing prompt")
        assert "not-built.wav" in caplog.text
        ended = agent.wait_state(inc.call_id, CallState.ENDED, timeout=10)  # caller gave up
        assert ended.code == 200

        line.set_random_calls(True)
        random_call = agent.wait(m.IncomingCall, timeout=5)
        assert random_call.remote_number != "anonymous"


def test_the_engine_plays_files_into_calls_and_ends_cleanly_with_players_live(
    tmp_path: Path,
) -> None:
    """PlayToCall / StopPlayback on their own: errors are reported, a player set while the
    call still rings starts with its media, and an engine stopped mid-playback exits 0."""
    wav = tone_wav(tmp_path / "t.wav", 800, seconds=2.0)
    a, b = EngineUnderTest(LOOPBACK), EngineUnderTest(LOOPBACK)
    try:
        a.start()
        b.start()
        a.add_local_account("a")
        b.add_local_account("b")
        a.send(m.PlayToCall("nope", wav))
        assert a.wait(m.CommandFailed).code == "unknown_call"
        a.send(m.MakeCall("c1", "acc", b.uri("b")))
        inc = b.wait(m.IncomingCall)
        assert _user(inc.local_uri) == "b"  # whom A called (the line routes on it)
        a.send(m.PlayToCall("c1", str(tmp_path / "missing.wav")))
        failed = a.wait(m.CommandFailed)
        assert (failed.command, failed.code, failed.detail) == (
            "PlayToCall",
            "no_such_file",
            "missing.wav",
        )
        a.send(m.PlayToCall("c1", wav, loop=True))  # before media: it waits for it
        b.send(m.Answer(inc.call_id))
        a.wait_state("c1", CallState.ACTIVE)
        b.send(m.PlayToCall(inc.call_id, wav))
        stats = b.wait(m.CallStats, lambda e: e.rx_packets > 20)
        assert stats.codec == "G722"
        a.send(m.StopPlayback("c1"))
        a.send(m.PlayToCall("c1", wav))  # again, and left playing at shutdown
        a.send(m.Ping(1))
        a.wait(m.Pong)
        assert not [e for e in a.drain(0.3) if isinstance(e, m.CommandFailed)]
    finally:
        code_a, code_b = a.stop(), b.stop()
    assert (code_a, code_b) == (0, 0)


# ---- what the operator hears ------------------------------------------------------------------

AGENT_DEVICES = m.SetAudioDevices("pulseaudio:Monitor of Mic", "pulseaudio:Headset", "")


def heard(rig: PulseRig, freq: float, others: tuple[float, ...], timeout: float = 10.0) -> bool:
    """`freq` is what the headset plays, steadily, within `timeout`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rec = rig.record("headset.monitor", 0.5)
        if present_fraction(rec, freq) > 0.9 and dominant(rec, (freq, *others)) == freq:
            return True
    return False


@pytest.mark.skipif(not pulse.available(), reason="pulseaudio not installed")
def test_the_callers_voice_and_key_replies_reach_the_operators_headset(
    tone_voices: Path, tmp_path: Path
) -> None:
    call = ScenarioCall(
        scenario_id="billing_complaint",
        number="+33612345678",
        display_name="Camille Martin",
        prompt=tone_wav(tmp_path / "caller.wav", 600),
        dtmf_replies={"1": tone_wav(tmp_path / "one.wav", 1000)},
    )
    with pulse.pulse() as rig, demo_line(tone_voices) as line:
        agent = operator(line, client_env=rig.env)
        try:
            agent.send(AGENT_DEVICES)
            agent.send(m.SetEchoCancellation("off"))
            line.place_call(call)
            inc = agent.wait(m.IncomingCall, timeout=10)
            agent.send(m.Answer(inc.call_id))
            agent.wait_state(inc.call_id, CallState.ACTIVE)
            assert heard(rig, 600, (1000, PART_HZ["dtmf"])), "the caller's prompt"
            agent.send(m.SendDtmf(inc.call_id, "1"))
            assert heard(rig, 1000, (600, PART_HZ["dtmf"])), "the reply to key 1"
            agent.send(m.SendDtmf(inc.call_id, "7"))  # a key the scenario has no reply for
            time.sleep(1.0)
            assert heard(rig, 1000, (600,)), "an unscripted key changes nothing"
        finally:
            agent.stop()


# ---- the voice build ------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_make_voices_speaks_prompts_as_16k_mono(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_voices", ROOT / "installer/make_voices.py")
    assert spec is not None and spec.loader is not None
    make_voices = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_voices)
    jobs = make_voices.jobs()
    some = [j for j in jobs if j.file_name.startswith("line-camille.fr.")][:2]
    some += [j for j in jobs if j.language == "en"][:1]
    espeak = shutil.which("espeak-ng")
    assert make_voices.build(tmp_path, some, espeak) == len(some)
    for job in some:
        path = tmp_path / job.file_name
        assert 1.0 < voices.wav_seconds(path) < 60
        with __import__("wave").open(str(path)) as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
            pcm = array.array("h", w.readframes(w.getnframes()))
        assert max(abs(s) for s in pcm) > 10000  # speech, not silence
    assert make_voices.build(tmp_path, some, espeak) == 0  # nothing changed: nothing redone
    assert make_voices.stale(some, tmp_path) == []
