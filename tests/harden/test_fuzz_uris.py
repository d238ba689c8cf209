"""`tel:`/`sip:`/`callto:` URIs from the command line and web links, fuzzed.

`dialplan.normalise` (what the dial field does with the text) either returns a clean target
(a SIP URI with no header part, no CR/LF, no markup, ASCII only) or raises NumberError with a
known code; `app.parse_args` either accepts one target or exits with argparse's message. Then
the real CLI runs as a subprocess with nasty URIs: with no instance running it starts
normally (and shuts down cleanly on SIGTERM); with one running, the launch hands over and
exits, and the running one stays up.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeagent.app import parse_args
from homeagent.domain.dialplan import DialPlan, NumberFormat, normalise
from homeagent.domain.errors import NumberError

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CODES = {"empty", "malformed", "not_a_number", "impossible_number", "no_domain", "bad_sip_uri"}
CLEAN_URI = re.compile(
    r"sip:[A-Za-z0-9\-_.!~*'()&=+$,/%#]+@(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(:[0-9]{1,5})?"
)
PLANS = st.builds(
    DialPlan,
    country=st.sampled_from(["FR", "BE", "US", "GB", "ZZ"]),
    sip_domain=st.sampled_from(["sip.example.com", "10.0.0.1:5060", ""]),
    outside_prefix=st.sampled_from(["", "0", "9"]),
    extension_max_digits=st.integers(0, 8),
    number_format=st.sampled_from(list(NumberFormat)),
)

NASTY = [
    "<script>alert(1)</script>",
    "\r\nX-Injected: 1",
    "%0D%0AX-Injected:%201",
    "%250D%250A",
    "\x00",
    " ",
    "\u202e",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\uff10\uff11\uff12",  # fullwidth digits
    "\u00b2\u00b3",  # superscripts: isdigit() but not decimal
    ">",
    '"',
    "?Subject=hi&X-Evil=1",
    ";phone-context=<script>",
    ";user=phone",
    "@evil.example>;lr",
    "@[::1]:5060",
    "@host:\u0661\u0662",
    "9" * 300,
]
number_part = st.one_of(
    st.from_regex(r"\+?[0-9 .()\-/]{1,20}", fullmatch=True),
    st.sampled_from(["+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "123", "alice"]),
    st.text(max_size=20),
)


@st.composite
def near_valid_uris(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["tel:", "TEL:", "sip:", "sips:", "callto:", "callto://", ""]))
    parts = [draw(number_part)]
    for _ in range(draw(st.integers(0, 3))):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(NASTY)))
    text = scheme + "".join(parts)
    if draw(st.booleans()):  # browsers percent-encode some or all of a link
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + "".join(f"%{b:02X}" for b in text[cut:].encode("utf-8", "replace"))
    return text


def _check(text: str, plan: DialPlan) -> None:
    try:
        target = normalise(text, plan)
    except NumberError as exc:
        assert str(exc) in CODES, exc
        return
    uri = target.uri
    assert CLEAN_URI.fullmatch(uri), f"{text!r} -> {uri!r}"
    assert uri.isascii() and "\r" not in uri and "\n" not in uri and "?" not in uri
    assert target.number and all(c not in target.number for c in '<>"\r\n\x00 ')


# Found by this file: Unicode digits went into the URI as they were (sip:١٢٣@...; "²³" too,
# being isdigit()), and a port of Arabic-Indic digits passed the host check (\d is Unicode).
@example("tel:\u00b2\u00b3", DialPlan(sip_domain="sip.example.com"))
@example("\u0661\u0662\u0663", DialPlan(sip_domain="sip.example.com"))
@example("sip:alice@host:\u0661\u0662", DialPlan(sip_domain="sip.example.com"))
@FUZZ
@given(text=near_valid_uris(), plan=PLANS)
def test_near_valid_uris_normalise_cleanly_or_are_refused(text: str, plan: DialPlan) -> None:
    _check(text, plan)


@FUZZ
@given(text=st.text(max_size=300), plan=PLANS)
def test_any_text_normalises_cleanly_or_is_refused(text: str, plan: DialPlan) -> None:
    _check(text, plan)


def test_unicode_decimal_digits_dial_as_ascii() -> None:
    plan = DialPlan(sip_domain="sip.example.com")
    assert normalise("\u0661\u0662\u0663", plan).uri == "sip:123@sip.example.com"
    full = "\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"  # fullwidth 0612345678
    assert normalise(full, plan).uri == "sip:+33612345678@sip.example.com"
    with pytest.raises(NumberError):
        normalise("tel:\u00b2\u00b3", plan)


def test_injections_never_reach_the_uri() -> None:
    plan = DialPlan(sip_domain="sip.example.com")
    assert normalise("tel:1;phone-context=<script>", plan).uri == "sip:1@sip.example.com"
    assert normalise("sip:bob@sip.example.com?Subject=x", plan).uri == "sip:bob@sip.example.com"
    # a trailing (encoded) newline is whitespace around the number, stripped, never sent
    assert normalise("tel:+33612345678%0A", plan).uri == "sip:+33612345678@sip.example.com"
    for text in ("sip:bob@h%0D%0AX-Evil:1", "tel:+336%0D%0A12", "sip:bob@h>;lr", "sip:a b@h"):
        with pytest.raises(NumberError):
            normalise(text, plan)


words = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(["dial", "--demo", "-x", "--", *NASTY])),
    max_size=4,
)


@FUZZ
@given(argv=words)
def test_parse_args_accepts_one_target_or_exits_with_a_message(argv: list[str]) -> None:
    try:
        opts = parse_args(argv)
    except SystemExit as exc:
        assert exc.code in (0, 2)  # --help/--version, or argparse's usage error
        return
    assert opts.dial == "" or opts.dial.strip()


# ---- the real CLI -------------------------------------------------------------------------


class Cli:
    """`python -m homeagent` in its own data dir and TMPDIR (so the single-instance socket
    is private to the test), offscreen, with an empty provisioning."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path
        (tmp_path / "tmp").mkdir()
        self.env = {
            **os.environ,
            "TMPDIR": str(tmp_path / "tmp"),
            "QT_QPA_PLATFORM": "offscreen",
            "HOMEAGENT_PROVISIONING": str(tmp_path / "none.toml"),
        }

    def argv(self, name: str, target: str | bytes) -> list[str | bytes]:
        return [
            sys.executable, "-m", "homeagent", "--data-dir", str(self.root / name),
            "--provisioning", str(self.root / "none.toml"), "dial", target,
        ]  # fmt: skip

    def log(self, name: str) -> str:
        path = self.root / name / "logs" / "homeagent.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def start(self, name: str, target: str | bytes) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            self.argv(name, target), env=self.env, cwd=self.root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 40
        while "engine started" not in self.log(name):
            assert proc.poll() is None, proc.communicate()[1].decode(errors="replace")
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        return proc

    def run(self, name: str, target: str | bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            self.argv(name, target), env=self.env, cwd=self.root, capture_output=True,
            timeout=40, check=False,
        )  # fmt: skip

    def stop(self, proc: subprocess.Popen[bytes], name: str) -> None:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=40)
        text = self.log(name)
        assert proc.returncode == 0, err.decode(errors="replace")
        assert "shutting down" in text
        assert "Traceback" not in text + err.decode(errors="replace")


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    yield Cli(tmp_path)


@pytest.mark.timeout(120)
def test_cli_with_nasty_uris_starts_or_hands_over_cleanly(cli: Cli) -> None:
    first = cli.start("first", "tel:1;phone-context=<script>alert(1)</script>\r\nX-Evil: 1")
    try:
        handed = [
            "sip:bob@evil.example?Subject=x%0D%0AX-Evil:%201",
            "callto://\u202e\u0661\u0662\u0663<b>",
            "tel:" + "9" * 10_000,  # longer than the hand-off frame: dropped with a warning
            "sip:%00@host",
        ]
        for i, target in enumerate(handed):
            done = cli.run(f"second{i}", target)
            assert done.returncode == 0, done.stderr.decode(errors="replace")
            assert b"Traceback" not in done.stderr
            assert "handed over to the running instance" in cli.log(f"second{i}")
        time.sleep(0.5)
        assert first.poll() is None, "the running instance died"
        assert "dropped an oversized message" in cli.log("first")
    finally:
        cli.stop(first, "first")


@pytest.mark.timeout(120)
def test_cli_with_a_non_utf8_uri_and_an_instance_running_fails_clearly(cli: Cli) -> None:
    first = cli.start("first", "tel:0612345678")
    try:
        done = cli.run("second", b"tel:\xff\xfe0612")
        stderr = done.stderr.decode(errors="replace")
        assert b"Traceback" not in done.stderr, stderr
        assert done.returncode == 2 and "not valid" in stderr, stderr
        assert first.poll() is None
    finally:
        cli.stop(first, "first")
