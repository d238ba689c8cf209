"""Customers and products as the operator sees them. Built only from validated API data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class CustomerSummary:
    """One row of a screen-pop or search result."""

    id: str
    display_name: str
    phone: str = ""  # E.164
    email: str = ""
    account_number: str = ""
    vip: bool = False
    segment: str = ""
    language: str = ""


@dataclass(frozen=True)
class OwnedProduct:
    product_id: str
    name: str
    serial: str = ""
    contract_end: date | None = None


@dataclass(frozen=True)
class TicketSummary:
    id: str
    subject: str
    category: str
    status: str
    created_at: str = ""  # RFC 3339, shown as given


@dataclass(frozen=True)
class TicketNoteView:
    id: str
    body: str
    created_at: str = ""


@dataclass(frozen=True)
class TicketHistory:
    """A past ticket with its notes, for the customer's history."""

    ticket: TicketSummary
    notes: tuple[TicketNoteView, ...] = ()


@dataclass(frozen=True)
class CustomerCard:
    id: str
    display_name: str
    phones: tuple[str, ...] = ()
    email: str = ""
    address: str = ""
    language: str = ""
    segment: str = ""
    vip: bool = False
    account_number: str = ""
    products: tuple[OwnedProduct, ...] = ()
    open_tickets: tuple[TicketSummary, ...] = ()
    etag: str = field(default="", compare=False)


class ArticleKind(StrEnum):
    FAQ = "faq"
    TROUBLESHOOTING = "troubleshooting"


@dataclass(frozen=True)
class Article:
    id: str
    kind: ArticleKind
    title: str
    body: str


@dataclass(frozen=True)
class ProductSummary:
    id: str
    name: str
    category: str = ""


@dataclass(frozen=True)
class ProductDetail:
    id: str
    name: str
    category: str = ""
    description: str = ""
    articles: tuple[Article, ...] = ()
    etag: str = field(default="", compare=False)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated list; `next_token` is empty on the last page."""

    items: tuple[T, ...]
    next_token: str = ""
