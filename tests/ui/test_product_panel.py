"""The Products tab over a real Catalog (inline tasks, a fake API): debounced search, product
detail and knowledge articles as plain text, opened from the customer's card in one click."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from homeagent.domain.customer import (
    Article,
    ArticleKind,
    CustomerCard,
    CustomerSummary,
    OwnedProduct,
    Page,
    ProductDetail,
    ProductSummary,
)
from homeagent.domain.errors import ApiNotFound, ApiUnavailable
from homeagent.services.catalog import Catalog
from homeagent.services.screen_pop import ScreenPop
from homeagent.ui.customer_panel import CustomerPanel
from homeagent.ui.customer_vm import CustomerViewModel
from homeagent.ui.product_panel import ProductPanel
from homeagent.ui.product_vm import ProductViewModel
from tests.ui.conftest import InlineTasks
from tests.ui.test_customer_panel import Directory

HOSTILE = "<b>Bold</b><img src=x onerror=alert(1)>"
BOX = ProductDetail(
    "P001",
    "Box Fibre 1 Gb/s",
    "internet",
    "Box fibre optique.\nWi-Fi 6 <i>intégré</i>.",
    (
        Article(
            "A001", ArticleKind.TROUBLESHOOTING, "Voyant rouge", "1. Vérifiez\n2. <b>Redémarrez</b>"
        ),
        Article("A002", ArticleKind.FAQ, "Wi-Fi", "Menu Wi-Fi > Paramètres."),
    ),
)
ODD = ProductDetail(
    "P666", HOSTILE, HOSTILE, HOSTILE * 3, (Article("A6", ArticleKind.FAQ, HOSTILE, HOSTILE),)
)


class FakeCatalogApi:
    def __init__(self) -> None:
        self.details = {d.id: d for d in (BOX, ODD)}
        self.searches: list[str] = []
        self.down = False

    def products(self, query: str = "", page_token: str = "") -> Page[ProductSummary]:
        self.searches.append(query)
        if self.down:
            raise ApiUnavailable("down")
        found = [d for d in self.details.values() if query.lower() in d.name.lower()]
        return Page(tuple(ProductSummary(d.id, d.name, d.category) for d in found))

    def product(self, product_id: str, etag: str = "") -> object:
        if self.down:
            raise ApiUnavailable("down")
        if product_id not in self.details:
            raise ApiNotFound("no such product", 404)
        return self.details[product_id]


@dataclass
class Tab:
    api: FakeCatalogApi
    vm: ProductViewModel
    panel: ProductPanel


@pytest.fixture
def tab(qtbot: QtBot) -> Iterator[Tab]:
    api = FakeCatalogApi()
    vm = ProductViewModel(Catalog(api, InlineTasks()), debounce_ms=30)
    panel = ProductPanel(vm)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    yield Tab(api, vm, panel)
    vm.close()


def result_texts(tab: Tab) -> list[str]:
    return [tab.panel.results.item(i).text() for i in range(tab.panel.results.count())]


def test_showing_the_tab_lists_the_catalogue(tab: Tab) -> None:
    assert tab.api.searches == [""]
    assert result_texts(tab) == ["Box Fibre 1 Gb/s — internet", f"{HOSTILE} — {HOSTILE}"]


def test_typing_searches_once_after_a_pause(tab: Tab, qtbot: QtBot) -> None:
    qtbot.keyClicks(tab.panel.search_edit, "fibre")
    assert tab.api.searches == [""]  # not at every key
    qtbot.waitUntil(lambda: tab.api.searches == ["", "fibre"], timeout=2000)
    assert result_texts(tab) == ["Box Fibre 1 Gb/s — internet"]
    qtbot.keyClicks(tab.panel.search_edit, "zzz")
    qtbot.keyClick(tab.panel.search_edit, Qt.Key.Key_Return)  # Enter: at once
    assert tab.api.searches[-1] == "fibrezzz"
    assert tab.panel.status_label.text() == "No product matches “fibrezzz”."
    qtbot.wait(80)
    assert tab.api.searches.count("fibrezzz") == 1  # the pending debounce was cancelled


def test_a_product_shows_its_description_and_articles(tab: Tab, qtbot: QtBot) -> None:
    tab.panel.results.setCurrentRow(0)
    p = tab.panel
    assert p.name_label.text() == "Box Fibre 1 Gb/s" and p.category_label.text() == "internet"
    assert p.description.toPlainText() == BOX.description
    assert [p.articles.item(i).text() for i in range(2)] == [
        "Troubleshooting: Voyant rouge",
        "FAQ: Wi-Fi",
    ]
    assert p.article_body.toPlainText() == "1. Vérifiez\n2. <b>Redémarrez</b>"
    p.articles.setCurrentRow(1)
    assert p.article_body.toPlainText() == "Menu Wi-Fi > Paramètres."


def test_hostile_rich_text_stays_literal(tab: Tab) -> None:
    tab.panel.open_product("P666")
    p = tab.panel
    for label in (p.name_label, p.category_label, p.status_label, p.detail_status):
        assert label.textFormat() is Qt.TextFormat.PlainText
    assert p.name_label.text() == HOSTILE and p.category_label.full_text() == HOSTILE
    assert p.description.toPlainText() == HOSTILE * 3
    assert p.articles.item(0).text() == f"FAQ: {HOSTILE}"
    assert p.article_body.toPlainText() == HOSTILE
    assert p.results.currentItem() is not None and p.results.currentItem().text().startswith(
        HOSTILE
    )


def test_long_and_missing_fields(tab: Tab, qtbot: QtBot) -> None:
    tab.api.details["P9"] = ProductDetail("P9", "n" * 5000, "", "d" * 5000)
    tab.api.details["P0"] = ProductDetail("P0", "Bare")
    tab.panel.open_product("P9")
    p = tab.panel
    qtbot.wait(10)
    assert p.name_label.full_text() == "n" * 5000 and p.name_label.is_elided()
    assert p.description.toPlainText() == "d" * 5000
    assert p.minimumSizeHint().width() < 900
    tab.panel.open_product("P0")
    assert p.name_label.text() == "Bare" and p.category_label.text() == ""
    assert p.description.toPlainText() == "" and p.articles.count() == 0
    assert p.article_body.toPlainText() == ""


def test_unreachable_and_unknown_products_are_explained(tab: Tab) -> None:
    tab.panel.open_product("P001")
    tab.api.down = True
    tab.panel.open_product("NOPE")
    assert "cannot be loaded" in tab.panel.detail_status.text()
    tab.api.down = False
    tab.panel.open_product("GONE")
    assert tab.panel.detail_status.text() == "This product is no longer in the catalogue."
    tab.api.down = True
    tab.vm.search_now("x")
    assert "cannot be reached" in tab.panel.status_label.text()


def test_a_product_on_the_card_opens_in_the_products_tab(tab: Tab, qtbot: QtBot) -> None:
    who = CustomerSummary("C001", "Camille Martin", "+33612345678")
    directory = Directory(
        matches={who.phone: (who,)},
        cards={
            "C001": CustomerCard(
                "C001", "Camille Martin", products=(OwnedProduct("P001", "Box Fibre 1 Gb/s"),)
            )
        },
    )
    pop = ScreenPop(directory, InlineTasks())
    customer_vm = CustomerViewModel(pop)
    customer = CustomerPanel(customer_vm)
    qtbot.addWidget(customer)
    customer.product_requested.connect(tab.panel.open_product)  # what app.py wires
    customer.show()
    pop.show_for("call-1", who.phone)
    table = customer.products_table
    rect = table.visualItemRect(table.item(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.panel.name_label.text() == "Box Fibre 1 Gb/s"
    assert tab.panel.results.currentItem() is not None
    assert tab.panel.results.currentItem().text().startswith("Box Fibre")
    customer_vm.close()
