"""Provisioning as IT writes it: every key's bad value is refused with the file, the key and
the problem; locked settings beat the operator's preferences; the documented schema, the
example file and the code agree. (tests/unit/test_config.py has the first cases.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from homeagent import config
from homeagent.domain.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PROVISIONING.md"
EXAMPLE = ROOT / "installer" / "provisioning.example.toml"

# one bad value per key (TOML literal) and the words its error must contain
BAD: dict[str, tuple[str, str]] = {
    "api.url": ("'ftp://api.example.com'", "https://"),
    "sip.domain": ("'sip example com'", "host[:port]"),
    "sip.registrar": ("'user@registrar'", "host[:port]"),
    "sip.transport": ("'sctp'", "must be one of: udp, tcp, tls"),
    "sip.outbound_proxy": ("'proxy/path'", "host[:port]"),
    "sip.stun": ("['stun ok', 3]", "host[:port]"),
    "sip.srtp": ("'always'", "must be one of"),
    "sip.ca_file": ("'/nonexistent/company-ca.pem'", "file not found"),
    "sip.register_timeout_s": ("30", "from 60 to 3600"),
    "sip.media_timeout_s": ("'30'", "from 5 to 600"),
    "sip.local_port": ("70000", "from 0 to 65535"),
    "dialplan.country": ("'FRA'", "two-letter"),
    "dialplan.outside_prefix": ("0", "must be text"),
    "dialplan.extension_max_digits": ("9", "from 0 to 8"),
    "dialplan.number_format": ("'international'", "must be one of"),
    "calls.auto_answer_s": ("301", "from 0 to 300"),
    "calls.reject_code_when_not_ready": ("200", "from 400 to 699"),
    "ui.language": ("'de'", "fr, en or empty"),
    "ui.ringtone": ("'../../etc/passwd'", "not a path"),
    "ui.start_with_session": ("'yes'", "true or false"),
    "logging.level": ("'verbose'", "debug, info, warning or error"),
    "updates.channel": ("'nightly'", "must be one of: stable, beta, off"),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "provisioning.toml"
    path.write_text(text, encoding="utf-8")
    return path


def toml_for(key: str, literal: str) -> str:
    section, name = key.split(".", 1)
    return f"[{section}]\n{name} = {literal}\n"


def test_every_key_has_a_bad_value_case() -> None:
    assert set(BAD) == set(config._SCHEMA), "add a BAD case for each new provisioning key"


@pytest.mark.parametrize("key", sorted(BAD))
def test_bad_value_names_file_key_and_problem(tmp_path: Path, key: str) -> None:
    literal, problem = BAD[key]
    path = write(tmp_path, toml_for(key, literal))
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.key == key
    assert problem in err.value.problem, err.value.problem
    assert str(err.value) == f"{path}: {key}: {err.value.problem}"


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[policy]\nlocked = 'ui.language'", "policy.locked", "list of setting names"),
        ("[policy]\nlocked = [1]", "policy.locked", "list of setting names"),
        ("policy = 'strict'", "policy.locked", "list of setting names"),
        ("[api]\nurl = 'https://a.example'\n[api]\nurl = 'x'", "-", "not valid TOML"),
        ('[api]\nurl = "https://a.example/\\u0007"', "api.url", "control characters"),
    ],
)
def test_policy_and_file_level_errors(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert (err.value.key, str(path) in str(err.value)) == (key, True)
    assert problem in err.value.problem


def test_a_file_that_cannot_be_decoded_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "provisioning.toml"
    path.write_bytes(b"[api]\nurl = '\xff\xfe'\n")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.source == str(path) and "cannot be read" in err.value.problem


# user-settable keys: a provisioned value, a different preference
USER_VALUES = {
    "calls.auto_answer_s": (2, 9),
    "ui.language": ("fr", "en"),
    "ui.ringtone": ("classic", "chime"),
    "ui.start_with_session": (True, False),
    "updates.channel": ("stable", "beta"),
}


def _effective(cfg: config.Config, key: str) -> object:
    section, name = key.split(".", 1)
    return getattr(getattr(cfg, section), name)


def test_every_user_setting_is_covered() -> None:
    assert set(USER_VALUES) == set(config.USER_SETTABLE)


@pytest.mark.parametrize("key", sorted(USER_VALUES))
@pytest.mark.parametrize("locked", [True, False])
def test_locked_settings_beat_preferences(tmp_path: Path, key: str, locked: bool) -> None:
    provisioned, preferred = USER_VALUES[key]
    section, name = key.split(".", 1)
    literal = "true" if provisioned is True else repr(provisioned)
    text = f"[{section}]\n{name} = {literal}\n"
    if locked:
        text += f'[policy]\nlocked = ["{key}"]\n'
    prefs = tmp_path / "preferences.json"
    config.write_preferences(prefs, {key: preferred})  # the settings dialog's path
    cfg = config.load(write(tmp_path, text), prefs)
    assert _effective(cfg, key) == (provisioned if locked else preferred)
    assert (key in cfg.locked) is locked


def test_preferences_never_reach_it_only_settings(tmp_path: Path) -> None:
    prefs = tmp_path / "preferences.json"
    prefs.write_text('{"api.url": "https://evil.example", "sip.srtp": "off"}', encoding="utf-8")
    cfg = config.load(write(tmp_path, "[sip]\nsrtp = 'mandatory'\n"), prefs)
    assert cfg.api_url == "" and cfg.sip.srtp.value == "mandatory"
    with pytest.raises(ConfigError):
        config.write_preferences(prefs, {"api.url": "https://evil.example"})


def _documented_keys() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, flags=re.MULTILINE))


def test_the_document_lists_every_key_and_no_other() -> None:
    assert _documented_keys() == set(config._SCHEMA) | {"policy.locked"}


def test_the_example_file_is_valid_and_mentions_every_key(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    cfg = config.load(EXAMPLE)  # as shipped (ca_file commented out)
    assert cfg.source == str(EXAMPLE) and cfg.api_url.startswith("https://")
    # uncomment every `# key = value` line: still valid once the CA file exists
    ca = tmp_path / "company-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    full = re.sub(r"(?m)^# ?([a-z_]+ = .*)$", r"\1", text).replace(
        "/etc/homeagent/company-ca.pem", str(ca)
    )
    cfg_full = config.load(write(tmp_path, full))
    mentioned = set()
    section = ""
    for line in full.splitlines():
        if m := re.match(r"^\[([a-z]+)\]", line):
            section = m.group(1)
        elif m := re.match(r"^([a-z_]+) = ", line):
            mentioned.add(f"{section}.{m.group(1)}")
    assert mentioned == set(config._SCHEMA) | {"policy.locked"}
    assert cfg_full.sip.ca_file == str(ca)


def test_print_config_shows_the_effective_values(tmp_path: Path) -> None:
    path = write(tmp_path, "[sip]\ntransport = 'tls'\n[policy]\nlocked = ['ui.language']\n")
    out = subprocess.run(
        [sys.executable, "-m", "homeagent", "--print-config", "--provisioning", str(path),
         "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert f"from {path}" in out
    shown = json.loads(out.split("\n", 1)[1])
    assert shown["sip"]["transport"] == "tls" and shown["locked"] == ["ui.language"]
    bad = write(tmp_path, "[sip]\ntransport = 'pigeon'\n")
    run = subprocess.run(
        [sys.executable, "-m", "homeagent", "--print-config", "--provisioning", str(bad)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 2 and f"{bad}: sip.transport: must be one of" in run.stderr


def test_update_channel_defaults_to_stable_and_is_read_and_shown(tmp_path: Path) -> None:
    assert config.load(tmp_path / "missing.toml").updates.channel is config.UpdateChannel.STABLE
    path = write(tmp_path, "[updates]\nchannel = 'off'\n")
    cfg = config.load(path)
    assert cfg.updates.channel is config.UpdateChannel.OFF and cfg.source == str(path)
    bad_file = tmp_path / "bad.toml"
    for bad in ("'OFF'", "true", "['beta']", "''"):
        bad_file.write_text(f"[updates]\nchannel = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            config.load(bad_file)
        assert err.value.key == "updates.channel" and "stable, beta, off" in err.value.problem
    out = subprocess.run(
        [sys.executable, "-m", "homeagent", "--print-config", "--provisioning", str(path),
         "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert json.loads(out.split("\n", 1)[1])["updates"] == {"channel": "off"}
