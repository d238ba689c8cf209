"""A short soak in the suite: 35 mixed calls against the real desk (tests/harden/soak_rig.py).

Answered (with a ticket), rejected, cancelled while ringing, blind-transferred to a second SIPp
registered at Kamailio, and held calls, seven of each, through the real window. Every call must
go as its kind says on both sides, the engine must never stop, the outbox must deliver every
wrap-up, and the open fds of the GUI and of the engine must not creep. Memory is not asserted
here (35 calls say little about a slope): `python -m tests.perf.bench_soak` reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harden.soak_rig import KINDS, SoakParams, SoakRig, soak_stack
from tests.integration.rig import keyring_rig

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(300),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]

CALLS = 35
FD_SLACK = 6  # a few fds may open late (a pooled HTTP connection, a log rotated...)


@pytest.fixture
def rig(tmp_path: Path, qapp: object) -> Iterator[SoakRig]:
    params = SoakParams(calls=CALLS, sample_every=5, settle_calls=10, gap_s=0.1)
    with soak_stack(tmp_path, params) as stack:
        yield stack


def test_a_short_soak_of_mixed_calls_leaves_nothing_behind(rig: SoakRig) -> None:
    rig.run()
    outbox = rig.drain_outbox(60)
    report = rig.report()

    assert report["calls_done"] == CALLS
    assert report["failures"] == []
    assert report["ok"] == dict.fromkeys(KINDS, CALLS // len(KINDS))
    assert report["engine_crashes"] == 0
    assert report["engine_restarts"] == 0
    assert len(report["engine_pids"]) == 1

    # every answered, transferred and held call was wrapped up and delivered; answered ones
    # with their ticket
    wrapped = sum(report["ok"][k] for k in ("answered", "transferred", "held"))
    assert outbox["submitted"] == wrapped
    assert outbox["pending"] == 0 and outbox["parked"] == 0, outbox
    assert outbox["interactions_at_server"] == wrapped, outbox
    assert outbox["tickets_at_server"] == report["ok"]["answered"], outbox

    # open fds: flat once the first calls have opened what stays open
    samples = [s for s in report["samples"] if s["call"] >= report["settle_calls"]]
    for who in ("gui_fds", "engine_fds"):
        values = [s[who] for s in samples]
        assert None not in values, (who, values)
        assert max(values) - values[0] <= FD_SLACK, (who, values)
    targets = rig.stop_target()
    assert targets["target_calls_ok"] == report["ok"]["transferred"], targets
