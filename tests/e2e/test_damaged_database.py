"""[harden] The real desk started over a damaged database: it is set aside for IT, a fresh one
is used, the operator is told in a warning they acknowledge, and the desk still works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.e2e.desk_rig import desk_stack, wait_until
from tests.integration.rig import keyring_rig

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]


def test_desk_over_a_damaged_database_sets_it_aside_and_says_so(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"not a database, a disk that lied " * 4096
    (data / "homeagent.db").write_bytes(garbage)
    with desk_stack(tmp_path) as desk:
        qtbot.addWidget(desk.window)
        services = desk.running.desk.parts
        wait_until(qtbot, lambda: services.get("storage_alert"), 10, "the warning")
        alert = services["storage_alert"]
        assert alert.isVisible()
        assert "damaged" in alert.text() and "corrupt-" in alert.text()
        (aside,) = data.glob("homeagent.db.corrupt-*")
        assert aside.read_bytes() == garbage  # kept for IT, byte for byte
        conn = sqlite3.connect(data / "homeagent.db")
        try:
            assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        finally:
            conn.close()
