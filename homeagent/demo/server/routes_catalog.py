"""Routes: customer lookup (screen pop), search, card and tickets; products and articles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from homeagent.demo.server.accounts import Caller
from homeagent.demo.server.deps import current_caller, etagged, services
from homeagent.demo.server.schemas import E164_PATTERN

CallerDep = Annotated[Caller, Depends(current_caller)]
PageToken = Annotated[str, Query(max_length=512)]
PageSize = Annotated[int, Query(ge=1, le=100)]
SearchText = Annotated[str, Query(max_length=100)]


def lookup(
    request: Request,
    phone: Annotated[str, Query(pattern=E164_PATTERN)],
    caller: CallerDep,
) -> JSONResponse:
    return JSONResponse({"matches": services(request).catalog.lookup(phone)})


def search_customers(
    request: Request,
    caller: CallerDep,
    q: SearchText = "",
    page_token: PageToken = "",
    page_size: PageSize = 20,
) -> JSONResponse:
    return JSONResponse(services(request).catalog.search_customers(q, page_token, page_size))


def customer_card(request: Request, customer_id: str, caller: CallerDep) -> Response:
    return etagged(request, services(request).catalog.customer_card(customer_id))


def customer_tickets(
    request: Request,
    customer_id: str,
    caller: CallerDep,
    page_token: PageToken = "",
    page_size: PageSize = 20,
) -> JSONResponse:
    catalog = services(request).catalog
    return JSONResponse(catalog.customer_tickets(customer_id, page_token, page_size))


def search_products(
    request: Request,
    caller: CallerDep,
    q: SearchText = "",
    page_token: PageToken = "",
    page_size: PageSize = 20,
) -> JSONResponse:
    return JSONResponse(services(request).catalog.search_products(q, page_token, page_size))


def product(request: Request, product_id: str, caller: CallerDep) -> Response:
    return etagged(request, services(request).catalog.product(product_id))
