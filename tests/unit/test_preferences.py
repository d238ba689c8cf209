"""Preferences: locked settings stay locked, saves are serialised, autostart entry, file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from homeagent import config
from homeagent.autostart import Autostart
from homeagent.domain.errors import ConfigError
from homeagent.services.preferences import (
    AUTO_ANSWER,
    AUTOSTART,
    LANGUAGE,
    RINGTONE,
    Preferences,
    PreferencesService,
)


class Tasks:
    def __init__(self) -> None:
        self.queue: list[Callable[[], None]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        def go() -> None:
            try:
                result = fn()
            except Exception as exc:
                if on_error:
                    on_error(exc)
                return
            if on_done:
                on_done(result)

        self.queue.append(go)

    def drain(self) -> None:
        while self.queue:
            self.queue.pop(0)()


class FakeAutostart:
    def __init__(self, on: bool = False, fail: bool = False) -> None:
        self.on = on
        self.fail = fail

    def supported(self) -> bool:
        return True

    def enabled(self) -> bool:
        return self.on

    def set_enabled(self, on: bool) -> None:
        if self.fail:
            raise PermissionError("read-only home")
        self.on = on


def service(
    locked: frozenset[str] = frozenset(), autostart: FakeAutostart | None = None
) -> tuple[PreferencesService, Tasks, list[dict[str, Any]]]:
    tasks = Tasks()
    saved: list[dict[str, Any]] = []
    svc = PreferencesService(
        tasks,
        Preferences(auto_answer_s=2.0),
        locked,
        saved.append,
        autostart=autostart or FakeAutostart(),
        ringtones=["classic", "soft"],
    )
    return svc, tasks, saved


def test_a_change_is_applied_at_once_and_saved_on_the_pool() -> None:
    svc, tasks, saved = service()
    notices: list[str] = []
    svc.notices.connect(notices.append)
    svc.apply(Preferences(language="fr", ringtone="soft", auto_answer_s=None))
    assert svc.current.language == "fr" and svc.current.auto_answer_s is None and not saved
    tasks.drain()
    assert saved == [{LANGUAGE: "fr", RINGTONE: "soft", AUTO_ANSWER: None}]
    assert notices == ["restart_needed", "saved"]


def test_locked_settings_cannot_be_changed() -> None:
    svc, tasks, saved = service(locked=frozenset({AUTO_ANSWER, LANGUAGE}))
    svc.apply(Preferences(language="en", auto_answer_s=None, ringtone="classic"))
    tasks.drain()
    assert svc.current.auto_answer_s == 2.0 and svc.current.language == ""
    assert saved == [{RINGTONE: "classic"}]
    assert svc.is_locked("auto_answer_s") and not svc.is_locked("ringtone")


def test_unknown_values_are_refused() -> None:
    svc, tasks, saved = service()
    svc.apply(Preferences(language="de", ringtone="../../etc/passwd", auto_answer_s=9999))
    tasks.drain()
    assert svc.current == Preferences(auto_answer_s=300.0)
    assert saved == [{AUTO_ANSWER: 300.0}]


def test_saves_never_overlap_and_the_last_choice_wins() -> None:
    svc, tasks, saved = service()
    svc.apply(Preferences(language="fr", auto_answer_s=2.0))
    svc.apply(Preferences(language="en", auto_answer_s=2.0))
    svc.apply(Preferences(language="en", ringtone="soft", auto_answer_s=2.0))
    assert len(tasks.queue) == 1  # one save in flight
    tasks.drain()
    assert saved == [{LANGUAGE: "fr"}, {LANGUAGE: "en", RINGTONE: "soft"}]


def test_autostart_is_written_by_the_port_and_a_failure_is_undone() -> None:
    port = FakeAutostart()
    svc, tasks, saved = service(autostart=port)
    svc.apply(Preferences(auto_answer_s=2.0, start_with_session=True))
    tasks.drain()
    assert port.on and saved == [{AUTOSTART: True}]
    port.fail = True
    notices: list[str] = []
    svc.notices.connect(notices.append)
    svc.apply(Preferences(auto_answer_s=2.0, start_with_session=False))
    tasks.drain()
    assert port.on and svc.current.start_with_session is True
    assert "autostart_failed" in notices


def test_refresh_autostart_reads_the_entry() -> None:
    svc, tasks, _ = service(autostart=FakeAutostart(on=True))
    svc.refresh_autostart()
    tasks.drain()
    assert svc.current.start_with_session is True


def test_the_autostart_entry_file(tmp_path: Path) -> None:
    entry = Autostart(tmp_path / "autostart", command="homeagent")
    if not entry.supported():
        pytest.skip("Linux only")
    assert not entry.enabled()
    entry.set_enabled(True)
    text = entry.path.read_text(encoding="utf-8")
    assert entry.path.name == "homeagent.desktop" and "Exec=homeagent\n" in text
    assert entry.enabled()
    entry.set_enabled(False)
    assert not entry.path.exists() and not entry.enabled()
    entry.set_enabled(False)  # already gone: fine


def test_preferences_file_round_trip_respects_the_lock(tmp_path: Path) -> None:
    prov = tmp_path / "provisioning.toml"
    prov.write_text('[calls]\nauto_answer_s = 2\n[policy]\nlocked = ["calls.auto_answer_s"]\n')
    prefs = tmp_path / "sub" / "prefs.json"
    config.write_preferences(prefs, {LANGUAGE: "fr", RINGTONE: "soft"})
    config.write_preferences(prefs, {AUTOSTART: True, AUTO_ANSWER: None})
    assert json.loads(prefs.read_text())[AUTO_ANSWER] is False  # "off" survives a read
    cfg = config.load(prov, prefs)
    assert (cfg.ui.language, cfg.ui.ringtone, cfg.ui.start_with_session) == ("fr", "soft", True)
    assert cfg.calls.auto_answer_s == 2  # locked
    assert config.load(tmp_path / "none.toml", prefs).calls.auto_answer_s is None


def test_write_preferences_refuses_what_is_not_a_user_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a user setting"):
        config.write_preferences(tmp_path / "p.json", {"sip.domain": "evil"})
    with pytest.raises(ConfigError, match=r"ui\.ringtone"):
        config.write_preferences(tmp_path / "p.json", {RINGTONE: "../x"})
    assert not (tmp_path / "p.json").exists()
