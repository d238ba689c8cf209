"""Help > Export diagnostics: one zip that IT can read, with nothing secret or personal in it.

Inside: the logs (scrubbed again: secrets, phone numbers, e-mail addresses, caller names),
the effective configuration (anything secret-looking masked), versions, the last pre-shift
report and the engine's statistics when given. Never the database, the keyring or the
preferences file as such. Blocking file work: call `export` on the IO pool.
"""

from __future__ import annotations

import importlib.metadata
import json
import platform
import re
import sys
import zipfile
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from homeagent import __version__, config
from homeagent.domain.redact import redact

LOG_TAIL_BYTES = 5_000_000  # per log file: the newest part
_SECRET_KEY = re.compile(r"(?i)pass|secret|token|key|credential|auth")
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@")

# beyond domain.redact (which the log formatter applies already): shapes of customer data
_SCRUB: tuple[tuple[re.Pattern[str], str], ...] = (
    # unquoted display names in SIP identity headers: `From: Jeanne Martin <sip:...>`
    (
        re.compile(
            r"(?im)^((?:from|to|contact|p-asserted-identity|remote-party-id|[ftm])[ \t]*:[ \t]*)"
            r"[^<\r\n\"]+(?=<)"
        ),
        r"\1<name> ",
    ),
    # a name written before a SIP/tel address anywhere else: up to three words go
    (re.compile(r"(?:[^\s<>\":]+[ \t]){1,3}(?=<(?:sips?|tel):)"), "<name> "),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}"), "<email>"),
    # bare phone numbers: 8 to 15 digits, with optional +, spaces, dots, dashes, brackets
    (re.compile(r"(?<![\w:.-])\+?\(?\d(?:[ .\-()]{0,2}\d){7,14}(?![\w.:-])"), "<number>"),
)
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")


def scrub(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    """redact() and then customer data, line by line; a log line's own timestamp is kept."""
    text = redact(text, extra_secrets)
    out = []
    for line in text.splitlines(keepends=True):
        stamp = _TIMESTAMP.match(line)
        head, body = (line[: stamp.end()], line[stamp.end() :]) if stamp else ("", line)
        for pattern, replacement in _SCRUB:
            body = pattern.sub(replacement, body)
        out.append(head + body)
    return "".join(out)


@dataclass(frozen=True)
class DiagnosticsSources:
    cfg: config.Config
    log_dir: Path | None  # the folder holding homeagent.log and its rotations
    data_dir: Path  # preshift/last.json is read from here; nothing else in it is
    engine_stats: dict[str, Any] | None = None
    extra_secrets: tuple[str, ...] = ()  # literal secrets to scrub (SIP password, tokens)
    qt_version: str = ""  # the GUI passes qVersion(); else the PySide6 distribution's


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_plain(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    return value


def _mask(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, key) for v in value]
    if isinstance(value, str):
        if value and _SECRET_KEY.search(key) and not key.endswith(("_file", "_s")):
            return "********"
        return _URL_USERINFO.sub(r"\1********@", value)
    return value


def effective_config(cfg: config.Config) -> dict[str, Any]:
    """The configuration as JSON-able data, anything secret-looking masked."""
    data = _plain(cfg)
    data["locked"] = sorted(cfg.locked)
    masked: dict[str, Any] = _mask(data)
    return masked


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def versions(qt_version: str = "") -> dict[str, str]:
    qt = qt_version
    core = sys.modules.get("PySide6.QtCore")
    if not qt and core is not None:
        qt = str(core.qVersion())
    return {
        "homeagent": __version__,
        "python": platform.python_version(),
        "frozen": str(bool(getattr(sys, "frozen", False))),
        "os": platform.platform(),
        "machine": platform.machine(),
        "qt": qt or "not loaded",
        "pyside6": _dist_version("PySide6-Essentials"),
        "pjsua2": _dist_version("pjsua2-python"),
        "keyring": _dist_version("keyring"),
        "requests": _dist_version("requests"),
        "miniaudio": _dist_version("miniaudio"),
    }


def _log_files(log_dir: Path | None) -> list[Path]:
    if log_dir is None or not log_dir.is_dir():
        return []
    return sorted(p for p in log_dir.glob("homeagent.log*") if p.is_file() and p.suffix != ".db")


def _tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    with path.open("rb") as f:
        size = f.seek(0, 2)
        f.seek(max(0, size - limit))
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    if size > limit:
        text = "[... older lines cut ...]\n" + text.split("\n", 1)[-1]
    return text


_README = """HomeAgent diagnostics, exported {when}

versions.json      HomeAgent, Python, Qt, PJSIP, OS
config.json        effective configuration (provisioning + preferences), secrets masked
logs/              the application's logs, newest {limit} MB of each file, with passwords,
                   tokens, digest responses, SRTP keys, phone numbers, e-mail addresses and
                   callers' names replaced by <redacted>, <number>, <email>, <name>
preshift.json      the last pre-shift check report (if one was run)
engine-stats.json  the SIP engine's figures at export time (if available)

Not included: the local database (customers, drafts, history, outbox), the keyring, the
operator's password or tokens.
"""


def export(dest: Path, sources: DiagnosticsSources) -> Path:
    """Write the zip to `dest` (atomically) and return it. Blocking: run it on the pool."""
    secrets = sources.extra_secrets
    members: dict[str, str] = {
        "README.txt": _README.format(
            when=datetime.now(UTC).isoformat(timespec="seconds"), limit=LOG_TAIL_BYTES // 10**6
        ),
        "versions.json": json.dumps(versions(sources.qt_version), indent=2),
        "config.json": scrub(
            json.dumps(effective_config(sources.cfg), indent=2, ensure_ascii=False), secrets
        ),
    }
    for path in _log_files(sources.log_dir):
        members[f"logs/{path.name}"] = scrub(_tail(path), secrets)
    preshift = sources.data_dir / "preshift" / "last.json"
    if preshift.is_file():
        members["preshift.json"] = scrub(_tail(preshift, 1_000_000), secrets)
    if sources.engine_stats is not None:
        text = json.dumps(_plain(sources.engine_stats), indent=2, default=str)
        members["engine-stats.json"] = scrub(text, secrets)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    tmp.replace(dest)
    return dest


def default_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"homeagent-diagnostics-{stamp}.zip"
