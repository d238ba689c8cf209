"""Start with the session: the XDG autostart entry on Linux (an adapter: it writes a file).

Other platforms have no entry here yet: `supported()` is False and the setting says so.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FILE_NAME = "homeagent.desktop"
ENTRY = """[Desktop Entry]
Type=Application
Name=HomeAgent
Comment=Softphone and agent desktop for call-centre operators
Exec={exec_line}
Icon=homeagent
Terminal=false
X-GNOME-Autostart-enabled=true
"""


def autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "autostart"


class Autostart:
    """AutostartPort: blocking file IO, call it from the pool."""

    def __init__(self, directory: Path | None = None, command: str = "homeagent") -> None:
        self._dir = directory or autostart_dir()
        self._command = command

    @property
    def path(self) -> Path:
        return self._dir / FILE_NAME

    def supported(self) -> bool:
        return sys.platform.startswith("linux") or sys.platform.startswith("freebsd")

    def enabled(self) -> bool:
        return self.supported() and self.path.is_file()

    def set_enabled(self, on: bool) -> None:
        if not self.supported():
            raise OSError("starting with the session is not supported on this system")
        if not on:
            self.path.unlink(missing_ok=True)
            return
        if any(c in self._command for c in "\r\n"):
            raise ValueError("command must be one line")
        self._dir.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(ENTRY.format(exec_line=self._command), encoding="utf-8")
        tmp.replace(self.path)
