"""Where a process's memory goes, for the soak (opt-in: HOMEAGENT_SOAK_MEMPROBE=1 with
tests.perf.bench_soak traces every allocation, so that run's RSS figures are not the product's:
use it to find a source, never for the target; HOMEAGENT_SOAK_MEMPROBE=light leaves
tracemalloc off, yet its first moment still adds ~3 MB (gc.get_objects, Qt wrappers): compare
the figures between its moments, not that run's RSS growth).

Snapshots at two moments and prints what grew between them: tracemalloc lines (Python
allocations), gc objects by type, live QObjects by class, SQLite's own allocator, glibc malloc
(mallinfo2) and the process's mappings grouped (heap, anonymous, files). Python vs native is
tracemalloc's total vs malloc's in-use bytes.
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import gc
import sys
import threading
import tracemalloc
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

FRAMES = 6


_MALLINFO2 = (
    "arena",
    "ordblks",
    "smblks",
    "hblks",
    "hblkhd",
    "usmblks",
    "fsmblks",
    "uordblks",
    "fordblks",
    "keepcost",
)


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2]


def mallinfo() -> dict[str, int]:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.mallinfo2.restype = _MallInfo2
    mi = libc.mallinfo2()
    return {name: int(getattr(mi, name)) for name in _MALLINFO2}


def sqlite_status() -> dict[str, int]:
    """sqlite3_status64 of the library Python's _sqlite3 uses (memory, page cache overflow)."""
    lib = ctypes.CDLL("libsqlite3.so.0")
    out = {}
    for name, op in (("memory_used", 0), ("pagecache_overflow", 2), ("malloc_count", 9)):
        cur, hi = ctypes.c_int64(), ctypes.c_int64()
        lib.sqlite3_status64(op, ctypes.byref(cur), ctypes.byref(hi), 0)
        out[name] = cur.value
    return out


def maps_kib() -> dict[str, int]:
    """Rss of /proc/self/smaps grouped: [heap], anonymous, [stack], each file."""
    groups: collections.Counter[str] = collections.Counter()
    name = ""
    with open("/proc/self/smaps") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else "[anon]"
            elif parts[0] == "Rss:":
                groups[name] += int(parts[1])
    return dict(groups)


def qobjects() -> collections.Counter[str]:
    app = QApplication.instance()
    counts: collections.Counter[str] = collections.Counter()
    if app is None:
        return counts
    roots: list[QObject] = [app, *QApplication.topLevelWidgets()]
    seen: set[int] = set()
    for root in roots:
        for obj in [root, *root.findChildren(QObject)]:
            if id(obj) not in seen:
                seen.add(id(obj))
                counts[type(obj).__name__] += 1
    counts["<allWidgets>"] = len(QApplication.allWidgets())
    return counts


@dataclass
class Moment:
    call: int
    snap: tracemalloc.Snapshot | None
    types: collections.Counter[str]
    qt: collections.Counter[str]
    malloc: dict[str, int]
    sqlite: dict[str, int]
    maps: dict[str, int]
    extra: dict[str, Any] = field(default_factory=dict)


class MemProbe:
    def __init__(self, trace: bool = True) -> None:
        self.moments: list[Moment] = []
        self.trace = trace  # tracemalloc: the Python sources, at a cost in time and memory

    def start(self) -> None:
        if self.trace:
            tracemalloc.start(FRAMES)

    def take(self, call: int) -> None:
        # walking the QObjects makes Python wrappers for them: before the snapshot, so the
        # first walk's wrappers do not read as growth
        qt = qobjects()
        gc.collect()
        snap = tracemalloc.take_snapshot() if tracemalloc.is_tracing() else None
        types: collections.Counter[str] = collections.Counter(
            f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects()
        )
        self.moments.append(
            Moment(
                call,
                snap,
                types,
                qt,
                mallinfo(),
                sqlite_status(),
                maps_kib(),
                {
                    "threads": threading.active_count(),
                    "blocks": sys.getallocatedblocks(),
                    "traced": tracemalloc.get_traced_memory()[0],
                },
            )
        )

    def report(self, top: int = 25) -> str:
        if len(self.moments) < 2:
            return "memprobe: fewer than 2 moments"
        a, b = self.moments[0], self.moments[-1]
        calls = b.call - a.call
        per = 100 / calls if calls else 1.0
        out = [f"memprobe: call {a.call} -> {b.call}; KB per 100 calls"]
        out.append(f"  extra: {a.extra} -> {b.extra}")
        out.append(
            "  malloc: "
            + ", ".join(
                f"{k} {(b.malloc[k] - a.malloc[k]) / 1024 * per:+.0f}"
                for k in ("arena", "hblkhd", "uordblks", "fordblks")
            )
            + f" (in use at end {b.malloc['uordblks'] / 2**20:.1f} MiB)"
        )
        out.append(
            "  sqlite: " + ", ".join(f"{k} {a.sqlite[k]} -> {b.sqlite[k]}" for k in a.sqlite)
        )
        maps = sorted(
            set(a.maps) | set(b.maps),
            key=lambda k: -(b.maps.get(k, 0) - a.maps.get(k, 0)),
        )
        out.append("  maps Rss growth (KB/100):")
        for k in maps[:8]:
            d = b.maps.get(k, 0) - a.maps.get(k, 0)
            if d:
                out.append(f"    {d * per:+8.0f}  {k}")
        if a.snap is not None and b.snap is not None:
            for key in ("lineno", "traceback"):
                stats = b.snap.compare_to(a.snap, key)
                total = sum(s.size_diff for s in stats)
                out.append(f"  tracemalloc by {key}: total {total / 1024 * per:+.0f}")
                for s in stats[: top if key == "lineno" else 10]:
                    if key == "lineno":
                        fr = s.traceback[0]
                        out.append(
                            f"    {s.size_diff / 1024 * per:+8.1f} KB {s.count_diff * per:+7.0f}"
                            f" blocks  {fr.filename}:{fr.lineno}"
                        )
                    else:
                        out.append(
                            f"    {s.size_diff / 1024 * per:+8.1f} KB {s.count_diff * per:+7.0f}"
                        )
                        out += [f"        {fr.filename}:{fr.lineno}" for fr in s.traceback]
        for title, ca, cb in (("gc types", a.types, b.types), ("QObjects", a.qt, b.qt)):
            diff = sorted(((cb[k] - ca[k], k) for k in set(ca) | set(cb)), reverse=True)
            out.append(f"  {title} growth (count over the run):")
            out += [f"    {d:+7d}  {k} ({cb[k]})" for d, k in diff[:top] if d > 0]
        return "\n".join(out)
