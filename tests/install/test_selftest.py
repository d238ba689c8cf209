"""`--self-test` against real peers: the reference API server and Kamailio (and, when the
machine has them, a private Secret Service and PulseAudio): it passes; with the API down or
the registrar unreachable it exits non-zero with a report that says which and why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeagent.demo.server import start_subprocess
from tests.integration.rig import fixtures, keyring_rig, pulse
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.ports import LOOPBACK, free_port_both

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]
kamailio = fixtures.kamailio


@pytest.fixture
def api(tmp_path: Path) -> Iterator[str]:
    server = start_subprocess(tmp_path / "api.db")
    try:
        yield server.base_url
    finally:
        server.stop()


def provisioning(tmp_path: Path, api_url: str, registrar: str, transport: str = "udp") -> Path:
    path = tmp_path / "provisioning.toml"
    path.write_text(
        f'[api]\nurl = "{api_url}"\n[sip]\ndomain = "{LOOPBACK}"\n'
        f'registrar = "{registrar}"\ntransport = "{transport}"\n',
        encoding="utf-8",
    )
    return path


def self_test(path: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "homeagent.selftest", "--self-test", "--provisioning", str(path),
         *extra],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert run.stderr == "" or "Traceback" not in run.stderr, run.stderr
    return run.returncode, run.stdout


def states(stdout: str) -> dict[str, str]:
    data = json.loads(stdout)
    return {c["name"]: c["state"] for c in data["checks"]}


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_passes_against_the_real_api_and_registrar(
    tmp_path: Path, api: str, kamailio: Kamailio, transport: str
) -> None:
    path = provisioning(tmp_path, api, f"{LOOPBACK}:{kamailio.udp_port}", transport)
    code, out = self_test(path)
    print(out)
    assert code == 0, out
    assert "[PASS] config" in out and "[PASS] api" in out and "[PASS] sip" in out
    assert f"over {transport} answered 5/5 OPTIONS (SIP 200)" in out
    assert "clock skew +0.0 s" in out or "clock skew -0.0 s" in out
    assert out.rstrip().splitlines()[-1].startswith("RESULT: PASS")
    code, out = self_test(path, "--json")
    assert code == 0 and json.loads(out)["result"] == "pass"


@pytest.mark.skipif(
    not (keyring_rig.available() and pulse.available()),
    reason="needs gnome-keyring, dbus and pulseaudio",
)
def test_every_check_passes_with_a_keyring_and_a_sound_server(
    tmp_path: Path, api: str, kamailio: Kamailio
) -> None:
    path = provisioning(tmp_path, api, f"{LOOPBACK}:{kamailio.udp_port}")
    with keyring_rig.secret_service(tmp_path / "keyring") as kenv, pulse.pulse() as rig:
        env = dict(kenv)
        env.update({k: v for k, v in rig.env.items() if k.startswith("PULSE_")})
        code, out = self_test(path, "--json", env=env)
    assert code == 0, out
    assert states(out) == {"config": "pass", "keyring": "pass", "api": "pass", "sip": "pass",
                           "audio": "pass"}  # fmt: skip
    audio = next(c for c in json.loads(out)["checks"] if c["name"] == "audio")
    assert any("Headset" in name for name in audio["figures"]["outputs"])


def test_api_down_fails_with_a_readable_report(tmp_path: Path, kamailio: Kamailio) -> None:
    dead = f"http://{LOOPBACK}:{free_port_both()}"
    path = provisioning(tmp_path, dead, f"{LOOPBACK}:{kamailio.udp_port}")
    code, out = self_test(path)
    print(out)
    assert code == 1
    assert f"[FAIL] api      {dead} unreachable" in out
    assert "ApiUnavailable" in out and "[PASS] sip" in out
    assert "RESULT: FAIL (1 failed" in out


def test_registrar_unreachable_fails_with_a_readable_report(tmp_path: Path, api: str) -> None:
    port = free_port_both()
    path = provisioning(tmp_path, api, f"{LOOPBACK}:{port}", "tcp")
    code, out = self_test(path)
    print(out)
    assert code == 1
    assert f"[FAIL] sip      {LOOPBACK}:{port} over tcp: no answer (refused)" in out
    assert "[PASS] api" in out and "RESULT: FAIL (1 failed" in out


def test_unprovisioned_and_invalid_files_fail_clearly(tmp_path: Path) -> None:
    code, out = self_test(tmp_path / "missing.toml")
    assert code == 1 and f"the provisioning file {tmp_path / 'missing.toml'} is missing" in out
    bad = tmp_path / "bad.toml"
    bad.write_text("[sip]\ntransport = 'pigeon'\n", encoding="utf-8")
    code, out = self_test(bad)
    assert code == 1
    assert f"[FAIL] config   invalid provisioning: {bad}: sip.transport: must be one of" in out
    assert "[SKIP] api" in out and "[SKIP] sip" in out


def test_environment_variable_names_the_file(tmp_path: Path, api: str) -> None:
    path = tmp_path / "env.toml"
    path.write_text(f'[api]\nurl = "{api}"\n', encoding="utf-8")
    env = dict(os.environ, HOMEAGENT_PROVISIONING=str(path))
    run = subprocess.run(
        [sys.executable, "-m", "homeagent.selftest", "--json"],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    report = json.loads(run.stdout)
    assert report["provisioning"] == str(path)
    assert states(run.stdout)["api"] == "pass" and states(run.stdout)["sip"] == "skip"
