"""Install benchmark: the frozen app's start, from process launch to its window on screen.

    python -m tests.perf.bench_install                    # 1 warm-up + 5 timed starts
    python -m tests.perf.bench_install --runs 10 --bundle /opt/homeagent

The PyInstaller bundle (installer/dist/homeagent, built with installer/build_bundle.py when
missing; or --bundle DIR) runs on a private Xvfb server with Qt's xcb platform, exactly as an
operator starts it (not provisioned: the SIP-only softphone; its own data folder). No change
to the app: the window is seen from outside, by polling the X server (`xwininfo`) for a
top-level window titled "HomeAgent..." in the IsViewable map state, i.e. mapped and shown.
Polling adds up to one poll period (reported, ~10-20 ms) to each figure. The first start
warms the disk cache and creates the data folder (like any start after the first); each
timed start then runs with that folder, is measured, and 1.5 s later is ended with SIGTERM
to its process group (the app's ordered shutdown; its exit code is recorded).

Target from the install issue: the frozen app shows its window in under 3 s from a warm
disk cache. Printed, never asserted. Results: tests/perf/out/bench_install.json (+
history/), work files under out/work/bench_install.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.perf import support

NAME = "bench_install"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BUNDLE = REPO_ROOT / "installer" / "dist" / "homeagent"
TARGET_SHOWN_S = 3.0
SETTLE_S = 1.5
TITLE_RE = re.compile(r'^\s+(0x[0-9a-f]+) "(HomeAgent[^"]*)"', re.MULTILINE)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X server; yields its DISPLAY (":N")."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-noreset",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1366x768x24",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        support.stop_process_group(proc)


def viewable_window(display: str) -> str | None:
    """The title of a mapped, viewable top-level HomeAgent window, or None."""
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=env, check=False
    ).stdout
    for window_id, title in TITLE_RE.findall(tree):
        info = subprocess.run(
            ["xwininfo", "-id", window_id], capture_output=True, text=True, env=env, check=False
        ).stdout
        if "Map State: IsViewable" in info:
            return title
    return None


def one_start(executable: Path, display: str, data_dir: Path, timeout_s: float) -> dict[str, Any]:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HOMEAGENT_PROVISIONING": str(data_dir / "no-provisioning.toml"),  # not provisioned
    }
    for key in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORMTHEME"):
        env.pop(key, None)
    log = data_dir / "run.log"
    polls = 0
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(executable), "--data-dir", str(data_dir)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            shown_s = None
            title = None
            while time.perf_counter() - started < timeout_s and proc.poll() is None:
                polls += 1
                title = viewable_window(display)
                if title is not None:
                    shown_s = time.perf_counter() - started
                    break
            poll_ms = (time.perf_counter() - started) / max(polls, 1) * 1000
            exited_early = proc.poll()
            # let it settle before SIGTERM: a signal right as the window appears can land
            # before app.exec() runs, where app.quit() does nothing (see the report)
            time.sleep(SETTLE_S)
        finally:
            support.stop_process_group(proc, grace_s=10.0)
    return {
        "shown_s": None if shown_s is None else round(shown_s, 3),
        "title": title,
        "poll_ms": round(poll_ms, 1),
        "exit_code": proc.returncode,
        "exited_before_window": exited_early,
        "log_tail": log.read_text(errors="replace")[-800:] if shown_s is None else "",
    }


def run(params: argparse.Namespace) -> dict[str, Any]:
    workdir = support.OUT_DIR / "work" / NAME
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": support.stamp(),
        "host": support.host_info(),
        "params": {k: str(v) for k, v in vars(params).items()},
        "errors": {},
        "workdir": str(workdir),
    }
    bundle: Path = params.bundle
    if not (bundle / "homeagent").is_file():
        if params.bundle != DEFAULT_BUNDLE:
            results["errors"]["bundle"] = f"no frozen app in {bundle}"
            return finish(results)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(REPO_ROOT / "installer" / "build_bundle.py")], check=True
        )
        results["build_s"] = round(time.perf_counter() - start, 1)
    results["bundle"] = {"path": str(bundle), "mb": round(folder_size(bundle) / 1e6, 1)}
    data_dir = workdir / "data"
    data_dir.mkdir()
    starts: list[dict[str, Any]] = []
    try:
        with xvfb() as display:
            results["display"] = display
            warm = one_start(bundle / "homeagent", display, data_dir, params.timeout)
            results["warm_up"] = warm
            print(f"warm-up: window after {support.fmt(warm['shown_s'], 3)} s")
            for n in range(params.runs):
                start = one_start(bundle / "homeagent", display, data_dir, params.timeout)
                starts.append(start)
                print(
                    f"start {n + 1}/{params.runs}: window {start['title']!r} after "
                    f"{support.fmt(start['shown_s'], 3)} s (poll {start['poll_ms']} ms, "
                    f"exit {start['exit_code']})"
                )
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        results["errors"]["xvfb"] = f"{type(exc).__name__}: {exc}"
    results["starts"] = starts
    missing = [s for s in starts if s["shown_s"] is None]
    if missing:
        results["errors"]["window"] = f"{len(missing)} start(s) showed no window: " + (
            missing[0]["log_tail"] or "no output"
        )
    bad_exit = [s["exit_code"] for s in starts if s["exit_code"] not in (0, None)]
    if bad_exit:
        results["errors"]["exit"] = f"exit codes after SIGTERM: {bad_exit}"
    return finish(results)


def finish(results: dict[str, Any]) -> dict[str, Any]:
    shown = [s["shown_s"] for s in results.get("starts", []) if s["shown_s"] is not None]
    results["shown_s"] = support.summarize(shown)
    median = support.percentile(shown, 50)
    worst = max(shown) if shown else None
    results["targets"] = [
        {
            "target": "window shown, warm cache (median / max)",
            "wanted": f"< {TARGET_SHOWN_S:g} s",
            "measured": f"{support.fmt(median, 2)} / {support.fmt(worst, 2)} s",
            "verdict": "-" if worst is None else ("PASS" if worst < TARGET_SHOWN_S else "FAIL"),
        }
    ]
    return results


def render(results: dict[str, Any]) -> str:
    bundle = results.get("bundle", {})
    lines = [
        f"frozen app: {bundle.get('path', '-')} ({support.fmt(bundle.get('mb'))} MB)",
        f"X server: Xvfb {results.get('display', '-')}, Qt xcb; launch -> HomeAgent window "
        "IsViewable (xwininfo polling)",
        "",
        support.format_table(
            ["start", "window shown s", "poll ms", "exit"],
            [
                [
                    str(n + 1),
                    support.fmt(s["shown_s"], 3),
                    support.fmt(s["poll_ms"]),
                    str(s["exit_code"]),
                ]
                for n, s in enumerate(results.get("starts", []))
            ],
            align="rrrr",
        ),
        "",
    ]
    for name, error in results.get("errors", {}).items():
        lines.append(f"ERROR {name}: {error}")
    lines.append(support.targets_table(results["targets"]))
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> str:
    return "no chart for this benchmark (the table says it all)"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.perf.bench_install", description=__doc__)
    ap.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the one-folder bundle")
    ap.add_argument("--runs", type=int, default=5, help="timed starts after the warm-up")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a window")
    params = ap.parse_args(argv)
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        print("needs Xvfb and xwininfo (apt: xvfb x11-utils)", file=sys.stderr)
        return 2
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
