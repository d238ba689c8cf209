"""`homeagent --demo`, in process: the stack comes up, a simulated caller rings, the ringing
panel names the customer the API knows for that number, and stopping leaves no process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from homeagent import app, config
from tests.e2e.desk_rig import _environ, wait_until
from tests.ui.test_app_demo import _alive

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def demo(tmp_path: Path, qtbot: QtBot) -> Iterator[app.Running]:
    data_dir = tmp_path / "data"
    opts = app.Options(True, "", tmp_path / "none.toml", False, data_dir)
    with _environ("HOMEAGENT_DEMO_FIRST_CALL_S", "1"), _environ("HOMEAGENT_AUDIO", "null"):
        cfg = config.load(opts.provisioning, app.preferences_path(opts))
        running = app.build_gui(opts, cfg, data_dir)
        qtbot.addWidget(running.window)
        running.start()
        try:
            yield running
        finally:
            running.window.close()
            running.stop()


def test_a_simulated_call_pops_the_customer_the_api_knows(demo: app.Running, qtbot: QtBot) -> None:
    w = demo.window
    assert w.demo_label.text().startswith("DEMO / TRAINING")
    wait_until(qtbot, w.ringing.isVisible, 30, "the first simulated call")
    call = demo.vm.ringing_call()
    assert call is not None
    known = demo.company.api.lookup(call.remote_number)  # what the demo API says
    expected = known[0].display_name if len(known) == 1 else None
    if expected is None and not known:
        expected = "Unknown caller"
    if expected is not None:
        wait_until(
            qtbot,
            lambda: w.ringing.customer_label.text() == expected,
            10,
            f"{expected!r} in the ringing panel (shows {w.ringing.customer_label.text()!r})",
        )
    pids = [demo.engine.pid, demo.demo.pid, demo.company.server.pid]
    assert all(pid and _alive(pid) for pid in pids)
    w.close()
    demo.stop()
    demo.stop = lambda: None  # type: ignore[method-assign]
    for pid in pids:
        wait_until(qtbot, lambda pid=pid: not _alive(pid), 10, f"process {pid} to end")
    assert os.environ.get("HOMEAGENT_DEMO_FIRST_CALL_S") == "1"
