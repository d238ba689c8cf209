"""Routes: health, sign-in and tokens, the operator's profile, SIP credentials and status."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import JSONResponse

from homeagent.demo.server.accounts import Caller
from homeagent.demo.server.deps import current_caller, services
from homeagent.demo.server.problems import not_found
from homeagent.demo.server.sample_data import (
    DISPOSITIONS,
    NOT_READY_REASONS,
    SIP_DOMAIN,
    TICKET_CATEGORIES,
    WRAP_UP_SECONDS,
)
from homeagent.demo.server.schemas import RefreshRequest, StateChangeIn, TokenRequest
from homeagent.domain.work import rfc3339

CallerDep = Annotated[Caller, Depends(current_caller)]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def health() -> JSONResponse:
    return JSONResponse({"status": "ok", "server_time": rfc3339(datetime.now(UTC))})


def token(request: Request, body: TokenRequest) -> JSONResponse:
    pair = services(request).accounts.sign_in(body.username, body.password, body.device_id)
    return JSONResponse(pair, headers=NO_STORE)


def refresh(request: Request, body: RefreshRequest) -> JSONResponse:
    return JSONResponse(services(request).accounts.refresh(body.refresh_token), headers=NO_STORE)


def logout(request: Request, body: RefreshRequest, caller: CallerDep) -> Response:
    services(request).accounts.sign_out(caller, body.refresh_token)
    return Response(status_code=204)


def _agent_row(request: Request, caller: Caller) -> Any:
    with services(request).store.tx() as db:
        row = db.execute("SELECT * FROM agents WHERE id = ?", (caller.agent_id,)).fetchone()
    if row is None:  # the token outlived its agent
        raise not_found("this agent no longer exists")
    return row


def _labelled(table: dict[str, tuple[str, str]], language: str) -> list[dict[str, str]]:
    index = 0 if language == "fr" else 1
    return [{"code": code, "label": labels[index]} for code, labels in table.items()]


def profile(request: Request, caller: CallerDep) -> JSONResponse:
    row = _agent_row(request, caller)
    language = row["language"]
    return JSONResponse(
        {
            "id": row["id"],
            "display_name": row["display_name"],
            "language": language,
            "not_ready_reasons": _labelled(NOT_READY_REASONS, language),
            "dispositions": _labelled(DISPOSITIONS, language),
            "ticket_categories": _labelled(TICKET_CATEGORIES, language),
            "wrap_up_seconds": WRAP_UP_SECONDS,
            "queues": json.loads(row["queues"]),
        }
    )


def sip_credentials(request: Request, caller: CallerDep) -> JSONResponse:
    row = _agent_row(request, caller)
    return JSONResponse(
        {
            "username": row["sip_username"],
            "password": row["sip_password"],
            "domain": SIP_DOMAIN,
            "registrar": "",
            "transport": "udp",
            "outbound_proxy": "",
            "stun": "",
            "srtp": "off",
        },
        headers=NO_STORE,
    )


def put_state(request: Request, body: StateChangeIn, caller: CallerDep) -> JSONResponse:
    return JSONResponse(services(request).records.put_state(caller, body))
