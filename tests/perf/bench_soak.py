"""Soak benchmark: 1,000 calls in a row against the real desk, memory and fds sampled.

    python -m tests.perf.bench_soak                # 1,000 calls (about 15 minutes)
    python -m tests.perf.bench_soak --calls 300    # a shorter run
    HOMEAGENT_SOAK_MEMPROBE=1 python -m tests.perf.bench_soak --calls 300
        # also prints where the GUI's memory grew from call 100 (tests/perf/memprobe.py:
        # tracemalloc, gc types, QObjects, malloc, SQLite); slow, its RSS is not the target's
        # (=light: no tracemalloc, only malloc, mappings, SQLite, gc types and QObjects)

tests/harden/soak_rig.py does the work (the real desk in this process on offscreen Qt, its
engine subprocess, the reference API, Kamailio, SIPp customers and a SIPp transfer target):
calls in a fixed mix of answered (with a ticket), rejected, cancelled while ringing,
blind-transferred and held, each through the window's buttons. Every 10 calls: VmRSS and open
fds of the GUI (this process; it also holds the small bench harness) and of the engine, and
the outbox backlog.

Reported: successes per kind and the failures' reasons, engine crashes and restarts, the
least-squares slopes of RSS (MB per 100 calls) and fds (per 100 calls) from call 100 on, the
RSS growth from call 100 to the end (target < 5 MB, GUI + engine), the GUI thread's lag (a
10 ms timer: worst, p99), the outbox at the end, and wall time per call. Printed, never
asserted. Results: tests/perf/out/bench_soak.json (+ history/), the plot bench_soak.svg
(RSS and fds against calls), work files and outcomes.jsonl under out/work/bench_soak.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import faulthandler
import logging
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.harden.soak_rig import KINDS, SoakParams, SoakRig, soak_stack
from tests.integration.rig import keyring_rig
from tests.perf import support
from tests.perf.support import fmt

NAME = "bench_soak"
log = logging.getLogger("tests.perf.bench_soak")
TARGET_GROWTH_MB = 5.0


def progress(done: int, rig: SoakRig) -> None:
    if done % 50 and done != rig.params.calls:
        return
    s = rig.samples[-1]
    failed = sum(rig.failed.values())
    elapsed = time.monotonic() - rig._t0
    print(
        f"[{NAME}] {done} calls, {failed} failed, {elapsed:.0f} s; GUI {fmt(s.gui_rss_mb)} MB "
        f"{s.gui_fds} fds, engine {fmt(s.engine_rss_mb)} MB {s.engine_fds} fds, outbox "
        f"{s.outbox_pending}",
        flush=True,
    )


def run(params: SoakParams) -> dict[str, Any]:
    root = support.OUT_DIR / "work" / NAME
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": support.stamp(),
        "host": support.host_info(),
        "errors": {},
        "workdir": str(root),
    }
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    try:
        with support.sigterm_as_exit(), soak_stack(root, params) as rig:
            print(f"[{NAME}] signed in, Available; {params.calls} calls ...", flush=True)
            try:
                rig.run(progress)
            except Exception as exc:  # a broken rig, not a failed call: those are recorded
                log.exception("soak failed")
                results["errors"]["soak"] = f"{type(exc).__name__}: {exc}"
            results["outbox"] = rig.drain_outbox()
            results["target"] = rig.stop_target()
            results.update(rig.report())
    except Exception as exc:
        log.exception("soak set-up failed")
        results["errors"]["setup"] = f"{type(exc).__name__}: {exc}"
    del qapp
    results["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = evaluate(results)
    return results


def evaluate(r: dict[str, Any]) -> list[dict[str, Any]]:
    mem = r.get("memory") or {}
    growth = None
    if mem.get("gui_rss_mb_growth") is not None and mem.get("engine_rss_mb_growth") is not None:
        growth = round(mem["gui_rss_mb_growth"] + mem["engine_rss_mb_growth"], 2)
    failed = sum((r.get("failed") or {}).values())
    out = [
        {
            "target": "engine crashes",
            "wanted": "0",
            "measured": fmt(r.get("engine_crashes")),
            "verdict": "met" if r.get("engine_crashes") == 0 else "MISSED",
        },
        {
            "target": "failed calls",
            "wanted": "0",
            "measured": str(failed),
            "verdict": "met" if failed == 0 and r.get("calls_done") else "MISSED",
        },
        {
            "target": f"RSS growth, call {r.get('settle_calls')} -> end (GUI + engine)",
            "wanted": f"< {TARGET_GROWTH_MB} MB",
            "measured": f"{fmt(growth, 2)} MB",
            "verdict": "met" if growth is not None and growth < TARGET_GROWTH_MB else "MISSED",
        },
        {
            "target": "outbox at the end",
            "wanted": "0 pending, 0 parked",
            "measured": f"{(r.get('outbox') or {}).get('pending')} pending, "
            f"{(r.get('outbox') or {}).get('parked')} parked",
            "verdict": "met"
            if (r.get("outbox") or {}).get("pending") == 0
            and (r.get("outbox") or {}).get("parked") == 0
            else "MISSED",
        },
    ]
    return out


def render(r: dict[str, Any]) -> str:
    p = r.get("params") or {}
    lines = [
        f"soak: {r.get('calls_done')} calls in {fmt(r.get('soak_s'))} s "
        f"({fmt(r.get('s_per_call'), 2)} s per call, talk {p.get('talk_s')} s, gap "
        f"{p.get('gap_s')} s); loadavg at start {r['host'].get('loadavg_at_start')}, "
        f"at end {r.get('loadavg_at_end')}",
        "",
    ]
    ok, failed, desk_s = r.get("ok") or {}, r.get("failed") or {}, r.get("desk_s_mean") or {}
    rows = [[k, str(ok.get(k, 0)), str(failed.get(k, 0)), fmt(desk_s.get(k), 2)] for k in KINDS]
    rows.append(["all", str(sum(ok.values())), str(sum(failed.values())), ""])
    lines.append(support.format_table(["calls", "ok", "failed", "desk s/call"], rows))
    for f in (r.get("failures") or [])[:10]:
        lines.append(f"  call {f['i']} {f['kind']}: {f['reason'][:200]}")
    lines.append("")
    lines.append(
        f"engine: {r.get('engine_crashes')} crashes, {r.get('engine_restarts')} restarts, "
        f"pids {r.get('engine_pids')}"
    )
    mem = r.get("memory") or {}
    settle = r.get("settle_calls")
    mrows = []
    for key, unit in (
        ("gui_rss_mb", "MB"),
        ("engine_rss_mb", "MB"),
        ("gui_fds", "fds"),
        ("engine_fds", "fds"),
    ):
        mrows.append(
            [
                key.replace("_mb", "").replace("_", " "),
                fmt(mem.get(f"{key}_at_start")),
                fmt(mem.get(f"{key}_at_settle")),
                fmt(mem.get(f"{key}_at_end")),
                fmt(mem.get(f"{key}_growth"), 2),
                f"{fmt(mem.get(f'{key}_slope_per_100'), 3)} {unit}",
            ]
        )
    mrows.append(
        [
            "GUI + engine RSS",
            "",
            "",
            "",
            fmt(mem.get("sum_rss_mb_growth"), 2),
            f"{fmt(mem.get('sum_rss_mb_slope_per_100'), 3)} MB",
        ]
    )
    lines.append(
        support.format_table(
            ["", "start", f"call {settle}", "end", f"growth {settle}->end", "slope /100 calls"],
            mrows,
        )
    )
    st = r.get("stalls") or {}
    lines.append("")
    lines.append(
        f"GUI lag ({st.get('probe_ms')} ms timer, {st.get('ticks')} ticks): worst "
        f"{fmt(st.get('max_ms'))} ms, p50 {st.get('p50_ms')} ms, p99 {st.get('p99_ms')} ms, "
        f"p99.9 {st.get('p999_ms')} ms, {st.get('over_50ms')} ticks > 50 ms, "
        f"{st.get('over_16ms')} > 16 ms; GC max {fmt(st.get('gc_max_ms'))} ms"
    )
    for w in (st.get("worst") or [])[:2]:
        if w.get("stack"):  # the soak's probe samples no stacks (see soak_rig.LagProbe)
            lines.append(f"  {w['ms']} ms:")
            lines += [f"      {frame}" for frame in w["stack"][-8:]]
    ob = r.get("outbox") or {}
    lines.append(
        f"outbox: {ob.get('pending')} pending, {ob.get('parked')} parked after "
        f"{ob.get('drain_s')} s; {ob.get('submitted')} wrap-ups submitted, "
        f"{ob.get('interactions_at_server')} interactions and {ob.get('tickets_at_server')} "
        f"tickets at the server; transfer target answered "
        f"{(r.get('target') or {}).get('target_calls_ok')} calls"
    )
    lines += support.report_tail(r)
    return "\n".join(lines)


def svg_plot(r: dict[str, Any], path: Path) -> Path:
    """RSS (MB, left) and open fds (right) against calls, as a small SVG (no plotting
    dependency), one panel each."""
    samples = r.get("samples") or []
    w, h, left, right, top, bottom, gap = 900, 520, 60, 20, 24, 40, 50
    panel_h = (h - top - bottom - gap) / 2
    x_max = max((s["call"] for s in samples), default=1) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
    ]
    panels = (
        ("RSS (MB)", (("gui_rss_mb", "GUI", "#1f77b4"), ("engine_rss_mb", "engine", "#d62728"))),
        ("open fds", (("gui_fds", "GUI", "#1f77b4"), ("engine_fds", "engine", "#d62728"))),
    )
    for k, (ylabel, series) in enumerate(panels):
        y0 = top + k * (panel_h + gap)
        values = [s[key] for key, _, _ in series for s in samples if s.get(key) is not None]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        pad = max(1.0, (hi - lo) * 0.1)
        lo, hi = max(0.0, lo - pad), hi + pad

        def xy(x: float, y: float, y0: float = y0, lo: float = lo, hi: float = hi) -> str:
            px = left + (w - left - right) * x / x_max
            py = y0 + panel_h - panel_h * (y - lo) / (hi - lo)
            return f"{px:.1f},{py:.1f}"

        for i in range(5):
            v = lo + (hi - lo) * i / 4
            _, py = xy(0, v).split(",")
            out.append(
                f'<line x1="{left}" x2="{w - right}" y1="{py}" y2="{py}" stroke="#ddd"/>'
                f'<text x="{left - 6}" y="{float(py) + 4:.1f}" text-anchor="end">{v:.0f}</text>'
            )
        mid = y0 + panel_h / 2
        out.append(
            f'<text x="14" y="{mid:.1f}" transform="rotate(-90 14 {mid:.1f})" '
            f'text-anchor="middle">{ylabel}</text>'
        )
        for j, (key, label, colour) in enumerate(series):
            pts = " ".join(xy(s["call"], s[key]) for s in samples if s.get(key) is not None)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}"/>')
            out.append(
                f'<text x="{left + 10 + 90 * j}" y="{y0 + 12:.1f}" fill="{colour}">{label}</text>'
            )
    step = max(10, (x_max // 10) // 10 * 10)
    for x in range(0, x_max + 1, step):
        px = left + (w - left - right) * x / x_max
        out.append(f'<text x="{px:.1f}" y="{h - bottom + 16}" text-anchor="middle">{x}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 6}" text-anchor="middle">calls</text>')
    out.append("</svg>")
    svg = path.with_suffix(".svg")
    svg.write_text("\n".join(out) + "\n")
    return svg


def plot(r: dict[str, Any], path: Path) -> str:
    if not r.get("samples"):
        return "no plot: no samples"
    return f"plot: {svg_plot(r, path)}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.perf.bench_soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--talk-s", type=float, help="talk time of answered calls (default 0.6)")
    ap.add_argument("--gap-s", type=float, help="idle between calls (default 0.15)")
    args = ap.parse_args(argv)
    if not keyring_rig.available():
        print("needs dbus-daemon and gnome-keyring-daemon (the real keyring rig)")
        return 2
    params = SoakParams(calls=args.calls, settle_calls=min(100, max(10, args.calls // 4)))
    if args.talk_s is not None:
        params = replace(params, talk_s=args.talk_s)
    if args.gap_s is not None:
        params = replace(params, gap_s=args.gap_s)
    # a crash of the GUI (this process) leaves every thread's Python stack here
    crash_file = (support.OUT_DIR / f"{NAME}.crash.txt").open("w")
    faulthandler.enable(crash_file, all_threads=True)
    handler = logging.FileHandler(support.OUT_DIR / f"{NAME}.log", mode="w")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("tests").addHandler(handler)
    try:
        return support.run_and_report(NAME, lambda: run(params), render, plot)
    finally:
        logging.getLogger("tests").removeHandler(handler)
        handler.close()
        faulthandler.disable()
        crash_file.close()


if __name__ == "__main__":
    raise SystemExit(main())
