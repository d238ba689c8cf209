"""The central API contract (homeagent/api/openapi.yaml) against the reference server.

Real HTTP on 127.0.0.1 against `python -m homeagent.demo.server` started as a subprocess:
schemathesis drives every operation from the YAML file on disk, then focused tests check what
a schema cannot say (idempotency, rotation, lockout, ETags, paging, the sample data).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

import homeagent
from homeagent.demo.server import ServerProcess, start_in_thread, start_subprocess
from homeagent.demo.server.sample_data import UNKNOWN_NUMBER, load
from homeagent.domain import agent as agent_model
from homeagent.domain import customer as customer_model
from homeagent.domain import work as work_model

pytestmark = pytest.mark.timeout(120)

OPENAPI = Path(homeagent.__file__).parent / "api" / "openapi.yaml"
PROBLEM = "application/problem+json"
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
TIMEOUT = (3.0, 10.0)


@functools.cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "demo.db") as proc:
        yield proc


@pytest.fixture(scope="module")
def base(server: ServerProcess) -> str:
    return server.base_url + "/v1"


def sign_in(base: str, username: str = "agent", password: str = "demo") -> requests.Response:
    body = {"username": username, "password": password, "device_id": "test-device"}
    return requests.post(f"{base}/auth/token", json=body, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def headers(base: str) -> dict[str, str]:
    answer = sign_in(base)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def assert_problem(
    answer: requests.Response, status: int, slug: str | None = None
) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"].startswith(PROBLEM)
    problem: dict[str, Any] = answer.json()
    for field in ("type", "title", "status", "detail"):
        assert problem[field] not in ("", None), field
    assert problem["status"] == status
    if slug is not None:
        assert problem["type"] == f"urn:homeagent:problem:{slug}"
    return problem


def now_z() -> str:
    return work_model.rfc3339(datetime.now(UTC))


# -- (a) and (b): the contract itself ---------------------------------------------------------

SCHEMATHESIS_CONFIG = """
[checks.positive_data_acceptance]
# 422: the body matches the schema but names something that does not exist (decision 2)
expected-statuses = ["2xx", "304", "404", "409", "422"]

[[operations]]
include-operation-id = "signIn"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "429"]

[[operations]]
include-operation-id = "refreshTokens"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401"]

[[operations]]
# a page_token the server did not issue is refused with 400 (decision 11)
include-operation-id-regex = "^(searchCustomers|listCustomerTickets|searchProducts)$"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404"]
"""


def test_server_honours_the_contract_on_every_operation(tmp_path: Path) -> None:
    # Its own server: schemathesis signs in with wrong passwords and locks usernames out.
    with start_subprocess(tmp_path / "fuzz.db") as proc:
        token = sign_in(proc.base_url + "/v1").json()["access_token"]
        config = tmp_path / "schemathesis.toml"
        config.write_text(SCHEMATHESIS_CONFIG, encoding="utf-8")
        command = [
            sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color",
            "run", str(OPENAPI), "--url", proc.base_url,
            "--header", f"Authorization: Bearer {token}",
            "--checks", "all", "--phases", "examples,coverage,fuzzing",
            "--max-examples", "25", "--seed", os.environ.get("HOMEAGENT_FUZZ_SEED", "1"),
            "--generation-database", "none", "--request-timeout", "10", "--workers", "1",
        ]  # fmt: skip
        started = time.monotonic()
        run = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
        )
        elapsed = time.monotonic() - started
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    operations = sum(
        1
        for item in spec()["paths"].values()
        for method in item
        if method in {"get", "post", "put"}
    )
    assert f"Tested: {operations}" in report, report[-3000:]
    assert elapsed < 60


def test_openapi_yaml_is_a_valid_openapi_3_1_document() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    document = spec()
    assert str(document["openapi"]).startswith("3.1")
    validator.validate(document)  # raises on an invalid document


def test_every_server_route_is_in_the_contract(tmp_path: Path) -> None:
    from fastapi.routing import APIRoute

    from homeagent.demo.server.app import Settings, create_app

    app = create_app(Settings(db=tmp_path / "routes.db"))
    served = {
        (method.lower(), re.sub(r"\{[a-z_]+\}", "{id}", route.path))
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    app.state.services.store.close()
    documented = {(m, path) for path, item in spec()["paths"].items() for m in item}
    assert served == documented


def _properties(schema: str) -> set[str]:
    found: dict[str, Any] = spec()["components"]["schemas"][schema]
    return set(found["properties"])


@pytest.mark.parametrize(
    ("model", "schema", "not_in_json"),
    [
        (customer_model.CustomerSummary, "CustomerSummary", set()),
        (customer_model.CustomerCard, "CustomerCard", {"etag"}),
        (customer_model.OwnedProduct, "OwnedProduct", set()),
        (customer_model.TicketSummary, "TicketSummary", set()),
        (customer_model.ProductSummary, "ProductSummary", set()),
        (customer_model.ProductDetail, "ProductDetail", {"etag"}),
        (customer_model.Article, "Article", set()),
        (agent_model.AgentProfile, "AgentProfile", set()),
        (agent_model.Reason, "Reason", set()),
        (agent_model.SipCredentials, "SipCredentials", set()),
        (agent_model.Tokens, "Tokens", set()),
        (work_model.Punch, "Punch", set()),
        (work_model.PunchReceipt, "Receipt", set()),
        (work_model.StateChange, "StateChange", set()),
        (work_model.Ticket, "TicketCreate", set()),
        (work_model.Note, "NoteCreate", {"ticket_id"}),
        (work_model.Interaction, "Interaction", set()),
    ],
)
def test_json_field_names_are_the_domain_field_names(
    model: type, schema: str, not_in_json: set[str]
) -> None:
    fields = {f.name for f in dataclasses.fields(model)} - not_in_json
    assert fields == _properties(schema)


# -- the CLI and the programmatic API ---------------------------------------------------------


def test_cli_announces_its_url_and_exits_0_on_sigterm(tmp_path: Path) -> None:
    proc = start_subprocess(tmp_path / "cli.db")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", proc.base_url)
    assert requests.get(proc.base_url + "/v1/health", timeout=TIMEOUT).status_code == 200
    assert proc.stop() == 0


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child is POSIX-only")
def test_cli_exits_0_on_sigint_and_keeps_its_data(tmp_path: Path) -> None:
    db = tmp_path / "keep.db"
    proc = start_subprocess(db)
    base = proc.base_url + "/v1"
    token = sign_in(base).json()["access_token"]
    proc.process.send_signal(signal.SIGINT)
    proc.process.wait(10)
    assert proc.stop() == 0  # it had exited already: stop() only reaps it
    with start_subprocess(db) as again:  # the same database: the token still works
        answer = requests.get(
            again.base_url + "/v1/agents/me",
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        )
        assert answer.status_code == 200


def test_in_thread_server_with_latency(tmp_path: Path) -> None:
    server = start_in_thread(tmp_path / "thread.db", latency_ms=60)
    try:
        durations = []
        for _ in range(3):
            started = time.monotonic()
            assert requests.get(server.base_url + "/v1/health", timeout=TIMEOUT).ok
            durations.append(time.monotonic() - started)
        assert min(durations) >= 0.055
    finally:
        server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(server.base_url + "/v1/health", timeout=TIMEOUT)


# -- (c) what the schema cannot say --------------------------------------------------------


def test_health_needs_no_token_and_answers_utc(base: str) -> None:
    answer = requests.get(f"{base}/health", timeout=TIMEOUT)
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert UTC_Z.match(answer.json()["server_time"])


def test_missing_unknown_and_expired_tokens_are_401_problems(base: str, tmp_path: Path) -> None:
    missing = requests.get(f"{base}/agents/me", timeout=TIMEOUT)
    assert_problem(missing, 401, "unauthorized")
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="homeagent"'
    unknown = requests.get(
        f"{base}/agents/me", headers={"Authorization": "Bearer nope"}, timeout=TIMEOUT
    )
    assert_problem(unknown, 401, "unauthorized")
    assert 'error="invalid_token"' in unknown.headers["WWW-Authenticate"]
    with start_subprocess(tmp_path / "ttl.db", access_ttl=1) as short:
        tokens = sign_in(short.base_url + "/v1").json()
        assert tokens["expires_in"] == 1
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = short.base_url + "/v1/agents/me"
        assert requests.get(me, headers=auth, timeout=TIMEOUT).status_code == 200
        time.sleep(1.2)
        expired = requests.get(me, headers=auth, timeout=TIMEOUT)
        assert_problem(expired, 401, "token-expired")
        assert expired.headers["WWW-Authenticate"].startswith('Bearer realm="homeagent", ')
        assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]


def test_sign_in_answers_a_bearer_pair_that_is_not_cached(base: str) -> None:
    answer = sign_in(base)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    assert tokens["access_token"] != tokens["refresh_token"]
    assert_problem(sign_in(base, password="wrong"), 401, "invalid-credentials")


def test_refresh_tokens_rotate_and_a_replay_ends_the_session(base: str) -> None:
    first = sign_in(base).json()
    refresh = f"{base}/auth/refresh"
    answer = requests.post(refresh, json={"refresh_token": first["refresh_token"]}, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = f"{base}/agents/me"
    new_auth = {"Authorization": f"Bearer {second['access_token']}"}
    assert requests.get(me, headers=new_auth, timeout=TIMEOUT).status_code == 200
    # the old refresh token is used up ...
    again = requests.post(refresh, json={"refresh_token": first["refresh_token"]}, timeout=TIMEOUT)
    assert_problem(again, 401, "invalid-refresh-token")
    # ... and presenting it again revoked the whole session (replay detection)
    later = requests.post(refresh, json={"refresh_token": second["refresh_token"]}, timeout=TIMEOUT)
    assert_problem(later, 401, "invalid-refresh-token")
    assert_problem(requests.get(me, headers=new_auth, timeout=TIMEOUT), 401, "unauthorized")


def test_logout_revokes_the_session(base: str) -> None:
    tokens = sign_in(base).json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    body = {"refresh_token": tokens["refresh_token"]}
    assert requests.post(f"{base}/auth/logout", json=body, timeout=TIMEOUT).status_code == 401
    out = requests.post(f"{base}/auth/logout", json=body, headers=auth, timeout=TIMEOUT)
    assert out.status_code == 204
    assert out.content == b""
    refreshed = requests.post(f"{base}/auth/refresh", json=body, timeout=TIMEOUT)
    assert_problem(refreshed, 401, "invalid-refresh-token")
    assert requests.get(f"{base}/agents/me", headers=auth, timeout=TIMEOUT).status_code == 401


def test_five_failures_lock_the_username_with_retry_after(base: str) -> None:
    user = "agent.en"  # the other tests sign in as "agent"
    for _ in range(5):
        assert_problem(sign_in(base, user, "wrong"), 401, "invalid-credentials")
    locked = sign_in(base, user, "demo")  # even the right password, while locked
    assert_problem(locked, 429, "too-many-attempts")
    assert 1 <= int(locked.headers["Retry-After"]) <= 60
    assert sign_in(base, "agent", "demo").status_code == 200  # per username


def test_profile_and_sip_credentials(base: str, headers: dict[str, str]) -> None:
    profile = requests.get(f"{base}/agents/me", headers=headers, timeout=TIMEOUT).json()
    assert profile["display_name"] == "Agent Démo"
    assert profile["language"] == "fr"
    assert [c["code"] for c in profile["ticket_categories"]] == [
        "request", "complaint", "information", "other",
    ]  # fmt: skip
    sip = requests.get(f"{base}/agents/me/sip", headers=headers, timeout=TIMEOUT)
    assert sip.headers["Cache-Control"] == "no-store"
    assert sip.json() | {"username": "-"} == {
        "username": "-", "password": "demo-sip", "domain": "127.0.0.1", "registrar": "",
        "transport": "udp", "outbound_proxy": "", "stun": "", "srtp": "off",
    }  # fmt: skip
    english = sign_in(base, "agent.en", "demo")
    if english.status_code == 200:  # unless the lockout test just locked it
        auth = {"Authorization": f"Bearer {english.json()['access_token']}"}
        profile = requests.get(f"{base}/agents/me", headers=auth, timeout=TIMEOUT).json()
        assert profile["language"] == "en"


def _punch(**changes: Any) -> dict[str, Any]:
    body = {
        "id": str(uuid.uuid4()), "kind": "clock_in", "occurred_at": "2025-05-12T09:59:30+02:00",
        "device_id": "laptop-1", "seq": 1,
    }  # fmt: skip
    return body | changes


def test_punch_is_idempotent_by_id(base: str, headers: dict[str, str]) -> None:
    body = _punch()
    first = requests.post(f"{base}/punches", json=body, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert receipt["id"] == body["id"]
    assert UTC_Z.match(receipt["received_at"])
    time.sleep(0.01)
    replay = requests.post(f"{base}/punches", json=body, headers=headers, timeout=TIMEOUT)
    assert (replay.status_code, replay.json()) == (200, receipt)
    # the same instant written in UTC is the same body
    same = body | {"occurred_at": "2025-05-12T07:59:30Z", "reason_code": ""}
    replay = requests.post(f"{base}/punches", json=same, headers=headers, timeout=TIMEOUT)
    assert (replay.status_code, replay.json()) == (200, receipt)
    other = body | {"kind": "clock_out"}
    clash = requests.post(f"{base}/punches", json=other, headers=headers, timeout=TIMEOUT)
    assert_problem(clash, 409, "idempotency-conflict")
    listed = requests.get(
        f"{base}/punches",
        params={"from": "2025-05-12T00:00:00Z", "to": "2025-05-13T00:00:00Z"},
        headers=headers,
        timeout=TIMEOUT,
    ).json()["items"]
    mine = [p for p in listed if p["id"] == body["id"]]
    assert mine == [
        {"id": body["id"], "kind": "clock_in", "reason_code": "", "device_id": "laptop-1",
         "seq": 1, "occurred_at": "2025-05-12T07:59:30.000Z",
         "received_at": receipt["received_at"]},
    ]  # fmt: skip


def test_punches_are_listed_by_occurred_at(base: str, headers: dict[str, str]) -> None:
    times = ["2025-06-01T12:00:00Z", "2025-06-01T08:00:00Z", "2025-06-01T10:00:00Z"]
    ids = []
    for seq, at in enumerate(times, start=10):
        body = _punch(occurred_at=at, seq=seq)
        ids.append(body["id"])
        answer = requests.post(f"{base}/punches", json=body, headers=headers, timeout=TIMEOUT)
        assert answer.status_code == 201
    window = {"from": "2025-06-01T00:00:00Z", "to": "2025-06-02T00:00:00Z"}
    listed = requests.get(f"{base}/punches", params=window, headers=headers, timeout=TIMEOUT)
    assert [p["id"] for p in listed.json()["items"]] == [ids[1], ids[2], ids[0]]


def test_unknown_fields_and_bad_json_are_400_problems(base: str, headers: dict[str, str]) -> None:
    extra = requests.post(
        f"{base}/punches", json=_punch(colour="red"), headers=headers, timeout=TIMEOUT
    )
    problem = assert_problem(extra, 400, "bad-request")
    assert problem["errors"][0]["location"] == ["body", "colour"]
    garbled = requests.post(
        f"{base}/punches",
        data=b"{not json",
        headers=headers | {"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert_problem(garbled, 400, "bad-request")
    naive = requests.post(
        f"{base}/punches",
        json=_punch(occurred_at="2025-05-12T09:59:30"),
        headers=headers,
        timeout=TIMEOUT,
    )
    assert_problem(naive, 400, "bad-request")


def test_state_change_is_idempotent_and_checks_reasons(base: str, headers: dict[str, str]) -> None:
    url = f"{base}/agents/me/state"
    body = {"id": str(uuid.uuid4()), "state": "not_ready", "reason_code": "lunch", "at": now_z()}
    first = requests.put(url, json=body, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 200, first.text
    replay = requests.put(url, json=body, headers=headers, timeout=TIMEOUT)
    assert (replay.status_code, replay.json()) == (200, first.json())
    clash = requests.put(url, json=body | {"state": "available", "reason_code": ""},
                         headers=headers, timeout=TIMEOUT)  # fmt: skip
    assert_problem(clash, 409, "idempotency-conflict")
    wrong = body | {"id": str(uuid.uuid4()), "reason_code": "nap"}
    assert_problem(requests.put(url, json=wrong, headers=headers, timeout=TIMEOUT), 422)
    # the client's own technical diagnosis is accepted, in the tech: form only
    tech = body | {"id": str(uuid.uuid4()), "reason_code": "tech:engine_down"}
    assert requests.put(url, json=tech, headers=headers, timeout=TIMEOUT).status_code == 200
    bad_tech = body | {"id": str(uuid.uuid4()), "reason_code": "tech:<script>"}
    assert_problem(requests.put(url, json=bad_tech, headers=headers, timeout=TIMEOUT), 422)


def test_ticket_and_note_are_idempotent(base: str, headers: dict[str, str]) -> None:
    ticket = {"id": str(uuid.uuid4()), "customer_id": "C002", "category": "request",
              "subject": "Ajout d'une ligne", "disposition": "callback"}  # fmt: skip
    first = requests.post(f"{base}/tickets", json=ticket, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 201, first.text
    assert UTC_Z.match(first.json()["created_at"])
    replay = requests.post(f"{base}/tickets", json=ticket, headers=headers, timeout=TIMEOUT)
    assert (replay.status_code, replay.json()) == (200, first.json())
    changed = ticket | {"subject": "Autre chose"}
    clash = requests.post(f"{base}/tickets", json=changed, headers=headers, timeout=TIMEOUT)
    assert_problem(clash, 409, "idempotency-conflict")
    orphan = ticket | {"id": str(uuid.uuid4()), "customer_id": "C999"}
    refused = requests.post(f"{base}/tickets", json=orphan, headers=headers, timeout=TIMEOUT)
    assert_problem(refused, 422, "unprocessable")

    note = {"id": str(uuid.uuid4()), "body": "Client rappelé.", "created_at": now_z()}
    notes = f"{base}/tickets/{ticket['id']}/notes"
    added = requests.post(notes, json=note, headers=headers, timeout=TIMEOUT)
    assert added.status_code == 201, added.text
    assert added.json() == {"id": note["id"], "created_at": note["created_at"]}
    again = requests.post(notes, json=note, headers=headers, timeout=TIMEOUT)
    assert (again.status_code, again.json()) == (200, added.json())
    clash = requests.post(notes, json=note | {"body": "x"}, headers=headers, timeout=TIMEOUT)
    assert_problem(clash, 409, "idempotency-conflict")
    nowhere = f"{base}/tickets/{uuid.uuid4()}/notes"
    lost = requests.post(nowhere, json=note | {"id": str(uuid.uuid4())}, headers=headers,
                         timeout=TIMEOUT)  # fmt: skip
    assert_problem(lost, 404, "not-found")
    # the new ticket and its note show in the customer's tickets
    listed = requests.get(f"{base}/customers/C002/tickets", headers=headers, timeout=TIMEOUT)
    mine = [t for t in listed.json()["items"] if t["id"] == ticket["id"]]
    assert [n["body"] for n in mine[0]["notes"]] == ["Client rappelé."]


def test_interaction_is_idempotent_and_checks_times(base: str, headers: dict[str, str]) -> None:
    record = {
        "id": str(uuid.uuid4()), "call_id": "abc@127.0.0.1", "direction": "inbound",
        "remote_number": "+33612345678", "customer_id": "C001",
        "started_at": "2025-05-12T08:40:02Z", "answered_at": "2025-05-12T08:40:05Z",
        "ended_at": "2025-05-12T08:47:40Z", "wrap_up_ended_at": None,
        "disposition": "resolved", "ticket_ids": [str(uuid.uuid4())],
    }  # fmt: skip
    url = f"{base}/interactions"
    first = requests.post(url, json=record, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 201, first.text
    replay = requests.post(url, json=record, headers=headers, timeout=TIMEOUT)
    assert (replay.status_code, replay.json()) == (200, first.json())
    backwards = record | {"id": str(uuid.uuid4()), "ended_at": "2025-05-12T08:00:00Z"}
    assert_problem(requests.post(url, json=backwards, headers=headers, timeout=TIMEOUT), 422)


def test_customer_card_etag_and_304(base: str, headers: dict[str, str]) -> None:
    url = f"{base}/customers/C001"
    first = requests.get(url, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]+"', etag)
    card = first.json()
    assert card["phones"][0] == "+33612345678"
    assert {p["product_id"] for p in card["products"]} == {"P001", "P004", "P006"}
    for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        cached = requests.get(url, headers=headers | {"If-None-Match": held}, timeout=TIMEOUT)
        assert cached.status_code == 304, held
        assert cached.content == b""
        assert cached.headers["ETag"] == etag
    stale = requests.get(url, headers=headers | {"If-None-Match": '"old"'}, timeout=TIMEOUT)
    assert stale.status_code == 200
    # a new open ticket changes the card, so the old ETag no longer matches
    ticket = {"id": str(uuid.uuid4()), "customer_id": "C001", "category": "information",
              "subject": "Question sur la facture"}  # fmt: skip
    assert requests.post(f"{base}/tickets", json=ticket, headers=headers, timeout=TIMEOUT).ok
    changed = requests.get(url, headers=headers | {"If-None-Match": etag}, timeout=TIMEOUT)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert ticket["id"] in [t["id"] for t in changed.json()["open_tickets"]]
    assert_problem(requests.get(f"{base}/customers/C999", headers=headers, timeout=TIMEOUT), 404)


def test_product_etag_and_articles(base: str, headers: dict[str, str]) -> None:
    url = f"{base}/products/P001"
    first = requests.get(url, headers=headers, timeout=TIMEOUT)
    assert first.status_code == 200
    assert {a["kind"] for a in first.json()["articles"]} <= {"faq", "troubleshooting"}
    cached = requests.get(
        url, headers=headers | {"If-None-Match": first.headers["ETag"]}, timeout=TIMEOUT
    )
    assert cached.status_code == 304


def _walk(base: str, headers: dict[str, str], path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token = ""
    for _ in range(100):
        query = params | ({"page_token": token} if token else {})
        page = requests.get(f"{base}/{path}", params=query, headers=headers, timeout=TIMEOUT)
        assert page.status_code == 200, page.text
        assert len(page.json()["items"]) <= params.get("page_size", 20)
        items += page.json()["items"]
        token = page.json()["next_page_token"]
        if not token:
            return items
    raise AssertionError("pagination never ends")


def test_pagination_reaches_every_customer_exactly_once(base: str, headers: dict[str, str]) -> None:
    ids = [c["id"] for c in _walk(base, headers, "customers", page_size=7)]
    assert sorted(ids) == sorted(c["id"] for c in load().customers)
    assert len(load().customers) >= 30
    products = _walk(base, headers, "products", page_size=4)
    assert sorted(p["id"] for p in products) == sorted(p["id"] for p in load().products)
    first = requests.get(
        f"{base}/customers", params={"page_size": 7}, headers=headers, timeout=TIMEOUT
    ).json()
    reused = {"q": "martin", "page_token": first["next_page_token"]}
    other = requests.get(f"{base}/customers", params=reused, headers=headers, timeout=TIMEOUT)
    assert_problem(other, 400, "bad-request")
    for bad in ({"page_token": "garbage!"}, {"page_size": 0}, {"page_size": 101}):
        answer = requests.get(f"{base}/customers", params=bad, headers=headers, timeout=TIMEOUT)
        assert_problem(answer, 400, "bad-request")


def test_search_is_case_and_accent_insensitive(base: str, headers: dict[str, str]) -> None:
    def names(q: str) -> list[str]:
        return [c["display_name"] for c in _walk(base, headers, "customers", q=q)]

    assert names("HELENE") == ["Hélène Lefèvre"]
    assert names("d'art") == ["Chloé d'Artagnan"]
    assert names("uk-200003") == ["Olivia Smith"]
    assert names("moreau") == ["Pierre Moreau", "Sophie Moreau"]
    assert names("zzz-nobody") == []


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+33612345678", ["Camille Martin"]),
        ("+33145678901", ["Lucas Bernard"]),
        ("+442079460123", ["Olivia Smith"]),
        (UNKNOWN_NUMBER, []),
        ("+33240111222", ["Pierre Moreau", "Sophie Moreau"]),
    ],
)
def test_lookup_of_the_demo_numbers(
    base: str, headers: dict[str, str], phone: str, expected: list[str]
) -> None:
    answer = requests.get(
        f"{base}/customers/lookup", params={"phone": phone}, headers=headers, timeout=TIMEOUT
    )
    assert answer.status_code == 200
    matches = answer.json()["matches"]
    assert [m["display_name"] for m in matches] == expected
    assert all(m["phone"] == phone for m in matches)


@pytest.mark.parametrize("phone", ["0612345678", "+0612345678", "33612345678", "+33 6 12"])
def test_lookup_refuses_what_is_not_e164(base: str, headers: dict[str, str], phone: str) -> None:
    answer = requests.get(
        f"{base}/customers/lookup", params={"phone": phone}, headers=headers, timeout=TIMEOUT
    )
    assert_problem(answer, 400, "bad-request")


def test_unknown_paths_and_methods_are_problems(base: str, headers: dict[str, str]) -> None:
    assert_problem(requests.get(f"{base}/nothing", headers=headers, timeout=TIMEOUT), 404)
    wrong = requests.delete(f"{base}/punches", headers=headers, timeout=TIMEOUT)
    assert_problem(wrong, 405, "method-not-allowed")
    assert set(wrong.headers["Allow"].split(", ")) == {"GET", "POST"}


def test_html_in_data_comes_back_verbatim(base: str, headers: dict[str, str]) -> None:
    name = "<b>Bold</b><img src=x onerror=alert(1)>"
    found = _walk(base, headers, "customers", q="<b>bold")
    assert [c["display_name"] for c in found] == [name]
    card = requests.get(f"{base}/customers/{found[0]['id']}", headers=headers, timeout=TIMEOUT)
    assert card.json()["display_name"] == name
    assert "&lt;" not in card.text
    assert "&amp;" not in card.text
    subjects = [t["subject"] for t in card.json()["open_tickets"]]
    assert "<i>Sujet</i> avec du HTML & des chevrons <>" in subjects
