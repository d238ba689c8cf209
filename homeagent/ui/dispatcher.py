"""The one way into the GUI thread, plus GUI-thread timers and a bounded IO pool.

Any thread may `post` a callable; it runs on the GUI thread through a queued signal.
Bursts are drained in time-limited batches so a flood of events never freezes the window.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)
T = TypeVar("T")

_BATCH_BUDGET_S = 0.008  # leave the rest of a 16 ms frame to painting and input


class Dispatcher(QObject):
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: collections.deque[Callable[[], None]] = collections.deque()
        self._lock = threading.Lock()
        self._scheduled = False
        self._wake.connect(self._drain)  # queued: emitted from other threads
        self.max_batch_s = 0.0

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the GUI thread soon. Safe from any thread; never blocks."""
        with self._lock:
            self._queue.append(fn)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        start = time.perf_counter()
        while True:
            with self._lock:
                if not self._queue:
                    self._scheduled = False
                    break
                fn = self._queue.popleft()
            try:
                fn()
            except Exception:
                log.exception("GUI task failed")
            if time.perf_counter() - start > _BATCH_BUDGET_S:
                QTimer.singleShot(0, self._drain)  # let the event loop paint, then go on
                break
        self.max_batch_s = max(self.max_batch_s, time.perf_counter() - start)


class QtTimers:
    """TimerPort on QTimer: callbacks run on the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]:
        timer = QTimer(self._parent)
        timer.setSingleShot(True)

        def fire() -> None:
            # deleted from Python, not by connecting timeout to timer.deleteLater: PySide6
            # (6.11) keeps ~60 bytes for every connection to a C++ slot, one per timer here
            # (the 1,000-call soak: ~70 KB per 100 calls)
            timer.deleteLater()
            fn()

        timer.timeout.connect(fire)
        timer.start(max(0, int(delay_s * 1000)))

        def cancel() -> None:
            if timer.isActive():
                timer.stop()
                timer.deleteLater()

        return cancel

    def now(self) -> float:
        return time.monotonic()


class TaskRunner:
    """Blocking work (HTTP, keyring, SQLite) on a bounded pool; results back on the GUI thread."""

    def __init__(self, dispatcher: Dispatcher, workers: int = 4) -> None:
        self._dispatcher = dispatcher
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="io")
        # start every worker now: a thread started on first use stalls the GUI (~40 ms measured)
        for _ in range(workers):
            self._pool.submit(time.sleep, 0.05)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        def finished(future: Future[T]) -> None:
            exc = future.exception()
            if exc is None:
                if on_done is not None:
                    result = future.result()
                    self._dispatcher.post(lambda: on_done(result))
            elif isinstance(exc, Exception) and on_error is not None:
                self._dispatcher.post(lambda: on_error(exc))
            else:
                log.error("background task failed: %r", exc)

        try:
            self._pool.submit(fn).add_done_callback(finished)
        except RuntimeError:  # the app is shutting down: late work is dropped, not raised
            log.warning("task dropped after shutdown: %s", getattr(fn, "__qualname__", fn))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def call_on_gui(dispatcher: Dispatcher, fn: Callable[[Any], None]) -> Callable[[Any], None]:
    """Wrap a GUI-thread handler so it can be called from any thread."""

    def posted(value: Any) -> None:
        dispatcher.post(lambda: fn(value))

    return posted
