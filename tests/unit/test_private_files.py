"""What HomeAgent writes is readable by the operator's account alone (a shared home PC)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")

CHILD = """
import sqlite3, sys
from pathlib import Path
from homeagent.app import private_files
data = Path(sys.argv[1])
private_files(data)
(data / "logs").mkdir()
(data / "logs" / "homeagent.log").write_text("x")
sqlite3.connect(data / "homeagent.db").execute("create table t(x)")
"""


def test_folders_and_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)  # as an earlier version left it
    os.chmod(data, 0o755)
    subprocess.run([sys.executable, "-c", CHILD, str(data)], check=True, timeout=60)
    for path in (data, data / "logs"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in (data / "logs" / "homeagent.log", data / "homeagent.db"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
