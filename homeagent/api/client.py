"""The central API client: sign-in, silent token refresh, retries, and typed results.

Thread-safe (a Session per thread in `Http`; the tokens behind a lock). Reads and writes that
carry an id are retried on transient failures with backoff and jitter: the API deduplicates
writes by id, so a retry after a timeout cannot create a second punch.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from homeagent.api import decode
from homeagent.api.http import Http, Response
from homeagent.domain.agent import AgentProfile, SipCredentials, Tokens
from homeagent.domain.customer import (
    CustomerCard,
    CustomerSummary,
    Page,
    ProductDetail,
    ProductSummary,
    TicketHistory,
)
from homeagent.domain.errors import ApiAuthError, ApiBadResponse, ApiRateLimited, ApiUnavailable
from homeagent.domain.work import parse_rfc3339

log = logging.getLogger(__name__)
T = TypeVar("T")

# where each outbox kind goes
_WRITES = {
    "punch": ("POST", "/v1/punches"),
    "state": ("PUT", "/v1/agents/me/state"),
    "ticket": ("POST", "/v1/tickets"),
    "interaction": ("POST", "/v1/interactions"),
}


class NotModified:
    """A 304: the cached card is still right."""


NOT_MODIFIED = NotModified()


class ApiClient:
    def __init__(
        self,
        http: Http,
        device_id: str,
        *,
        on_tokens: Callable[[Tokens], None] | None = None,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http
        self.device_id = device_id
        self._on_tokens = on_tokens
        self._retries = retries
        self._sleep = sleep
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()  # one refresh at a time: tokens rotate
        self._tokens: Tokens | None = None
        self._expires_at = 0.0
        self._refresh_margin_s = 30.0

    # ---- session ------------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        return self._tokens is not None

    def login(self, username: str, password: str) -> Tokens:
        resp = self._http.request(
            "POST", "/v1/auth/token",
            json_body={"username": username, "password": password, "device_id": self.device_id},
        )  # fmt: skip
        return self._store(decode.tokens(resp.body))

    def resume(self, refresh_token: str) -> Tokens:
        """Sign in again with a remembered refresh token (which rotates)."""
        return self._refresh(refresh_token)

    def logout(self) -> None:
        with self._lock:
            tokens, self._tokens = self._tokens, None
        if tokens is not None:
            try:
                self._http.request(
                    "POST",
                    "/v1/auth/logout",
                    json_body={"refresh_token": tokens.refresh_token},
                    token=tokens.access_token,
                )
            except (ApiAuthError, ApiUnavailable) as exc:
                log.info("logout not confirmed by the server: %s", exc)

    def _store(self, tokens: Tokens) -> Tokens:
        with self._lock:
            self._tokens = tokens
            self._expires_at = time.monotonic() + tokens.expires_in
            # refresh a little before expiry: 30 s, or a quarter of a very short lifetime
            self._refresh_margin_s = min(30.0, tokens.expires_in / 4)
        if self._on_tokens is not None:
            self._on_tokens(tokens)
        return tokens

    def _refresh(self, refresh_token: str) -> Tokens:
        resp = self._http.request(
            "POST", "/v1/auth/refresh", json_body={"refresh_token": refresh_token}
        )
        return self._store(decode.tokens(resp.body))

    def _access_token(self) -> str:
        with self._lock:
            tokens = self._tokens
            soon = time.monotonic() > self._expires_at - self._refresh_margin_s
        if tokens is None:
            raise ApiAuthError("not signed in")
        if soon:
            tokens = self._refresh_once(tokens)
        return tokens.access_token

    def _refresh_once(self, stale: Tokens) -> Tokens:
        """Refresh unless another thread already did (a rotated token works only once)."""
        with self._lock:
            current = self._tokens
        if current is None:
            raise ApiAuthError("signed out")
        if current is not stale:
            return current
        with self._refresh_lock:
            with self._lock:
                current = self._tokens
            if current is not stale or current is None:
                if current is None:
                    raise ApiAuthError("signed out")
                return current
            return self._refresh(stale.refresh_token)

    def _authed(self, method: str, path: str, **kw: Any) -> Response:
        token = self._access_token()
        try:
            return self._http.request(method, path, token=token, **kw)
        except ApiAuthError:
            with self._lock:
                tokens = self._tokens
            if tokens is None or tokens.access_token != token:
                raise
            fresh = self._refresh_once(tokens)  # expired early, or revoked: once, then give up
            return self._http.request(method, path, token=fresh.access_token, **kw)

    def _retrying(self, call: Callable[[], T]) -> T:
        """Transient failures retried with exponential backoff and full jitter."""
        for attempt in range(self._retries):
            try:
                return call()
            except ApiRateLimited as exc:
                if attempt == self._retries - 1 or exc.retry_after_s > 10:
                    raise
                self._sleep(exc.retry_after_s)
            except ApiUnavailable:
                if attempt == self._retries - 1:
                    raise
                self._sleep(random.uniform(0, 0.25 * 2**attempt))  # noqa: S311
        raise AssertionError("unreachable")

    def _get(self, path: str, **kw: Any) -> Response:
        return self._retrying(lambda: self._authed("GET", path, **kw))

    # ---- reads --------------------------------------------------------------------------

    def health(self) -> datetime:
        """The server's clock (for skew); works signed out."""
        resp = self._retrying(lambda: self._http.request("GET", "/v1/health"))
        raw = decode.Obj(resp.body, "health").text("server_time", max_len=40)
        try:
            return parse_rfc3339(raw)
        except ValueError:
            raise ApiBadResponse("health.server_time: not an RFC 3339 time") from None

    def profile(self) -> AgentProfile:
        return decode.profile(self._get("/v1/agents/me").body)

    def sip_credentials(self) -> SipCredentials:
        return decode.sip_credentials(self._get("/v1/agents/me/sip").body)

    def lookup(self, phone: str) -> tuple[CustomerSummary, ...]:
        return decode.lookup(self._get("/v1/customers/lookup", params={"phone": phone}).body)

    def lookup_raw(self, phone: str) -> list[dict[str, Any]]:
        """The matches as validated JSON (for the cache); decode them with `decode.lookup`."""
        body = self._get("/v1/customers/lookup", params={"phone": phone}).body
        decode.lookup(body)  # validate before anything is cached
        return list(_cacheable(body)["matches"])

    def search_customers(self, query: str, page_token: str = "") -> Page[CustomerSummary]:
        params = {"q": query, **({"page_token": page_token} if page_token else {})}
        return decode.page(self._get("/v1/customers", params=params).body, decode.customer_summary)

    def customer(self, customer_id: str, etag: str = "") -> CustomerCard | NotModified:
        return self._customer(customer_id, etag)[1]

    def customer_raw(self, customer_id: str, etag: str = "") -> Response:
        """The card as validated JSON (for the cache), or a 304."""
        return self._customer(customer_id, etag)[0]

    def _customer(self, customer_id: str, etag: str) -> tuple[Response, CustomerCard | NotModified]:
        """One fetch, decoded once: the raw body is cached only after it validated."""
        resp = self._get(f"/v1/customers/{_segment(customer_id)}", etag=etag)
        if resp.status == 304:
            return resp, NOT_MODIFIED
        card = decode.customer_card(resp.body, resp.etag)
        _cacheable(resp.body)
        return resp, card

    def customer_tickets(self, customer_id: str, page_token: str = "") -> Page[TicketHistory]:
        params = {"page_token": page_token} if page_token else {}
        body = self._get(f"/v1/customers/{_segment(customer_id)}/tickets", params=params).body
        return decode.page(body, decode.ticket_history)

    def products(self, query: str = "", page_token: str = "") -> Page[ProductSummary]:
        params = {"q": query, **({"page_token": page_token} if page_token else {})}
        return decode.page(self._get("/v1/products", params=params).body, decode.product_summary)

    def product(self, product_id: str, etag: str = "") -> ProductDetail | NotModified:
        resp = self._get(f"/v1/products/{_segment(product_id)}", etag=etag)
        if resp.status == 304:
            return NOT_MODIFIED
        return decode.product_detail(resp.body, resp.etag)

    def punches(self, start: str, end: str) -> list[dict[str, Any]]:
        body = self._get("/v1/punches", params={"from": start, "to": end}).body
        return decode.punch_list(body)

    # ---- writes (the outbox sender; one attempt, the sender owns retries) -------------------

    def deliver(self, kind: str, payload: dict[str, Any]) -> tuple[str, str]:
        """Send one outbox item; returns the receipt (id, received_at)."""
        if kind == "note":
            body = {k: v for k, v in payload.items() if k != "ticket_id"}
            path = f"/v1/tickets/{_segment(str(payload['ticket_id']))}/notes"
            resp = self._authed("POST", path, json_body=body)
        else:
            method, path = _WRITES[kind]
            resp = self._authed(method, path, json_body=payload)
        return decode.receipt(resp.body)


def _cacheable(body: Any) -> Any:
    """A raw body kept for the cache must be storable as a whole, fields we do not read
    included: a lone surrogate or absurd nesting anywhere is a bad response, not a crash
    in the cache's writer later."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        raise ApiBadResponse("a field is not valid Unicode or nested too deep") from None
    return body


def _segment(value: str) -> str:
    """An id as one URL path segment (ids come from the API, but never trust them)."""
    from urllib.parse import quote

    return quote(value, safe="")
