"""Call history view-model: the query, one bounded page of records, and their table model.

The page holds at most PAGE_SIZE records (the newest calls, or the newest matches): the table
never sees the whole history. Cells are formatted when first shown and cached, so a page of
500 rows costs nothing until it is scrolled into view. Typing is debounced; each query runs on
the IO pool (HistoryService) and a stale answer never replaces a newer one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    Signal,
    Slot,
)

from homeagent.domain.call import Direction
from homeagent.domain.dialplan import pretty_number
from homeagent.domain.history import CallRecord, search_text
from homeagent.services.history import PAGE_SIZE, HistoryResults, HistoryService
from homeagent.services.telephony import Notice
from homeagent.ui.softphone_vm import format_duration

DEBOUNCE_MS = 250
RESEARCH_MS = 1000  # a saved call refreshes a search at most this often
NAME_SHOWN_CHARS = 200  # a 5,000-character name is cut for the list (the card shows it all)
COLUMNS = ("time", "direction", "number", "name", "duration", "disposition")
_Index = QModelIndex | QPersistentModelIndex


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HistoryTableModel(QAbstractTableModel):
    """The page as a table of plain text; formatting is lazy and cached per row."""

    def __init__(self, country: str = "FR", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.country = country
        self.records: list[CallRecord] = []
        self._cells: dict[int, tuple[str, ...]] = {}
        self._locale = QLocale.system()
        self._today = datetime.now().astimezone().date()
        self._headers = (
            self.tr("Time"),
            self.tr("Direction"),
            self.tr("Number"),
            self.tr("Name"),
            self.tr("Duration"),
            self.tr("Disposition"),
        )

    # ---- changes -------------------------------------------------------------------------

    def replace_all(self, records: list[CallRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self._cells.clear()
        self._today = datetime.now().astimezone().date()
        self.endResetModel()

    def upsert_newest(self, record: CallRecord, limit: int) -> None:
        """A call was saved: update its row, or put it on top (the page stays bounded)."""
        for row, known in enumerate(self.records):
            if known.call_id == record.call_id:
                self.records[row] = record
                self._cells.pop(row, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.records.insert(0, record)
        self._cells = {row + 1: cells for row, cells in self._cells.items()}
        self.endInsertRows()
        if len(self.records) > limit:
            last = len(self.records) - 1
            self.beginRemoveRows(QModelIndex(), limit, last)
            del self.records[limit:]
            for row in range(limit, last + 1):
                self._cells.pop(row, None)
            self.endRemoveRows()

    # ---- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.records):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.cells(index.row())[index.column()]
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    # ---- text -----------------------------------------------------------------------------

    def cells(self, row: int) -> tuple[str, ...]:
        cached = self._cells.get(row)
        if cached is None:
            cached = self._cells[row] = self._format(self.records[row])
        return cached

    def _format(self, record: CallRecord) -> tuple[str, ...]:
        local = record.started_at.astimezone()
        short = QLocale.FormatType.ShortFormat
        clock = self._locale.toString(QTime(local.hour, local.minute), short)
        if local.date() != self._today:
            day = self._locale.toString(QDate(local.year, local.month, local.day), short)
            clock = f"{day} {clock}"
        if record.missed:
            direction = self.tr("Missed")
        elif record.direction is Direction.INBOUND:
            direction = self.tr("Incoming")
        else:
            direction = self.tr("Outgoing")
        if not record.ended:
            direction = self.tr("{direction} (in progress)").format(direction=direction)
        number = (
            pretty_number(record.remote_number, self.country)
            if record.remote_number
            else self.tr("Unknown number")
        )
        duration = format_duration(record.talk_seconds()) if record.answered else ""
        return (
            clock,
            direction,
            _one_line(number, NAME_SHOWN_CHARS),
            _one_line(record.remote_name, NAME_SHOWN_CHARS),
            duration,
            _one_line(record.disposition, NAME_SHOWN_CHARS),
        )


class HistoryViewModel(QObject):
    busy_changed = Signal(bool)
    status_changed = Signal()
    note_requested = Signal(str)  # a ticket id: the lead opens the note form for it
    notice_raised = Signal(str)

    def __init__(
        self,
        history: HistoryService,
        *,
        page_size: int = PAGE_SIZE,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self.page_size = page_size
        self.model = HistoryTableModel(history.country, self)
        self.query = ""  # the query the page shows (or is being fetched)
        self.pending_query = ""  # what the operator typed, awaiting the debounce
        self.loaded = False
        self.truncated = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._research = QTimer(self)
        self._research.setSingleShot(True)
        self._research.setInterval(RESEARCH_MS)
        self._research.timeout.connect(self.refresh)
        history.results.connect(self._on_history_results)
        history.saved.connect(self._on_history_saved)
        history.busy_changed.connect(self._on_history_busy_changed)
        history.agent_changed.connect(self._on_history_agent_changed)
        history.notices.connect(self._on_history_notices)
        self.refresh()

    def close(self) -> None:
        self._debounce.stop()
        self._research.stop()
        self._history.results.disconnect(self._on_history_results)
        self._history.saved.disconnect(self._on_history_saved)
        self._history.busy_changed.disconnect(self._on_history_busy_changed)
        self._history.agent_changed.disconnect(self._on_history_agent_changed)
        self._history.notices.disconnect(self._on_history_notices)

    # ---- intents ----------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """The operator typed: search once they pause."""
        self.pending_query = search_text(text)
        self._debounce.start()

    def search_now(self) -> None:
        self._debounce.stop()
        self.query = self.pending_query
        self._history.search(self.query, self.page_size)

    def refresh(self) -> None:
        self._history.search(self.query, self.page_size)

    def record(self, row: int) -> CallRecord | None:
        records = self.model.records
        return records[row] if 0 <= row < len(records) else None

    def redial(self, row: int) -> bool:
        record = self.record(row)
        return record is not None and self._history.redial(record)

    def ticket_ids(self, row: int) -> tuple[str, ...]:
        record = self.record(row)
        return () if record is None else record.ticket_ids

    def request_note(self, row: int, ticket_id: str) -> None:
        if ticket_id in self.ticket_ids(row):
            self.note_requested.emit(ticket_id)

    # ---- presentation ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._history.busy

    def status_text(self) -> str:
        if self._history.busy:
            return self.tr("Searching…") if self.query else self.tr("Loading the history…")
        if not self.loaded:
            return ""
        count = len(self.model.records)
        if not count:
            if self.query:
                return self.tr("No call matches “{query}”.").format(query=self.query)
            return self.tr("No calls yet.")
        if self.truncated:
            if self.query:
                return self.tr("The {count} most recent matches.").format(count=count)
            return self.tr("The {count} most recent calls.").format(count=count)
        if self.query:
            return self.tr("{count} matching calls.").format(count=count)
        return self.tr("{count} calls.").format(count=count)

    # ---- service events --------------------------------------------------------------------

    @Slot()
    def _on_debounce_timeout(self) -> None:
        self.search_now()

    @Slot(object)
    def _on_history_results(self, results: HistoryResults) -> None:
        if results.text != self.query:
            return  # an answer for another view of the list
        self.loaded = True
        self.truncated = results.truncated
        self.model.replace_all(list(results.records))
        self.status_changed.emit()

    @Slot(object)
    def _on_history_saved(self, record: CallRecord) -> None:
        if not self.loaded or record.agent != self._history.agent:
            return
        if self.query:
            if not self._research.isActive():
                self._research.start()  # it may or may not match: ask again, calmly
            return
        self.model.upsert_newest(record, self.page_size)
        self.truncated = self.truncated or len(self.model.records) >= self.page_size
        self.status_changed.emit()

    @Slot(bool)
    def _on_history_busy_changed(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
        self.status_changed.emit()

    @Slot(str)
    def _on_history_agent_changed(self, _agent: str) -> None:
        self.model.replace_all([])
        self.loaded = False
        self.refresh()

    @Slot(object)
    def _on_history_notices(self, notice: Notice) -> None:
        if notice.code == "history_storage_failed":
            self.notice_raised.emit(self.tr("The call history could not be read or saved."))
