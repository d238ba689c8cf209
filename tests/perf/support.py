"""Shared helpers for the benchmarks: /proc figures, percentiles, SIPp trace timing, output.

Linux only (reads /proc). Nothing here judges timing by asserting: figures are reported and
compared to targets as text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

OUT_DIR = Path(__file__).resolve().parent / "out"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# ---- process figures from /proc --------------------------------------------------------------


def cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a process (all its threads), in seconds; None if it is gone."""
    if pid is None:
        return None
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # the command name is in parentheses and may contain spaces: fields restart after ')'
    fields = text.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLK_TCK


def status_kib(pid: int | None, name: str) -> int | None:
    """A `Vm*` figure of /proc/PID/status in KiB (e.g. VmRSS, VmHWM); None if unavailable."""
    if pid is None:
        return None
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    match = re.search(rf"^{re.escape(name)}:\s+(\d+)\s+kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def mib(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def children_of(pid: int) -> list[int]:
    """Direct children of `pid` (e.g. the program a `timeout` wrapper started)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [int(p) for p in text.split()]


def stop_process_group(proc: subprocess.Popen[Any] | None, grace_s: float = 3.0) -> None:
    """SIGTERM the process group of `proc` (started with start_new_session=True), then SIGKILL
    whatever is left after `grace_s`. Never signals anything outside that group."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(grace_s)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit for the duration, so `finally` blocks clean up."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---- statistics ------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (no interpolation: every figure is a measured sample)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(values: Sequence[float], digits: int = 3) -> dict[str, Any]:
    """n, p50, p95, max and mean of `values` (None figures when empty)."""

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, digits)

    return {
        "n": len(values),
        "p50": r(percentile(values, 50)),
        "p95": r(percentile(values, 95)),
        "max": r(max(values) if values else None),
        "mean": r(sum(values) / len(values) if values else None),
    }


# ---- SIPp message trace with microsecond stamps ----------------------------------------------

_TRACE_SPLIT_RE = re.compile(r"^-{40,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)[ \t]*\n", re.MULTILINE)
_TRACE_HEAD_RE = re.compile(r"^\S+ message (sent|received)\b")


def _header(lines: list[str], *names: str) -> str:
    wanted = {n.lower() for n in names}
    for line in lines[1:]:
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in wanted:
            return value.strip()
    return ""


def invite_response_times_by_call(message_log: Path | None) -> dict[str, dict[str, float]]:
    """From SIPp's -trace_msg log (stamped to the microsecond): per Call-ID, ms from the first
    INVITE sent to the first 180 and the first 200 received for it ({"180": ms, "200": ms};
    a response that never came is missing).

    SIPp's own response-time trace (-trace_rtt) has whole milliseconds only; this uses the
    same reference points (the moments SIPp handled the messages) at a finer resolution."""
    if message_log is None or not message_log.exists():
        return {}
    text = message_log.read_text(encoding="utf-8", errors="replace")
    parts = _TRACE_SPLIT_RE.split(text)
    invite_at: dict[str, float] = {}
    first: dict[str, dict[str, float]] = {}
    # parts: [before, stamp, chunk, stamp, chunk, ...]
    for stamp_text, chunk in zip(parts[1::2], parts[2::2], strict=True):
        head, _, body = chunk.partition("\n")
        match = _TRACE_HEAD_RE.match(head)
        if not match:
            continue
        lines = body.lstrip("\r\n").replace("\r\n", "\n").split("\n")
        first_line = lines[0].strip() if lines else ""
        call_id = _header(lines, "call-id", "i")
        if not call_id or not _header(lines, "cseq").upper().endswith("INVITE"):
            continue
        when = dt.datetime.strptime(stamp_text, "%Y-%m-%d %H:%M:%S.%f").timestamp()
        if match.group(1) == "sent" and first_line.startswith("INVITE "):
            invite_at.setdefault(call_id, when)
        elif match.group(1) == "received" and first_line.startswith("SIP/2.0 "):
            code = first_line.split(" ", 2)[1]
            if code in ("180", "200"):
                first.setdefault(call_id, {}).setdefault(code, when)
    return {
        cid: {code: (at - invite_at[cid]) * 1000 for code, at in codes.items()}
        for cid, codes in first.items()
        if cid in invite_at
    }


def invite_response_times(message_log: Path | None) -> dict[str, list[float]]:
    """{"180": [ms per call], "200": [ms per call]} from invite_response_times_by_call()."""
    by_call = invite_response_times_by_call(message_log)
    return {code: [t[code] for t in by_call.values() if code in t] for code in ("180", "200")}


# ---- output ----------------------------------------------------------------------------------


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A plain-text table; `align` has one letter per column, l or r (default: l then r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if a == "r" else c.ljust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def save_json(name: str, data: dict[str, Any], run_stamp: str) -> Path:
    """Write out/<name>.json (latest) and out/history/<name>-<stamp>.json; return the latest."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, sort_keys=False, default=str) + "\n"
    history = OUT_DIR / "history"
    history.mkdir(exist_ok=True)
    (history / f"{name}-{run_stamp}.json").write_text(text)
    latest = OUT_DIR / f"{name}.json"
    latest.write_text(text)
    return latest


def matplotlib_pyplot() -> Any | None:
    """pyplot with a headless backend, or None when matplotlib is not installed."""
    try:
        matplotlib = importlib.import_module("matplotlib")  # optional: not a dependency
        matplotlib.use("Agg")
        return importlib.import_module("matplotlib.pyplot")
    except ImportError:
        return None


def host_info() -> dict[str, Any]:
    uname = os.uname()
    load = os.getloadavg()
    return {
        "python": sys.version.split()[0],
        "kernel": f"{uname.sysname} {uname.release}",
        "machine": uname.machine,
        "cpus": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def targets_table(targets: list[dict[str, Any]]) -> str:
    """The target / wanted / measured / verdict table every benchmark ends with."""
    return format_table(
        ["target", "wanted", "measured", "verdict"],
        [[c["target"], c["wanted"], c["measured"], c["verdict"]] for c in targets],
        align="llll",
    )


def run_and_report(
    name: str,
    run: Callable[[], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
    plot: Callable[[dict[str, Any], Path], str],
) -> int:
    """What every benchmark's main ends with: run, print, save, chart. Exit 1 on errors."""
    started = time.perf_counter()
    results = run()
    results["total_s"] = round(time.perf_counter() - started, 1)
    print()
    print(render(results))
    path = save_json(name, results, results["stamp"])
    print(f"\nresults: {path}  (history: {path.parent / 'history'})")
    print(plot(results, OUT_DIR / f"{name}.png"))
    print(f"work files: {results['workdir']}; total {results['total_s']} s")
    return 1 if results["errors"] else 0


def report_tail(results: dict[str, Any]) -> list[str]:
    """The lines every report ends with: what was skipped or failed, then the targets."""
    lines = [f"SKIPPED {name}: {why}" for name, why in results.get("skipped", {}).items()]
    lines += [f"ERROR in {name}: {error}" for name, error in results.get("errors", {}).items()]
    lines += ["", "targets (text only, nothing asserts):", targets_table(results["targets"])]
    return lines


def plot_cdf(
    series: dict[str, Sequence[float]],
    path: Path,
    xlabel: str,
    ylabel: str,
    *,
    marks: Sequence[tuple[float, str]] = (),
    title: str = "",
) -> str:
    """A cumulative distribution per series, with dashed target lines; what happened, as text."""
    plt = matplotlib_pyplot()
    if plt is None:
        return "no chart: matplotlib is not installed (optional; not a dependency)"
    fig, ax = plt.subplots(figsize=(8, 4))
    for label, samples in series.items():
        values = sorted(samples)
        if values:
            ax.plot(values, [(i + 1) / len(values) for i in range(len(values))], label=label)
    for x, color in marks:
        ax.axvline(x, color=color, linestyle="--", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return f"chart: {path}"


def fresh_workdir(name: str) -> Path:
    """The benchmark's work folder, emptied: only the latest run's work files are kept."""
    workdir = OUT_DIR / "work" / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    return workdir


def log_to(path: Path) -> logging.Handler:
    """Send every logger's INFO and up to `path` for the run; undo with `unlog`."""
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def unlog(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
