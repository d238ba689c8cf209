"""API-side benchmark: the durable outbox, its drain against the reference server, screen pop.

    python -m tests.perf.bench_api            # from the repository root; about 3-4 minutes

1. Durable enqueue: `Outbox.punch()` and `Outbox.add(ticket, note)` on a fresh SQLite file
   under tests/perf/out/work/bench_api (WAL, synchronous=FULL: one fsync per commit), each
   call timed; the file system holding it is reported (a tmpfs would flatter the fsyncs), with
   the bare fsync latency of that disk for reference.
2. Drain: a 10,000-item backlog enqueued while no server runs, mixed like a day at the desk
   (1,000 punches, 1,000 agent states, 2,000 tickets with 1-3 notes each, call records for the
   rest; the outbox assigns the streams: punches and states are one ordered stream each), then
   `OutboxSender` with the real `ApiClient.deliver` against the reference server
   (`--latency-ms 20`) until nothing is pending. Beside it, "what the server allows": as many
   threads as the sender has workers, each doing back-to-back POST /v1/punches (fresh ids, the
   same ApiClient) for ~10 s. Repeated for 4 (the sender's default), 8 and 16 workers, a fresh
   server and a copy of the same backlog each time. The sender's loop thread is timed inside (a
   proxy in front of the real `Outbox` times each call; the sender's code is untouched); for
   each long stream (>= 50 items) the gap between one item's answer and the next item's request
   (the sender's turnaround) is measured, and for each pool thread the gap between its answer
   and its next request (the sender's dispatch).
3. Screen pop: `ApiClient.lookup_raw` over HTTP (the 20 ms server) and `Directory.lookup`
   (the same plus the cache write), then `Directory.cached_lookup` from the SQLite card cache,
   for the sample callers and the unknown number.

Targets are printed next to the figures as PASS/FAIL text; nothing asserts on timing and the
exit status is 0 whenever the benchmark itself ran. Results: tests/perf/out/bench_api.json
(plus out/history/), a PNG when matplotlib is importable, work files under out/work/bench_api.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import itertools
import json
import logging
import os
import pstats
import random
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.demo.server.runner import ServerProcess, start_subprocess
from homeagent.demo.server.sample_data import DISPOSITIONS, NOT_READY_REASONS, load
from homeagent.domain.agent import AgentState
from homeagent.domain.errors import ApiError
from homeagent.domain.wire import to_wire
from homeagent.domain.work import (
    Interaction,
    Note,
    Punch,
    PunchKind,
    StateChange,
    Ticket,
    TicketCategory,
)
from homeagent.services.directory import Directory
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.store.cache import CardCache
from homeagent.store.db import connect
from homeagent.store.outbox import Outbox
from tests.perf import support
from tests.perf.support import fmt

NAME = "bench_api"
log = logging.getLogger("tests.perf.bench_api")

LOOKUP_NUMBERS = ("+33612345678", "+33145678901", "+442079460123", "+33698765432")
LONG_STREAM = 50  # a stream with this many items or more is followed one by one in the report
DEVICE_ID = "bench-api-device"

# targets (text only)
TARGET_ENQUEUE_P99_MS = 10.0
TARGET_DRAIN_PCT = 90.0
TARGET_COLD_P95_MS = 40.0
TARGET_CACHED_P95_MS = 2.0


@dataclass(frozen=True)
class Params:
    enqueue: int = 2000  # punch() calls, and as many add(ticket, note) calls
    latency_ms: float = 20.0  # the server's --latency-ms
    backlog: int = 10_000
    punches: int = 1000
    states: int = 1000
    tickets: int = 2000  # each with 1-3 notes; call records make up the rest of the backlog
    workers: tuple[int, ...] = (4, 8, 16)
    baseline_s: float = 10.0
    single_s: float = 3.0  # one thread, back to back: the per-request latency of an idle server
    drain_timeout_s: float = 150.0
    lookups: int = 200  # per measure (cold, Directory.lookup, cached), cycling the numbers
    seed: int = 20250512
    profile: bool = False  # cProfile the sender's loop thread (slows it: figures not comparable)


# ---- small helpers ---------------------------------------------------------------------------


def stats_ms(seconds: Sequence[float], digits: int = 3) -> dict[str, Any]:
    """n, p50, p95, p99, max, mean in ms of durations given in seconds."""
    ms = [s * 1000 for s in seconds]
    out = support.summarize(ms, digits)
    p99 = support.percentile(ms, 99)
    out["p99"] = None if p99 is None else round(p99, digits)
    return {k: out[k] for k in ("n", "p50", "p95", "p99", "max", "mean")}


def filesystem_of(path: Path) -> dict[str, Any]:
    """The mount holding `path` (from /proc/mounts, longest mount point wins) and `stat -f`."""
    target = path.resolve()
    best: tuple[str, str, str, str] = ("?", "/", "?", "")
    for line in Path("/proc/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) < 4:
            continue
        device, mount, fstype, options = parts[0], parts[1].replace("\\040", " "), *parts[2:4]
        mpath = Path(mount)
        if (mpath == target or mpath in target.parents) and len(mount) >= len(best[1]):
            best = (device, mount, fstype, options)
    try:
        done = subprocess.run(
            ["stat", "-f", "-c", "%T", str(target)],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        stat_f = done.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        stat_f = ""
    return {
        "path": str(target),
        "device": best[0],
        "mount": best[1],
        "fstype": best[2],
        "options": best[3],
        "stat_f_type": stat_f,  # GNU stat names ext4 "ext2/ext3" (same magic number)
        "in_memory": best[2] in ("tmpfs", "ramfs") or stat_f in ("tmpfs", "ramfs"),
    }


def thread_cpu_s(native_id: int | None) -> float | None:
    """utime + stime of one thread of this process, in seconds."""
    if native_id is None:
        return None
    try:
        text = Path(f"/proc/self/task/{native_id}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / support.CLK_TCK


def process_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def system_cpu_s() -> tuple[float, float, float]:
    """(busy, iowait, steal) seconds of all CPUs together, from the first line of /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy / support.CLK_TCK, iowait / support.CLK_TCK, steal / support.CLK_TCK


class CpuMeter:
    """CPU used over a stretch of time by this process, the server, and everything else on
    the machine (another workload there makes the figures noisy: this says how much)."""

    def __init__(self, server_pid: int) -> None:
        self._pid = server_pid
        self._client = process_cpu_s()
        self._server = support.cpu_seconds(server_pid)
        self._system = system_cpu_s()

    def report(self, wall: float) -> dict[str, Any]:
        client = process_cpu_s() - self._client
        now = support.cpu_seconds(self._pid)
        server = None if now is None or self._server is None else now - self._server
        busy, iowait, steal = (b - a for a, b in zip(self._system, system_cpu_s(), strict=True))
        others = busy - client - (server or 0.0)
        return {
            "client_cpu_pct": pct(client, wall),
            "server_cpu_pct": pct(server, wall),
            "others_cpu_pct": pct(max(0.0, others), wall),
            "iowait_pct": pct(iowait, wall),
            "steal_pct": pct(steal, wall),
        }


def pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


def rate(count: int, seconds: float | None) -> float | None:
    return round(count / seconds, 1) if seconds else None


@contextmanager
def server(workdir: Path, name: str, params: Params) -> Iterator[ServerProcess]:
    """A fresh, seeded reference server (its own SQLite file); stopped whatever happens."""
    db = workdir / f"{name}.db"
    for stale in workdir.glob(f"{name}.db*"):
        stale.unlink()
    with open(workdir / f"{name}.log", "w", encoding="utf-8") as err:
        proc = start_subprocess(db, latency_ms=params.latency_ms, seed=True, stderr=err)
        try:
            yield proc
        finally:
            code = proc.stop()
            if code != 0:
                log.warning("server %s exited with %s", name, code)


def signed_in(base_url: str) -> ApiClient:
    client = ApiClient(Http(base_url), DEVICE_ID)
    client.login("agent", "demo")
    return client


# ---- 1. durable enqueue ----------------------------------------------------------------------


def bench_enqueue(params: Params, workdir: Path) -> dict[str, Any]:
    db = workdir / "enqueue.db"
    for stale in workdir.glob("enqueue.db*"):
        stale.unlink()
    conn = connect(db)
    try:
        outbox = Outbox(conn)
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
        start = datetime.now(UTC)
        kinds = itertools.cycle(list(PunchKind))
        punch_s: list[float] = []
        for i in range(params.enqueue):
            at = start + timedelta(seconds=i)
            kind = next(kinds)
            t0 = time.perf_counter()
            outbox.punch(kind, at, DEVICE_ID)
            punch_s.append(time.perf_counter() - t0)
        add_s: list[float] = []
        for i in range(params.enqueue):
            ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, f"Demande {i}", "C001")
            note = Note(str(uuid.uuid4()), ticket.id, "Rappel demain matin.", start)
            t0 = time.perf_counter()
            outbox.add(ticket, note)
            add_s.append(time.perf_counter() - t0)
        pending = outbox.counts().pending
    finally:
        conn.close()
    return {
        "db": str(db),
        "filesystem": filesystem_of(db),
        "journal_mode": journal,
        "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(synchronous, synchronous),
        "punch_ms": stats_ms(punch_s),
        "add_ticket_note_ms": stats_ms(add_s),
        "bare_fsync_ms": fsync_probe(workdir / "fsync-probe.bin", 200),
        "pending_after": pending,
    }


def fsync_probe(path: Path, count: int) -> dict[str, Any]:
    """Latency of write(4 KiB) + fsync on the same disk: the floor under a durable commit."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    took: list[float] = []
    try:
        block = b"\0" * 4096
        for _ in range(count):
            os.write(fd, block)
            t0 = time.perf_counter()
            os.fsync(fd)
            took.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return stats_ms(took)


# ---- 2. the backlog --------------------------------------------------------------------------


def build_backlog(path: Path, params: Params) -> dict[str, Any]:
    """Enqueue a day's work in the order it happens (shuffled with a fixed seed): punches and
    state changes one by one, each call's ticket + notes + call record in one transaction."""
    rng = random.Random(params.seed)
    notes_per_ticket = [rng.randint(1, 3) for _ in range(params.tickets)]
    interactions = (
        params.backlog - params.punches - params.states - params.tickets - sum(notes_per_ticket)
    )
    if interactions < 0:
        raise ValueError(f"backlog {params.backlog} is too small for the fixed part of the mix")
    calls = max(interactions, params.tickets)
    # (has a call record, notes or None when the call made no ticket)
    specs = [
        (i < interactions, notes_per_ticket[i] if i < params.tickets else None)
        for i in range(calls)
    ]
    rng.shuffle(specs)
    events = ["punch"] * params.punches + ["state"] * params.states + ["call"] * calls
    rng.shuffle(events)
    sample = load()
    customers = [c["id"] for c in sample.customers]
    products = [p["id"] for p in sample.products]
    dispositions, reasons = list(DISPOSITIONS), list(NOT_READY_REASONS)
    states = [s for s in AgentState if s != AgentState.OFFLINE]
    day = datetime(2025, 5, 12, 7, 0, tzinfo=UTC)
    step_s = 8 * 3600 / max(1, len(events))
    punch_kinds = itertools.cycle(
        [PunchKind.CLOCK_IN, PunchKind.BREAK_START, PunchKind.BREAK_END, PunchKind.CLOCK_OUT]
    )
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    conn = connect(path)
    started = time.perf_counter()
    calls_iter = iter(specs)
    try:
        outbox = Outbox(conn)
        for n, event in enumerate(events):
            at = day + timedelta(seconds=n * step_s)
            if event == "punch":
                kind = next(punch_kinds)
                outbox.punch(kind, at, DEVICE_ID, "break" if kind == PunchKind.BREAK_START else "")
            elif event == "state":
                state = rng.choice(states)
                reason = rng.choice(reasons) if state == AgentState.NOT_READY else ""
                outbox.add(StateChange(str(uuid.uuid4()), state, at, reason))
            else:
                with_record, notes = next(calls_iter)
                items = _call_items(
                    rng,
                    at,
                    with_record=with_record,
                    notes=notes,
                    customers=customers,
                    products=products,
                    dispositions=dispositions,
                )
                outbox.add(*items)
        counts = outbox.counts()
        by_kind = dict(conn.execute("SELECT kind, COUNT(*) FROM outbox GROUP BY kind").fetchall())
        streams = conn.execute("SELECT COUNT(DISTINCT stream) FROM outbox").fetchone()[0]
        longest = conn.execute(
            "SELECT stream, COUNT(*) AS n FROM outbox GROUP BY stream ORDER BY n DESC LIMIT 3"
        ).fetchall()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to copy
    finally:
        conn.close()
    return {
        "path": str(path),
        "build_s": round(time.perf_counter() - started, 2),
        "pending": counts.pending,
        "by_kind": by_kind,
        "streams": streams,
        "longest_streams": {s: n for s, n in longest},
    }


def _call_items(
    rng: random.Random,
    at: datetime,
    *,
    with_record: bool,
    notes: int | None,
    customers: Sequence[str],
    products: Sequence[str],
    dispositions: Sequence[str],
) -> list[Ticket | Note | Interaction]:
    customer = rng.choice(customers) if rng.random() < 0.8 else ""
    disposition = rng.choice(dispositions)
    call_id = f"{uuid.uuid4()}@bench"
    number = f"+3361{rng.randrange(10_000_000):07d}"
    items: list[Ticket | Note | Interaction] = []
    if notes is not None:
        ticket = Ticket(
            str(uuid.uuid4()),
            rng.choice(list(TicketCategory)),
            "Appel du client: suivi de dossier",
            customer,
            number,
            call_id,
            rng.choice(products) if rng.random() < 0.5 else "",
            disposition,
        )
        items.append(ticket)
        for k in range(notes):
            body = f"Note {k + 1}: " + "le client rappelle au sujet de sa facture. " * 3
            items.append(Note(str(uuid.uuid4()), ticket.id, body, at + timedelta(seconds=k)))
    if with_record:
        started = at - timedelta(minutes=6)
        items.append(
            Interaction(
                str(uuid.uuid4()),
                call_id,
                "inbound",
                number,
                started,
                at - timedelta(seconds=30),
                customer,
                started + timedelta(seconds=8),
                at,
                disposition,
                tuple(i.id for i in items if isinstance(i, Ticket)),
            )
        )
    return items


# ---- 2. "what the server allows": back-to-back punches ----------------------------------------


def bench_baseline(client: ApiClient, threads: int, seconds: float, pid: int) -> dict[str, Any]:
    """`threads` threads, each POSTing a fresh punch as soon as the last one was answered."""
    seq = itertools.count(10_000_000)
    seq_lock = threading.Lock()
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)
    deadline = [0.0]

    def body(slot: int) -> None:
        mine = latencies[slot]
        barrier.wait()
        while time.perf_counter() < deadline[0]:
            with seq_lock:
                n = next(seq)
            punch = Punch(str(uuid.uuid4()), PunchKind.CLOCK_IN, datetime.now(UTC), DEVICE_ID, n)
            t0 = time.perf_counter()
            try:
                client.deliver("punch", to_wire(punch))
            except ApiError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append(time.perf_counter() - t0)

    pool = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    meter = CpuMeter(pid)
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for t in pool:
        t.join(seconds + 30)
    wall = time.perf_counter() - started
    cpu = meter.report(wall)
    every = [x for xs in latencies for x in xs]
    return {
        "threads": threads,
        "wall_s": round(wall, 2),
        "requests": len(every),
        "errors": len(errors),
        "first_errors": errors[:3],
        "requests_per_s": rate(len(every), wall),
        "latency_ms": stats_ms(every, 2),
        **cpu,
    }


# ---- 2. the drain ----------------------------------------------------------------------------


@dataclass
class LoopTimes:
    """Wall time the sender's loop thread spends in each Outbox call."""

    calls: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.calls.setdefault(name, []).append(seconds)


class TimedOutbox:
    """The real Outbox behind a proxy that times every method the sender calls, whatever
    their names (the sender's loop is one thread; its code is not touched)."""

    def __init__(self, inner: Outbox, times: LoopTimes) -> None:
        self._inner = inner
        self._times = times

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name.startswith("_") or not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self._times.add(name, time.perf_counter() - t0)

        return timed


@dataclass(frozen=True)
class Attempt:
    start: float
    end: float
    kind: str
    stream: str
    ok: bool
    worker: int  # the pool thread that made the request


def bench_drain(
    client: ApiClient, template: Path, workdir: Path, *, workers: int, pid: int, params: Params
) -> dict[str, Any]:
    db = workdir / f"drain-w{workers}.db"
    for stale in workdir.glob(f"{db.name}*"):
        stale.unlink()
    shutil.copyfile(template, db)
    conn = connect(db)
    try:  # each item's stream, as the outbox assigned it (whatever the mapping of the day)
        stream_of_id: dict[str, str] = dict(conn.execute("SELECT id, stream FROM outbox"))
    finally:
        conn.close()
    sizes: dict[str, int] = {}
    for stream in stream_of_id.values():
        sizes[stream] = sizes.get(stream, 0) + 1
    long_streams = {stream: n for stream, n in sizes.items() if n >= LONG_STREAM}
    times = LoopTimes()
    attempts: list[Attempt] = []
    statuses: list[tuple[float, int, int, int]] = []
    done = threading.Event()
    profiler = cProfile.Profile() if params.profile else None

    def open_outbox() -> TimedOutbox:
        if profiler is not None:
            profiler.enable()  # in the loop thread: profiles that thread only
        return TimedOutbox(Outbox(connect(db)), times)

    def deliver(kind: str, payload: dict[str, Any]) -> tuple[str, str]:
        t0, ok = time.perf_counter(), False
        try:
            receipt = client.deliver(kind, payload)
            ok = True
            return receipt
        finally:
            end = time.perf_counter()
            key = stream_of_id.get(str(payload.get("id")), kind)
            attempts.append(Attempt(t0, end, kind, key, ok, threading.get_ident()))

    def on_status(status: SyncStatus) -> None:
        statuses.append((time.perf_counter(), status.pending, status.parked, status.delivered))
        if status.pending == 0:
            done.set()

    sender = OutboxSender(open_outbox, deliver, on_status, workers=workers)
    meter = CpuMeter(pid)
    started = time.perf_counter()
    sender.start()
    loop_tid = next((t.native_id for t in threading.enumerate() if t.name == "outbox-sender"), None)
    finished = done.wait(params.drain_timeout_s)
    ended = statuses[-1][0] if finished and statuses else time.perf_counter()
    loop_cpu = thread_cpu_s(loop_tid)
    cpu = meter.report(ended - started)
    sender.stop(10.0)
    out = analyze_drain(
        attempts,
        statuses,
        times,
        started=started,
        ended=ended,
        workers=workers,
        long_streams=sorted(long_streams, key=lambda st: -long_streams[st]),
    )
    out.update(
        finished=finished,
        **cpu,
        loop_thread_cpu_s=None if loop_cpu is None else round(loop_cpu, 2),
        loop_thread_cpu_pct=pct(loop_cpu, ended - started),
        final_status=statuses[-1][1:] if statuses else None,
    )
    if profiler is not None:
        profiler.disable()
        buf = io.StringIO()
        stats = pstats.Stats(profiler, stream=buf)
        stats.dump_stats(workdir / f"sender-loop-w{workers}.pstats")
        stats.sort_stats("tottime").print_stats(15)
        out["profile_top"] = buf.getvalue()
    return out


def analyze_drain(
    attempts: Sequence[Attempt],
    statuses: Sequence[tuple[float, int, int, int]],
    times: LoopTimes,
    *,
    started: float,
    ended: float,
    workers: int,
    long_streams: Sequence[str],
) -> dict[str, Any]:
    wall = ended - started
    ok = [a for a in attempts if a.ok]
    by_kind: dict[str, list[Attempt]] = {}
    for a in ok:
        by_kind.setdefault(a.kind, []).append(a)
    kinds: dict[str, Any] = {}
    for kind, items in sorted(by_kind.items()):
        first, last = min(a.start for a in items), max(a.end for a in items)
        kinds[kind] = {
            "delivered": len(items),
            "done_at_s": round(last - started, 2),
            "per_s_over_drain": rate(len(items), wall),
            "per_s_while_active": rate(len(items), last - first),
            "latency_ms": stats_ms([a.end - a.start for a in items], 2),
        }
    by_stream: dict[str, list[Attempt]] = {}
    for a in ok:
        by_stream.setdefault(a.stream, []).append(a)
    # the sender's turnaround on each long stream: answer of item k -> request of item k+1
    serial: dict[str, Any] = {}
    for stream in long_streams:
        items = sorted(by_stream.get(stream, []), key=lambda a: a.start)
        if not items:
            continue
        gaps = [b.start - a.end for a, b in itertools.pairwise(items)]
        span = items[-1].end - items[0].start
        lat = [a.end - a.start for a in items]
        serial[stream] = {
            "items": len(items),
            "span_s": round(span, 2),
            "in_requests_s": round(sum(lat), 2),
            "in_gaps_s": round(sum(gaps), 2),
            "gap_ms": stats_ms(gaps, 2),
            "lower_bound_s": round(len(items) * (support.percentile(lat, 50) or 0.0), 2),
        }
    # the tail: after the last item of the short streams, only the long ones are left
    long_set = set(long_streams)
    parallel_end = max((a.end for a in ok if a.stream not in long_set), default=started)
    tail = [a for a in ok if a.start >= parallel_end]
    tail_streams = sorted({a.stream for a in tail})
    # the last long stream alone (every other stream done): its pace is one request at a time
    # plus the sender's turnaround
    alone: dict[str, Any] = {"stream": None}
    for stream in long_streams:
        others_end = max((a.end for a in ok if a.stream != stream), default=started)
        solo = [a for a in ok if a.stream == stream and a.start >= others_end]
        if solo:
            p50 = support.percentile([a.end - a.start for a in solo], 50) or 0.0
            alone = {
                "stream": stream,
                "from_s": round(others_end - started, 2),
                "items": len(solo),
                "per_s": rate(len(solo), ended - others_end),
                "one_at_a_time_per_s": round(1 / p50, 1) if p50 else None,
            }
    busy = sum(a.end - a.start for a in attempts)
    # a pool thread's idle time between one answer and its next request: the sender's dispatch
    by_worker: dict[int, list[Attempt]] = {}
    for a in attempts:
        by_worker.setdefault(a.worker, []).append(a)
    idle = [
        b.start - a.end
        for items in by_worker.values()
        for a, b in itertools.pairwise(sorted(items, key=lambda a: a.start))
    ]
    loop = {
        name: {"calls": len(v), "total_s": round(sum(v), 2), "ms": stats_ms(v, 2)}
        for name, v in sorted(times.calls.items())
    }
    loop_total = sum(sum(v) for v in times.calls.values())
    step = max(1, len(statuses) // 400)
    return {
        "workers": workers,
        "wall_s": round(wall, 2),
        "attempts": len(attempts),
        "delivered": len(ok),
        "failed_attempts": len(attempts) - len(ok),
        "items_per_s": rate(len(ok), wall),
        "all_latency_ms": stats_ms([a.end - a.start for a in ok], 2),
        "by_kind": kinds,
        "serial_streams": serial,
        "worker_busy_pct": pct(busy, workers * wall),
        "mean_in_flight": round(busy / wall, 2) if wall else None,
        "worker_idle_gap_ms": stats_ms(idle, 2),
        "tail": {
            "from_s": round(parallel_end - started, 2),
            "streams": tail_streams,
            "items": len(tail),
            "per_s": rate(len(tail), ended - parallel_end),
        },
        "last_stream_alone": alone,
        "loop_calls": loop,
        "loop_in_outbox_s": round(loop_total, 2),
        "loop_in_outbox_pct": pct(loop_total, wall),
        "pending_over_time": [
            (round(t - started, 3), pending) for t, pending, _, _ in statuses[::step]
        ],
    }


# ---- 3. screen pop ---------------------------------------------------------------------------


def bench_lookups(client: ApiClient, workdir: Path, params: Params) -> dict[str, Any]:
    numbers = LOOKUP_NUMBERS
    order = [numbers[i % len(numbers)] for i in range(params.lookups)]
    matches = {phone: len(client.lookup_raw(phone)) for phone in numbers}  # one warm-up each
    cold: dict[str, list[float]] = {p: [] for p in numbers}
    for phone in order:
        t0 = time.perf_counter()
        client.lookup_raw(phone)
        cold[phone].append(time.perf_counter() - t0)
    cache_db = workdir / "cache.db"
    for stale in workdir.glob("cache.db*"):
        stale.unlink()
    conn = connect(cache_db)
    try:
        directory = Directory(client, CardCache(conn))
        via_directory: list[float] = []
        for phone in order:
            t0 = time.perf_counter()
            directory.lookup(phone)  # HTTP, then the cache write (an fsync'd commit)
            via_directory.append(time.perf_counter() - t0)
        cached: dict[str, list[float]] = {p: [] for p in numbers}
        misses = 0
        for phone in order:
            t0 = time.perf_counter()
            hit = directory.cached_lookup(phone)
            cached[phone].append(time.perf_counter() - t0)
            misses += hit is None
    finally:
        conn.close()

    def every(d: dict[str, list[float]]) -> list[float]:
        return [x for xs in d.values() for x in xs]

    return {
        "numbers": {p: {"matches": matches[p]} for p in numbers},
        "cold_ms": stats_ms(every(cold), 2),
        "cold_by_number_ms": {p: stats_ms(v, 2) for p, v in cold.items()},
        "directory_lookup_ms": stats_ms(via_directory, 2),
        "cached_ms": stats_ms(every(cached), 4),
        "cached_by_number_ms": {p: stats_ms(v, 4) for p, v in cached.items()},
        "cached_misses": misses,
        "cache_filesystem": filesystem_of(cache_db),
    }


# ---- targets, report, chart ------------------------------------------------------------------


def _get(d: Any, *keys: Any) -> Any:
    for key in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []

    def add(name: str, wanted: str, measured: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else "PASS" if ok else "FAIL"
        checks.append({"target": name, "wanted": wanted, "measured": measured, "verdict": verdict})

    enq = results.get("enqueue")
    for key, label in (("punch_ms", "Outbox.punch()"), ("add_ticket_note_ms", "Outbox.add(t, n)")):
        p99 = _get(enq, key, "p99")
        add(
            f"{label} p99",
            f"< {TARGET_ENQUEUE_P99_MS:g} ms",
            f"{fmt(p99, 2)} ms (max {fmt(_get(enq, key, 'max'), 2)})",
            None if p99 is None else p99 < TARGET_ENQUEUE_P99_MS,
        )
    for run in results.get("drain", []):
        n = run.get("workers")
        got = _get(run, "drain", "items_per_s")
        base = _get(run, "baseline", "requests_per_s")
        share = pct(got, base)
        ceiling = fmt(run.get("ceiling_pct_of_baseline"))
        add(
            f"drain, {n} workers",
            f">= {TARGET_DRAIN_PCT:g}% of {fmt(base)} req/s",
            f"{fmt(got)} items/s = {fmt(share)}% (mix ceiling {ceiling}%)",
            None if share is None else share >= TARGET_DRAIN_PCT,
        )
    lk = results.get("lookups")
    cold95, cached95 = _get(lk, "cold_ms", "p95"), _get(lk, "cached_ms", "p95")
    add(
        "cold lookup p95 (lookup_raw)",
        f"< {TARGET_COLD_P95_MS:g} ms (server +{results['params']['latency_ms']:g} ms)",
        f"{fmt(cold95, 2)} ms",
        None if cold95 is None else cold95 < TARGET_COLD_P95_MS,
    )
    add(
        "cached lookup p95 (cached_lookup)",
        f"< {TARGET_CACHED_P95_MS:g} ms",
        f"{fmt(cached95, 3)} ms",
        None if cached95 is None else cached95 < TARGET_CACHED_P95_MS,
    )
    return checks


def _lat_row(label: str, d: dict[str, Any] | None, digits: int = 2) -> list[str]:
    d = d or {}
    return [label, *(fmt(d.get(k), digits) for k in ("n", "p50", "p95", "p99", "max", "mean"))]


def render(results: dict[str, Any]) -> str:
    params, host = results["params"], results["host"]
    lines = [
        f"API benchmark {results['stamp']}  ({host['cpus']} CPUs, "
        f"load {host['loadavg_at_start']} at start, {results.get('loadavg_at_end')} at end, "
        f"Python {host['python']})",
        "",
    ]
    enq = results.get("enqueue")
    if enq:
        fs = enq["filesystem"]
        lines += [
            f"1. durable enqueue: {enq['db']}",
            f"   on {fs['device']} mounted at {fs['mount']}: {fs['fstype']} ({fs['options']}); "
            f"stat -f: {fs['stat_f_type']}"
            + ("  -- IN MEMORY: fsync is free" if fs["in_memory"] else ""),
            f"   journal_mode={enq['journal_mode']}, synchronous={enq['synchronous']}",
            support.format_table(
                ["ms per call", "n", "p50", "p95", "p99", "max", "mean"],
                [
                    _lat_row("Outbox.punch()", enq["punch_ms"]),
                    _lat_row("Outbox.add(ticket, note)", enq["add_ticket_note_ms"]),
                    _lat_row("bare write+fsync (same disk)", enq["bare_fsync_ms"]),
                ],
            ),
            "",
        ]
    bl = results.get("backlog")
    if bl:
        lines.append(
            f"2. drain: backlog of {bl['pending']} items built offline in {bl['build_s']} s, "
            f"{bl['streams']} streams; by kind {bl['by_kind']}; longest {bl['longest_streams']}"
        )
    single = results.get("single")
    if single:
        lines.append(
            f"   one thread back to back (idle server, +{params['latency_ms']:g} ms): "
            f"{fmt(single['requests_per_s'])} req/s, latency p50 "
            f"{fmt(single['latency_ms']['p50'], 2)} ms, p95 {fmt(single['latency_ms']['p95'], 2)}"
            f" ms  => {params['punches']:,} ordered punches need >= "
            f"{fmt(params['punches'] * (single['latency_ms']['p50'] or 0) / 1000, 1)} s"
        )
    runs = results.get("drain", [])
    if runs:
        rows: list[list[str]] = []

        def row(label: str, *path: str, digits: int = 1) -> None:
            rows.append([label, *(fmt(_get(r, *path), digits) for r in runs)])

        row("baseline req/s (N threads, punches)", "baseline", "requests_per_s")
        row("baseline latency p50 ms", "baseline", "latency_ms", "p50", digits=2)
        row("baseline server CPU % of a core", "baseline", "server_cpu_pct")
        row("baseline client CPU % of a core", "baseline", "client_cpu_pct")
        row("baseline other processes CPU %", "baseline", "others_cpu_pct")
        row("drain wall s (to pending == 0)", "drain", "wall_s", digits=2)
        row("drain items/s", "drain", "items_per_s")
        row("drain % of baseline", "pct_of_baseline")
        row("best possible s*", "best_possible_s", digits=2)
        row("drain % of best possible*", "pct_of_best_possible")
        row("ceiling: best possible as % of baseline", "ceiling_pct_of_baseline")
        row("failed attempts", "drain", "failed_attempts")
        for kind in ("punch", "state", "ticket", "note", "interaction"):
            row(f"{kind}: items/s over the drain", "drain", "by_kind", kind, "per_s_over_drain")
            row(f"{kind}: last one done at s", "drain", "by_kind", kind, "done_at_s", digits=2)
        row("request latency p50 ms (all)", "drain", "all_latency_ms", "p50", digits=2)
        row("request latency p95 ms (all)", "drain", "all_latency_ms", "p95", digits=2)
        row("workers busy %", "drain", "worker_busy_pct")
        row("mean requests in flight", "drain", "mean_in_flight", digits=2)
        row("worker idle gap p50 ms (answer->next)", "drain", "worker_idle_gap_ms", "p50", digits=2)
        row("worker idle gap p95 ms", "drain", "worker_idle_gap_ms", "p95", digits=2)
        long_streams = list(
            dict.fromkeys(st for r in runs for st in (_get(r, "drain", "serial_streams") or {}))
        )
        for stream in long_streams:
            streams = ("drain", "serial_streams", stream)
            row(f"stream {stream!r}: items", *streams, "items")
            row("  ... span s", *streams, "span_s", digits=2)
            row("  ... >= s (n x request p50)", *streams, "lower_bound_s", digits=2)
            row("  ... turnaround p50 ms", *streams, "gap_ms", "p50", digits=2)
            row("  ... turnaround p95 ms", *streams, "gap_ms", "p95", digits=2)
        row("tail (only long streams left) from s", "drain", "tail", "from_s", digits=2)
        row("tail items/s", "drain", "tail", "per_s")
        row("last long stream alone", "drain", "last_stream_alone", "stream")
        row("  ... alone from s", "drain", "last_stream_alone", "from_s", digits=2)
        row("  ... items sent alone", "drain", "last_stream_alone", "items")
        row("  ... items/s alone", "drain", "last_stream_alone", "per_s")
        row(
            "  ... 1 / request p50 (its ceiling)",
            "drain",
            "last_stream_alone",
            "one_at_a_time_per_s",
        )
        methods = sorted({m for r in runs for m in (_get(r, "drain", "loop_calls") or {})})
        for method in methods:
            calls = ("drain", "loop_calls", method)
            row(f"loop: {method}() calls", *calls, "calls")
            row(f"loop: {method}() p50 ms", *calls, "ms", "p50", digits=2)
            row(f"loop: {method}() total s", *calls, "total_s", digits=2)
        row("loop: in Outbox calls, % of wall", "drain", "loop_in_outbox_pct")
        row("loop thread CPU % of a core", "drain", "loop_thread_cpu_pct")
        row("client process CPU % of a core", "drain", "client_cpu_pct")
        row("server CPU % of a core", "drain", "server_cpu_pct")
        row("other processes CPU % of a core", "drain", "others_cpu_pct")
        row("iowait % of a core", "drain", "iowait_pct")
        row("steal % of a core", "drain", "steal_pct")
        lines.append(
            support.format_table(["figure", *(f"{r['workers']} workers" for r in runs)], rows)
        )
        lines.append(
            "   * best possible = the longer of (backlog / baseline req/s) and (longest ordered "
            "stream x one-thread p50 latency)"
        )
        lines.append(
            "   turnaround = one item's answer -> the next request of the same ordered stream "
            "(the sender's loop: record the answer, find the next item, submit it; plus, when all "
            "workers are busy, the wait for one)"
        )
    for run in runs:
        if _get(run, "drain", "profile_top"):
            lines += [f"   cProfile of the loop thread, {run['workers']} workers:",
                      run["drain"]["profile_top"]]  # fmt: skip
    lines.append("")
    lk = results.get("lookups")
    if lk:
        lines.append(
            f"3. screen pop ({params['lookups']} lookups per row, cycling "
            + ", ".join(f"{p} ({v['matches']} match)" for p, v in lk["numbers"].items())
            + ")"
        )
        rows2 = [
            _lat_row("cold: ApiClient.lookup_raw (HTTP)", lk["cold_ms"]),
            *(_lat_row(f"  {p}", v) for p, v in lk["cold_by_number_ms"].items()),
            _lat_row("cold: Directory.lookup (HTTP + cache write)", lk["directory_lookup_ms"]),
            _lat_row("cached: Directory.cached_lookup", lk["cached_ms"], 4),
            *(_lat_row(f"  {p}", v, 4) for p, v in lk["cached_by_number_ms"].items()),
        ]
        lines.append(
            support.format_table(["ms per lookup", "n", "p50", "p95", "p99", "max", "mean"], rows2)
        )
        lines.append(f"   cache misses in the cached pass: {lk['cached_misses']}")
        lines.append("")
    lines += support.report_tail(results)
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> str:
    """Charts of the headline figures; returns what happened, for the report."""
    plt = support.matplotlib_pyplot()
    if plt is None:
        return "no chart: matplotlib is not installed (optional; not a dependency)"
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    stats = ("p50", "p95", "p99", "max")
    enq = results.get("enqueue") or {}
    ax = axes[0][0]
    width = 0.4
    for i, (key, label) in enumerate((("punch_ms", "punch()"), ("add_ticket_note_ms", "add()"))):
        vals = [_get(enq, key, s) or 0 for s in stats]
        ax.bar([x + (i - 0.5) * width for x in range(len(stats))], vals, width, label=label)
    ax.set_xticks(list(range(len(stats))), stats)
    ax.axhline(TARGET_ENQUEUE_P99_MS, color="red", linestyle="--", linewidth=1)
    ax.legend(fontsize=8)
    ax.set_title("durable enqueue, ms (dashed: p99 target)")
    ax = axes[0][1]
    for run in results.get("drain", []):
        series = _get(run, "drain", "pending_over_time") or []
        ax.plot([t for t, _ in series], [p for _, p in series], label=f"{run['workers']} workers")
    ax.set_xlabel("s")
    ax.legend(fontsize=8)
    ax.set_title("drain: items pending")
    ax = axes[1][0]
    runs = results.get("drain", [])
    xs = list(range(len(runs)))
    ax.bar([x - width / 2 for x in xs],
           [_get(r, "baseline", "requests_per_s") or 0 for r in runs], width,
           label="baseline req/s")  # fmt: skip
    ax.bar([x + width / 2 for x in xs], [_get(r, "drain", "items_per_s") or 0 for r in runs],
           width, label="drain items/s")  # fmt: skip
    ax.set_xticks(xs, [f"{r['workers']} workers" for r in runs])
    ax.legend(fontsize=8)
    ax.set_title("drain vs what the server allows")
    ax = axes[1][1]
    lk = results.get("lookups") or {}
    for i, (key, label) in enumerate((("cold_ms", "cold (HTTP)"), ("cached_ms", "cached"))):
        vals = [_get(lk, key, s) or 0 for s in ("p50", "p95", "max")]
        ax.bar([x + (i - 0.5) * width for x in range(3)], vals, width, label=label)
    ax.set_xticks([0, 1, 2], ["p50", "p95", "max"])
    ax.axhline(TARGET_COLD_P95_MS, color="red", linestyle="--", linewidth=1)
    ax.legend(fontsize=8)
    ax.set_title("screen-pop lookup, ms (dashed: cold p95 target)")
    fig.suptitle(f"HomeAgent API benchmark {results['stamp']}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return f"chart: {path}"


# ---- main ------------------------------------------------------------------------------------


def _step(results: dict[str, Any], name: str, call: Callable[[], Any]) -> Any:
    print(f"[{NAME}] {name} ...", flush=True)
    started = time.perf_counter()
    try:
        value = call()
    except Exception as exc:
        log.exception("%s failed", name)
        results["errors"][name] = f"{type(exc).__name__}: {exc}"
        value = None
    print(f"[{NAME}] {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    return value


def _drain_part(
    results: dict[str, Any], params: Params, workdir: Path, template: Path, workers: int
) -> dict[str, Any]:
    out: dict[str, Any] = {"workers": workers}
    with server(workdir, f"server-w{workers}", params) as srv:
        out["server_pid"] = srv.pid
        client = signed_in(srv.base_url)
        if "single" not in results:
            results["single"] = bench_baseline(client, 1, params.single_s, srv.pid)
        out["baseline"] = bench_baseline(client, workers, params.baseline_s, srv.pid)
        drain = bench_drain(client, template, workdir, workers=workers, pid=srv.pid, params=params)
        out["drain"] = drain
    backlog = results.get("backlog") or {}
    base_rate = _get(out, "baseline", "requests_per_s")
    one = _get(results, "single", "latency_ms", "p50")
    longest = max((backlog.get("longest_streams") or {"": 0}).values())
    bounds = []
    if base_rate:
        bounds.append(backlog.get("pending", 0) / base_rate)
    if one:
        bounds.append(longest * one / 1000)
    best = round(max(bounds), 2) if bounds else None
    out["best_possible_s"] = best
    out["pct_of_baseline"] = pct(_get(out, "drain", "items_per_s"), base_rate)
    out["pct_of_best_possible"] = pct(best, _get(out, "drain", "wall_s"))
    out["ceiling_pct_of_baseline"] = (
        pct(backlog.get("pending", 0) / best, base_rate) if best else None
    )
    return out


def run(params: Params) -> dict[str, Any]:
    run_stamp = support.stamp()
    workdir = support.OUT_DIR / "work" / NAME
    shutil.rmtree(workdir, ignore_errors=True)  # only the latest run's work files are kept
    workdir.mkdir(parents=True)
    handler = logging.FileHandler(workdir / "bench.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    params_dict = asdict(params)
    params_dict["workers"] = list(params.workers)
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": run_stamp,
        "host": support.host_info(),
        "params": params_dict,
        "errors": {},
        "drain": [],
    }
    try:
        with support.sigterm_as_exit():
            results["enqueue"] = _step(results, "enqueue", lambda: bench_enqueue(params, workdir))
            template = workdir / "backlog-template.db"
            results["backlog"] = _step(results, "backlog", lambda: build_backlog(template, params))

            def lookups() -> dict[str, Any]:
                with server(workdir, "server-lookups", params) as srv:
                    return bench_lookups(signed_in(srv.base_url), workdir, params)

            results["lookups"] = _step(results, "lookups", lookups)
            if results["backlog"]:
                for n in params.workers:
                    part = _step(
                        results,
                        f"drain with {n} workers",
                        functools.partial(_drain_part, results, params, workdir, template, n),
                    )
                    if part is not None:
                        results["drain"].append(part)
    except (KeyboardInterrupt, SystemExit):
        print(f"[{NAME}] interrupted; every process it started has been stopped", flush=True)
        raise
    finally:
        root.removeHandler(handler)
        handler.close()
    results["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = evaluate(results)
    results["workdir"] = str(workdir)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.perf.bench_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d = Params()
    ap.add_argument("--enqueue", type=int, default=d.enqueue, help="calls of each enqueue kind")
    ap.add_argument("--latency-ms", type=float, default=d.latency_ms)
    ap.add_argument("--backlog", type=int, default=d.backlog)
    ap.add_argument(
        "--workers",
        default=",".join(map(str, d.workers)),
        help="sender worker counts to try, comma-separated (default %(default)s)",
    )
    ap.add_argument("--baseline-s", type=float, default=d.baseline_s)
    ap.add_argument("--lookups", type=int, default=d.lookups)
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the sender's loop thread (slower: for finding causes, not for figures)",
    )
    ap.add_argument(
        "--plot-only", type=Path, metavar="JSON", help="only redraw the chart from a saved result"
    )
    args = ap.parse_args(argv)
    if args.plot_only:
        results = json.loads(args.plot_only.read_text())
        print(plot(results, args.plot_only.with_suffix(".png")))
        return 0
    params = Params(
        enqueue=args.enqueue,
        latency_ms=args.latency_ms,
        backlog=args.backlog,
        workers=tuple(int(w) for w in args.workers.split(",") if w.strip()),
        baseline_s=args.baseline_s,
        lookups=args.lookups,
        seed=args.seed,
        profile=args.profile,
    )
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
