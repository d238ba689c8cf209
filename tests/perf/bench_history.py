"""Call history benchmark: search latency over 50,000 calls, and the GUI thread while the
history panel loads, searches, scrolls and records calls.

    python -m tests.perf.bench_history        # from the repository root; about 30 s

1. Store: 50,000 calls of one operator (plus 5,000 of another) in a fresh SQLite file under
   tests/perf/out/work/bench_history (WAL, the real schema), then `CallHistoryStore.search()`
   timed for typed digits (2-9 digits of real numbers, in national form with spaces), name
   fragments, text that matches nothing (the full scan), and `recent(500)` / `day()`.
2. GUI (offscreen Qt, the real Dispatcher, TaskRunner, TelephonyService fed engine events,
   HistoryService, HistoryViewModel and HistoryPanel): a 5 ms QTimer probe records every gap
   on the GUI thread while the panel opens (first page of 500), the operator types queries
   character by character (90 ms apart, debounced), scrolls the page to the end and back, and
   20 calls ring, are answered and end (each written at ring, answer and end). The longest
   stall is the longest gap minus the probe's 5 ms.

Figures are printed with the targets as text; nothing asserts on timing.
Results: tests/perf/out/bench_history.json (plus out/history/).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.perf import support

NAME = "bench_history"
TARGET_STALL_MS = 50.0
TARGET_SEARCH_P95_MS = 50.0  # the search runs on the IO pool; this bounds how stale a list feels
PROBE_MS = 5
NAMES = (
    "Dupont",
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupuis",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefevre",
    "Faure",
    "Andre",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Garnier",
)


def build(path: Path, calls: int, seed: int) -> list[str]:
    """`calls` calls of alice over ~a year, and 5,000 of bob; returns alice's numbers."""
    from homeagent.domain.work import rfc3339
    from homeagent.store import db

    rnd = random.Random(seed)
    conn = db.connect(path)
    start = datetime.now(UTC) - timedelta(days=365)
    numbers = [f"+33{rnd.choice('1234567')}{rnd.randrange(10**8):08d}" for _ in range(8000)]
    conn.execute("BEGIN")
    for i in range(calls + 5000):
        agent = "alice" if i < calls else "bob"
        at = start + timedelta(seconds=i * 365 * 86400 / calls)
        answered = rnd.random() < 0.85
        talk = rnd.randrange(20, 900)
        conn.execute(
            "INSERT INTO call_history (call_id, agent, direction, remote_number, remote_name,"
            " customer_id, started_at, answered_at, ended_at, end_reason, wrap_up_ended_at,"
            " disposition, ticket_ids, categories) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                f"h{i}",
                agent,
                "inbound" if rnd.random() < 0.8 else "outbound",
                rnd.choice(numbers),
                f"{rnd.choice(NAMES)} {rnd.choice(NAMES)}" if rnd.random() < 0.7 else "",
                "",
                rfc3339(at),
                rfc3339(at + timedelta(seconds=8)) if answered else None,
                rfc3339(at + timedelta(seconds=8 + talk)),
                "remote_hangup" if answered else "cancelled",
                rfc3339(at + timedelta(seconds=38 + talk)) if answered else None,
                "resolved" if answered else "",
                f"T-{i}" if answered and rnd.random() < 0.5 else "",
                rnd.choice(["request", "complaint", "information", "other"]) if answered else "",
            ),
        )
    conn.execute("COMMIT")
    conn.close()
    return numbers


def national(e164: str) -> str:
    digits = "0" + e164[3:]
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def queries(numbers: list[str], rnd: random.Random, count: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"digits": [], "name": [], "no match": []}
    for _ in range(count):
        typed = national(rnd.choice(numbers))
        out["digits"].append(typed[: rnd.randrange(2, len(typed) + 1)])
        name = rnd.choice(NAMES)
        out["name"].append(name[: rnd.randrange(3, len(name) + 1)].lower())
        out["no match"].append(rnd.choice(["zzqx", "09 99 99 99 98", "xylophone"]))
    return out


def bench_store(path: Path, numbers: list[str], params: argparse.Namespace) -> dict[str, Any]:
    from homeagent.store.history import CallHistoryStore

    store = CallHistoryStore(path)
    rnd = random.Random(params.seed + 1)
    out: dict[str, Any] = {"rows": store.count("alice"), "kinds": {}}
    every: list[float] = []
    for kind, texts in queries(numbers, rnd, params.queries).items():
        times, found = [], []
        for text in texts:
            t = time.perf_counter()
            rows = store.search("alice", text, 500)
            times.append((time.perf_counter() - t) * 1000)
            found.append(len(rows))
        every += times
        out["kinds"][kind] = {**support.summarize(times, 2), "rows_mean": sum(found) / len(found)}
    times = []
    for _ in range(params.queries):
        t = time.perf_counter()
        store.recent("alice", 500)
        times.append((time.perf_counter() - t) * 1000)
    out["kinds"]["recent 500"] = support.summarize(times, 2)
    now = datetime.now(UTC)
    times = []
    for _ in range(params.queries):
        t = time.perf_counter()
        store.day("alice", now - timedelta(days=1), now)
        times.append((time.perf_counter() - t) * 1000)
    out["kinds"]["day"] = support.summarize(times, 2)
    out["all_searches"] = support.summarize(every, 2)
    return out


class Probe:
    """A 5 ms QTimer on the GUI thread; every gap between its ticks is a sample."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> dict[str, Any]:
        self.timer.stop()
        gaps = self.gaps
        stalls = [max(0.0, g - PROBE_MS) for g in gaps]
        return {
            "ticks": len(gaps),
            "gap_ms": support.summarize(gaps, 2),
            "longest_stall_ms": round(max(stalls), 2) if stalls else None,
        }

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now


def spin(seconds: float, until: Callable[[], bool] | None = None) -> bool:
    """Run the event loop for `seconds` (or until `until()`); returns whether it held."""
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        QApplication.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.001)
    return until is None


def bench_gui(path: Path, numbers: list[str], params: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from homeagent.domain import sip_messages as m
    from homeagent.domain.call import CallState
    from homeagent.domain.dialplan import DialPlan
    from homeagent.domain.registration import RegFailure, RegState
    from homeagent.domain.sip_account import SipAccount
    from homeagent.services.history import HistoryService
    from homeagent.services.telephony import ACCOUNT_ID, TelephonyService
    from homeagent.store.history import CallHistoryStore
    from homeagent.ui.dispatcher import Dispatcher, QtTimers, TaskRunner
    from homeagent.ui.history_panel import HistoryPanel
    from homeagent.ui.history_vm import HistoryViewModel

    class Engine:
        def send(self, command: Any) -> None:
            pass

    app = QApplication.instance() or QApplication([])
    dispatcher = Dispatcher()
    timers = QtTimers(dispatcher)
    tasks = TaskRunner(dispatcher)
    telephony = TelephonyService(Engine(), timers, DialPlan(country="FR"))
    telephony.sign_in(SipAccount("alice", "pbx.example.test", "pw"))
    telephony.on_engine_event(
        m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200, "OK", RegFailure.NONE, 300)
    )
    history = HistoryService(
        CallHistoryStore(path), tasks, telephony, timers, lambda: datetime.now(UTC)
    )
    history.set_agent("alice")
    probe = Probe()
    out: dict[str, Any] = {}
    try:
        probe.start()
        vm = HistoryViewModel(history)
        panel = HistoryPanel(vm)
        panel.resize(1000, 700)
        panel.show()
        spin(10, lambda: vm.loaded)
        spin(0.3)
        out["open"] = {**probe.stop(), "rows": vm.model.rowCount()}

        rnd = random.Random(params.seed + 2)
        texts = queries(numbers, rnd, params.typed)
        typed = [t for pair in zip(texts["digits"], texts["name"], strict=True) for t in pair]
        probe.start()
        results_seen = 0
        for text in typed:
            panel.search_edit.clear()
            panel.search_edit.setFocus()
            for ch in text:
                QTest.keyClicks(panel.search_edit, ch)
                spin(0.09)
            spin(3, lambda: not vm.busy and vm.query == vm.pending_query)
            results_seen += vm.model.rowCount()
        out["typing"] = {**probe.stop(), "queries": len(typed), "rows_seen": results_seen}

        panel.search_edit.clear()
        vm.set_query("")
        vm.search_now()
        spin(5, lambda: not vm.busy and vm.model.rowCount() >= 500)
        probe.start()
        bar = panel.table.verticalScrollBar()
        for _ in range(3):
            for value in range(bar.minimum(), bar.maximum() + 1, max(1, bar.pageStep())):
                bar.setValue(value)
                spin(0.01)
            QTest.keyClick(panel.table, Qt.Key.Key_Home)
            spin(0.02)
        out["scroll"] = {**probe.stop(), "rows": vm.model.rowCount()}

        probe.start()
        for i in range(params.calls):
            cid = f"bench-{i}"
            number = rnd.choice(numbers)
            telephony.on_engine_event(
                m.IncomingCall(cid, ACCOUNT_ID, f"sip:{number}@x", number, "Bench Caller")
            )
            spin(0.05)
            telephony.answer(cid)
            telephony.on_engine_event(m.CallStateChanged(cid, CallState.ACTIVE, 200, ""))
            spin(0.1)
            telephony.on_engine_event(m.CallStateChanged(cid, CallState.ENDED, 200, ""))
            spin(0.05)
        spin(1.0)
        out["calls"] = {**probe.stop(), "calls": params.calls, "rows": vm.model.rowCount()}
        out["dispatcher_max_batch_ms"] = round(dispatcher.max_batch_s * 1000, 2)
        panel.close()
        vm.close()
        history.close()
    finally:
        tasks.shutdown()
        del app
    return out


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    targets = []
    gui = results.get("gui") or {}
    stalls = [p.get("longest_stall_ms") for p in gui.values() if isinstance(p, dict)]
    worst = max((s for s in stalls if s is not None), default=None)
    targets.append(
        {
            "target": "longest GUI stall, history of 50,000 calls",
            "wanted": f"< {TARGET_STALL_MS:.0f} ms",
            "measured": support.fmt(worst) + " ms",
            "verdict": "-" if worst is None else ("PASS" if worst < TARGET_STALL_MS else "FAIL"),
        }
    )
    p95 = ((results.get("store") or {}).get("all_searches") or {}).get("p95")
    targets.append(
        {
            "target": "search p95 over 50,000 calls (IO pool)",
            "wanted": f"< {TARGET_SEARCH_P95_MS:.0f} ms",
            "measured": support.fmt(p95, 2) + " ms",
            "verdict": "-" if p95 is None else ("PASS" if p95 < TARGET_SEARCH_P95_MS else "FAIL"),
        }
    )
    return targets


def render(results: dict[str, Any]) -> str:
    lines = [f"call history benchmark {results['stamp']} ({results['host']['cpus']} CPUs)"]
    store = results.get("store")
    if store:
        lines.append(f"\nsearch over {store['rows']} calls of one operator, ms (limit 500):")
        rows = [
            [kind, *(support.fmt(d.get(k), 2) for k in ("n", "p50", "p95", "max")),
             support.fmt(d.get("rows_mean"), 0)]
            for kind, d in store["kinds"].items()
        ]  # fmt: skip
        lines.append(support.format_table(["query", "n", "p50", "p95", "max", "rows"], rows))
    gui = results.get("gui")
    if gui:
        lines.append("\nGUI thread (5 ms QTimer probe), ms:")
        rows = []
        for phase in ("open", "typing", "scroll", "calls"):
            d = gui.get(phase) or {}
            gap = d.get("gap_ms") or {}
            rows.append(
                [
                    phase,
                    support.fmt(d.get("ticks")),
                    support.fmt(gap.get("p50"), 2),
                    support.fmt(gap.get("p95"), 2),
                    support.fmt(gap.get("max"), 2),
                    support.fmt(d.get("longest_stall_ms"), 2),
                ]
            )
        lines.append(
            support.format_table(["phase", "ticks", "gap p50", "gap p95", "gap max", "stall"], rows)
        )
        lines.append(f"dispatcher's longest batch: {gui.get('dispatcher_max_batch_ms')} ms")
    lines += support.report_tail(results)
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> str:
    return "no chart for this benchmark (the table says it all)"


def run(params: argparse.Namespace) -> dict[str, Any]:
    workdir = support.OUT_DIR / "work" / NAME
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": support.stamp(),
        "host": support.host_info(),
        "params": vars(params),
        "errors": {},
        "workdir": str(workdir),
    }
    path = workdir / "homeagent.db"
    numbers: list[str] = []
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("build", lambda: numbers.extend(build(path, params.calls_stored, params.seed))),
        ("store", lambda: bench_store(path, numbers, params)),
        ("gui", lambda: bench_gui(path, numbers, params)),
    ]
    with support.sigterm_as_exit():
        for name, step in steps:
            print(f"[{NAME}] {name} ...", flush=True)
            started = time.perf_counter()
            try:
                value = step()
            except Exception as exc:
                results["errors"][name] = f"{type(exc).__name__}: {exc}"
                value = None
            if name != "build":
                results[name] = value
            print(f"[{NAME}] {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    results["targets"] = evaluate(results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.perf.bench_history", description=__doc__)
    ap.add_argument("--calls-stored", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=100, help="timed searches of each kind")
    ap.add_argument("--typed", type=int, default=8, help="digit and name queries typed in the GUI")
    ap.add_argument("--calls", type=int, default=20, help="calls placed while the panel shows")
    ap.add_argument("--seed", type=int, default=11)
    params = ap.parse_args(argv)
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
