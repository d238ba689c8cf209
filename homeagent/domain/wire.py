"""Domain objects as the API's JSON: field names are the wire names by design.

Empty optional values ("" and None) are left out rather than sent as empty strings.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import Any

from homeagent.domain.work import rfc3339

# fields the contract requires even when empty (a withheld caller has no number)
REQUIRED_EVEN_IF_EMPTY = frozenset({"remote_number"})


def to_wire(obj: Any, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"not a dataclass: {type(obj).__name__}")
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in drop:
            continue
        value = _value(getattr(obj, f.name))
        if (value == "" and f.name not in REQUIRED_EVEN_IF_EMPTY) or value is None:
            continue
        out[f.name] = value
    return out


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_wire(value)
    return value
