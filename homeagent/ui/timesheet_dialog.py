"""The week's timesheet: a day per row (first clock-in, last clock-out, breaks, worked time),
its punches underneath, and a marker on each punch still waiting to be sent. Plain text."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homeagent.domain.work import PunchKind
from homeagent.services.timesheet import SheetDay, SheetPunch, TimesheetService, Week

PENDING_MARK = " *"
MAX_WEEKS_BACK = 52


def _hm(seconds: float) -> str:
    minutes = int(seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class TimesheetDialog(QDialog):
    def __init__(self, service: TimesheetService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timesheetDialog")
        self.setWindowTitle(self.tr("Timesheet"))
        self._service = service
        self.week_label = QLabel()
        self.week_label.setObjectName("weekLabel")
        self.week_label.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = self._button("previousWeekButton", self.tr("Previous week"))
        self.next_button = self._button("nextWeekButton", self.tr("Next week"))
        self.refresh_button = self._button("refreshTimesheetButton", self.tr("Refresh"))
        self.previous_button.clicked.connect(self._on_previous_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.refresh_button.clicked.connect(self._on_refresh_clicked)
        self.status_label = QLabel()
        self.status_label.setObjectName("timesheetStatusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("timesheetTree")
        self.tree.setAccessibleName(self.tr("Punches of the week"))
        self.tree.setHeaderLabels(
            [
                self.tr("Day"),
                self.tr("Clock in"),
                self.tr("Clock out"),
                self.tr("Breaks"),
                self.tr("Worked"),
                self.tr("Sync"),
            ]
        )
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.total_label = QLabel()
        self.total_label.setObjectName("weekTotalLabel")
        self.total_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeTimesheetButton")
        close.setAccessibleName(self.tr("Close"))

        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.week_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        nav.addWidget(self.refresh_button)
        root = QVBoxLayout(self)
        root.addLayout(nav)
        root.addWidget(self.status_label)
        root.addWidget(self.tree, 1)
        root.addWidget(self.total_label)
        root.addWidget(buttons)
        order: list[QWidget] = [
            self.previous_button,
            self.next_button,
            self.refresh_button,
            self.tree,
            close,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(720, 420)
        self._listening = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each opening shows this week afresh (the dialog may be kept and reopened)."""
        if not self._listening:
            self._listening = True
            self._service.changed.connect(self._on_service_changed)
            self._service.load(0)
        super().showEvent(event)

    def done(self, result: int) -> None:
        if self._listening:
            self._listening = False
            self._service.changed.disconnect(self._on_service_changed)
        super().done(result)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        return button

    # ---- rendering -------------------------------------------------------------------------

    def _render(self) -> None:
        service = self._service
        start = service.week_start(service.weeks_back)
        self.week_label.setText(
            self.tr("Week of {day}").format(
                day=QLocale().toString(_qdate(start), QLocale.FormatType.LongFormat)
            )
        )
        self.previous_button.setEnabled(service.weeks_back < MAX_WEEKS_BACK)
        self.next_button.setEnabled(service.weeks_back > 0)
        week = service.week
        if service.loading:
            self.status_label.setText(self.tr("Loading…"))
        elif week is not None:
            self.status_label.setText(self._status_text(week))
        self.tree.clear()
        if week is None or week.start != start:
            self.total_label.setText("")
            return  # another week is on its way
        for day in week.days:
            item = QTreeWidgetItem(self._day_row(day))
            item.addChildren([QTreeWidgetItem(self._punch_row(p)) for p in day.punches])
            self.tree.addTopLevelItem(item)
            item.setExpanded(any(p.pending for p in day.punches))
        self.total_label.setText(
            self.tr("Worked this week: {time}").format(time=_hm(week.worked_s))
        )

    def _status_text(self, week: Week) -> str:
        parts = []
        if week.error:
            parts.append(self._error_text(week.error))
        if week.pending:
            parts.append(
                self.tr("* {count} punch(es) saved on this computer, waiting to be sent.").format(
                    count=week.pending
                )
            )
        return " ".join(parts) or self.tr("Everything is received by the server.")

    def _error_text(self, code: str) -> str:
        if code in ("api_unavailable", "api_rate_limited"):
            return self.tr("The server cannot be reached: only this computer's punches are shown.")
        if code == "api_auth":
            return self.tr("Sign in again to see the server's timesheet.")
        if code == "storage":
            return self.tr("This computer's punches could not be read.")
        return self.tr("The timesheet could not be loaded completely ({code}).").format(code=code)

    def _day_row(self, day: SheetDay) -> list[str]:
        first, last = day.first_in, day.last_out
        out = self._time(last) if last else ""
        if day.unclosed:
            out = self.tr("no clock-out")
        breaks = (
            self.tr("{count} ({time})").format(count=day.breaks, time=_hm(day.break_s))
            if day.breaks
            else ""
        )
        waiting = sum(p.pending for p in day.punches)
        return [
            QLocale().toString(_qdate(day.day), "ddd d MMM"),
            self._time(first) if first else "",
            out,
            breaks,
            _hm(day.worked_s) if day.punches else "",
            self.tr("{count} waiting").format(count=waiting) if waiting else "",
        ]

    def _punch_row(self, punch: SheetPunch) -> list[str]:
        kind = {
            PunchKind.CLOCK_IN: self.tr("Clock in"),
            PunchKind.CLOCK_OUT: self.tr("Clock out"),
            PunchKind.BREAK_START: self.tr("Break start"),
            PunchKind.BREAK_END: self.tr("Break end"),
        }[punch.kind]
        if punch.pending:
            sync = self.tr("Waiting to be sent")
        elif punch.received_at is not None:
            sync = self.tr("Received {time}").format(time=f"{punch.received_at:%H:%M:%S}")
        else:
            sync = self.tr("Received")
        return [kind, self._time(punch), "", "", "", sync]

    @staticmethod
    def _time(punch: SheetPunch) -> str:
        return f"{punch.occurred_at:%H:%M}" + (PENDING_MARK if punch.pending else "")

    # ---- events ----------------------------------------------------------------------------

    @Slot()
    def _on_previous_clicked(self) -> None:
        self._service.load(self._service.weeks_back + 1)

    @Slot()
    def _on_next_clicked(self) -> None:
        self._service.load(self._service.weeks_back - 1)

    @Slot()
    def _on_refresh_clicked(self) -> None:
        self._service.refresh()

    @Slot(object)
    def _on_service_changed(self, _: None) -> None:
        self._render()
