"""The real app, started as a user would (offscreen), in demo mode: it rings and exits clean."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(60)


def _wait_for(path: Path, pattern: str, timeout: float) -> re.Match[str]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists():
            found = re.search(pattern, path.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found
        time.sleep(0.2)
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no log)"
    raise AssertionError(f"{pattern!r} not in log within {timeout} s:\n{text[-3000:]}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purposes
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_demo_app_rings_and_shuts_down_without_orphans(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOMEAGENT_DEMO_FIRST_CALL_S="1",
        HOMEAGENT_PROVISIONING=str(tmp_path / "none.toml"),
        # its own single-instance socket: a HomeAgent the developer has open must not take it
        TMPDIR=str(tmp_path / "tmp"),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "homeagent", "--demo", "--data-dir", str(tmp_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    log = tmp_path / "logs" / "homeagent.log"
    try:
        _wait_for(log, r"registration registered", 20)
        _wait_for(log, r"call in-\d+-\d+ incoming", 20)
        text = log.read_text()
        engines = [int(p) for p in re.findall(r"engine started, pid (\d+)", text)]
        assert len(engines) == 2  # the operator's engine and the demo line's
        engines += [int(p) for p in re.findall(r"demo API server started, pid (\d+)", text)]
        assert len(engines) == 3  # and the demo's central API
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=15) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        assert app.stderr is not None
        app.stderr.close()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in engines) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in engines if _alive(pid)], "child processes left behind"
    text = log.read_text()
    assert "shutting down" in text
    assert "Traceback" not in text
