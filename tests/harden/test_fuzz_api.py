"""Hostile API responses, property-based against `homeagent/api/openapi.yaml`.

Every decoder in `homeagent/api/decode.py` (and the client's own response handling) gets
valid documents generated from the schema, then the same documents mutated: wrong types,
missing fields, null, 1 MB strings, deep nesting, lone surrogates (escaped in JSON), NUL,
RTL overrides, combining characters, emoji, HTML/script in every text field. Decoding either
returns well-typed domain objects whose text is the server's text exactly (never escaped,
stripped or interpreted) or raises ApiBadResponse naming the field; never another exception.
The last test does the same over real HTTP to the real ApiClient.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeagent.api import decode
from homeagent.api.client import NOT_MODIFIED, ApiClient
from homeagent.api.http import Http, Response
from homeagent.domain.errors import ApiBadResponse, ApiError
from tests.harden import schema_strategies as ss

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run and on CI
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)


def _array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


# decoder name -> (schema of the document it reads, the decoder)
DECODERS: dict[str, tuple[dict[str, Any] | str, Callable[[Any], Any]]] = {
    "tokens": ("Tokens", decode.tokens),
    "profile": ("AgentProfile", decode.profile),
    "sip_credentials": ("SipCredentials", decode.sip_credentials),
    "customer_summary": ("CustomerSummary", decode.customer_summary),
    "customer_card": ("CustomerCard", lambda d: decode.customer_card(d, 'W/"e1"')),
    "lookup": ("LookupResult", decode.lookup),
    "matches": (_array_of("CustomerSummary"), decode.matches),
    "customer_page": ("CustomerPage", lambda d: decode.page(d, decode.customer_summary)),
    "ticket_page": ("TicketPage", lambda d: decode.page(d, decode.ticket_history)),
    "ticket_history": ("TicketWithNotes", decode.ticket_history),
    "product_summary": ("ProductSummary", decode.product_summary),
    "product_page": ("ProductPage", lambda d: decode.page(d, decode.product_summary)),
    "product_detail": ("ProductDetail", lambda d: decode.product_detail(d, '"p1"')),
    "receipt": ("Receipt", decode.receipt),
    "ticket_receipt": ("TicketReceipt", decode.receipt),
    "note_receipt": ("NoteReceipt", decode.receipt),
    "punch_list": ("PunchList", decode.punch_list),
}
# keys of the schema a decoder deliberately does not keep
UNREAD = {"punch_list": frozenset({"device_id", "reason_code"})}
# values a decoder may fill in on its own (defaults and the ETag it was given)
_DEFAULTS = {"", "Bearer", "fr", 'W/"e1"', '"p1"'}


def _valid(name: str) -> st.SearchStrategy[Any]:
    schema = DECODERS[name][0]
    return ss.valid_named(schema) if isinstance(schema, str) else ss.valid(schema)


def _outcome(name: str, doc: Any) -> Any:
    """The decoded value, or the ApiBadResponse; any other exception propagates (a failure)."""
    try:
        return DECODERS[name][1](ss.over_json(doc))
    except ApiBadResponse as exc:
        assert str(exc) and ":" in str(exc), f"an error that names no field: {exc!r}"
        str(exc).encode("utf-8")  # the message is loggable
        return exc


NAMES = sorted(DECODERS)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_valid_documents_decode_to_well_typed_objects(name: str, data: st.DataObject) -> None:
    doc = data.draw(_valid(name), label="document")
    result = _outcome(name, doc)
    assert not isinstance(result, ApiBadResponse), f"valid document refused: {result}"
    assert ss.type_errors(result) == []
    sent = set(ss.strings_in(doc)) | _DEFAULTS
    kept = ss.strings_in(result)
    assert [s for s in kept if s not in sent] == [], "text that the server never sent"


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_markup_and_unicode_in_every_text_field_stay_verbatim(
    name: str, data: st.DataObject
) -> None:
    unread = UNREAD.get(name, frozenset())
    doc, placed = data.draw(ss.with_text_replaced(_valid(name), unread), label="document")
    result = _outcome(name, doc)
    assert not isinstance(result, ApiBadResponse), f"hostile but valid text refused: {result}"
    kept = ss.strings_in(result)
    assert [t for t in placed if t not in kept] == [], "text changed or dropped on the way in"
    assert ss.type_errors(result) == []


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_mutated_documents_decode_or_fail_clearly(name: str, data: st.DataObject) -> None:
    doc = data.draw(ss.mutated(_valid(name)), label="document")
    result = _outcome(name, doc)
    if not isinstance(result, ApiBadResponse):
        assert ss.type_errors(result) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(doc=json_values)
def test_any_json_at_all_decodes_or_fails_clearly(name: str, doc: Any) -> None:
    result = _outcome(name, doc)
    if not isinstance(result, ApiBadResponse):
        assert ss.type_errors(result) == []


# Found by this file: a display name holding a lone surrogate ("\ud800", valid JSON) was kept,
# and later broke the card cache's SQLite write (UnicodeEncodeError, not a StorageError).
@pytest.mark.parametrize("surrogate", ss.LONE_SURROGATES)
def test_lone_surrogates_are_a_bad_response_not_a_later_crash(surrogate: str) -> None:
    card = {"id": "c1", "display_name": f"Ana {surrogate}", "phones": ["+33612345678"]}
    with pytest.raises(ApiBadResponse, match=r"customer\.display_name: not valid Unicode"):
        decode.customer_card(ss.over_json(card), "")
    with pytest.raises(ApiBadResponse, match=r"customer\.phones\[1\]"):
        decode.customer_card({"id": "c1", "display_name": "x", "phones": ["1", surrogate]})


# ---- the client, over real HTTP ------------------------------------------------------------

VALID_TOKENS = {
    "access_token": "fake-access-token-FUZZ",
    "refresh_token": "fake-refresh-token-FUZZ",
    "expires_in": 3600,
    "token_type": "Bearer",
}


@dataclass
class Reply:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)


class FuzzServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    reply = Reply()
    fuzz_path = "/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hanging up on a hostile answer (too large...) is what we test


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FuzzServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        if path.startswith(self.server.fuzz_path):
            reply = self.server.reply
        elif path.startswith("/v1/auth/"):
            reply = Reply(body=json.dumps(VALID_TOKENS).encode())
        else:
            reply = Reply(404, "application/problem+json", b'{"title": "not here"}')
        body = b"" if reply.status == 304 else reply.body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[FuzzServer]:
    server = FuzzServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# client call -> (path the fuzzed answer is served on, schema of a valid answer, the call)
CALLS: dict[str, tuple[str, str, Callable[[ApiClient], Any]]] = {
    "health": ("/v1/health", "Health", lambda c: c.health()),
    "login": ("/v1/auth/token", "Tokens", lambda c: c.login("agent", "fake-password-FUZZ")),
    "profile": ("/v1/agents/me", "AgentProfile", lambda c: c.profile()),
    "sip": ("/v1/agents/me/sip", "SipCredentials", lambda c: c.sip_credentials()),
    "lookup": ("/v1/customers/lookup", "LookupResult", lambda c: c.lookup("+33612345678")),
    "lookup_raw": ("/v1/customers/lookup", "LookupResult", lambda c: c.lookup_raw("+3361")),
    "search": ("/v1/customers", "CustomerPage", lambda c: c.search_customers("ana")),
    "customer": ("/v1/customers/c1", "CustomerCard", lambda c: c.customer("c1", '"e0"')),
    "customer_raw": ("/v1/customers/c1", "CustomerCard", lambda c: c.customer_raw("c1")),
    "tickets": ("/v1/customers/c1/tickets", "TicketPage", lambda c: c.customer_tickets("c1")),
    "products": ("/v1/products", "ProductPage", lambda c: c.products("x")),
    "product": ("/v1/products/p1", "ProductDetail", lambda c: c.product("p1")),
    "punches": ("/v1/punches", "PunchList", lambda c: c.punches("2026-01-01", "2026-01-02")),
    "deliver": ("/v1/tickets", "TicketReceipt", lambda c: c.deliver("ticket", {"id": "t"})),
}
STATUSES = [200, 200, 200, 201, 204, 304, 400, 401, 404, 409, 422, 429, 500, 503]
CONTENT_TYPES = ["application/json", "application/problem+json", "text/html", "", "json/evil"]


@st.composite
def replies(draw: st.DrawFn, schema: str) -> Reply:
    doc_kind = draw(st.sampled_from(["valid", "mutated", "mutated", "json", "bytes", "deep"]))
    if doc_kind == "valid":
        body = json.dumps(draw(ss.valid_named(schema))).encode()
    elif doc_kind == "mutated":
        body = json.dumps(ss.over_json(draw(ss.mutated(ss.valid_named(schema))))).encode()
    elif doc_kind == "json":
        body = json.dumps(draw(json_values)).encode()
    elif doc_kind == "bytes":
        body = draw(st.binary(max_size=200))
    else:
        body = b"[" * draw(st.integers(min_value=900, max_value=200_000))
    headers = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "Retry-After": st.sampled_from(["0", "-5", "nan", "inf", "1e308", "soon"]),
                "ETag": st.sampled_from(['"e1"', "", "\u00e9t\u00e9", "x" * 4000]),
            },
        )
    )
    return Reply(
        draw(st.sampled_from(STATUSES)), draw(st.sampled_from(CONTENT_TYPES)), body, headers
    )


def _check_client_outcome(call: Callable[[ApiClient], Any], client: ApiClient) -> None:
    try:
        result = call(client)
    except ApiError as exc:
        str(exc).encode("utf-8")  # loggable
        return
    if result is NOT_MODIFIED or isinstance(result, datetime):
        return
    if isinstance(result, Response):  # customer_raw: the body it returns was validated
        if result.status == 304:
            return
        decode.customer_card(result.body, result.etag)
        json.dumps(result.body, ensure_ascii=False).encode("utf-8")
        return
    if isinstance(result, list):  # lookup_raw / punch list
        json.dumps(result, ensure_ascii=False).encode("utf-8")
        return
    assert ss.type_errors(result) == []


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_client_over_http_returns_typed_results_or_api_errors(
    fuzz_server: FuzzServer, name: str, data: st.DataObject
) -> None:
    path, schema, call = CALLS[name]
    fuzz_server.fuzz_path = path
    fuzz_server.reply = data.draw(replies(schema), label="reply")
    base = f"http://127.0.0.1:{fuzz_server.server_address[1]}"
    client = ApiClient(Http(base, timeout=(2.0, 5.0)), "device-fuzz", retries=2, sleep=_no_wait)
    if name not in ("health", "login"):
        client._store(decode.tokens(VALID_TOKENS))  # signed in without a request
    _check_client_outcome(call, client)


def _no_wait(_seconds: float) -> None:
    pass


@pytest.mark.parametrize(
    ("name", "reply"),
    [
        ("profile", Reply(body=b"[" * 100_000)),  # RecursionError before the fix
        ("customer", Reply(body=b'{"id": "c1", "display_name": "\\ud800"}')),
        ("health", Reply(body=b'{"status": "ok", "server_time": "yesterday"}')),  # ValueError
        ("health", Reply(body=b'{"status": "ok", "server_time": "2026-01-01T10:00:00"}')),
        ("lookup_raw", Reply(body=b'{"matches": [{"id": "c", "display_name": "x", '
                                  b'"x": "\\udfff"}]}')),
        ("customer_raw", Reply(body=b'{"id": "c", "display_name": "x", "extra": ["\\ud83d"]}')),
    ],
)  # fmt: skip
def test_pinned_hostile_answers_are_api_errors(
    fuzz_server: FuzzServer, name: str, reply: Reply
) -> None:
    """The defects this file found, pinned: each was another exception (or, for the raw
    bodies kept for the cache, a crash later in the cache's SQLite write)."""
    path, _schema, call = CALLS[name]
    fuzz_server.fuzz_path = path
    fuzz_server.reply = reply
    base = f"http://127.0.0.1:{fuzz_server.server_address[1]}"
    client = ApiClient(Http(base), "device-fuzz", retries=1, sleep=_no_wait)
    client._store(decode.tokens(VALID_TOKENS))
    with pytest.raises(ApiBadResponse):
        call(client)
