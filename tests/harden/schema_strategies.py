"""Hypothesis strategies built from `homeagent/api/openapi.yaml`: valid documents for a schema,
then hostile variations of them (wrong types, missing fields, null, huge or deep values,
Unicode edge cases, markup in every text field).

The valid documents stay modest (short text, small numbers) so that the decoders' own caps,
which are stricter than the schema on purpose, accept every one of them: a valid document that
fails to decode is then a real finding.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SPEC_PATH = Path(__file__).resolve().parents[2] / "homeagent" / "api" / "openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

MARKUP = (
    "<b>x</b><img src=x onerror=alert(1)>",
    "<script>alert('pwn')</script>",
    "&lt;i&gt;&amp;&#60;",
    "javascript:alert(1)",
    "\"'><svg/onload=confirm(1)>",
)
UNICODE_EDGES = (
    "\u202eevil\u202c",  # RTL override
    "\u200f\u05e9\u05dc\u05d5\u05dd\u200e",  # RTL marks around Hebrew
    "e\u0301\u0301\u0301\u0301",  # stacked combining accents
    "\U0001f469\u200d\U0001f4bb\U0001f1eb\U0001f1f7",  # ZWJ emoji, flag
    "a\x00b",  # NUL inside text
    "\ufeff\ufffe\uffff",  # BOM, non-characters
    "\u0000",
    "Z\u0351\u0352\u0353a\u0354\u0355lgo",
)
LONE_SURROGATES = ("\ud800", "x\udfffy", "\udbff")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its $ref followed and allOf merged (enough for this spec)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        merged = dict(resolve(SCHEMAS[name]))
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        return merged
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for raw_part in schema["allOf"]:
            part = resolve(raw_part)
            props = {**merged.get("properties", {}), **part.get("properties", {})}
            required = [*merged.get("required", []), *part.get("required", [])]
            merged.update(part)
            if props:
                merged["properties"] = props
            if required:
                merged["required"] = required
        merged.update({k: v for k, v in schema.items() if k != "allOf"})
        return merged
    return schema


_short_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # no lone surrogates in valid data
    max_size=10,
)
_utc_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S") + "Z")
_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)).map(date.isoformat)
_uuids = st.uuids().map(str)


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    fmt = schema.get("format")
    if fmt == "date-time":
        return _utc_times
    if fmt == "date":
        return _days
    if fmt == "uuid":
        return _uuids
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    lo = schema.get("minLength", 0)
    hi = min(schema.get("maxLength", 10), 10)
    return _short_text.filter(lambda s: lo <= len(s) <= hi) if lo else _short_text


def valid(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Documents that satisfy `schema` (and the decoders' stricter, documented caps)."""
    schema = resolve(schema)
    if "oneOf" in schema:
        return st.one_of([valid(s) for s in schema["oneOf"]])
    if "enum" in schema and "type" not in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        return st.one_of([valid({**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        lo = schema.get("minimum", 0)
        return st.integers(min_value=lo, max_value=max(lo, min(schema.get("maximum", 3600), 3600)))
    if kind == "number":
        return st.floats(min_value=0, max_value=1e6)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(valid(schema.get("items", {})), max_size=min(schema.get("maxItems", 3), 3))
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {k: valid(v) for k, v in properties.items() if k in required},
        optional={k: valid(v) for k, v in properties.items() if k not in required},
    )


def valid_named(name: str) -> st.SearchStrategy[Any]:
    return valid({"$ref": f"#/components/schemas/{name}"})


# ---- hostile values ------------------------------------------------------------------------


def deep(depth: int) -> Any:
    value: Any = "bottom"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


HUGE_TEXT = "A" * 1_000_000  # one shared 1 MB string: cheap to reuse, hostile to keep
hostile_text = st.one_of(
    st.sampled_from(MARKUP + UNICODE_EDGES + LONE_SURROGATES),
    st.just(HUGE_TEXT),
    st.text(max_size=30),  # any code point, lone surrogates included
    st.tuples(st.sampled_from(MARKUP), st.sampled_from(UNICODE_EDGES)).map("".join),
)
wrong_value: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from([deep(50), deep(400)]),
    st.just(["x"] * 5000),  # more items than any list may hold
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in a document (the root included)."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: _replace(doc[head], rest, value)}
    copy = list(doc)
    copy[head] = _replace(doc[head], rest, value)
    return copy


def _delete(doc: Any, path: tuple[Any, ...]) -> Any:
    head, rest = path[0], path[1:]
    if rest:
        return _replace(doc, (head,), _delete(doc[head], rest))
    if isinstance(doc, dict):
        return {k: v for k, v in doc.items() if k != head}
    return [v for i, v in enumerate(doc) if i != head]


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any], max_mutations: int = 3) -> Any:
    """A valid document with 1..max_mutations hostile changes at random places."""
    doc = draw(base)
    for _ in range(draw(st.integers(min_value=1, max_value=max_mutations))):
        path = draw(st.sampled_from(_paths(doc)))
        action = draw(st.sampled_from(["replace", "delete", "add", "text"]))
        if action == "delete" and path:
            doc = _delete(doc, path)
        elif action == "add":
            parent = path
            target = doc
            for step in parent:
                target = target[step]
            if isinstance(target, dict):
                key = draw(st.sampled_from(["extra", "__proto__", "<b>k</b>", "\ud800", ""]))
                doc = _replace(doc, parent, {**target, key: draw(wrong_value)})
        elif action == "text":
            doc = _replace(doc, path, draw(hostile_text))
        else:
            doc = _replace(doc, path, draw(wrong_value))
    return doc


@st.composite
def with_text_replaced(
    draw: st.DrawFn, base: st.SearchStrategy[Any], unread: frozenset[str] = frozenset()
) -> tuple[Any, list[str]]:
    """A valid document whose every free-text string is hostile markup/Unicode (no enum,
    date or uuid field: those have their own rules), each one different. Returns (document,
    the texts put in fields the decoder reads: `unread` names the keys it ignores)."""
    doc = draw(base)
    placed: list[str] = []
    payload = st.tuples(st.sampled_from(MARKUP), st.sampled_from(UNICODE_EDGES[:4])).map("".join)

    counter = iter(range(10**6))

    def walk(value: Any, free: bool, read: bool) -> Any:
        if isinstance(value, dict):
            return {
                k: walk(v, free and k not in _FIXED_KEYS, read and k not in unread)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(v, free, read) for v in value]
        if isinstance(value, str) and free:
            text = f"{draw(payload)}#{next(counter)}"
            if read:
                placed.append(text)
            return text
        return value

    return walk(doc, True, True), placed


# keys whose values are enums, dates or ids with their own rules (not free text)
_FIXED_KEYS = frozenset(
    {
        "kind", "category", "status", "transport", "srtp", "token_type", "contract_end",
        "created_at", "received_at", "occurred_at", "server_time", "language", "code", "phone",
    }
)  # fmt: skip


def over_json(doc: Any) -> Any:
    """The document as the client would see it after the wire: JSON text, parsed again
    (lone surrogates travel as \\udXXX escapes, as a hostile server would write them)."""
    return json.loads(json.dumps(doc, ensure_ascii=True, allow_nan=True))


# ---- checks on what a decoder returned -----------------------------------------------------


def type_errors(value: Any, hint: Any = None, where: str = "result") -> list[str]:
    """Where `value` (a domain dataclass tree) breaks its own type hints; [] when well typed.
    Every str must also be storable (encodable as UTF-8)."""
    if hint is None:
        hint = type(value)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if any(not type_errors(value, a, where) for a in args):
            return []
        return [f"{where}: {type(value).__name__} is not {hint}"]
    if origin is tuple:
        if not isinstance(value, tuple):
            return [f"{where}: expected a tuple"]
        item = args[0]
        return [e for i, v in enumerate(value) for e in type_errors(v, item, f"{where}[{i}]")]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list"]
        return [e for i, v in enumerate(value) for e in type_errors(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        return [] if isinstance(value, dict) else [f"{where}: expected a dict"]
    if hint is typing.Any or isinstance(hint, typing.TypeVar):
        return type_errors(value, type(value), where) if dataclasses.is_dataclass(value) else []
    if origin is not None:  # a generic dataclass such as Page[T]
        hint = origin
    if hint is type(None):
        return [] if value is None else [f"{where}: expected None"]
    if not isinstance(value, hint):
        return [f"{where}: {type(value).__name__} is not {getattr(hint, '__name__', hint)}"]
    if hint is int and isinstance(value, bool):
        return [f"{where}: bool is not int"]
    if isinstance(value, str) and not isinstance(value, Enum):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return [f"{where}: text that cannot be stored (lone surrogate)"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = typing.get_type_hints(type(value))
        errors: list[str] = []
        for f in dataclasses.fields(value):
            errors += type_errors(getattr(value, f.name), hints[f.name], f"{where}.{f.name}")
        return errors
    return []


def strings_in(value: Any) -> list[str]:
    """Every text value inside a decoded result (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, Enum):
        return []
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings_in(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []
