"""JSON from the API -> domain objects, validated field by field.

A response that is malformed or hostile (wrong types, missing fields, absurd sizes) is an
ApiBadResponse, never a crash further in. Text is kept verbatim: the UI shows it as plain
text, so markup in a name stays literal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from homeagent.domain.agent import AgentProfile, Reason, SipCredentials, Tokens
from homeagent.domain.customer import (
    Article,
    ArticleKind,
    CustomerCard,
    CustomerSummary,
    OwnedProduct,
    Page,
    ProductDetail,
    ProductSummary,
    TicketHistory,
    TicketNoteView,
    TicketSummary,
)
from homeagent.domain.errors import ApiBadResponse
from homeagent.domain.sip_account import SrtpPolicy, Transport

T = TypeVar("T")
MAX_TEXT = 20_000
MAX_ITEMS = 1_000


def _storable(text: str) -> bool:
    """False for text with a lone surrogate: JSON lets a server write "\\ud800", but such a
    string can be neither stored (SQLite, files) nor shown, so it is refused here."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Obj:
    """Typed access to one JSON object, naming the path in every error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ApiBadResponse(f"{where}: expected an object")
        self._d = data
        self._where = where

    def text(self, key: str, *, required: bool = True, max_len: int = MAX_TEXT) -> str:
        value = self._d.get(key)
        if value is None:
            if required:
                raise ApiBadResponse(f"{self._where}.{key}: missing")
            return ""
        if not isinstance(value, str):
            raise ApiBadResponse(f"{self._where}.{key}: expected text")
        if len(value) > max_len:
            raise ApiBadResponse(f"{self._where}.{key}: longer than {max_len}")
        if not _storable(value):
            raise ApiBadResponse(f"{self._where}.{key}: not valid Unicode (lone surrogate)")
        return value

    def integer(self, key: str, *, default: int | None = None, lo: int = 0, hi: int = 2**31) -> int:
        value = self._d.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise ApiBadResponse(f"{self._where}.{key}: expected a whole number")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._d.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ApiBadResponse(f"{self._where}.{key}: expected true/false")
        return value

    def items(
        self,
        key: str,
        build: Callable[[Any, str], T],
        *,
        required: bool = True,
    ) -> tuple[T, ...]:
        value = self._d.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list):
            raise ApiBadResponse(f"{self._where}.{key}: expected a list")
        if len(value) > MAX_ITEMS:
            raise ApiBadResponse(f"{self._where}.{key}: more than {MAX_ITEMS} items")
        return tuple(build(v, f"{self._where}.{key}[{i}]") for i, v in enumerate(value))

    def texts(self, key: str) -> tuple[str, ...]:
        def one(v: Any, where: str) -> str:
            if not isinstance(v, str) or len(v) > MAX_TEXT:
                raise ApiBadResponse(f"{where}: expected text")
            if not _storable(v):
                raise ApiBadResponse(f"{where}: not valid Unicode (lone surrogate)")
            return v

        return self.items(key, one, required=False)

    def choice(self, key: str, enum: type[Any], default: Any = None) -> Any:
        raw = self._d.get(key)
        if raw is None and default is not None:
            return default
        try:
            return enum(raw)
        except ValueError:
            raise ApiBadResponse(f"{self._where}.{key}: unexpected value") from None

    def day(self, key: str) -> date | None:
        raw = self.text(key, required=False, max_len=40)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise ApiBadResponse(f"{self._where}.{key}: not a date") from None


def tokens(data: Any) -> Tokens:
    o = Obj(data, "token")
    return Tokens(
        o.text("access_token", max_len=4096),
        o.text("refresh_token", max_len=4096),
        o.integer("expires_in", lo=1, hi=30 * 86400),
        o.text("token_type", required=False, max_len=20) or "Bearer",
    )


def _reason(data: Any, where: str) -> Reason:
    o = Obj(data, where)
    return Reason(o.text("code", max_len=100), o.text("label", max_len=200))


def profile(data: Any) -> AgentProfile:
    o = Obj(data, "agent")
    return AgentProfile(
        id=o.text("id", max_len=200),
        display_name=o.text("display_name", max_len=200),
        language=o.text("language", required=False, max_len=10) or "fr",
        not_ready_reasons=o.items("not_ready_reasons", _reason, required=False),
        dispositions=o.items("dispositions", _reason, required=False),
        ticket_categories=o.items("ticket_categories", _reason, required=False),
        wrap_up_seconds=o.integer("wrap_up_seconds", default=30, hi=3600),
        queues=o.texts("queues"),
    )


def sip_credentials(data: Any) -> SipCredentials:
    o = Obj(data, "sip")
    return SipCredentials(
        username=o.text("username", max_len=200),
        password=o.text("password", max_len=500),
        domain=o.text("domain", max_len=255),
        registrar=o.text("registrar", required=False, max_len=255),
        transport=o.choice("transport", Transport, Transport.UDP),
        outbound_proxy=o.text("outbound_proxy", required=False, max_len=255),
        stun=o.text("stun", required=False, max_len=255),
        srtp=o.choice("srtp", SrtpPolicy, SrtpPolicy.OFF),
    )


def customer_summary(data: Any, where: str = "customer") -> CustomerSummary:
    o = Obj(data, where)
    return CustomerSummary(
        id=o.text("id", max_len=200),
        display_name=o.text("display_name", max_len=5000),
        phone=o.text("phone", required=False, max_len=40),
        email=o.text("email", required=False, max_len=5000),
        account_number=o.text("account_number", required=False, max_len=200),
        vip=o.flag("vip"),
        segment=o.text("segment", required=False, max_len=5000),
        language=o.text("language", required=False, max_len=10),
    )


def _owned(data: Any, where: str) -> OwnedProduct:
    o = Obj(data, where)
    return OwnedProduct(
        o.text("product_id", max_len=200),
        o.text("name", max_len=5000),
        o.text("serial", required=False, max_len=500),
        o.day("contract_end"),
    )


def _ticket_summary(data: Any, where: str) -> TicketSummary:
    o = Obj(data, where)
    return TicketSummary(
        o.text("id", max_len=200),
        o.text("subject", max_len=5000),
        o.text("category", max_len=100),
        o.text("status", max_len=100),
        o.text("created_at", required=False, max_len=40),
    )


def customer_card(data: Any, etag: str = "") -> CustomerCard:
    o = Obj(data, "customer")
    return CustomerCard(
        id=o.text("id", max_len=200),
        display_name=o.text("display_name", max_len=5000),
        phones=o.texts("phones"),
        email=o.text("email", required=False, max_len=5000),
        address=o.text("address", required=False, max_len=5000),
        language=o.text("language", required=False, max_len=10),
        segment=o.text("segment", required=False, max_len=5000),
        vip=o.flag("vip"),
        account_number=o.text("account_number", required=False, max_len=200),
        products=o.items("products", _owned, required=False),
        open_tickets=o.items("open_tickets", _ticket_summary, required=False),
        etag=etag,
    )


def lookup(data: Any) -> tuple[CustomerSummary, ...]:
    return Obj(data, "lookup").items("matches", customer_summary)


def page(data: Any, build: Callable[[Any, str], T]) -> Page[T]:
    o = Obj(data, "page")
    return Page(o.items("items", build), o.text("next_page_token", required=False, max_len=2000))


def product_summary(data: Any, where: str = "product") -> ProductSummary:
    o = Obj(data, where)
    return ProductSummary(
        o.text("id", max_len=200),
        o.text("name", max_len=5000),
        o.text("category", required=False, max_len=500),
    )


def _article(data: Any, where: str) -> Article:
    o = Obj(data, where)
    return Article(
        o.text("id", max_len=200),
        o.choice("kind", ArticleKind),
        o.text("title", max_len=5000),
        o.text("body"),
    )


def product_detail(data: Any, etag: str = "") -> ProductDetail:
    o = Obj(data, "product")
    return ProductDetail(
        o.text("id", max_len=200),
        o.text("name", max_len=5000),
        o.text("category", required=False, max_len=500),
        o.text("description", required=False),
        o.items("articles", _article, required=False),
        etag,
    )


def receipt(data: Any) -> tuple[str, str]:
    """(id, received_at or created_at) of a write's answer."""
    o = Obj(data, "receipt")
    return o.text("id", max_len=200), (
        o.text("received_at", required=False, max_len=40)
        or o.text("created_at", required=False, max_len=40)
    )


def punch_list(data: Any) -> list[dict[str, Any]]:
    """The timesheet: each punch checked for the fields the view shows."""

    def one(v: Any, where: str) -> dict[str, Any]:
        o = Obj(v, where)
        return {
            "id": o.text("id", max_len=200),
            "kind": o.text("kind", max_len=40),
            "occurred_at": o.text("occurred_at", max_len=40),
            "received_at": o.text("received_at", required=False, max_len=40),
            "seq": o.integer("seq", default=0),
        }

    return list(Obj(data, "punches").items("items", one))


def _note_view(data: Any, where: str) -> TicketNoteView:
    o = Obj(data, where)
    return TicketNoteView(
        o.text("id", max_len=200), o.text("body"), o.text("created_at", required=False, max_len=40)
    )


def ticket_history(data: Any, where: str = "ticket") -> TicketHistory:
    return TicketHistory(
        _ticket_summary(data, where), Obj(data, where).items("notes", _note_view, required=False)
    )


def matches(data: Any) -> tuple[CustomerSummary, ...]:
    """A look-up's `matches` list on its own (as the directory caches it)."""
    return lookup({"matches": data})
