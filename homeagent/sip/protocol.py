"""The engine protocol: one JSON object per line, typed by the domain's command/event classes.

Both processes import this module, so the vocabulary cannot drift; `VERSION` guards against
a GUI and an engine from different builds. Decoding validates types and never executes
anything from the wire.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from typing import Any

from homeagent.domain import sip_messages
from homeagent.domain.errors import ProtocolError

VERSION = 1
MAX_LINE = 1 << 20  # a message larger than this is a bug or an attack

_COMMANDS = {cls.__name__: cls for cls in sip_messages.COMMANDS}
_EVENTS = {cls.__name__: cls for cls in sip_messages.EVENTS}


def encode(message: Any) -> bytes:
    """One message as a JSON line."""
    if not dataclasses.is_dataclass(message) or isinstance(message, type):
        raise ProtocolError(f"not a message: {type(message).__name__}")
    body = {"v": VERSION, "t": type(message).__name__, "d": _to_json(message)}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=True).encode() + b"\n"


def decode_command(line: bytes) -> Any:
    return _decode(line, _COMMANDS)


def decode_event(line: bytes) -> Any:
    return _decode(line, _EVENTS)


def _decode(line: bytes, registry: dict[str, type]) -> Any:
    if len(line) > MAX_LINE:
        raise ProtocolError("message too large")
    try:
        body = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(body, dict) or body.get("v") != VERSION:
        raise ProtocolError("wrong protocol version")
    cls = registry.get(body.get("t", ""))
    if cls is None:
        raise ProtocolError(f"unknown message type {body.get('t')!r}")
    return _from_json(cls, body.get("d"), cls.__name__)


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


def _from_json(tp: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(data, dict):
            raise ProtocolError(f"{where}: expected an object")
        hints = typing.get_type_hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = _from_json(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ProtocolError(f"{where}: missing {f.name}")
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise ProtocolError(f"{where}: bad value {data!r}") from None
    if origin is tuple:
        if not isinstance(data, list):
            raise ProtocolError(f"{where}: expected a list")
        (item_tp, _) = typing.get_args(tp)
        return tuple(_from_json(item_tp, v, where) for v in data)
    if origin is dict:
        key_tp, val_tp = typing.get_args(tp)
        if not isinstance(data, dict):
            raise ProtocolError(f"{where}: expected an object")
        return {_from_json(key_tp, k, where): _from_json(val_tp, v, where) for k, v in data.items()}
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(tp):
            try:
                return _from_json(option, data, where)
            except ProtocolError:
                continue
        raise ProtocolError(f"{where}: no matching type")
    if tp is type(None):
        if data is not None:
            raise ProtocolError(f"{where}: expected null")
        return None
    if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if tp in (str, int, bool) and type(data) is tp:
        return data
    raise ProtocolError(f"{where}: expected {getattr(tp, '__name__', tp)}")
