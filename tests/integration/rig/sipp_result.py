"""What a SIPp run left behind, parsed: call counts, SIP message trace, <log> lines, RTTs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TRACE_SEP_RE = re.compile(r"^-{47}(?: \S+ \S+)?\n", re.MULTILINE)
_TRACE_HEAD_RE = re.compile(r"^(?P<transport>\S+) message (?P<dir>sent|received)\b")


@dataclass(frozen=True)
class TraceMessage:
    """One SIP message from SIPp's -trace_msg log."""

    direction: str  # "sent" or "received"
    transport: str
    text: str

    @property
    def first_line(self) -> str:
        return self.text.split("\r\n", 1)[0].split("\n", 1)[0].strip()

    @property
    def status(self) -> int | None:
        """Status code if this is a response."""
        parts = self.first_line.split(" ", 2)
        if parts[0] == "SIP/2.0" and len(parts) > 1 and parts[1].isdigit():
            return int(parts[1])
        return None

    @property
    def method(self) -> str | None:
        """Method if this is a request."""
        return None if self.status is not None else self.first_line.split(" ", 1)[0]

    def header(self, name: str) -> str | None:
        """First value of header `name` (case-insensitive), or None."""
        prefix = name.lower() + ":"
        for line in self.text.splitlines():
            if line.lower().startswith(prefix):
                return line.split(":", 1)[1].strip()
            if not line.strip():
                break
        return None


@dataclass(frozen=True)
class SippResult:
    returncode: int
    stdout: str
    stderr: str
    successful: int
    failed: int
    timed_out: bool  # the watchdog had to stop it, or SIPp's -timeout ended it with no call
    local_port: int
    workdir: Path
    command: tuple[str, ...]
    message_log: Path | None = None
    error_log: Path | None = None
    log_file: Path | None = None  # output of the scenario's <log> actions
    stat_file: Path | None = None
    rtt_file: Path | None = None
    screen_file: Path | None = None
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        """Every call succeeded, at least one ran, and nothing had to be forced."""
        return (
            self.returncode == 0 and self.failed == 0 and self.successful > 0
            and not self.timed_out
        )  # fmt: skip

    def messages_text(self) -> str:
        return read_text(self.message_log)

    def errors_text(self) -> str:
        return read_text(self.error_log)

    def messages(self) -> list[TraceMessage]:
        """Every SIP message SIPp sent or received, in order."""
        found: list[TraceMessage] = []
        for chunk in _TRACE_SEP_RE.split(self.messages_text()):
            head, _, body = chunk.partition("\n")
            match = _TRACE_HEAD_RE.match(head)
            if match:
                found.append(TraceMessage(match["dir"], match["transport"], body.strip("\n")))
        return found

    def received(self) -> list[TraceMessage]:
        return [m for m in self.messages() if m.direction == "received"]

    def log_lines(self) -> list[str]:
        """Lines written by the scenario's <log> actions."""
        return [line for line in read_text(self.log_file).splitlines() if line.strip()]

    def events(self) -> list[dict[str, str]]:
        """<log> lines of the form `event=... key=value ...`, parsed into dicts."""
        parsed: list[dict[str, str]] = []
        for line in self.log_lines():
            pairs = dict(p.split("=", 1) for p in line.split() if "=" in p)
            if "event" in pairs:
                parsed.append(pairs)
        return parsed

    def rtt(self) -> dict[str, list[float]]:
        """Response times in ms per rtd name (needs rtt=True), see read_rtt()."""
        return read_rtt(self.rtt_file)

    def describe(self) -> str:
        """A summary for assertion messages."""
        return (
            f"sipp rc={self.returncode} ok={self.successful} failed={self.failed} "
            f"timed_out={self.timed_out} workdir={self.workdir}\n"
            f"stderr: {self.stderr[-1500:]}\nerrors: {self.errors_text()[-1500:]}"
        )


def read_rtt(rtt_file: Path | None) -> dict[str, list[float]]:
    """Parse SIPp's `*_rtt.csv` (`-trace_rtt -rtt_freq 1`): rtd name -> response times in ms."""
    times: dict[str, list[float]] = {}
    lines = read_text(rtt_file).splitlines()
    for line in lines[1:]:  # first line is the header: Date_ms;response_time_ms;rtd_no
        cols = line.strip().split(";")
        if len(cols) >= 3 and cols[1]:
            times.setdefault(cols[2], []).append(float(cols[1]))
    return times


def read_text(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def parse_stats(stat_file: Path | None, screen: str) -> tuple[int, int]:
    """(successful, failed) cumulative calls from the -trace_stat CSV, else from the screen."""
    lines = [line for line in read_text(stat_file).splitlines() if line.strip()]
    if len(lines) >= 2:
        header, last = lines[0].split(";"), lines[-1].split(";")
        try:
            ok_i, fail_i = header.index("SuccessfulCall(C)"), header.index("FailedCall(C)")
            return int(last[ok_i]), int(last[fail_i])
        except (ValueError, IndexError):
            pass
    ok = re.findall(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", screen)
    failed = re.findall(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", screen)
    return (int(ok[-1]) if ok else 0, int(failed[-1]) if failed else 0)
