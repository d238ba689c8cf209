"""SecretStore against a real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from homeagent.secrets import SecretStore
from tests.integration.rig import keyring_rig

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SecretStore]:
    with keyring_rig.secret_service(tmp_path) as env, keyring_rig.in_process_keyring(env):
        yield SecretStore("HomeAgent-test")


def test_round_trip_and_delete(store: SecretStore) -> None:
    assert store.usable()
    assert store.backend_name() == "Keyring"
    assert store.get("sip:agent") is None
    store.set("sip:agent", "pässwörd-🔑")
    assert store.get("sip:agent") == "pässwörd-🔑"
    store.set("sip:agent", "second")
    assert store.get("sip:agent") == "second"
    store.delete("sip:agent")
    assert store.get("sip:agent") is None
    store.delete("sip:agent")  # deleting twice is not an error


def test_secrets_are_not_in_files_we_can_read(store: SecretStore, tmp_path: Path) -> None:
    store.set("api-refresh:agent", "refresh-token-VISIBLE-MARKER")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"refresh-token-VISIBLE-MARKER" not in path.read_bytes(), path
