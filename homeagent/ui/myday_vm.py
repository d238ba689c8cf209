"""My day view-model: today's calls (from the history) and punches (from the shift) as figures.

The day's calls are read off the GUI thread (HistoryService.load_day) when the panel starts,
when the agent changes and when the date changes; a saved call is folded in by its id (its
newest state), not by reading the whole day again: that read grew with every call of the day
and churned the GUI's heap (the 1,000-call soak). The figures are recomputed from the calls
every TICK_MS (a live call's talk time and an open break grow), after saved calls (debounced)
and on shift changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from homeagent.domain.history import CallRecord
from homeagent.domain.myday import DayStats, day_stats
from homeagent.services.history import DayRecords, HistoryService
from homeagent.services.shift import ShiftService
from homeagent.ui.softphone_vm import format_duration

TICK_MS = 30_000
RECOMPUTE_MS = 1_000  # calls saved in a burst cause one recomputation


def _local_now() -> datetime:
    return datetime.now().astimezone()


class MyDayViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        history: HistoryService,
        shift: ShiftService | None,
        *,
        now: Callable[[], datetime] = _local_now,
        tz: tzinfo | None = None,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self._shift = shift
        self._now = now
        self._tz = tz
        self._calls: dict[str, CallRecord] = {}  # the day's calls by id, newest state
        self._saved: dict[str, CallRecord] = {}  # saved while a load runs: newer than it
        self._loading = False
        self.day: date | None = None
        self.loaded = False
        self.stats = DayStats()
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._recompute = QTimer(self)
        self._recompute.setSingleShot(True)
        self._recompute.setInterval(RECOMPUTE_MS)
        self._recompute.timeout.connect(self._on_recompute_timeout)
        history.day_loaded.connect(self._on_history_day_loaded)
        history.saved.connect(self._on_history_saved)
        history.agent_changed.connect(self._on_history_agent_changed)
        if shift is not None:
            shift.changed.connect(self._on_shift_changed)
        self._ticker.start()
        self.reload()

    def close(self) -> None:
        self._ticker.stop()
        self._recompute.stop()
        self._history.day_loaded.disconnect(self._on_history_day_loaded)
        self._history.saved.disconnect(self._on_history_saved)
        self._history.agent_changed.disconnect(self._on_history_agent_changed)
        if self._shift is not None:
            self._shift.changed.disconnect(self._on_shift_changed)

    # ---- the day ----------------------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        return self._tz or self._now().astimezone().tzinfo or UTC

    def window(self) -> tuple[datetime, datetime]:
        """Today in the operator's zone, as [start, end)."""
        today = self._now().astimezone(self.tz).date()
        start = datetime.combine(today, time(0), self.tz)
        return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)

    @property
    def records(self) -> tuple[CallRecord, ...]:
        return tuple(self._calls.values())

    def reload(self) -> None:
        start, end = self.window()
        self._loading = True
        self._saved.clear()
        self._history.load_day(start, end)

    def recompute(self) -> None:
        punches = self._shift.today() if self._shift is not None else []
        self.stats = day_stats(list(self._calls.values()), punches, self._now(), self.tz)
        self.changed.emit()

    # ---- text ---------------------------------------------------------------------------------

    def figures(self) -> list[tuple[str, str, str]]:
        """(object name, label, value) for each figure, in display order."""
        s = self.stats
        return [
            ("handled", self.tr("Calls handled"), str(s.handled)),
            ("missed", self.tr("Missed calls"), str(s.missed)),
            ("talk", self.tr("Talk time"), format_duration(s.talk_s)),
            ("aht", self.tr("Average handling time"), format_duration(s.average_handling_s)),
            ("tickets", self.tr("Tickets"), str(s.tickets)),
            ("breaks", self.tr("Breaks taken"), str(s.breaks)),
            ("break_time", self.tr("Break time"), format_duration(s.break_s)),
            ("worked", self.tr("Time worked"), format_duration(s.worked_s)),
        ]

    def category_label(self, code: str) -> str:
        labels = {
            "request": self.tr("Request"),
            "complaint": self.tr("Complaint"),
            "information": self.tr("Information"),
            "other": self.tr("Other"),
        }
        return labels.get(code, code)

    def chart_hours(self) -> range:
        """The hours the chart shows: office hours, widened to every hour with a call."""
        busy = [
            h for h in range(24) if self.stats.handled_per_hour[h] or self.stats.missed_per_hour[h]
        ]
        first = min([8, *busy])
        last = max([18, *(h + 1 for h in busy)])
        return range(first, min(24, last))

    def summary_text(self) -> str:
        """One sentence for screen readers and the chart's accessible description."""
        s = self.stats
        return self.tr(
            "{handled} calls handled, {missed} missed, talk time {talk}, {tickets} tickets."
        ).format(
            handled=s.handled,
            missed=s.missed,
            talk=format_duration(s.talk_s),
            tickets=s.tickets,
        )

    # ---- events ------------------------------------------------------------------------------

    @Slot(object)
    def _on_history_day_loaded(self, day: DayRecords) -> None:
        if (day.start, day.end) != self.window():
            return  # yesterday's answer arriving after midnight
        self._calls = {r.call_id: r for r in day.records}
        self._calls.update(self._saved)  # saved after the load was asked: newer
        self._saved.clear()
        self._loading = False
        self.day = self._now().astimezone(self.tz).date()
        self.loaded = True
        self.recompute()

    @Slot(object)
    def _on_history_saved(self, record: CallRecord) -> None:
        start, end = self.window()
        if record.agent != self._history.agent or not start <= record.started_at < end:
            return  # another operator's call, or one of another day
        (self._saved if self._loading else self._calls)[record.call_id] = record
        if not self._recompute.isActive():
            self._recompute.start()

    @Slot()
    def _on_recompute_timeout(self) -> None:
        if self._loading:
            self.reload()  # the load failed (the history told the operator) or is stuck: again
        else:
            self.recompute()

    @Slot(str)
    def _on_history_agent_changed(self, _agent: str) -> None:
        self._calls = {}
        self.reload()

    @Slot(object)
    def _on_shift_changed(self, _: object) -> None:
        self.recompute()

    @Slot()
    def _on_ticker_timeout(self) -> None:
        if self.day is not None and self._now().astimezone(self.tz).date() != self.day:
            self.reload()  # past midnight: a new day
        else:
            self.recompute()
