"""Hostile provisioning files, property-based: valid TOML structure with wrong types and
values, unknown keys and sections, huge values, deep tables; and files that are not TOML at
all (random bytes, invalid UTF-8, a byte-order mark, nesting deeper than the parser's stack).

`config.load` either returns a Config (and then every value is the one written, and the dial
plan it makes builds clean SIP URIs) or raises ConfigError naming the file and the key; never
another exception.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeagent import config
from homeagent.domain.dialplan import normalise
from homeagent.domain.errors import ConfigError, NumberError

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# good values per key (what IT writes), each checked to load unchanged
GOOD: dict[str, list[Any]] = {
    "api.url": ["https://api.example.com", "http://127.0.0.1:8080", ""],
    "sip.domain": ["sip.example.com", "10.0.0.1", ""],
    "sip.registrar": ["registrar.example.com:5061", "[::1]:5060", ""],
    "sip.transport": ["udp", "tcp", "tls"],
    "sip.outbound_proxy": ["sbc.example.com:5060", ""],
    "sip.stun": [["stun.example.com:3478"], [], ["a.example", "192.0.2.1:3478"]],
    "sip.srtp": ["off", "optional", "mandatory"],
    "sip.ca_file": [""],
    "sip.register_timeout_s": [60, 300, 3600],
    "sip.media_timeout_s": [5, 30.5, 600],
    "sip.local_port": [0, 5060, 65535],
    "dialplan.country": ["FR", "be", "US"],
    "dialplan.outside_prefix": ["", "0", "9#"],
    "dialplan.extension_max_digits": [0, 5, 8],
    "dialplan.number_format": ["e164", "national"],
    "calls.auto_answer_s": [0, 2.5, 300, False, -1],
    "calls.reject_code_when_not_ready": [400, 480, 699],
    "ui.language": ["", "fr", "en"],
    "ui.ringtone": ["", "classic"],
    "ui.start_with_session": [True, False],
    "logging.level": ["debug", "info", "warning", "error"],
    "updates.channel": ["stable", "beta", "off"],
}

_TEXT = st.text(max_size=40).filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))
HOSTILE_TEXT = st.one_of(
    _TEXT,
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "sip.example.com>;lr?X-Evil=1",
            "a b",
            "\u202eevil",
            "\u0661\u0662",  # Arabic-Indic digits
            "ß",
            "\ufeff",
            "x" * 100_000,
            "/" * 5000,
            "a" * 5000,  # a file name longer than the system allows
            "../../etc/passwd",
            "\x00\x1b[31m",
            "0>;<",
        ]
    ),
)
TOML_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=True, allow_infinity=True),
        HOSTILE_TEXT,
        st.dates(),
        st.datetimes(),
        st.times(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner),
    max_leaves=6,
)
UNKNOWN_KEYS = st.sampled_from(["unknown", "url2", "Domain", "ca-file", "é", "a.b", '"q"', ""])


# ---- a small TOML writer (the standard library only reads TOML) ---------------------------


def _string(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _string(k)


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def toml_document(sections: dict[str, dict[str, Any]]) -> str:
    lines = []
    for section, values in sections.items():
        lines.append(f"[{_key(section)}]")
        lines += [f"{_key(k)} = {toml_value(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


@st.composite
def provisioning(draw: st.DrawFn) -> tuple[dict[str, dict[str, Any]], bool]:
    """(sections, expected valid): every key good or hostile, plus unknown keys/sections and
    a [policy] section; `expected valid` is True only if everything was drawn from GOOD."""
    keys = draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True, max_size=8))
    sections: dict[str, dict[str, Any]] = {}
    all_good = True
    for key in keys:
        section, name = key.split(".", 1)
        if draw(st.integers(0, 2)):  # two times in three, a good value
            value = draw(st.sampled_from(GOOD[key]))
        else:
            value, all_good = draw(TOML_VALUES), False
        sections.setdefault(section, {})[name] = value
    if draw(st.integers(0, 5)) == 0:
        section = draw(st.sampled_from(["sip", "api", "nosuchsection", "ui"]))
        sections.setdefault(section, {})[draw(UNKNOWN_KEYS)] = draw(TOML_VALUES)
        all_good = False
    if draw(st.booleans()):
        locked = draw(
            st.one_of(
                st.lists(st.sampled_from(sorted(GOOD)), max_size=3, unique=True),
                st.lists(TOML_VALUES, max_size=2),
                TOML_VALUES,
            )
        )
        sections["policy"] = {"locked": locked}
        if not (isinstance(locked, list) and all(isinstance(k, str) and k in GOOD for k in locked)):
            all_good = False
    return sections, all_good


def _load(path: Path) -> config.Config | ConfigError:
    try:
        return config.load(path)
    except ConfigError as exc:
        assert exc.source == str(path), exc
        assert exc.key and exc.problem, exc
        assert str(exc).startswith(f"{path}: {exc.key}: ")
        return exc


def _effective(cfg: config.Config, key: str) -> Any:
    section, name = key.split(".", 1)
    if section == "dialplan":
        return getattr(cfg.dial_plan, name)
    if section == "logging":
        return cfg.log_level
    if section == "api":
        return cfg.api_url
    return getattr(getattr(cfg, section), name)


def _check_dial_plan(cfg: config.Config) -> None:
    """What a valid provisioning makes of a number must be a clean SIP URI."""
    plan = cfg.dial_plan
    if not plan.sip_domain:
        plan = type(plan)(**{**plan.__dict__, "sip_domain": "sip.example.com"})
    for text in ("0123456789", "+33612345678", "123"):
        try:
            uri = normalise(text, plan).uri
        except NumberError:
            continue
        assert re.fullmatch(r"sip:[0-9*#+]+@[A-Za-z0-9.\-:\[\]]+", uri), uri


# Found by this file (each a "valid" config before the fix, or another exception):
@example(({"dialplan": {"outside_prefix": "<sip:x>; "}}, False))  # URI injection via prefix
@example(({"sip": {"domain": "sip.example.com>;lr?X-Evil=1"}}, False))  # and via the domain
@example(({"sip": {"ca_file": "a" * 5000}}, False))  # OSError: file name too long
@example(({"dialplan": {"country": "ß"}}, False))  # "ß".upper() == "SS" passed as a country
@FUZZ
@given(drawn=provisioning())
def test_structured_provisioning_loads_or_names_file_and_key(
    tmp_path: Path, drawn: tuple[dict[str, dict[str, Any]], bool]
) -> None:
    sections, all_good = drawn
    path = tmp_path / "provisioning.toml"
    path.write_text(toml_document(sections), encoding="utf-8")
    outcome = _load(path)
    if all_good:
        assert isinstance(outcome, config.Config), f"good values refused: {outcome}"
    if isinstance(outcome, config.Config):
        for section, values in sections.items():
            for name, value in values.items():
                key = f"{section}.{name}"
                if key in GOOD:
                    written = tuple(value) if isinstance(value, list) else value
                    effective = _effective(outcome, key)
                    if key == "dialplan.country":
                        assert effective == value.upper()
                    elif key == "calls.auto_answer_s" and value in (False, -1):
                        assert effective is None
                    else:
                        assert effective == written, key
        _check_dial_plan(outcome)
    else:
        present = {f"{s}.{k}" for s, v in sections.items() for k in v} | set(sections)
        assert outcome.key in present | {"-", "policy.locked"}, outcome


def _nested(depth: int, open_: str, close: str) -> bytes:
    return f"a = {open_ * depth}1{close * depth}\n".encode()


RAW_FILES = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=100).map(lambda b: b"\xef\xbb\xbf" + b),  # BOM, then anything
    st.sampled_from(
        [
            b"\xef\xbb\xbf[sip]\ndomain = 'sip.example.com'\n",  # BOM before valid TOML
            b"\xff\xfe[\x00s\x00i\x00p\x00]\x00",  # UTF-16
            b"[sip]\ndomain = '\xc3\x28'\n",  # invalid UTF-8
            b"[sip]\ndomain = '\xed\xa0\x80'\n",  # an encoded surrogate
            _nested(2000, "[", "]"),  # deeper than the parser's recursion
            b"a = " + b"{b = " * 2000 + b"1" + b"}" * 2000 + b"\n",
            ("[" + ".".join(["t"] * 3000) + "]\nx = 1\n").encode(),  # deep tables
            b"[sip]\ndomain = '" + b"x" * 2_000_000 + b"'\n",
            b"\x00" * 1000,
            b"[[sip]]\ndomain = 'x'\n",  # an array of tables where a table belongs
            b"sip = 3\n",
            b"[policy]\nlocked = [[['ui.language']]]\n",
        ]
    ),
)


@example(_nested(2000, "[", "]"))  # RecursionError out of tomllib before the fix
@settings(FUZZ, max_examples=100)
@given(raw=RAW_FILES)
def test_files_that_are_not_toml_are_a_config_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "provisioning.toml"
    path.write_bytes(raw)
    outcome = _load(path)
    if isinstance(outcome, config.Config):
        _check_dial_plan(outcome)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Windows Notepad may save UTF-8 with a BOM; IT gets the file it wrote, not an error."""
    path = tmp_path / "provisioning.toml"
    path.write_bytes(b"\xef\xbb\xbf[sip]\ndomain = 'sip.example.com'\n")
    assert config.load(path).sip.domain == "sip.example.com"


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[dialplan]\noutside_prefix = '0 9'\n", "dialplan.outside_prefix", "0-9, * and #"),
        ("[sip]\ndomain = 'a.example>;x'\n", "sip.domain", "host[:port]"),
        ("[sip]\nstun = ['stun.example:3478?x']\n", "sip.stun", "host[:port]"),
        ("[dialplan]\ncountry = 'ß'\n", "dialplan.country", "two-letter"),
        (f"[sip]\nca_file = '{'a' * 5000}'\n", "sip.ca_file", "cannot be checked"),
        ("a = " + "[" * 2000 + "]" * 2000 + "\n", "-", "nested too deep"),
    ],
)
def test_pinned_findings_name_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = tmp_path / "provisioning.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert (err.value.key, err.value.source) == (key, str(path))
    assert problem in err.value.problem
