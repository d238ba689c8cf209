"""The operator's sound prefss in a small JSON file: devices by stable key (host API + name,
never an index, so a headset keeps its place after a reboot or a replug), echo, volumes."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from homeagent.domain.audio_prefs import AudioPrefs

log = logging.getLogger(__name__)


class AudioPrefsFile:
    def __init__(self, path: Path, run_later: Callable[[Callable[[], None]], None]) -> None:
        self._path = path
        self._run_later = run_later  # writes happen off the GUI thread

    def load(self) -> AudioPrefs:
        try:
            data: Any = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return AudioPrefs()
        except (OSError, ValueError) as exc:
            log.warning("audio preferences unreadable, using defaults: %s", exc)
            return AudioPrefs()
        return AudioPrefs.from_json(data if isinstance(data, dict) else {})

    def save(self, prefs: AudioPrefs) -> None:
        body = json.dumps(prefs.to_json(), ensure_ascii=False, indent=2)
        self._run_later(lambda: self._write(body))

    def _write(self, body: str) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(body, encoding="utf-8")
        os.replace(tmp, self._path)
