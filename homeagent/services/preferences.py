"""The operator's own settings: language, ringtone, auto-answer, start with the session.

IT provisioning may lock any of them: a locked setting keeps its provisioned value whatever
the operator asks. Saving and the autostart entry are file writes: they run on the pool,
one save at a time, and failures come back as notice codes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol

from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)

LANGUAGE = "ui.language"
RINGTONE = "ui.ringtone"
AUTO_ANSWER = "calls.auto_answer_s"
AUTOSTART = "ui.start_with_session"
LANGUAGES = ("", "fr", "en")  # "": follow the system


@dataclass(frozen=True)
class Preferences:
    language: str = ""
    ringtone: str = ""  # "": the default ring
    auto_answer_s: float | None = None  # None: ring until answered
    start_with_session: bool = False


# field -> configuration key (the names provisioning uses, and `locked` lists)
KEYS = {
    "language": LANGUAGE,
    "ringtone": RINGTONE,
    "auto_answer_s": AUTO_ANSWER,
    "start_with_session": AUTOSTART,
}


class AutostartPort(Protocol):
    """The session's autostart entry. Blocking (a file): called on the pool."""

    def supported(self) -> bool: ...
    def enabled(self) -> bool: ...
    def set_enabled(self, on: bool) -> None: ...


class PreferencesService:
    def __init__(
        self,
        tasks: TaskPort,
        current: Preferences,
        locked: frozenset[str],
        save: Callable[[dict[str, Any]], None],
        *,
        autostart: AutostartPort | None = None,
        ringtones: Sequence[str] = (),
    ) -> None:
        self._tasks = tasks
        self.current = current
        self.locked = locked
        self._save = save
        self._autostart = autostart
        self.ringtones = tuple(ringtones)
        self.autostart_supported = autostart is not None and autostart.supported()
        self._unsaved: dict[str, Any] = {}  # keys the operator changed, not yet written
        self._saving = False
        self.changed: Topic[Preferences] = Topic()
        self.notices: Topic[str] = Topic()  # saved, save_failed, autostart_failed, restart_needed

    def is_locked(self, field_name: str) -> bool:
        return KEYS[field_name] in self.locked

    def refresh_autostart(self) -> None:
        """Read whether the autostart entry exists (someone may have removed it by hand)."""
        port = self._autostart
        if port is None or not self.autostart_supported or self.is_locked("start_with_session"):
            return

        def found(on: bool) -> None:
            if on != self.current.start_with_session:
                self.current = replace(self.current, start_with_session=on)
                self.changed.emit(self.current)

        self._tasks.run(port.enabled, found, lambda exc: log.info("autostart: %s", exc))

    def apply(self, wanted: Preferences) -> None:
        """Take what the operator chose; locked settings keep their value."""
        if wanted.language not in LANGUAGES:
            wanted = replace(wanted, language=self.current.language)
        if wanted.ringtone and wanted.ringtone not in self.ringtones:
            wanted = replace(wanted, ringtone=self.current.ringtone)
        if wanted.auto_answer_s is not None:
            wanted = replace(wanted, auto_answer_s=min(300.0, max(0.0, wanted.auto_answer_s)))
        if not self.autostart_supported:
            wanted = replace(wanted, start_with_session=self.current.start_with_session)
        changes: dict[str, Any] = {}
        for f in fields(Preferences):
            old, new = getattr(self.current, f.name), getattr(wanted, f.name)
            if old != new and not self.is_locked(f.name):
                changes[f.name] = new
        if not changes:
            return
        before = self.current
        self.current = replace(self.current, **changes)
        self.changed.emit(self.current)
        if "language" in changes:
            self.notices.emit("restart_needed")
        if "start_with_session" in changes and self._autostart is not None:
            port, on = self._autostart, bool(changes["start_with_session"])

            def autostart_failed(exc: Exception) -> None:
                log.warning("autostart entry: %s", exc)
                self.current = replace(self.current, start_with_session=before.start_with_session)
                self.changed.emit(self.current)
                self.notices.emit("autostart_failed")

            self._tasks.run(lambda: port.set_enabled(on), on_error=autostart_failed)
        self._unsaved.update({KEYS[name]: value for name, value in changes.items()})
        self._flush()

    def _flush(self) -> None:
        if self._saving or not self._unsaved:
            return
        values, self._unsaved = self._unsaved, {}
        self._saving = True
        save = self._save

        def saved(_result: object) -> None:
            self._saving = False
            self.notices.emit("saved")
            self._flush()

        def failed(exc: Exception) -> None:
            self._saving = False
            log.warning("preferences not saved: %s", exc)
            self.notices.emit("save_failed")

        self._tasks.run(lambda: save(values), saved, failed)
