"""The customer panel over a real ScreenPop (inline tasks, a fake directory): hostile text stays
literal, long fields are elided but whole, 300 products paint at once, a product opens."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from homeagent.domain.customer import (
    CustomerCard,
    CustomerSummary,
    OwnedProduct,
    TicketHistory,
    TicketNoteView,
    TicketSummary,
)
from homeagent.domain.errors import ApiUnavailable
from homeagent.services.directory import CachedPop
from homeagent.services.screen_pop import PopStatus, ScreenPop
from homeagent.ui.customer_panel import CustomerPanel, ElidedLabel
from homeagent.ui.customer_vm import CustomerViewModel
from tests.ui.conftest import InlineTasks

HOSTILE = "<b>Bold</b><img src=x onerror=alert(1)>"
LONG = "x" * 5000
TODAY = date(2026, 6, 1)


@dataclass
class Directory:
    """DirectoryPort with fixed answers; `down` fails every API call."""

    matches: dict[str, tuple[CustomerSummary, ...]] = field(default_factory=dict)
    cards: dict[str, CustomerCard] = field(default_factory=dict)
    history_of: dict[str, tuple[TicketHistory, ...]] = field(default_factory=dict)
    cache: dict[str, CachedPop] = field(default_factory=dict)
    down: bool = False

    def _api(self) -> None:
        if self.down:
            raise ApiUnavailable("down")

    def cached(self, phone: str) -> CachedPop:
        return self.cache.get(phone, CachedPop(None))

    def lookup(self, phone: str) -> tuple[tuple[CustomerSummary, ...], Any]:
        self._api()
        return self.matches.get(phone, ()), []

    def remember(self, phone: str, raw: Any) -> None:
        pass

    def card(self, customer_id: str) -> CustomerCard:
        self._api()
        return self.cards[customer_id]

    def history(self, customer_id: str) -> tuple[TicketHistory, ...]:
        self._api()
        return self.history_of.get(customer_id, ())

    def search(self, query: str) -> tuple[CustomerSummary, ...]:
        self._api()
        every = [m for ms in self.matches.values() for m in ms]
        return tuple(m for m in every if query.lower() in m.display_name.lower())


def summary(cid: str, name: str, phone: str, **kw: Any) -> CustomerSummary:
    return CustomerSummary(cid, name, phone, **kw)


CAMILLE = summary("C001", "Camille Martin", "+33612345678", vip=True, segment="premium")
BOLD = summary("C006", HOSTILE, "+33655501234")
PIERRE = summary("C010", "Pierre Moreau", "+33240111222")
SOPHIE = summary("C011", "Sophie Moreau", "+33240111222")


def full_card(s: CustomerSummary, **kw: Any) -> CustomerCard:
    values: dict[str, Any] = {
        "phones": (s.phone,),
        "email": "camille@example.fr",
        "address": "12 rue de la République, 69002 Lyon",
        "language": "fr",
        "segment": s.segment,
        "vip": s.vip,
        "account_number": "FR-100001",
        "products": (
            OwnedProduct("P001", "Box Fibre 1 Gb/s", "FBX-1", date(2026, 9, 30)),
            OwnedProduct("P004", "Forfait mobile", "SIM-1", None),
            OwnedProduct("P006", "Décodeur TV", "DEC-1", date(2025, 1, 31)),
        ),
        "open_tickets": (TicketSummary("T1", "Coupures", "complaint", "open", "2025-05-12T08"),),
    }
    name = kw.pop("display_name", s.display_name)
    values.update(kw)
    return CustomerCard(s.id, name, **values)


@pytest.fixture
def directory() -> Directory:
    return Directory(
        matches={
            CAMILLE.phone: (CAMILLE,),
            BOLD.phone: (BOLD,),
            PIERRE.phone: (PIERRE, SOPHIE),
        },
        cards={s.id: full_card(s) for s in (CAMILLE, BOLD, PIERRE, SOPHIE)},
        history_of={
            "C001": (
                TicketHistory(
                    TicketSummary("T0", "Facture", "request", "closed", "2024-01-02T10:00:00Z"),
                    (TicketNoteView("N1", "Première ligne\nseconde " + HOSTILE, "2024-01-02"),),
                ),
            )
        },
    )


@dataclass
class Desk:
    pop: ScreenPop
    vm: CustomerViewModel
    panel: CustomerPanel
    directory: Directory


@pytest.fixture
def desk(directory: Directory, qtbot: QtBot) -> Iterator[Desk]:
    pop = ScreenPop(directory, InlineTasks())
    vm = CustomerViewModel(pop, today=lambda: TODAY)
    panel = CustomerPanel(vm)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    yield Desk(pop, vm, panel, directory)
    vm.close()


def plain(label: QLabel) -> bool:
    return label.textFormat() is Qt.TextFormat.PlainText


def table_rows(desk: Desk) -> list[list[str]]:
    table = desk.panel.products_table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_a_known_caller_fills_the_card(desk: Desk) -> None:
    callers: list[str] = []
    desk.vm.caller_changed.connect(callers.append)
    desk.pop.show_for("call-1", CAMILLE.phone)
    p = desk.panel
    assert p.card_box.isVisible() and p.name_label.text() == "Camille Martin"
    assert p.vip_badge.isVisible()
    assert p.fields["account"].full_text() == "FR-100001"
    assert p.fields["language"].full_text() == "Français (fr)"
    assert p.fields["phones"].full_text() == "06 12 34 56 78"
    short = QLocale.FormatType.ShortFormat
    assert table_rows(desk) == [
        ["Box Fibre 1 Gb/s", "FBX-1", QLocale().toString(QDate(2026, 9, 30), short)],
        ["Forfait mobile", "SIM-1", ""],
        ["Décodeur TV", "DEC-1", QLocale().toString(QDate(2025, 1, 31), short) + " (ended)"],
    ]
    assert p.detail_tabs.tabText(0) == "Products (3)"
    assert p.detail_tabs.tabText(1) == "Open tickets (1)"
    assert p.tickets_tree.topLevelItem(0).text(0) == "Coupures"  # type: ignore[union-attr]
    assert p.history_tree.topLevelItemCount() == 1
    assert callers == ["Camille Martin"]  # for the ringing panel
    assert not p.choices_box.isVisible() and not p.status_label.isVisible()


def test_hostile_rich_text_stays_literal(desk: Desk, directory: Directory) -> None:
    directory.cards["C006"] = full_card(BOLD, address="<script>alert('adresse')</script>")
    desk.pop.show_for("call-1", BOLD.phone)
    p = desk.panel
    labels = [p.name_label, *p.fields.values(), p.status_label, p.choices_title]
    assert all(plain(label) for label in labels)
    assert p.name_label.text() == HOSTILE and p.name_label.full_text() == HOSTILE
    assert p.fields["address"].text() == "<script>alert('adresse')</script>"
    assert p.name_label.toolTip() == ""  # no data in tooltips
    # the history note (with markup) is shown in a plain-text reader
    desk.pop.show_for("call-2", CAMILLE.phone)
    top = p.history_tree.topLevelItem(0)
    assert top is not None and top.child(0) is not None
    p.history_tree.setCurrentItem(top.child(0))
    assert p.history_detail.toPlainText() == "Première ligne\nseconde " + HOSTILE


def test_hostile_names_in_the_chooser_are_literal(desk: Desk, directory: Directory) -> None:
    directory.matches[PIERRE.phone] = (PIERRE, BOLD)
    desk.pop.show_for("call-1", PIERRE.phone)
    items = [desk.panel.choices_list.item(i).text() for i in range(2)]
    assert items[1].startswith(HOSTILE)


def test_five_thousand_character_fields_are_elided_but_whole(
    desk: Desk, directory: Directory, qtbot: QtBot
) -> None:
    directory.cards["C001"] = full_card(
        CAMILLE,
        display_name=LONG,
        address="a " * 2500,
        email="e" * 5000,
        segment="s" * 5000,
        products=(OwnedProduct("P1", LONG, "S" * 500, None),),
        open_tickets=(TicketSummary("T1", LONG, "complaint", "open"),),
    )
    desk.pop.show_for("call-1", CAMILLE.phone)
    p = desk.panel
    qtbot.wait(10)
    assert p.name_label.full_text() == LONG and p.name_label.is_elided()
    assert p.name_label.text().endswith("…") and len(p.name_label.text()) < 500
    assert p.fields["email"].full_text() == "e" * 5000
    assert p.width() <= 900 and p.minimumSizeHint().width() < 900  # the window does not grow
    assert p.products_table.item(0, 0).text() == LONG  # the view elides the cell
    p.name_label.actions()[0].trigger()  # Copy: the whole name
    assert QGuiApplication.clipboard().text() == LONG
    p.resize(5000, 700)  # wide enough, nothing to elide for a short field
    qtbot.wait(10)
    assert p.fields["account"].text() == "FR-100001"


def test_missing_fields_leave_blanks(desk: Desk, directory: Directory) -> None:
    directory.cards["C001"] = CustomerCard("C001", "Camille")
    directory.history_of.clear()
    directory.matches[CAMILLE.phone] = (CustomerSummary("C001", "Camille"),)
    desk.pop.show_for("call-1", CAMILLE.phone)
    p = desk.panel
    assert p.name_label.text() == "Camille" and not p.vip_badge.isVisible()
    assert all(label.full_text() == "" for label in p.fields.values())
    assert p.products_table.rowCount() == 0 and p.detail_tabs.tabText(0) == "Products (0)"
    assert p.history_status.text() == "No earlier tickets."


def test_three_hundred_products_paint_without_freezing(
    desk: Desk, directory: Directory, qtbot: QtBot
) -> None:
    products = tuple(
        OwnedProduct(f"P{i:03}", f"Produit {i} " + "n" * (i % 50), f"SN{i}", date(2027, 1, 1))
        for i in range(300)
    )
    directory.cards["C001"] = full_card(CAMILLE, products=products)
    started = time.perf_counter()
    desk.pop.show_for("call-1", CAMILLE.phone)
    desk.panel.repaint()
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    assert desk.panel.products_table.rowCount() == 300
    assert desk.panel.detail_tabs.tabText(0) == "Products (300)"
    assert elapsed < 2.0, f"300 products took {elapsed:.3f} s"  # generous: a freeze, not a figure
    # a refresh of history alone does not lay the 300 rows out again
    first = desk.panel.products_table.item(0, 0)
    desk.vm.history_changed.emit()
    assert desk.panel.products_table.item(0, 0) is first


def test_one_click_or_enter_on_a_product_asks_for_it(desk: Desk, qtbot: QtBot) -> None:
    desk.pop.show_for("call-1", CAMILLE.phone)
    table = desk.panel.products_table
    rect = table.visualItemRect(table.item(1, 0))
    with qtbot.waitSignal(desk.panel.product_requested) as clicked:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == ["P004"]
    table.setFocus()
    table.setCurrentCell(2, 1)
    with qtbot.waitSignal(desk.panel.product_requested) as entered:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert entered.args == ["P006"]


def test_several_matches_pick_one(desk: Desk, qtbot: QtBot) -> None:
    callers: list[str] = []
    desk.vm.caller_changed.connect(callers.append)
    desk.pop.show_for("call-1", PIERRE.phone)
    p = desk.panel
    assert p.choices_list.isVisible() and p.choices_list.count() == 2
    assert not p.card_box.isVisible()
    assert "2 customers use 02 40 11 12 22" in p.status_label.text()
    assert callers == ["2 customers share this number"]
    p.choices_list.setFocus()
    p.choices_list.setCurrentRow(1)
    qtbot.keyClick(p.choices_list, Qt.Key.Key_Return)
    assert p.card_box.isVisible() and p.name_label.text() == "Sophie Moreau"
    assert callers[-1] == "Sophie Moreau"


def test_no_match_search_then_continue_as_unknown(desk: Desk, qtbot: QtBot) -> None:
    desk.pop.show_for("call-1", "+33699999999")
    p = desk.panel
    assert p.unknown_button.isVisible() and not p.card_box.isVisible()
    assert "search, or continue as unknown" in p.status_label.text()
    qtbot.keyClicks(p.search_edit, "moreau")
    qtbot.keyClick(p.search_edit, Qt.Key.Key_Return)
    assert p.choices_list.count() == 2 and "Search results" in p.choices_title.text()
    p.choices_list.setCurrentRow(0)
    qtbot.mouseClick(p.choose_button, Qt.MouseButton.LeftButton)
    assert p.name_label.text() == "Pierre Moreau"
    desk.pop.show_for("call-2", "+33699999998")
    qtbot.mouseClick(p.unknown_button, Qt.MouseButton.LeftButton)
    assert desk.pop.state.status is PopStatus.UNKNOWN
    assert p.status_label.text() == "Continuing without a customer."
    assert not p.unknown_button.isVisible()


def test_api_unreachable_with_and_without_cache(desk: Desk, directory: Directory) -> None:
    directory.down = True
    directory.cache[CAMILLE.phone] = CachedPop((CAMILLE,), full_card(CAMILLE))
    desk.pop.show_for("call-1", CAMILLE.phone)
    p = desk.panel
    assert p.name_label.text() == "Camille Martin" and p.products_table.rowCount() == 3
    assert "cache" in p.status_label.text() and "cannot be reached" in p.status_label.text()
    desk.pop.show_for("call-2", SOPHIE.phone)
    assert not p.card_box.isVisible()
    assert desk.vm.caller_text() == "Unknown caller (API unreachable)"
    assert "cannot be reached" in p.status_label.text()


def test_every_control_is_named_for_tests_and_screen_readers(desk: Desk) -> None:
    p = desk.panel
    for widget in (
        p.search_edit,
        p.search_button,
        p.choices_list,
        p.choose_button,
        p.unknown_button,
        p.products_table,
        p.tickets_tree,
        p.history_tree,
        p.history_detail,
        p.detail_tabs,
        p.name_label,
        *p.fields.values(),
    ):
        assert widget.objectName() and widget.accessibleName(), widget
    assert isinstance(p.findChild(ElidedLabel, "customerAddress"), ElidedLabel)
