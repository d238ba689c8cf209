"""The microphone's own conference port (audio/micport.py) removes slot 0's 15 ms delay."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the C API is Linux-only")

SCRIPT = Path(__file__).parent / "rig" / "conference_delay.py"


def test_microphone_port_reaches_the_call_in_the_same_tick() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["slot"] > 0
    # the old way: slot 0's delay buffer (WSOLA history) holds every frame 15 ms
    assert result["slot0_delay"] == 240
    # ours: the frame put in before a tick is what the listener gets in that tick
    assert result["micport_delay"] == 0
    assert result["reads"] >= 12
