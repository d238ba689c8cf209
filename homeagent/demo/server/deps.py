"""What the routes share: the services, the authenticated caller, ETag handling."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from homeagent.demo.server.accounts import Accounts, Caller
from homeagent.demo.server.catalog import Catalog
from homeagent.demo.server.records import Records
from homeagent.demo.server.store import Store


@dataclass
class Services:
    store: Store
    accounts: Accounts
    catalog: Catalog
    records: Records


def services(request: Request) -> Services:
    found = request.app.state.services
    assert isinstance(found, Services)
    return found


def current_caller(request: Request) -> Caller:
    """The FastAPI dependency of every protected route: 401 problem unless the token is good."""
    return services(request).accounts.authenticate(request.headers.get("authorization"))


def etag_of(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return '"' + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return etag in candidates


def etagged(request: Request, data: Any) -> Response:
    """200 with an ETag, or 304 (no body) when If-None-Match names the current one."""
    etag = etag_of(data)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if _matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(data, headers=headers)
