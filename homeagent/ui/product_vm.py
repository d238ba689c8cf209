"""Product view-model: catalogue search (debounced as the operator types) and product detail.

GUI thread; never blocks. Sentences through `self.tr()`; the Catalog service gives codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from homeagent.domain.customer import ArticleKind
from homeagent.services.catalog import Catalog, CatalogState
from homeagent.ui.customer_vm import one_line


@dataclass(frozen=True)
class ResultRow:
    product_id: str
    text: str


@dataclass(frozen=True)
class ArticleRow:
    article_id: str
    kind: str
    title: str
    body: str


@dataclass(frozen=True)
class DetailView:
    name: str = ""
    category: str = ""
    description: str = ""
    articles: tuple[ArticleRow, ...] = ()


class ProductViewModel(QObject):
    changed = Signal()  # status line
    results_changed = Signal()
    detail_changed = Signal()

    def __init__(
        self, catalog: Catalog, parent: QObject | None = None, *, debounce_ms: int = 300
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.state = catalog.state
        self._pending = ""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        catalog.state_changed.connect(self._on_catalog_state_changed)

    def close(self) -> None:
        self._debounce.stop()
        self._catalog.state_changed.disconnect(self._on_catalog_state_changed)

    # ---- intents ---------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """The operator is typing: search once they pause."""
        self._pending = text
        self._debounce.start()

    def search_now(self, text: str) -> None:
        self._debounce.stop()
        self._catalog.search(text)

    def ensure_loaded(self) -> None:
        """The tab is shown for the first time: list the catalogue."""
        st = self.state
        if not st.searched and not st.searching and not self._debounce.isActive():
            self._catalog.search("")

    def open(self, product_id: str) -> None:
        self._catalog.open(product_id)

    # ---- presentation ----------------------------------------------------------------------

    def result_rows(self) -> list[ResultRow]:
        rows = []
        for p in self.state.results:
            name = one_line(p.name)
            category = one_line(p.category)[:200]
            rows.append(ResultRow(p.id, f"{name} — {category}" if category else name))
        return rows

    def status_text(self) -> str:
        st = self.state
        if st.searching:
            return self.tr("Searching the catalogue…")
        if st.search_error:
            return self.tr("The catalogue cannot be reached now. Try again in a moment.")
        if st.searched and not st.results:
            if st.query:
                return self.tr("No product matches “{query}”.").format(query=one_line(st.query))
            return self.tr("The catalogue is empty.")
        return ""

    def detail_status(self) -> str:
        st = self.state
        if st.detail_loading:
            return self.tr("Loading the product…")
        if st.detail_stale:
            return self.tr("Shown from memory: the catalogue cannot be reached now.")
        if st.detail_error == "api_not_found":
            return self.tr("This product is no longer in the catalogue.")
        if st.detail_error:
            return self.tr("The product cannot be loaded now. Try again in a moment.")
        if not st.product_id:
            return self.tr("Pick a product to see its description and help articles.")
        return ""

    def detail_view(self) -> DetailView:
        d = self.state.detail
        if d is None:
            return DetailView()
        return DetailView(
            d.name,
            d.category,
            d.description,
            tuple(
                ArticleRow(a.id, self._kind(a.kind), one_line(a.title), a.body) for a in d.articles
            ),
        )

    def _kind(self, kind: ArticleKind) -> str:
        if kind is ArticleKind.TROUBLESHOOTING:
            return self.tr("Troubleshooting")
        return self.tr("FAQ")

    # ---- service -------------------------------------------------------------------------

    @Slot()
    def _on_debounce_timeout(self) -> None:
        self._catalog.search(self._pending)

    def _on_catalog_state_changed(self, state: CatalogState) -> None:
        before, self.state = self.state, state
        if state.results is not before.results:
            self.results_changed.emit()
        if state.detail is not before.detail or state.product_id != before.product_id:
            self.detail_changed.emit()
        self.changed.emit()
