"""A real Secret Service for tests: a private D-Bus session bus and gnome-keyring-daemon.

Nothing touches the machine's own keyrings: HOME-like directories live in a temporary folder.
In-process code then uses keyring's SecretService backend through this bus.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
from keyring.backends import SecretService

KEYRING_UNLOCK_PASSWORD = "rig-unlock"


def available() -> bool:
    return bool(shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon"))


@contextmanager
def secret_service(workdir: Path) -> Iterator[dict[str, str]]:
    """Start the bus and the keyring daemon; yields the environment that reaches them."""
    data, run = workdir / "data", workdir / "run"
    data.mkdir(parents=True, exist_ok=True)
    run.mkdir(parents=True, exist_ok=True)
    run.chmod(0o700)
    env = dict(os.environ, HOME=str(workdir), XDG_DATA_HOME=str(data), XDG_RUNTIME_DIR=str(run))
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(KEYRING_UNLOCK_PASSWORD.encode())
    daemon.stdin.close()
    try:
        _wait_for_service(env)
        yield env
    finally:
        for proc in (daemon, bus):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if bus.stdout is not None:
            bus.stdout.close()


def _wait_for_service(env: dict[str, str], timeout: float = 10) -> None:
    probe = (
        "import keyring.backends.SecretService as s, sys;"
        "k = s.Keyring(); k.set_password('rig', 'probe', 'x');"
        "sys.exit(0 if k.get_password('rig', 'probe') == 'x' else 1)"
    )
    end = time.monotonic() + timeout
    while True:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, check=False
        )
        if done.returncode == 0:
            return
        if time.monotonic() > end:
            raise RuntimeError(f"Secret Service did not come up: {done.stderr[-500:]!r}")
        time.sleep(0.2)


@contextmanager
def in_process_keyring(env: dict[str, str]) -> Iterator[Any]:
    """Point this process's keyring at the rig's Secret Service; restore afterwards."""
    saved_env = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    saved_backend = keyring.get_keyring()
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"]
    backend = SecretService.Keyring()  # type: ignore[no-untyped-call]
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(saved_backend)
        if saved_env is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved_env
