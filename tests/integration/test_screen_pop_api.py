"""Screen pop against the reference API server with the real client, the real SQLite card cache
and the real IO pool + dispatcher: cold then warm, several matches, search, and a card that
still shows from the cache when the API is gone."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt module creates an app

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from homeagent.api import decode
from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.services.directory import CardDecoders, CustomerDirectory, Directory
from homeagent.services.screen_pop import PopState, PopStatus, ScreenPop
from homeagent.store.cache import ThreadCardCache
from homeagent.ui.dispatcher import Dispatcher, TaskRunner

pytestmark = pytest.mark.timeout(120)

CAMILLE = "+33612345678"
MOREAUS = "+33240111222"
BOLD = "+33655501234"


def client(url: str) -> ApiClient:
    api = ApiClient(Http(url, user_agent="t", timeout=(0.5, 2.0)), "dev-1", retries=1)
    api.login("agent", "demo")
    return api


class Rig:
    def __init__(self, api: ApiClient, db: Path, fresh_s: float = 300.0) -> None:
        self.dispatcher = Dispatcher()
        self.tasks = TaskRunner(self.dispatcher)
        directory = Directory(api, ThreadCardCache(db), fresh_s=fresh_s)
        customers = CustomerDirectory(
            directory, api, CardDecoders(decode.matches, decode.customer_card)
        )
        self.pop = ScreenPop(customers, self.tasks)
        self.states: list[PopState] = []
        self.pop.state_changed.connect(self.states.append)

    def settled(self) -> Callable[[], bool]:
        def done() -> bool:
            st = self.pop.state
            busy = st.card_loading or st.history_loading or st.search.busy
            return st.status is not PopStatus.LOOKING_UP and not busy

        return done


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    with start_subprocess(db, seed=True, latency_ms=20) as srv:
        yield srv


@pytest.fixture
def rig(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> Iterator[Rig]:
    r = Rig(client(server.base_url), tmp_path / "agent.db")
    yield r
    r.tasks.shutdown()


def cached_keys(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT key FROM cache")}


def test_cold_then_warm(rig: Rig, tmp_path: Path, qtbot: QtBot) -> None:
    rig.pop.show_for("call-1", CAMILLE)
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    st = rig.pop.state
    assert st.status is PopStatus.FOUND and st.card is not None
    assert st.card.display_name == "Camille Martin" and len(st.card.products) == 3
    assert st.card.open_tickets and st.history  # open tickets on the card, and the history
    assert not st.from_cache and not st.api_unreachable
    assert not any(s.from_cache for s in rig.states)  # cold: nothing came from the cache
    qtbot.waitUntil(lambda: f"lookup:{CAMILLE}" in cached_keys(tmp_path / "agent.db"))
    assert "customer:C001" in cached_keys(tmp_path / "agent.db")
    cold_card = st.card

    rig.states.clear()
    rig.pop.show_for("call-2", CAMILLE)
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    first_found = next(s for s in rig.states if s.status is PopStatus.FOUND)
    assert first_found.from_cache and first_found.card == cold_card  # the cache painted first
    assert rig.pop.state.card == cold_card and not rig.pop.state.from_cache


def test_several_matches_then_a_choice_and_a_search(rig: Rig, qtbot: QtBot) -> None:
    rig.pop.show_for("call-1", MOREAUS)
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    assert rig.pop.state.status is PopStatus.SEVERAL
    names = sorted(m.display_name for m in rig.pop.state.matches)
    assert names == ["Pierre Moreau", "Sophie Moreau"]
    chosen: list[Any] = []
    rig.pop.selected_customer.connect(chosen.append)
    sophie = next(m for m in rig.pop.state.matches if m.display_name == "Sophie Moreau")
    rig.pop.choose(sophie.id)
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    assert rig.pop.state.card is not None and rig.pop.state.card.id == sophie.id
    assert chosen and chosen[0].id == sophie.id
    rig.pop.search("camille")
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    assert [r.id for r in rig.pop.state.search.results] == ["C001"]
    rig.pop.search("06 12 34 56 78")  # a number: looked up
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    assert [r.id for r in rig.pop.state.search.results] == ["C001"]


def test_hostile_data_arrives_verbatim(rig: Rig, qtbot: QtBot) -> None:
    rig.pop.show_for("call-1", BOLD)
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    card = rig.pop.state.card
    assert card is not None and card.display_name == "<b>Bold</b><img src=x onerror=alert(1)>"


def test_unknown_number(rig: Rig, qtbot: QtBot) -> None:
    rig.pop.show_for("call-1", "+33699999999")
    qtbot.waitUntil(rig.settled(), timeout=10_000)
    assert rig.pop.state.status is PopStatus.NONE


def test_the_cached_card_shows_when_the_api_is_gone(tmp_path: Path, qtbot: QtBot) -> None:
    db = tmp_path / "agent.db"
    with start_subprocess(tmp_path / "api.db", seed=True) as srv:
        rig = Rig(client(srv.base_url), db, fresh_s=0)  # always revalidate
        try:
            rig.pop.show_for("call-1", CAMILLE)
            qtbot.waitUntil(rig.settled(), timeout=10_000)
            qtbot.waitUntil(lambda: f"lookup:{CAMILLE}" in cached_keys(db))
            card = rig.pop.state.card
            assert card is not None
            srv.stop()
            rig.pop.show_for("call-2", CAMILLE)
            qtbot.waitUntil(rig.settled(), timeout=20_000)
            st = rig.pop.state
            assert st.status is PopStatus.FOUND and st.card == card
            assert st.from_cache and st.api_unreachable and st.history_failed
            rig.pop.show_for("call-3", "+33145678901")  # never seen: unknown, API unreachable
            qtbot.waitUntil(rig.settled(), timeout=20_000)
            assert rig.pop.state.status is PopStatus.UNREACHABLE
        finally:
            rig.tasks.shutdown()
