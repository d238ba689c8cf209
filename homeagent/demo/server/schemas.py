"""Request bodies, validated exactly as openapi.yaml describes them (unknown fields refused).

JSON types are strict: no "5" for 5, no 1 for true. Times are RFC 3339 strings with an offset
(any offset; the server converts to UTC). Ids are UUIDs (any case; stored lower-case).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from homeagent.domain.agent import AgentState
from homeagent.domain.work import NOTE_MAX_CHARS, PunchKind, TicketCategory

UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
E164_PATTERN = "^\\+[1-9][0-9]{1,14}$"
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_UUID = re.compile(UUID_PATTERN)
MAX_SEQ = 2**63 - 1


def parse_time(value: Any) -> datetime:
    """An RFC 3339 date-time with an offset, as an aware UTC datetime; else ValueError."""
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2025-05-12T08:41:10Z")
    try:
        return datetime.fromisoformat(value.upper()).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a valid date-time: {exc}") from None


def json_integer(value: Any) -> int:
    """A JSON Schema integer: 5 or 5.0, but not true, "5" or 5.5."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError("must be an integer")


def normalise_uuid(value: Any) -> str:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise ValueError("must be a UUID such as 0b8e4f6a-3c2d-4e5f-8a9b-1c2d3e4f5a6b")
    return value.lower()


Uuid = Annotated[str, BeforeValidator(normalise_uuid)]
Time = Annotated[datetime, BeforeValidator(parse_time)]
Code = Annotated[StrictStr, Field(max_length=64)]
Ref = Annotated[StrictStr, Field(max_length=64)]


Text128 = Annotated[StrictStr, Field(min_length=1, max_length=128)]
Text256 = Annotated[StrictStr, Field(min_length=1, max_length=256)]
Secret = Annotated[StrictStr, Field(min_length=1, max_length=1024)]
TokenText = Annotated[StrictStr, Field(min_length=1, max_length=512)]
Subject = Annotated[StrictStr, Field(min_length=1, max_length=200)]
NoteBody = Annotated[StrictStr, Field(min_length=1, max_length=NOTE_MAX_CHARS)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TokenRequest(Body):
    username: Text128
    password: Secret
    device_id: Text128


class RefreshRequest(Body):
    refresh_token: TokenText


class StateChangeIn(Body):
    id: Uuid
    state: AgentState
    reason_code: Code = ""
    at: Time


class PunchIn(Body):
    id: Uuid
    kind: PunchKind
    reason_code: Code = ""
    occurred_at: Time
    device_id: Text128
    seq: Annotated[int, BeforeValidator(json_integer), Field(ge=0, le=MAX_SEQ)]


class TicketIn(Body):
    id: Uuid
    customer_id: Ref = ""
    caller_number: Annotated[StrictStr, Field(max_length=64)] = ""
    call_id: Annotated[StrictStr, Field(max_length=256)] = ""
    category: TicketCategory
    subject: Subject
    product_id: Ref = ""
    disposition: Code = ""


class NoteIn(Body):
    id: Uuid
    body: NoteBody
    created_at: Time


class InteractionIn(Body):
    id: Uuid
    call_id: Text256
    direction: Literal["inbound", "outbound"]
    remote_number: Annotated[StrictStr, Field(max_length=64)]
    customer_id: Ref = ""
    started_at: Time
    answered_at: Time | None = None
    ended_at: Time
    wrap_up_ended_at: Time | None = None
    disposition: Code = ""
    ticket_ids: Annotated[list[Uuid], Field(max_length=100)] = []
