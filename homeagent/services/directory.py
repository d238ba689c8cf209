"""Customer look-ups with the card cache in front of the API.

These calls block (HTTP, SQLite): they are the bodies of tasks run on the IO pool, never on
the GUI thread. Cache first for an instant screen pop, then revalidate with the ETag.

`Directory` caches the API's validated JSON as it came (so a cached body is decoded by the
same rules as a fresh one); `CustomerDirectory` hands the screen pop domain objects. The
decoders are injected by app.py (they live in the API adapter, which services never import).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from homeagent.domain.customer import CustomerCard, CustomerSummary, Page, TicketHistory
from homeagent.domain.errors import ApiError, HomeAgentError

log = logging.getLogger(__name__)


class CachePort(Protocol):
    def get(self, key: str) -> Any: ...
    def put(self, key: str, body: Any, etag: str = "") -> None: ...
    def touch(self, key: str) -> None: ...


class DirectoryApiPort(Protocol):
    def lookup_raw(self, phone: str) -> Any: ...
    def customer_raw(self, customer_id: str, etag: str = "") -> Any: ...


class CustomerApiPort(Protocol):
    """Typed reads that are never cached (history changes with every call; search is live)."""

    def customer_tickets(self, customer_id: str, page_token: str = "") -> Page[TicketHistory]: ...
    def search_customers(self, query: str, page_token: str = "") -> Page[CustomerSummary]: ...


@dataclass(frozen=True)
class CardDecoders:
    """Raw (cached or fresh) JSON -> domain objects; raise an ApiError when it does not fit."""

    matches: Callable[[Any], tuple[CustomerSummary, ...]]  # the list of lookup matches
    card: Callable[[Any, str], CustomerCard]  # (body, etag)


class Directory:
    def __init__(self, api: DirectoryApiPort, cache: CachePort, fresh_s: float = 300.0) -> None:
        self._api = api
        self._cache = cache
        self._fresh_s = fresh_s

    def cached_lookup(self, phone: str) -> list[Any] | None:
        """Matches for a caller's number from the cache alone (None: never seen)."""
        hit = self._cache.get(f"lookup:{phone}")
        return None if hit is None else list(hit.body)

    def lookup(self, phone: str) -> list[Any]:
        """Matches from the API, remembered for the next ring."""
        matches = self.fetch_lookup(phone)
        self.remember_lookup(phone, matches)
        return matches

    def fetch_lookup(self, phone: str) -> list[Any]:
        """Matches from the API only (the caller remembers them off the critical path)."""
        return list(self._api.lookup_raw(phone))

    def remember_lookup(self, phone: str, matches: list[Any]) -> None:
        self._cache.put(f"lookup:{phone}", matches)

    def cached_card(self, customer_id: str) -> Any | None:
        hit = self._cache.get(f"customer:{customer_id}")
        return None if hit is None else hit.body

    def card(self, customer_id: str) -> Any:
        """The card, revalidated with its ETag when we hold one; the cache if the API is down."""
        return self.card_with_etag(customer_id)[0]

    def card_with_etag(self, customer_id: str) -> tuple[Any, str]:
        key = f"customer:{customer_id}"
        hit = self._cache.get(key)
        if hit is not None and hit.age_s < self._fresh_s:
            return hit.body, hit.etag
        try:
            resp = self._api.customer_raw(customer_id, etag=hit.etag if hit else "")
        except ApiError:
            if hit is not None:
                log.info("API unavailable: showing the cached card")
                return hit.body, hit.etag
            raise
        if resp.status == 304 and hit is not None:
            self._cache.touch(key)
            return hit.body, hit.etag
        self._cache.put(key, resp.body, resp.etag)
        return resp.body, resp.etag


@dataclass(frozen=True)
class CachedPop:
    """What the cache alone knows about a number: matches (None: never seen) and, for a
    single match, its card if cached."""

    matches: tuple[CustomerSummary, ...] | None
    card: CustomerCard | None = None


class CustomerDirectory:
    """Typed look-ups for the screen pop (blocking: run them on the IO pool)."""

    def __init__(self, directory: Directory, api: CustomerApiPort, decoders: CardDecoders) -> None:
        self._directory = directory
        self._api = api
        self._decode = decoders

    def cached(self, phone: str) -> CachedPop:
        """The cache's answer for a number; a body that no longer decodes counts as a miss."""
        try:
            raw = self._directory.cached_lookup(phone)
            if raw is None:
                return CachedPop(None)
            matches = self._decode.matches(raw)
            card = self.cached_card(matches[0].id) if len(matches) == 1 else None
        except HomeAgentError as exc:
            log.warning("cached look-up unusable: %s", exc)
            return CachedPop(None)
        return CachedPop(matches, card)

    def cached_card(self, customer_id: str) -> CustomerCard | None:
        try:
            raw = self._directory.cached_card(customer_id)
            return None if raw is None else self._decode.card(raw, "")
        except HomeAgentError as exc:
            log.warning("cached card unusable: %s", exc)
            return None

    def lookup(self, phone: str) -> tuple[tuple[CustomerSummary, ...], list[Any]]:
        """Matches from the API, and the raw list for `remember` (called after showing them)."""
        raw = self._directory.fetch_lookup(phone)
        return self._decode.matches(raw), raw

    def remember(self, phone: str, raw: list[Any]) -> None:
        self._directory.remember_lookup(phone, raw)

    def card(self, customer_id: str) -> CustomerCard:
        body, etag = self._directory.card_with_etag(customer_id)
        return self._decode.card(body, etag)

    def history(self, customer_id: str) -> tuple[TicketHistory, ...]:
        """The customer's recent tickets (first page), newest first as the API sends them."""
        return self._api.customer_tickets(customer_id).items

    def search(self, query: str) -> tuple[CustomerSummary, ...]:
        return self._api.search_customers(query).items
