"""Secrets and privacy: a whole session with recognisable fake secrets and customer data, then
every file the app wrote and its engine's command line and environment scanned for them.

The session runs the real desk (tests/e2e/desk_rig.py) against the reference API, Kamailio
and SIPp: sign in with "keep me signed in", clock in, Available, a marker customer calls
(the screen pop shows them), answer, hang up, a ticket with a marked note, wrap-up, export
diagnostics, clock out, sign out; with logging at debug level (the most IT can turn on).

What may remain where (issue #7 item 4):
- the operator's password, the SIP password and the API tokens: in no file the app writes and
  on no command line or environment (the keyring's own storage, outside the app's folders, is
  where the refresh token and SIP password belong);
- customer personal data (name, e-mail, phone in every usual form, address, the note's text):
  while signed in, only in the database (outbox until acknowledged, card cache, call history,
  drafts); never in logs, preferences or the diagnostics zip; after sign-out with the API up
  (so the outbox is acknowledged): nowhere, including SQLite free pages and the WAL.

Each marker is looked for as raw bytes in UTF-8, UTF-16 (LE and BE), URL-encoded,
JSON-escaped and base64 forms; SQLite files (main, -wal, -shm) are read as raw bytes, zips
member by member, decompressed. `test_the_scan_finds_planted_markers` proves the scan sees
each form.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import sqlite3
import urllib.parse
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.integration.rig import keyring_rig

pytestmark = pytest.mark.timeout(150)

# ---- the markers: fake, recognisable, unique -------------------------------------------------

USER = "agent.en"
USER_PASSWORD = "PwMark-Q7x9-zr4T"  # typed by QTest: ASCII only
SIP_PASSWORD = "SipMark-K3v8-pL2w"
CUSTOMER_ID = "C9MARK"
CUSTOMER_NAME = "Zébulon Quarmbyxe"
CUSTOMER_EMAIL = "zq.mark5821@example.net"
CUSTOMER_PHONE = "+33659317482"
CUSTOMER_ADDRESS = "7 allée Marqueurvoie, 99921 Zedvillequx"
CUSTOMER_ACCOUNT = "ZZ-424242-MK"
NOTE_MARK = "NoteMark-Hq4Vw-ticket"


def phone_forms(e164: str) -> list[str]:
    """The number as software writes it: E.164, digits, national, spaced national."""
    import phonenumbers

    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return sorted({e164, e164.lstrip("+"), national, national.replace(" ", ""), international})


def encodings(marker: str) -> dict[str, list[bytes]]:
    """Byte strings whose presence means the marker is there, by form."""
    utf8 = marker.encode("utf-8")
    forms: dict[str, list[bytes]] = {
        "plain": [utf8],
        "utf-16-le": [marker.encode("utf-16-le")],
        "utf-16-be": [marker.encode("utf-16-be")],
        "url": [
            urllib.parse.quote(marker, safe="").encode("ascii"),
            urllib.parse.quote_plus(marker).encode("ascii"),
        ],
        "json": [json.dumps(marker)[1:-1].encode("ascii")],
        # a marker inside a longer base64 text: encoded at each of the 3 alignments, minus
        # the characters that depend on the bytes around it
        "base64": [],
    }
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + utf8)
        lead = (shift * 4 + 2) // 3  # characters that mix in the padding bytes
        tail = len(encoded) - (4 if (shift + len(utf8)) % 3 else 0)
        forms["base64"].append(encoded[lead:tail])
        forms["base64"].append(base64.urlsafe_b64encode(b"\0" * shift + utf8)[lead:tail])
    return {name: [f for f in found if len(f) >= 6] for name, found in forms.items()}


@dataclass(frozen=True)
class Finding:
    marker: str
    form: str
    where: str  # file (and member) or process


class Scanner:
    def __init__(self, markers: dict[str, str]) -> None:
        self.markers = markers  # label -> marker text
        self._needles = {
            label: encodings(text) for label, text in markers.items()
        }  # fmt: skip

    def scan_bytes(self, data: bytes, where: str) -> list[Finding]:
        found = []
        lower = data.lower()
        for label, forms in self._needles.items():
            for form, needles in forms.items():
                # base64 is case-sensitive; the rest may be upper/lower-cased by software
                hay = data if form == "base64" else lower
                for needle in needles:
                    if (needle if form == "base64" else needle.lower()) in hay:
                        found.append(Finding(label, form, where))
                        break
        return found

    def scan_file(self, path: Path, where: str = "") -> list[Finding]:
        where = where or str(path)
        data = path.read_bytes()
        found = self.scan_bytes(data, where)
        if data[:4] == b"PK\x03\x04":
            found += self.scan_zip(data, where)
        return found

    def scan_zip(self, data: bytes, where: str) -> list[Finding]:
        found = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                found += self.scan_bytes(archive.read(name), f"{where}!{name}")
        return found

    def scan_tree(self, roots: Iterable[Path]) -> tuple[list[Finding], list[Path]]:
        found, files = [], []
        for root in roots:
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files.append(path)
                    found += self.scan_file(path)
        return found, files

    def scan_process(self, pid: int, what: str) -> list[Finding]:
        found = []
        for part in ("cmdline", "environ"):
            data = Path(f"/proc/{pid}/{part}").read_bytes()
            found += self.scan_bytes(data.replace(b"\0", b" "), f"{what} {part}")
        return found


SECRETS = ("user password", "SIP password", "access token", "refresh token")


def _describe(found: list[Finding]) -> str:
    return "\n".join(f"  {f.marker} ({f.form}) in {f.where}" for f in found)


# ---- the scan itself works ---------------------------------------------------------------


def test_the_scan_finds_planted_markers(tmp_path: Path) -> None:
    """Each form, in a plain file, a zip member and a row SQLite deleted without
    secure_delete (left in a free page): the scan finds them all; clean files pass."""
    scanner = Scanner({"name": CUSTOMER_NAME, "secret": SIP_PASSWORD})
    for label, text in scanner.markers.items():
        for form, needles in encodings(text).items():
            for i, needle in enumerate(needles):
                path = tmp_path / f"{label}-{form}-{i}.bin"
                path.write_bytes(b"x" * 17 + needle + b"y" * 5)
                assert any(f.form == form for f in scanner.scan_file(path)), (path, needle)
        # a real base64 encoding of a longer text is found (alignment independent)
        for pad in range(4):
            blob = base64.b64encode(b"=" * pad + text.encode() + b"!").decode()
            path = tmp_path / f"{label}-b64-{pad}.txt"
            path.write_text(f"token: {blob}\n")
            assert any(f.form == "base64" for f in scanner.scan_file(path)), blob
    # deflated inside a zip
    zpath = tmp_path / "diag.zip"
    with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("logs/x.log", "a" * 1000 + urllib.parse.quote(CUSTOMER_NAME) + "b" * 1000)
    assert [f.where for f in scanner.scan_file(zpath)] == [f"{zpath}!logs/x.log"]
    # a deleted row in an SQLite file without secure_delete lingers, and is found
    db = tmp_path / "t.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA secure_delete=OFF")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(f"row {i} " + "z" * 200,) for i in range(50)])
    conn.execute("INSERT INTO t VALUES (?)", (f"caller {CUSTOMER_NAME}",))
    conn.commit()
    conn.execute("DELETE FROM t WHERE v LIKE 'caller%'")
    conn.commit()
    conn.close()
    assert any(f.marker == "name" for f in scanner.scan_file(db))
    # and a file without markers is clean
    clean = tmp_path / "clean.txt"
    clean.write_text("Zébulon Quarmby " + SIP_PASSWORD[:-1] + "\n")
    assert scanner.scan_file(clean) == []


def test_purged_history_and_submitted_drafts_leave_no_trace(tmp_path: Path) -> None:
    """The call history and drafts through their own stores: after the sign-out purge the
    database files (main, WAL, SHM) hold no byte of the caller, whatever the deletes were."""
    from datetime import UTC, datetime

    from homeagent.domain.call import Direction
    from homeagent.domain.history import CallRecord
    from homeagent.store import db as store_db
    from homeagent.store.cache import ThreadCardCache
    from homeagent.store.drafts import DraftStore
    from homeagent.store.history import CallHistoryStore

    path = tmp_path / "homeagent.db"
    scanner = Scanner({"name": CUSTOMER_NAME, "phone": CUSTOMER_PHONE, "note": NOTE_MARK})
    history, drafts, cache = CallHistoryStore(path), DraftStore(path), ThreadCardCache(path)
    now = datetime.now(UTC)
    for i in range(30):  # enough rows for several pages
        history.upsert(
            CallRecord(f"in-{i}", Direction.INBOUND, f"+3361234{i:04d}", now, USER, "x" * 100)
        )
    history.upsert(
        CallRecord(
            "in-mark", Direction.INBOUND, CUSTOMER_PHONE, now, USER, CUSTOMER_NAME, CUSTOMER_ID
        )
    )
    cache.put(f"lookup:{CUSTOMER_PHONE}", [{"id": CUSTOMER_ID, "display_name": CUSTOMER_NAME}])
    for n in range(5):  # typed, saved again and again, then submitted (deleted)
        drafts.save("call:in-mark", {"customer": CUSTOMER_NAME, "notes": NOTE_MARK[: 10 + n]})
    drafts.save("call:in-mark", {"customer": CUSTOMER_NAME, "notes": NOTE_MARK})
    # a row deleted by another connection without secure_delete (the outbox sender's kind)
    other = store_db.connect(path)
    other.execute("PRAGMA secure_delete=OFF")
    other.execute(
        "INSERT INTO outbox (id, stream, kind, payload, created_at) VALUES (?,?,?,?,0)",
        ("it-1", "work", "note", json.dumps({"body": NOTE_MARK, "caller": CUSTOMER_PHONE})),
    )
    other.execute("DELETE FROM outbox WHERE id = 'it-1'")
    assert history.search(USER, CUSTOMER_PHONE[3:], 10)[0].remote_name == CUSTOMER_NAME
    drafts.delete("call:in-mark")  # submitted
    found, _ = scanner.scan_tree([tmp_path])
    assert found, "the rows were written: the scan must see them before the purge"

    cache.purge()  # what sign-out runs
    found, files = scanner.scan_tree([tmp_path])
    assert found == [], "\n" + _describe(found)
    assert {p.name for p in files} >= {"homeagent.db"}
    assert history.recent(USER, 10) == []
    # the stores still work afterwards
    history.upsert(CallRecord("in-next", Direction.INBOUND, "+33100000000", now, USER))
    assert [r.call_id for r in history.recent(USER, 10)] == ["in-next"]
    other.close()


# ---- the whole session -----------------------------------------------------------------------


@dataclass
class Captured:
    access: list[str]
    refresh: list[str]


def _prepare_server(api_db: Path) -> None:
    """The marker passwords and customer, written into the reference server's own database."""
    from homeagent.demo.server import security
    from homeagent.demo.server.seed import fold

    salt = security.new_salt()
    conn = sqlite3.connect(api_db, timeout=10)
    try:
        with conn:
            conn.execute(
                "UPDATE agents SET salt = ?, pw_hash = ?, sip_password = ? WHERE username = ?",
                (salt, security.hash_password(USER_PASSWORD, salt), SIP_PASSWORD, USER),
            )
            parts = (CUSTOMER_NAME, CUSTOMER_EMAIL, CUSTOMER_ACCOUNT)
            conn.execute(
                "INSERT INTO customers (id, display_name, sort_key, search_text, email,"
                " account_number, language, segment, address, vip)"
                " VALUES (?, ?, ?, ?, ?, ?, 'en', 'residential', ?, 0)",
                (CUSTOMER_ID, CUSTOMER_NAME, fold(CUSTOMER_NAME),
                 "\n".join(fold(p) for p in parts), CUSTOMER_EMAIL, CUSTOMER_ACCOUNT,
                 CUSTOMER_ADDRESS),
            )  # fmt: skip
            conn.execute(
                "INSERT INTO customer_phones (customer_id, phone, position) VALUES (?, ?, 0)",
                (CUSTOMER_ID, CUSTOMER_PHONE),
            )
    finally:
        conn.close()


@pytest.fixture
def app_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The XDG folders (config, data, cache, state) moved into tmp_path, so anything the app
    or Qt writes through platformdirs/QStandardPaths lands where the scan looks."""
    dirs = []
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        folder = tmp_path / "xdg" / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
        dirs.append(folder)
    yield dirs


@pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring")
def test_a_whole_session_leaves_no_secret_and_no_customer_data(
    tmp_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch, app_dirs: list[Path]
) -> None:
    from PySide6.QtWidgets import QComboBox, QPushButton

    from homeagent import config
    from homeagent.domain.call import CallState
    from homeagent.domain.shift import ShiftState
    from homeagent.services.signin import refresh_key
    from tests.e2e import desk_rig

    monkeypatch.setattr(desk_rig, "SIP_PASSWORD", SIP_PASSWORD)  # Kamailio's password
    # the most the logs ever hold: IT's `[logging] level = "debug"` (the engine's PJSIP log
    # at level 4 with whole SIP messages, urllib3's request lines)
    load = config.load
    monkeypatch.setattr(config, "load", lambda *a: replace(load(*a), log_level="debug"))
    personal = {
        "customer name": CUSTOMER_NAME,
        "customer e-mail": CUSTOMER_EMAIL,
        "customer address": CUSTOMER_ADDRESS,
        "customer account": CUSTOMER_ACCOUNT,
        "ticket note": NOTE_MARK,
        **{f"customer phone {form}": form for form in phone_forms(CUSTOMER_PHONE)},
    }
    secrets = {"user password": USER_PASSWORD, "SIP password": SIP_PASSWORD}
    captured = Captured([], [])
    exports = tmp_path / "exports"

    with desk_rig.desk_stack(tmp_path) as desk:
        qtbot.addWidget(desk.window)  # type: ignore[attr-defined]
        logging.getLogger().setLevel(logging.DEBUG)  # desk_rig restores it
        _prepare_server(desk.api_db)
        api = desk.running.company.api
        store_tokens = api._store  # the real tokens the API issued, as the client got them

        def capture(tokens: object) -> object:
            captured.access.append(tokens.access_token)  # type: ignore[attr-defined]
            captured.refresh.append(tokens.refresh_token)  # type: ignore[attr-defined]
            return store_tokens(tokens)

        monkeypatch.setattr(api, "_store", capture)
        app_roots = [desk.data_dir, *app_dirs]
        w, tel = desk.window, desk.running.telephony

        def wait(cond: object, s: float, what: str) -> None:
            desk_rig.wait_until(qtbot, cond, s, what)  # type: ignore[arg-type]

        # sign in, "keep me signed in"
        wait(w.isVisible, 5, "the window")
        w.signin.remember_check.setChecked(True)
        desk_rig.sign_in_as(desk, qtbot, USER, USER_PASSWORD)
        assert captured.access and captured.refresh
        secrets["access token"] = captured.access[-1]
        secrets["refresh token"] = captured.refresh[-1]
        # the refresh token went where it belongs
        assert desk.running.company.secrets.get(refresh_key(USER)) == captured.refresh[-1]

        # the engine process: no secret on its command line or in its environment
        engine_pid = desk.running.engine.pid
        assert engine_pid
        scanner = Scanner({**secrets, **personal})
        found = scanner.scan_process(engine_pid, f"engine pid {engine_pid}")
        found += scanner.scan_process(os.getpid(), "GUI process")

        # clock in, Available
        shift = desk.running.desk.shift
        clock_in = w.findChild(QPushButton, "clockInButton")
        clock_in.click()
        wait(lambda: shift.state is ShiftState.WORKING, 10, "clocked in")
        combo = w.findChild(QComboBox, "statusCombo")
        index = combo.findText("Available")
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        wait(lambda: tel.accepting_calls, 5, "Available")

        # the marker customer calls; the screen pop shows them; answer, hang up
        sipp = desk_rig.sipp_customer_call(desk, tmp_path / "sipp", USER, caller=CUSTOMER_PHONE)
        wait(w.ringing.isVisible, 20, "the phone to ring")
        card = w.parts.customer
        wait(lambda: card.name_label.full_text() == CUSTOMER_NAME, 10, "the marker's card")
        w.ringing.answer_button.click()
        call = tel.current_call()
        assert call is not None
        wait(lambda: call.state is CallState.ACTIVE, 10, "the call to connect")
        qtbot.wait(300)  # type: ignore[attr-defined]
        w.calls.hangup_button.click()
        wait(lambda: not tel.live_calls(), 10, "the call to end")
        assert sipp.wait(20).ok

        # a ticket with a marked note; the wrap-up submitted
        panel, wrapup = w.parts.ticket, desk.running.desk.parts["wrapup"]
        wait(lambda: wrapup.active, 5, "wrap-up")
        panel.category_combo.setCurrentIndex(panel.category_combo.findText("Complaint"))
        qtbot.keyClicks(panel.subject_edit, "Billing question")  # type: ignore[attr-defined]
        qtbot.keyClicks(panel.notes_edit, f"Customer says {NOTE_MARK} twice")  # type: ignore[attr-defined]
        qtbot.wait(600)  # type: ignore[attr-defined]  # the draft is saved as they type
        panel.disposition_combo.setCurrentIndex(panel.disposition_combo.findText("Resolved"))
        assert wrapup.problems() == ()
        panel.submit_button.click()
        wait(lambda: not wrapup.active, 10, "the wrap-up to be submitted")
        history = desk.running.desk.parts["history"]
        record = history.record(call.call_id)
        assert record is not None and record.remote_number == CUSTOMER_PHONE  # redial works

        # Help > Export diagnostics, mid-session
        zip_path = exports / "diagnostics.zip"
        w.export_diagnostics(zip_path)
        wait(zip_path.exists, 10, "the diagnostics zip")

        # while signed in, customer data only in the database (outbox, cache, history)
        mid, mid_files = scanner.scan_tree([*app_roots, exports])
        assert any(f.marker == "customer name" for f in mid), "the scan must see the card cache"
        found += [
            f
            for f in mid
            if f.marker in secrets
            or not Path(f.where.split("!")[0]).name.startswith("homeagent.db")
        ]

        # clock out; the outbox reaches the API; sign out
        w.findChild(QPushButton, "clockOutButton").click()
        wait(lambda: shift.state is ShiftState.OFF, 10, "clocked out")
        sync = desk.running.desk.parts["sync"]
        wait(lambda: sync.status.pending == 0, 20, "the outbox to be acknowledged")
        wait(
            lambda: desk.server_rows("SELECT 1 FROM notes WHERE body LIKE ?", f"%{NOTE_MARK}%"),
            10,
            "the note at the server",
        )
        log_path = desk.data_dir / "logs" / "homeagent.log"
        w.sign_out_action.trigger()
        wait(
            lambda: "cached customer entries purged" in log_path.read_text("utf-8"),
            10,
            "the sign-out purge",
        )
        wait(lambda: desk.running.company.secrets.get(refresh_key(USER)) is None, 10,
             "the refresh token to leave the keyring")  # fmt: skip
        # after sign-out: nothing anywhere, while the app still runs (WAL included)
        after, files = scanner.scan_tree([*app_roots, exports])
        found += after

    # and once the app has stopped (its last connection closed the WAL)
    stopped, _ = scanner.scan_tree([*app_roots, exports])
    found += stopped
    names = {p.name for p in files}
    assert {"homeagent.db", "homeagent.log", "diagnostics.zip"} <= names, names
    assert any(p.name == "homeagent.db-wal" for p in mid_files), "the scan must read the WAL"
    unique = sorted({(f.marker, f.form, f.where) for f in found})
    assert unique == [], "\n" + _describe([Finding(*u) for u in unique])
