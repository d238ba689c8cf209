"""Product information: search the catalogue, open a product with its knowledge articles.

Answers are kept in memory (the catalogue is not personal data, and small): a product seen
once opens at once the next time, is revalidated with its ETag when older than `fresh_s`, and
still shows, marked stale, when the API cannot be reached. Late answers to a previous search
or a previously opened product are dropped. GUI thread only; the API runs through the TaskPort.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from homeagent.domain.customer import Page, ProductDetail, ProductSummary
from homeagent.domain.errors import HomeAgentError
from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")


class CatalogApiPort(Protocol):
    def products(self, query: str = "", page_token: str = "") -> Page[ProductSummary]: ...

    def product(self, product_id: str, etag: str = "") -> object:
        """A ProductDetail, or anything else meaning "not modified" (a 304)."""
        ...


@dataclass(frozen=True)
class CatalogState:
    query: str = ""
    results: tuple[ProductSummary, ...] = ()
    searching: bool = False
    searched: bool = False
    search_error: str = ""  # an error code; empty when fine
    product_id: str = ""
    detail: ProductDetail | None = None
    detail_loading: bool = False
    detail_error: str = ""
    detail_stale: bool = False  # shown from memory: the API could not confirm it


class _Memory(Generic[K, V]):
    """A small LRU of (value, fetched_at)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, tuple[V, float]] = OrderedDict()

    def get(self, key: K) -> tuple[V, float] | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def put(self, key: K, value: V, at: float) -> None:
        self._items[key] = (value, at)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


def _code(exc: Exception) -> str:
    if isinstance(exc, HomeAgentError):
        return exc.code
    log.error("catalogue request failed", exc_info=exc)
    return "error"


class Catalog:
    def __init__(
        self,
        api: CatalogApiPort,
        tasks: TaskPort,
        *,
        fresh_s: float = 300.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api
        self._tasks = tasks
        self._fresh_s = fresh_s
        self._now = now
        self.state = CatalogState()
        self.state_changed: Topic[CatalogState] = Topic()
        self._searches: _Memory[str, tuple[ProductSummary, ...]] = _Memory(50)
        self._details: _Memory[str, ProductDetail] = _Memory(200)
        self._search_gen = 0
        self._detail_gen = 0

    def search(self, query: str) -> None:
        """Products whose name or category contains `query` (empty: the whole catalogue)."""
        query = query.strip()
        self._search_gen += 1
        token = self._search_gen
        hit = self._searches.get(query)
        if hit is not None and self._now() - hit[1] < self._fresh_s:
            self._set(
                replace(
                    self.state,
                    query=query,
                    results=hit[0],
                    searching=False,
                    searched=True,
                    search_error="",
                )
            )
            return
        shown = hit[0] if hit is not None else ()
        self._set(replace(self.state, query=query, results=shown, searching=True, search_error=""))

        def done(page: Page[ProductSummary]) -> None:
            self._searches.put(query, page.items, self._now())
            if token == self._search_gen:
                self._set(replace(self.state, results=page.items, searching=False, searched=True))

        def failed(exc: Exception) -> None:
            if token == self._search_gen:
                self._set(
                    replace(self.state, searching=False, searched=True, search_error=_code(exc))
                )

        self._tasks.run(lambda: self._api.products(query), done, failed)

    def open(self, product_id: str) -> None:
        """Show a product: from memory at once when seen before, then from the API."""
        st = self.state
        if st.product_id == product_id and (st.detail_loading or self._is_fresh(product_id)):
            return  # already on screen (a double click, a second request)
        self._detail_gen += 1
        token = self._detail_gen
        hit = self._details.get(product_id)
        if hit is not None and self._now() - hit[1] < self._fresh_s:
            self._set(
                replace(
                    st,
                    product_id=product_id,
                    detail=hit[0],
                    detail_loading=False,
                    detail_error="",
                    detail_stale=False,
                )
            )
            return
        cached = hit[0] if hit is not None else None
        self._set(
            replace(
                st,
                product_id=product_id,
                detail=cached,
                detail_loading=True,
                detail_error="",
                detail_stale=False,
            )
        )
        etag = cached.etag if cached is not None else ""

        def done(result: object) -> None:
            if isinstance(result, ProductDetail):
                detail = result
            elif cached is not None:
                detail = cached  # 304: what we hold is still right
            else:
                failed(HomeAgentError("not modified, but nothing held"))
                return
            self._details.put(product_id, detail, self._now())
            if token == self._detail_gen:
                self._set(replace(self.state, detail=detail, detail_loading=False))

        def failed(exc: Exception) -> None:
            if token == self._detail_gen:
                self._set(
                    replace(
                        self.state,
                        detail_loading=False,
                        detail_error=_code(exc),
                        detail_stale=self.state.detail is not None,
                    )
                )

        self._tasks.run(lambda: self._api.product(product_id, etag), done, failed)

    def _is_fresh(self, product_id: str) -> bool:
        hit = self._details.get(product_id)
        return hit is not None and self._now() - hit[1] < self._fresh_s

    def _set(self, state: CatalogState) -> None:
        self.state = state
        self.state_changed.emit(state)
