"""Configuration: defaults < IT provisioning (machine-wide, read-only) < user preferences.

Provisioning can lock a setting, so the operator's preference for it is ignored. Every
problem names the file, the key and what is wrong, because IT reads these errors remotely.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from homeagent.domain.dialplan import DialPlan, NumberFormat
from homeagent.domain.errors import ConfigError
from homeagent.domain.sip_account import SrtpPolicy, Transport

log = logging.getLogger(__name__)

ENV_PROVISIONING = "HOMEAGENT_PROVISIONING"


def default_provisioning_path() -> Path:
    if sys.platform == "win32":
        return (
            Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
            / "HomeAgent"
            / ("provisioning.toml")
        )
    if sys.platform == "darwin":
        return Path("/Library/Application Support/HomeAgent/provisioning.toml")
    return Path("/etc/homeagent/provisioning.toml")


@dataclass(frozen=True)
class SipConfig:
    domain: str = ""
    registrar: str = ""
    transport: Transport = Transport.UDP
    outbound_proxy: str = ""
    stun: tuple[str, ...] = ()
    srtp: SrtpPolicy = SrtpPolicy.OFF
    ca_file: str = ""
    register_timeout_s: int = 300
    media_timeout_s: float = 30.0
    local_port: int = 0


@dataclass(frozen=True)
class CallsConfig:
    auto_answer_s: float | None = None
    reject_code_when_not_ready: int = 480


@dataclass(frozen=True)
class UiConfig:
    language: str = ""  # empty: follow the system
    ringtone: str = ""  # a sound's name (resources/sounds/NAME.wav); empty: the default
    start_with_session: bool = False


class UpdateChannel(StrEnum):
    """Which releases the (future) updater follows; read and shown, not acted on yet."""

    STABLE = "stable"
    BETA = "beta"
    OFF = "off"  # the deployment tool alone updates (a new .deb/MSI/pkg)


@dataclass(frozen=True)
class UpdatesConfig:
    channel: UpdateChannel = UpdateChannel.STABLE


@dataclass(frozen=True)
class Config:
    api_url: str = ""
    sip: SipConfig = field(default_factory=SipConfig)
    dial_plan: DialPlan = field(default_factory=DialPlan)
    calls: CallsConfig = field(default_factory=CallsConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    log_level: str = "info"
    locked: frozenset[str] = frozenset()
    source: str = "defaults"
    updates: UpdatesConfig = field(default_factory=UpdatesConfig)


# key -> (section attribute, field, parser)
def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("must be text")
    if any(ord(c) < 32 for c in v):
        raise ValueError("must not contain control characters")
    return v


# a DNS name, IPv4 or [IPv6], and an optional port: it ends up inside SIP URIs and headers
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(:[0-9]{1,5})?")


def _host(v: Any) -> str:
    s = _str(v).strip()
    if s and (len(s) > 255 or not _HOST_PORT.fullmatch(s)):
        raise ValueError("must be host[:port]")
    return s


def _int_range(lo: int, hi: int) -> Any:
    def parse(v: Any) -> int:
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            raise ValueError(f"must be a whole number from {lo} to {hi}")
        return v

    return parse


def _float_range(lo: float, hi: float) -> Any:
    def parse(v: Any) -> float:
        if not isinstance(v, int | float) or isinstance(v, bool) or not lo <= v <= hi:
            raise ValueError(f"must be a number from {lo:g} to {hi:g}")
        return float(v)

    return parse


def _enum(cls: Any) -> Any:
    def parse(v: Any) -> Any:
        try:
            return cls(v)
        except ValueError:
            choices = ", ".join(e.value for e in cls)
            raise ValueError(f"must be one of: {choices}") from None

    return parse


def _hosts(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise ValueError("must be a list of host[:port]")
    return tuple(_host(x) for x in v)


def _url(v: Any) -> str:
    s = _str(v).strip()
    if s and not is_allowed_api_url(s):
        raise ValueError("must be an https:// URL")
    return s.rstrip("/")


def is_local_http(url: str) -> bool:
    """Plain HTTP to this machine (the demo's embedded API): judged on the parsed host, so
    http://127.0.0.1.attacker.example is not mistaken for it."""
    try:
        parts = urllib.parse.urlsplit(url)
        return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port != 0
    except ValueError:  # a malformed port
        return False


def is_allowed_api_url(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
        https = parts.scheme == "https" and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return False
    return https or is_local_http(url)


def _country(v: Any) -> str:
    s = _str(v)
    if len(s) != 2 or not s.isalpha() or not s.isascii():  # ASCII: "ß".upper() is "SS"
        raise ValueError("must be a two-letter country code such as FR")
    return s.upper()


def _optional_seconds(v: Any) -> float | None:
    if v is False or v == -1:
        return None
    return float(_float_range(0, 300)(v))


def _existing_file(v: Any) -> str:
    s = _str(v)
    try:
        found = not s or Path(s).is_file()
    except OSError as exc:  # a name too long, a folder we may not enter...
        raise ValueError(f"cannot be checked: {exc.strerror or exc}") from None
    if not found:
        raise ValueError(f"file not found: {s}")
    return s


def _dial_prefix(v: Any) -> str:
    s = _str(v)
    if not re.fullmatch(r"[0-9*#]{0,8}", s):  # dialled before numbers: inside SIP URIs
        raise ValueError("must be up to 8 of 0-9, * and #")
    return s


def _language(v: Any) -> str:
    s = _str(v)
    if s not in ("", "fr", "en"):
        raise ValueError("must be fr, en or empty (follow the system)")
    return s


def _ringtone(v: Any) -> str:
    s = _str(v)
    if len(s) > 100 or any(c in s for c in "/\\:") or s.startswith("."):
        raise ValueError("must be the name of a ringtone, not a path")
    return s


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("must be true or false")
    return v


def _log_level(v: Any) -> str:
    s = _str(v).lower()
    if s not in ("debug", "info", "warning", "error"):
        raise ValueError("must be debug, info, warning or error")
    return s


_SCHEMA: dict[str, Any] = {
    "api.url": _url,
    "sip.domain": _host,
    "sip.registrar": _host,
    "sip.transport": _enum(Transport),
    "sip.outbound_proxy": _host,
    "sip.stun": _hosts,
    "sip.srtp": _enum(SrtpPolicy),
    "sip.ca_file": _existing_file,
    "sip.register_timeout_s": _int_range(60, 3600),
    "sip.media_timeout_s": _float_range(5, 600),
    "sip.local_port": _int_range(0, 65535),
    "dialplan.country": _country,
    "dialplan.outside_prefix": _dial_prefix,
    "dialplan.extension_max_digits": _int_range(0, 8),
    "dialplan.number_format": _enum(NumberFormat),
    "calls.auto_answer_s": _optional_seconds,
    "calls.reject_code_when_not_ready": _int_range(400, 699),
    "ui.language": _language,
    "ui.ringtone": _ringtone,
    "ui.start_with_session": _bool,
    "logging.level": _log_level,
    "updates.channel": _enum(UpdateChannel),
}
# settings an operator may set for themself (unless IT locks them)
USER_SETTABLE = frozenset(
    {
        "calls.auto_answer_s",
        "ui.language",
        "ui.ringtone",
        "ui.start_with_session",
        "updates.channel",
    }
)


def _flatten(data: dict[str, Any], source: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, values in data.items():
        if section == "policy":
            continue
        if not isinstance(values, dict):
            raise ConfigError(source, section, "must be a [section]")
        for key, value in values.items():
            flat[f"{section}.{key}"] = value
    return flat


def _validate(flat: dict[str, Any], source: str) -> dict[str, Any]:
    parsed = {}
    for key, value in flat.items():
        parser = _SCHEMA.get(key)
        if parser is None:
            raise ConfigError(source, key, "unknown setting")
        try:
            parsed[key] = parser(value)
        except ValueError as exc:
            raise ConfigError(source, key, str(exc)) from None
    return parsed


def read_provisioning(path: Path) -> tuple[dict[str, Any], frozenset[str]]:
    """Parse and validate one provisioning file; a missing file is an empty provisioning."""
    source = str(path)
    try:
        # utf-8-sig: Windows Notepad may save the file with a byte-order mark
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}, frozenset()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, "-", f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "-", f"is not valid TOML: {exc}") from None
    except RecursionError:  # arrays or inline tables nested a thousand deep
        raise ConfigError(source, "-", "is not valid TOML: nested too deep") from None
    policy = data.get("policy", {})
    locked = policy.get("locked", []) if isinstance(policy, dict) else None
    if not isinstance(locked, list) or not all(isinstance(k, str) for k in locked):
        raise ConfigError(source, "policy.locked", "must be a list of setting names")
    for key in locked:
        if key not in _SCHEMA:
            raise ConfigError(source, "policy.locked", f"unknown setting {key}")
    return _validate(_flatten(data, source), source), frozenset(locked)


def read_preferences(path: Path) -> dict[str, Any]:
    """The operator's own settings; a broken file is set aside, never fatal."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        prefs = {k: v for k, v in data.items() if k in USER_SETTABLE}
        return _validate(prefs, str(path))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, ConfigError) as exc:
        log.warning("ignoring preferences %s: %s", path, exc)
        return {}


def write_preferences(path: Path, values: dict[str, Any]) -> None:
    """Merge `values` into the operator's preferences file, atomically. Only user-settable
    keys, validated like a read; `calls.auto_answer_s: None` (off) is stored as false."""
    unknown = set(values) - USER_SETTABLE
    if unknown:
        raise ConfigError(str(path), ", ".join(sorted(unknown)), "not a user setting")
    encoded = {
        k: (False if k == "calls.auto_answer_s" and v is None else v) for k, v in values.items()
    }
    _validate(encoded, str(path))
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(current, dict):
            current = {}
    except (OSError, ValueError):
        current = {}  # missing or broken: read_preferences set it aside already
    current.update(encoded)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(str(path), "-", f"cannot be written: {exc}") from None


def build(
    provisioned: dict[str, Any], locked: frozenset[str], prefs: dict[str, Any], source: str
) -> Config:
    values = dict(provisioned)
    for key, value in prefs.items():
        if key not in locked:
            values[key] = value

    def pick(prefix: str) -> dict[str, Any]:
        return {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(prefix + ".")}

    return Config(
        api_url=values.get("api.url", ""),
        sip=SipConfig(**pick("sip")),
        dial_plan=DialPlan(
            **{("sip_domain" if k == "domain" else k): v for k, v in pick("dialplan").items()},
            sip_domain=values.get("sip.domain", ""),
        ),
        calls=CallsConfig(**pick("calls")),
        ui=UiConfig(**pick("ui")),
        log_level=values.get("logging.level", "info"),
        locked=locked,
        source=source,
        updates=UpdatesConfig(**pick("updates")),
    )


def load(provisioning: Path | None = None, preferences: Path | None = None) -> Config:
    path = provisioning or Path(os.environ.get(ENV_PROVISIONING, "") or default_provisioning_path())
    provisioned, locked = read_provisioning(path)
    prefs = read_preferences(preferences) if preferences else {}
    return build(provisioned, locked, prefs, str(path) if provisioned else "defaults")
