"""Hostile SIP at a running engine: SIPp (scenarios in tests/harden/scenarios/) sends malformed
and oversized headers, broken SDP and requests for dialogs that do not exist, straight at the
engine on 127.0.0.1. After each scenario the engine process is alive, answers a Ping and takes
a normal call; a rejected call leaves a clear log line. A display name with markup, emoji and
RTL characters reaches IncomingCall as the exact text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from tests.integration.engines import LOOPBACK, EngineLog, EngineUnderTest
from tests.integration.engines import engine_log as collect_engine_log
from tests.integration.rig.sipp import SippResult, run_sipp, scenario_path, start_sipp

os.environ.setdefault("HOMEAGENT_ENGINE_LOG", "INFO")
pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture(scope="module")
def engine_log() -> Iterator[EngineLog]:
    with collect_engine_log() as handler:
        yield handler


@pytest.fixture(scope="module")
def agent(engine_log: EngineLog) -> Iterator[EngineUnderTest]:
    """One engine for the module: each hostile scenario must leave it fit for the next."""
    engine = EngineUnderTest(LOOPBACK)
    engine.start()
    engine.add_local_account("agent")
    yield engine
    engine.stop()


def hostile(agent: EngineUnderTest, name: str, tmp_path: Path, **kw: Any) -> SippResult:
    return run_sipp(
        SCENARIOS / f"{name}.xml",
        f"127.0.0.1:{agent.udp_port}",
        service="agent",
        timeout_s=kw.pop("timeout_s", 15),
        workdir=tmp_path / name,
        **kw,
    )


_ping = iter(range(1000, 10**6))


def assert_still_fine(agent: EngineUnderTest, tmp_path: Path) -> None:
    """Alive, answers a Ping, and a normal call still works end to end."""
    proc = agent.client._proc  # the process itself is what we check
    assert proc is not None and proc.poll() is None, "the engine process died"
    token = next(_ping)
    agent.send(m.Ping(token))
    assert agent.wait(m.Pong, lambda e: e.token == token).token == token
    agent.forget()
    sipp = start_sipp(
        scenario_path("uac_caller_hangs_up"),
        f"127.0.0.1:{agent.udp_port}",
        service="agent",
        timeout_s=15,
        variables={"talk_ms": "300", "caller": "+33612345678", "caller_name": "Normal"},
        workdir=tmp_path / "normal-call",
    )
    try:
        incoming = agent.wait(m.IncomingCall, lambda e: e.display_name == "Normal")
        agent.send(m.Answer(incoming.call_id))
        agent.wait_state(incoming.call_id, CallState.ENDED)
        result = sipp.wait(10)
    finally:
        sipp.stop()
    assert result.ok, result.describe()
    agent.forget()


@pytest.mark.parametrize("name", ["hostile_headers", "hostile_huge_header", "hostile_many_vias"])
def test_malformed_and_huge_headers(
    name: str, agent: EngineUnderTest, engine_log: EngineLog, tmp_path: Path
) -> None:
    mark = len(engine_log.lines)
    result = hostile(agent, name, tmp_path)
    assert result.returncode == 0 and result.successful == 1, result.describe()
    agent.drain(0.3)
    assert not [e for e in agent.seen if isinstance(e, m.IncomingCall)]
    if name == "hostile_headers":  # each malformed request dropped is logged with why
        logged = engine_log.since(mark)
        dropped = logged.count("Dropping") + logged.count("Error processing packet")
        assert dropped >= 6, logged[-3000:]
    assert_still_fine(agent, tmp_path)


GOOD_C = "c=IN IP4 127.0.0.1"
GOOD_M = "m=audio 40000 RTP/AVP 8 0"
BAD_SDP: dict[str, dict[str, str]] = {
    "no_m_line": {"sdp_m": "", "sdp_extra": ""},
    "absurd_port": {"sdp_m": "m=audio 99999999 RTP/AVP 8", "sdp_extra": ""},
    "negative_port": {"sdp_m": "m=audio -1 RTP/AVP 8", "sdp_extra": ""},
    "unknown_codecs_only": {
        "sdp_m": "m=audio 40000 RTP/AVP 96 97",
        "sdp_extra": "a=rtpmap:96 NOSUCH/8000\r\na=rtpmap:97 FANTASY/48000",
    },
    "connection_garbage": {"sdp_c": "c=IN IP4 999.1.2.3<script>", "sdp_extra": ""},
    "connection_ip9": {"sdp_c": "c=IN IP9 ???", "sdp_extra": ""},
    "huge_sdp": {"sdp_extra": "\r\n".join(f"a=x-junk-{i}:{'z' * 200}" for i in range(120))},
}


@pytest.mark.parametrize("variant", sorted(BAD_SDP))
def test_bad_sdp_invites_are_refused_or_survived(
    agent: EngineUnderTest, engine_log: EngineLog, tmp_path: Path, variant: str
) -> None:
    keys = {"caller_name": f"sdp-{variant}", "sdp_c": GOOD_C, "sdp_m": GOOD_M}
    keys.update(BAD_SDP[variant])
    mark = len(engine_log.lines)
    sipp = start_sipp(
        SCENARIOS / "hostile_invite.xml", f"127.0.0.1:{agent.udp_port}", service="agent",
        timeout_s=15, variables=keys, workdir=tmp_path / variant,
    )  # fmt: skip
    try:
        try:
            call = agent.wait(m.IncomingCall, timeout=2)
        except AssertionError:
            call = None
        if call is not None:  # offered to the operator: she declines it
            agent.send(m.Hangup(call.call_id, 488))
            agent.wait_state(call.call_id, CallState.ENDED)
        result = sipp.wait(10)
    finally:
        sipp.stop()
    assert result.ok, result.describe()
    finals = [e["code"] for e in result.events() if e["event"] == "final"]
    if finals and call is None:  # refused by the engine itself: it must say why
        logged = engine_log.since(mark)
        assert "SDP" in logged or "Not Acceptable" in logged, logged[-2000:]
    assert_still_fine(agent, tmp_path)


def test_requests_for_an_unknown_dialog_get_481(
    agent: EngineUnderTest, engine_log: EngineLog, tmp_path: Path
) -> None:
    result = hostile(agent, "hostile_unknown_dialog", tmp_path)
    assert result.ok, result.describe()
    answered = [e["method"] for e in result.events() if e["event"] == "481"]
    assert answered == ["BYE", "INFO", "REFER", "NOTIFY", "INVITE"]
    agent.drain(0.3)
    assert not [e for e in agent.seen if isinstance(e, m.IncomingCall | m.TransferProgress)]
    assert_still_fine(agent, tmp_path)


def midcall(
    agent: EngineUnderTest, tmp_path: Path, caller_name: str, scenario: str = "hostile_midcall"
) -> tuple[Any, SippResult]:
    """A hostile mid-call scenario from `caller_name`; the agent answers. Returns the
    IncomingCall and SIPp's result."""
    sipp = start_sipp(
        SCENARIOS / f"{scenario}.xml", f"127.0.0.1:{agent.udp_port}", service="agent",
        timeout_s=20, variables={"caller_name": caller_name}, workdir=tmp_path / "midcall",
    )  # fmt: skip
    try:
        incoming = agent.wait(m.IncomingCall)
        agent.send(m.Answer(incoming.call_id))
        agent.wait_state(incoming.call_id, CallState.ACTIVE)
        ended = agent.wait_state(incoming.call_id, CallState.ENDED, timeout=15)
        assert ended.code in (200, 0), ended
        result = sipp.wait(10)
    finally:
        sipp.stop()
    return incoming, result


def test_hostile_requests_mid_call_leave_the_call_and_engine_fine(
    agent: EngineUnderTest, engine_log: EngineLog, tmp_path: Path
) -> None:
    mark = len(engine_log.lines)
    _incoming, result = midcall(agent, tmp_path, "Customer")
    assert result.ok, result.describe()
    answers = {e["method"]: int(e["code"]) for e in result.events() if e["event"] == "answer"}
    assert set(answers) == {"INFO", "REINVITE"}, answers
    assert "Invalid SDP" in engine_log.since(mark)  # the refusal is logged with its reason
    assert answers["REINVITE"] >= 400  # a broken offer mid-call is refused, the call goes on
    assert [e for e in result.events() if e["event"] == "bye_answered"]
    assert_still_fine(agent, tmp_path)


def test_a_refer_to_garbage_is_refused(
    agent: EngineUnderTest, engine_log: EngineLog, tmp_path: Path
) -> None:
    try:
        _incoming, result = midcall(agent, tmp_path, "Customer", "hostile_refer_garbage")
        assert result.ok, result.describe()
        answers = [int(e["code"]) for e in result.events() if e["event"] == "answer"]
        assert answers and answers[0] >= 400
    finally:
        for call in [e for e in agent.drain(0.5) if isinstance(e, m.CallStateChanged)]:
            if call.state is not CallState.ENDED:
                agent.send(m.Hangup(call.call_id))
        agent.forget()
    assert_still_fine(agent, tmp_path)


EXACT_NAMES = [
    "<b>Ana</b><img src=x onerror=alert(1)><script>alert('x')</script>",
    "Ana \U0001f600\U0001f469\u200d\U0001f4bb \u202eevil\u202c "
    "\u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0633\u0644\u0627\u0645",
]


@pytest.mark.parametrize("name", EXACT_NAMES, ids=["markup", "emoji-rtl"])
def test_display_names_arrive_as_exact_plain_text(
    agent: EngineUnderTest, tmp_path: Path, name: str
) -> None:
    incoming, result = midcall(agent, tmp_path, name)
    assert incoming.display_name == name
    assert result.ok, result.describe()
    assert_still_fine(agent, tmp_path)
