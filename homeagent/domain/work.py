"""What the operator produces: punches, state changes, tickets, notes, call records.

Each carries a client-generated UUID that is its idempotency key at the API, so sending it
twice (after a crash, a timeout, a retry) is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from homeagent.domain.agent import AgentState

NOTE_MAX_CHARS = 10_000


class PunchKind(StrEnum):
    CLOCK_IN = "clock_in"
    CLOCK_OUT = "clock_out"
    BREAK_START = "break_start"
    BREAK_END = "break_end"


class TicketCategory(StrEnum):
    REQUEST = "request"
    COMPLAINT = "complaint"
    INFORMATION = "information"
    OTHER = "other"


def rfc3339(moment: datetime) -> str:
    """UTC with a Z, millisecond precision: the API's time format."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_rfc3339(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("time without a zone")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Punch:
    id: str
    kind: PunchKind
    occurred_at: datetime  # the operator's true time, even when sent hours later
    device_id: str
    seq: int  # per device, strictly increasing: the server orders by it
    reason_code: str = ""


@dataclass(frozen=True)
class PunchReceipt:
    id: str
    received_at: datetime


@dataclass(frozen=True)
class StateChange:
    id: str
    state: AgentState
    at: datetime
    reason_code: str = ""


@dataclass(frozen=True)
class Ticket:
    id: str
    category: TicketCategory
    subject: str
    customer_id: str = ""
    caller_number: str = ""
    call_id: str = ""
    product_id: str = ""
    disposition: str = ""


@dataclass(frozen=True)
class Note:
    id: str
    ticket_id: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class Interaction:
    id: str
    call_id: str
    direction: str  # inbound | outbound
    remote_number: str
    started_at: datetime
    ended_at: datetime
    customer_id: str = ""
    answered_at: datetime | None = None
    wrap_up_ended_at: datetime | None = None
    disposition: str = ""
    ticket_ids: tuple[str, ...] = ()
