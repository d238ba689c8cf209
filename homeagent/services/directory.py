"""Customer and product look-ups with the card cache in front of the API.

These calls block (HTTP, SQLite): they are the bodies of tasks run on the IO pool, never on
the GUI thread. Cache first for an instant screen pop, then revalidate with the ETag.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from homeagent.domain.errors import ApiError

log = logging.getLogger(__name__)


class CachePort(Protocol):
    def get(self, key: str) -> Any: ...
    def put(self, key: str, body: Any, etag: str = "") -> None: ...
    def touch(self, key: str) -> None: ...


class DirectoryApiPort(Protocol):
    def lookup_raw(self, phone: str) -> Any: ...
    def customer_raw(self, customer_id: str, etag: str = "") -> Any: ...


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
        matches = list(self._api.lookup_raw(phone))
        self._cache.put(f"lookup:{phone}", matches)
        return matches

    def cached_card(self, customer_id: str) -> Any | None:
        hit = self._cache.get(f"customer:{customer_id}")
        return None if hit is None else hit.body

    def card(self, customer_id: str) -> Any:
        """The card, revalidated with its ETag when we hold one; the cache if the API is down."""
        key = f"customer:{customer_id}"
        hit = self._cache.get(key)
        if hit is not None and hit.age_s < self._fresh_s:
            return hit.body
        try:
            resp = self._api.customer_raw(customer_id, etag=hit.etag if hit else "")
        except ApiError:
            if hit is not None:
                log.info("API unavailable: showing the cached card")
                return hit.body
            raise
        if resp.status == 304 and hit is not None:
            self._cache.touch(key)
            return hit.body
        self._cache.put(key, resp.body, resp.etag)
        return resp.body
