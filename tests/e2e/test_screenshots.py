"""Screenshots of the main states in French and in English, on Xvfb (a real X server).

They are saved under tests/e2e/out/screenshots/<language>/ for people to look at; the test
checks they exist, are not blank, and that the two languages really differ.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.screenshots import STATES
from tests.integration.rig import keyring_rig

OUT = Path(__file__).resolve().parent / "out" / "screenshots"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run"),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]


def _distinct_colours(image: QImage, step: int = 16) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_main_states_are_captured(language: str) -> None:
    out = OUT / language
    shutil.rmtree(out, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
         sys.executable, "-m", "tests.e2e.screenshots", str(out), language],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=150, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    for state in STATES:
        image = QImage(str(out / f"{state}.png"))
        assert not image.isNull(), state
        assert image.width() >= 1200 and image.height() >= 700, (state, image.size())
        assert _distinct_colours(image) > 8, f"{state} looks blank"


def test_french_and_english_differ() -> None:
    fr, en = (QImage(str(OUT / lang / "01-sign-in.png")) for lang in ("fr", "en"))
    if fr.isNull() or en.isNull():
        pytest.skip("run with the capture tests")
    assert fr != en
