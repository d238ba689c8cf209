"""Routes: punches, tickets, notes and call records (each write idempotent by its id)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse

from homeagent.demo.server.accounts import Caller
from homeagent.demo.server.deps import current_caller, services
from homeagent.demo.server.problems import bad_request, not_found
from homeagent.demo.server.schemas import (
    InteractionIn,
    NoteIn,
    PunchIn,
    TicketIn,
    normalise_uuid,
    parse_time,
)

CallerDep = Annotated[Caller, Depends(current_caller)]


def _receipt(created: bool, body: dict[str, object]) -> JSONResponse:
    return JSONResponse(body, status_code=201 if created else 200)


def add_punch(request: Request, body: PunchIn, caller: CallerDep) -> JSONResponse:
    return _receipt(*services(request).records.add_punch(caller, body))


def list_punches(
    request: Request,
    caller: CallerDep,
    start: Annotated[str | None, Query(alias="from", max_length=64)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=64)] = None,
) -> JSONResponse:
    try:
        low = None if start is None else parse_time(start)
        high = None if end is None else parse_time(end)
    except ValueError as exc:
        raise bad_request(f"from/to: {exc}") from None
    return JSONResponse({"items": services(request).records.list_punches(caller, low, high)})


def add_ticket(request: Request, body: TicketIn, caller: CallerDep) -> JSONResponse:
    return _receipt(*services(request).records.add_ticket(caller, body))


def add_note(request: Request, ticket_id: str, body: NoteIn, caller: CallerDep) -> JSONResponse:
    try:
        ticket = normalise_uuid(ticket_id)
    except ValueError:
        raise not_found(f"no ticket {ticket_id!r}") from None
    return _receipt(*services(request).records.add_note(caller, ticket, body))


def add_interaction(request: Request, body: InteractionIn, caller: CallerDep) -> JSONResponse:
    return _receipt(*services(request).records.add_interaction(caller, body))
