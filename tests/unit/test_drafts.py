"""DraftStore on a real SQLite file: upsert, load, list, delete, one connection per thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from homeagent.domain.errors import StorageError
from homeagent.store import db
from homeagent.store.drafts import DraftStore
from homeagent.store.outbox import Outbox


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "agent.db")


def test_save_is_an_upsert_and_load_reads_it_back(store: DraftStore, tmp_path: Path) -> None:
    assert store.load("call:c1") is None
    store.save("call:c1", {"notes": "first", "n": 1})
    store.save("call:c1", {"notes": "élan <b>x</b> " + "z" * 20_000, "n": 2})
    body = store.load("call:c1")
    assert body is not None and body["n"] == 2 and body["notes"].startswith("élan <b>x</b>")
    # durable on disk: a fresh connection (another process) sees the same row, once
    with sqlite3.connect(tmp_path / "agent.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 1


def test_all_lists_oldest_change_first_and_delete_removes(store: DraftStore) -> None:
    store.save("call:a", {"k": "a"})
    store.save("ticket:T1", {"k": "t"})
    store.save("call:a", {"k": "a2"})  # changed last: now the newest
    assert list(store.all()) == ["ticket:T1", "call:a"]
    store.delete("call:a")
    store.delete("call:missing")  # deleting nothing is fine
    assert store.all() == {"ticket:T1": {"k": "t"}}


def test_an_unreadable_row_is_skipped_not_fatal(store: DraftStore, tmp_path: Path) -> None:
    store.save("call:ok", {"k": 1})
    with sqlite3.connect(tmp_path / "agent.db") as conn:
        conn.execute("INSERT INTO drafts VALUES ('call:bad', '{\"half', 0)")
        conn.execute("INSERT INTO drafts VALUES ('call:list', '[1]', 0)")
    assert store.all() == {"call:ok": {"k": 1}}
    assert store.load("call:bad") is None


def test_queued_sees_the_outbox_of_the_same_database(store: DraftStore, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from homeagent.domain.work import Note

    assert store.queued("n1") is False
    Outbox(db.connect(tmp_path / "agent.db")).add(Note("n1", "T1", "body", datetime.now(UTC)))
    assert store.queued("n1") is True


def test_each_thread_uses_its_own_connection(store: DraftStore) -> None:
    # created first, as the app does (db.connect's migration is not safe against several
    # threads creating a fresh database at the same instant)
    store.save("call:0", {"i": -1})
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.save(f"call:{n}", {"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert {k: v["i"] for k, v in store.all().items()} == {f"call:{n}": 19 for n in range(4)}


def test_storage_errors_are_translated(tmp_path: Path) -> None:
    path = tmp_path / "agent.db"
    store = DraftStore(path)
    store.save("call:x", {"a": 1})
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE drafts")
    with pytest.raises(StorageError):
        store.save("call:x", {"a": 2})
    with pytest.raises(StorageError):
        store.all()
