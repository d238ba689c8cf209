"""My day over real services: calls through the real TelephonyService into a real SQLite
history, punches through the real PunchLedger; figures and chart in light and dark palettes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from homeagent.domain.call import CallState
from homeagent.domain.work import PunchKind
from homeagent.services.history import DayRecords, HistoryService
from homeagent.services.shift import ShiftService
from homeagent.store.history import CallHistoryStore
from homeagent.store.writers import PunchLedger
from homeagent.ui.myday_panel import MyDayPanel, missed_colour
from homeagent.ui.myday_vm import MyDayViewModel
from tests.ui.conftest import InlineTasks, Phone

WALL0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@dataclass
class Desk:
    phone: Phone
    history: HistoryService
    shift: ShiftService
    t0: float

    def now(self) -> datetime:
        return WALL0 + timedelta(seconds=self.phone.timers.t - self.t0)

    def advance(self, seconds: float) -> None:
        self.phone.timers.t += seconds


@pytest.fixture
def desk(phone: Phone, tmp_path: Path) -> Iterator[Desk]:
    path = tmp_path / "homeagent.db"
    t0 = phone.timers.t
    holder: list[Desk] = []

    def now() -> datetime:
        return holder[0].now()

    history = HistoryService(
        CallHistoryStore(path), InlineTasks(), phone.telephony, phone.timers, now
    )
    shift = ShiftService(
        PunchLedger(path, "device-1"), InlineTasks(), now, lambda: WALL0.replace(hour=0)
    )
    holder.append(Desk(phone, history, shift, t0))
    phone.registered()
    history.set_agent("alice")
    yield holder[0]
    history.close()


@pytest.fixture
def vm(desk: Desk, qtbot: QtBot) -> Iterator[MyDayViewModel]:
    model = MyDayViewModel(desk.history, desk.shift, now=desk.now, tz=UTC)
    yield model
    model.close()


@pytest.fixture
def panel(vm: MyDayViewModel, qtbot: QtBot) -> MyDayPanel:
    widget = MyDayPanel(vm)
    qtbot.addWidget(widget)
    widget.resize(700, 520)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def a_call(desk: Desk, call_id: str, talk: float | None, wrap: float | None = None) -> None:
    phone = desk.phone
    phone.incoming(call_id)
    if talk is not None:
        phone.telephony.answer(call_id)
        phone.state(call_id, CallState.ACTIVE, 200)
        desk.advance(talk)
        phone.state(call_id, CallState.ENDED, 200)
    else:
        phone.state(call_id, CallState.ENDED, 487)
    if wrap is not None:
        desk.advance(wrap)
        desk.history.wrap_up_done(call_id, "resolved", ["complaint"], [f"T-{call_id}"])


def values(panel: MyDayPanel) -> dict[str, str]:
    return {name: label.text() for name, label in panel.value_labels.items()}


def colours(image: QImage) -> set[int]:
    return {
        image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
    }


def test_figures_follow_calls_and_punches(
    desk: Desk, vm: MyDayViewModel, panel: MyDayPanel, qtbot: QtBot
) -> None:
    assert values(panel)["handled"] == "0"
    desk.shift.punch(PunchKind.CLOCK_IN)
    a_call(desk, "c1", talk=120, wrap=30)
    a_call(desk, "c2", talk=None)
    desk.advance(600)
    a_call(desk, "c3", talk=60, wrap=30)
    qtbot.waitUntil(lambda: vm.stats.handled == 2, timeout=3000)  # one reload after the burst
    desk.shift.punch(PunchKind.BREAK_START)
    desk.advance(300)
    desk.shift.punch(PunchKind.BREAK_END)
    shown = values(panel)
    assert shown["handled"] == "2" and shown["missed"] == "1"
    assert shown["talk"] == "03:00"
    assert shown["aht"] == "02:00"  # (180 s talk + 60 s wrap-up) / 2
    assert shown["tickets"] == "2"
    assert (shown["breaks"], shown["break_time"]) == ("1", "05:00")
    assert dict(vm.stats.tickets_by_category)["complaint"] == 2
    assert vm.stats.handled_per_hour[9] == 2 and vm.stats.missed_per_hour[9] == 1
    assert "2 calls handled, 1 missed" in panel.chart.accessibleDescription()


def test_the_ticker_counts_an_open_break_and_a_new_day_reloads(
    desk: Desk, vm: MyDayViewModel, panel: MyDayPanel, qtbot: QtBot
) -> None:
    desk.shift.punch(PunchKind.CLOCK_IN)
    desk.shift.punch(PunchKind.BREAK_START)
    desk.advance(125)
    vm._on_ticker_timeout()
    assert values(panel)["break_time"] == "02:05"
    a_call(desk, "c1", talk=10)
    vm.reload()
    assert vm.stats.handled == 1
    desk.advance(24 * 3600)  # past midnight
    vm._on_ticker_timeout()
    assert vm.stats.handled == 0 and vm.day == (WALL0 + timedelta(days=1)).date()


def test_saved_calls_are_folded_in_without_reading_the_day_again(
    desk: Desk, vm: MyDayViewModel, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the whole day at each saved call grew with the calls of the day (the soak)."""
    loads: list[object] = []
    real = desk.history.load_day
    monkeypatch.setattr(desk.history, "load_day", lambda s, e: loads.append(s) or real(s, e))
    a_call(desk, "c1", talk=60, wrap=10)
    a_call(desk, "c2", talk=None)
    qtbot.waitUntil(lambda: (vm.stats.handled, vm.stats.missed) == (1, 1), timeout=3000)
    assert vm.stats.tickets == 1 and vm.stats.talk_s == 60
    assert loads == []
    desk.history.set_agent("bob")  # another operator's day: read afresh
    assert len(loads) == 1 and vm.stats.handled == 0


def test_a_call_saved_while_the_day_loads_is_kept(
    desk: Desk, vm: MyDayViewModel, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[datetime, datetime]] = []
    monkeypatch.setattr(desk.history, "load_day", lambda s, e: asked.append((s, e)))
    vm.reload()  # its answer comes late
    a_call(desk, "c1", talk=60, wrap=10)
    start, end = asked[-1]
    desk.history.day_loaded.emit(DayRecords(start, end, ()))  # read before c1 was written
    assert vm.stats.handled == 1 and vm.stats.tickets == 1
    vm.reload()  # this answer never comes (the history told the operator why)
    a_call(desk, "c2", talk=None)
    qtbot.waitUntil(lambda: len(asked) == 3, timeout=3000)  # asked again


@pytest.mark.parametrize("dark", [False, True])
def test_chart_paints_readably_in_light_and_dark(
    desk: Desk, vm: MyDayViewModel, panel: MyDayPanel, qtbot: QtBot, dark: bool
) -> None:
    palette = QPalette(panel.palette())
    if dark:
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.Base, "#121212"),
            (QPalette.ColorRole.Text, "#eeeeee"),
            (QPalette.ColorRole.WindowText, "#eeeeee"),
            (QPalette.ColorRole.Highlight, "#3d8ee6"),
        ):
            palette.setColor(role, QColor(colour))
    panel.setPalette(palette)
    a_call(desk, "c1", talk=60, wrap=10)
    a_call(desk, "c2", talk=None)
    vm.reload()
    image = panel.chart.grab().toImage()
    seen = colours(image)
    chart_palette = panel.chart.palette()
    assert chart_palette.color(QPalette.ColorRole.Base).rgb() in seen  # the background
    assert chart_palette.color(QPalette.ColorRole.Highlight).rgb() in seen  # handled bars
    assert missed_colour(chart_palette).rgb() in seen  # the missed bar
    base = chart_palette.color(QPalette.ColorRole.Base)
    text = chart_palette.color(QPalette.ColorRole.Text)
    assert abs(base.lightness() - text.lightness()) > 120  # labels contrast with the background
    assert abs(base.lightness() - missed_colour(chart_palette).lightness()) > 50


def test_a_small_panel_and_many_categories_do_not_break_the_chart(
    desk: Desk, vm: MyDayViewModel, panel: MyDayPanel, qtbot: QtBot
) -> None:
    desk.phone.incoming("c1")
    desk.phone.telephony.answer("c1")
    desk.phone.state("c1", CallState.ACTIVE, 200)
    desk.phone.state("c1", CallState.ENDED, 200)
    desk.history.wrap_up_done("c1", "x", [f"cat{i}" * 50 for i in range(300)], ["T"])
    vm.reload()
    assert vm.stats.tickets == 300
    panel.resize(200, 150)
    panel.chart.grab()
    panel.resize(1200, 900)
    assert not panel.chart.grab().isNull()
