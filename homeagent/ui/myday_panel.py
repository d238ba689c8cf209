"""My day panel: the day's figures as numbers, and a chart painted with QPainter (calls per
hour, handled and missed, stacked; tickets by category). Colours come from the palette, so the
chart reads in light and dark themes alike. Thin: MyDayViewModel holds everything.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from homeagent.ui.myday_vm import MyDayViewModel

_PAD = 8.0


def missed_colour(palette: QPalette) -> QColor:
    """A red that stands out on the palette's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80") if dark else QColor("#c62828")


class MyDayChart(QWidget):
    def __init__(self, vm: MyDayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("mydayChart")
        self.setAccessibleName(self.tr("Calls per hour and tickets by category"))
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
            area = QRectF(self.rect()).adjusted(_PAD, _PAD, -_PAD, -_PAD)
            split = area.top() + area.height() * 0.62
            self._paint_hours(
                painter, QRectF(area.left(), area.top(), area.width(), split - area.top())
            )
            self._paint_categories(
                painter,
                QRectF(area.left(), split + _PAD, area.width(), area.bottom() - split - _PAD),
            )
        finally:
            painter.end()

    def _paint_hours(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        handled_colour = palette.color(QPalette.ColorRole.Highlight)
        missed = missed_colour(palette)
        metrics = painter.fontMetrics()
        line = metrics.height()
        # title and legend
        painter.setPen(text)
        title = self.tr("Calls per hour")
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line), title)
        legend_x = area.left() + metrics.horizontalAdvance(title) + 3 * _PAD
        for colour, label in ((handled_colour, self.tr("Handled")), (missed, self.tr("Missed"))):
            painter.fillRect(
                QRectF(legend_x, area.top() + line * 0.25, line * 0.6, line * 0.6), colour
            )
            legend_x += line
            painter.setPen(text)
            painter.drawText(QRectF(legend_x, area.top(), area.width(), line), label)
            legend_x += metrics.horizontalAdvance(label) + 2 * _PAD
        stats = self._vm.stats
        hours = self._vm.chart_hours()
        peak = max(1, stats.busiest_hour_calls)
        axis_w = metrics.horizontalAdvance(str(peak)) + _PAD
        plot = QRectF(
            area.left() + axis_w,
            area.top() + line + _PAD,
            area.width() - axis_w,
            area.height() - 2 * line - 2 * _PAD,
        )
        if plot.height() <= 4 or plot.width() <= 4:
            return
        grid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(grid)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), plot.top() - line / 2, axis_w - _PAD / 2, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(peak),
        )
        slot = plot.width() / len(hours)
        bar_w = max(2.0, slot * 0.7)
        label_every = max(1, int(metrics.horizontalAdvance("00") * 1.6 // slot) + 1)
        for i, hour in enumerate(hours):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            done = stats.handled_per_hour[hour]
            lost = stats.missed_per_hour[hour]
            h_done = plot.height() * done / peak
            h_lost = plot.height() * lost / peak
            if done:
                painter.fillRect(QRectF(x, plot.bottom() - h_done, bar_w, h_done), handled_colour)
            if lost:
                top = plot.bottom() - h_done - h_lost
                painter.fillRect(QRectF(x, top, bar_w, h_lost), missed)
            if i % label_every == 0:
                painter.setPen(text)
                painter.drawText(
                    QRectF(plot.left() + i * slot, plot.bottom() + 2, slot * label_every, line),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{hour:02d}",
                )

    def _paint_categories(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        bar = palette.color(QPalette.ColorRole.Highlight)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line), self.tr("Tickets by category")
        )
        rows = [(self._vm.category_label(c), n) for c, n in self._vm.stats.tickets_by_category]
        if not rows:
            return
        top = area.top() + line + _PAD / 2
        row_h = min(line * 1.3, max(4.0, (area.bottom() - top) / len(rows)))
        label_w = min(
            area.width() / 3, max(metrics.horizontalAdvance(lbl) for lbl, _ in rows) + _PAD
        )
        count_w = metrics.horizontalAdvance("0000") + _PAD
        peak = max(1, *(n for _, n in rows))
        span = max(0.0, area.width() - label_w - count_w)
        for i, (label, count) in enumerate(rows):
            y = top + i * row_h
            if y + row_h > area.bottom() + 1:
                break  # too many categories for the space: the numbers stay above
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), y, label_w - _PAD, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - _PAD)),
            )
            width = span * count / peak
            painter.fillRect(
                QRectF(area.left() + label_w, y + row_h * 0.2, width, row_h * 0.6), bar
            )
            painter.drawText(
                QRectF(area.left() + label_w + width + _PAD / 2, y, count_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                str(count),
            )


class MyDayPanel(QWidget):
    def __init__(self, vm: MyDayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("mydayPanel")
        root = QVBoxLayout(self)
        grid = QGridLayout()
        self.value_labels: dict[str, QLabel] = {}
        for i, (name, label, _value) in enumerate(vm.figures()):
            caption = QLabel(label)
            caption.setObjectName(f"myday_{name}_caption")
            caption.setTextFormat(Qt.TextFormat.PlainText)
            value = QLabel()
            value.setObjectName(f"myday_{name}_value")
            value.setAccessibleName(label)
            value.setTextFormat(Qt.TextFormat.PlainText)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            caption.setBuddy(value)
            row, col = divmod(i, 4)
            grid.addWidget(value, row * 2, col)
            grid.addWidget(caption, row * 2 + 1, col)
            self.value_labels[name] = value
        root.addLayout(grid)
        self.chart = MyDayChart(vm)
        root.addWidget(self.chart, 1)
        vm.changed.connect(self._on_vm_changed)
        self._render()

    @Slot()
    def _on_vm_changed(self) -> None:
        self._render()

    def _render(self) -> None:
        for name, _label, value in self._vm.figures():
            self.value_labels[name].setText(value)
        self.chart.setAccessibleDescription(self._vm.summary_text())
        self.chart.update()
