"""Sign-in, lockout, access tokens that expire and refresh tokens that rotate.

Tokens are opaque random strings; the database keeps only their SHA-256. A pair issued at
sign-in starts a *family*; each refresh marks the presented refresh token used and issues a new
pair in the same family. Presenting a used refresh token again (a replay: either a stolen copy
or a client that lost the answer) revokes the whole family, access tokens included.
"""

from __future__ import annotations

import math
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeagent.demo.server import security
from homeagent.demo.server.problems import ProblemError
from homeagent.demo.server.store import Store

REALM = 'Bearer realm="homeagent"'


@dataclass(frozen=True)
class AuthPolicy:
    access_ttl: int = 900
    refresh_ttl: int = 86_400
    max_failures: int = 5
    failure_window_s: float = 300.0
    lockout_s: float = 60.0


@dataclass(frozen=True)
class Caller:
    """The agent behind a valid access token."""

    agent_id: str
    username: str
    family: str


def _unauthorized(slug: str, detail: str, error: str | None) -> ProblemError:
    challenge = REALM
    if error is not None:
        challenge += f', error="{error}", error_description="{detail}"'
    return ProblemError(401, slug, detail, headers={"WWW-Authenticate": challenge})


class Accounts:
    def __init__(
        self, store: Store, policy: AuthPolicy, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self.policy = policy
        self._clock = clock

    def sign_in(self, username: str, password: str, device_id: str) -> dict[str, Any]:
        now = self._clock()
        with self._store.tx() as db:
            lock = db.execute(
                "SELECT until FROM lockouts WHERE username = ?", (username,)
            ).fetchone()
            if lock is not None and lock["until"] > now:
                raise self._locked(lock["until"] - now)
            row = db.execute(
                "SELECT id, salt, pw_hash FROM agents WHERE username = ?", (username,)
            ).fetchone()
        # scrypt outside the lock: a sign-in must not stall every other request for 50 ms.
        if row is None:
            security.verify_password(password, security.DUMMY_SALT, security.DUMMY_HASH)
            ok = False
        else:
            ok = security.verify_password(password, row["salt"], row["pw_hash"])
        with self._store.tx() as db:
            if not ok:
                self._record_failure(db, username, now)
            else:
                db.execute("DELETE FROM login_failures WHERE username = ?", (username,))
                db.execute("DELETE FROM lockouts WHERE username = ?", (username,))
                db.execute(
                    "DELETE FROM tokens WHERE expires_at < ?", (now - self.policy.refresh_ttl,)
                )
                return self._issue(db, row["id"], device_id, secrets.token_hex(8), now)
        # raised after the commit, so that the failure is counted
        raise ProblemError(401, "invalid-credentials", "unknown username or wrong password")

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        now = self._clock()
        pair: dict[str, Any] | None = None
        with self._store.tx() as db:
            row = db.execute(
                "SELECT * FROM tokens WHERE hash = ? AND kind = 'refresh'",
                (security.token_hash(refresh_token),),
            ).fetchone()
            if row is None or row["revoked"] or row["expires_at"] <= now:
                pass
            elif row["used"]:
                self._revoke_family(db, row["family"])  # a replay: end the whole session
            else:
                db.execute("UPDATE tokens SET used = 1 WHERE hash = ?", (row["hash"],))
                pair = self._issue(db, row["agent_id"], row["device_id"], row["family"], now)
        if pair is None:  # raised after the commit, so that a revocation above sticks
            raise ProblemError(
                401,
                "invalid-refresh-token",
                "the refresh token is unknown, already used, revoked or expired: sign in again",
            )
        return pair

    def sign_out(self, caller: Caller, refresh_token: str) -> None:
        with self._store.tx() as db:
            row = db.execute(
                "SELECT family, agent_id FROM tokens WHERE hash = ? AND kind = 'refresh'",
                (security.token_hash(refresh_token),),
            ).fetchone()
            if row is not None and row["agent_id"] == caller.agent_id:
                self._revoke_family(db, row["family"])

    def authenticate(self, authorization: str | None) -> Caller:
        scheme, _, token = (authorization or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise _unauthorized("unauthorized", "send Authorization: Bearer <access_token>", None)
        with self._store.tx() as db:
            row = db.execute(
                "SELECT t.agent_id, t.family, t.expires_at, t.revoked, a.username "
                "FROM tokens t JOIN agents a ON a.id = t.agent_id "
                "WHERE t.hash = ? AND t.kind = 'access'",
                (security.token_hash(token),),
            ).fetchone()
        if row is None or row["revoked"]:
            raise _unauthorized("unauthorized", "unknown or revoked access token", "invalid_token")
        if row["expires_at"] <= self._clock():
            raise _unauthorized("token-expired", "the access token expired", "invalid_token")
        return Caller(row["agent_id"], row["username"], row["family"])

    def _issue(
        self, db: sqlite3.Connection, agent_id: str, device_id: str, family: str, now: float
    ) -> dict[str, Any]:
        access = security.new_token("at")
        refresh = security.new_token("rt")
        for token, kind, ttl in (
            (access, "access", self.policy.access_ttl),
            (refresh, "refresh", self.policy.refresh_ttl),
        ):
            db.execute(
                "INSERT INTO tokens (hash, kind, agent_id, family, device_id, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (security.token_hash(token), kind, agent_id, family, device_id, now + ttl),
            )
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.policy.access_ttl,
            "token_type": "Bearer",
        }

    def _record_failure(self, db: sqlite3.Connection, username: str, now: float) -> None:
        policy = self.policy
        db.execute(
            "DELETE FROM login_failures WHERE username = ? AND at <= ?",
            (username, now - policy.failure_window_s),
        )
        db.execute("INSERT INTO login_failures (username, at) VALUES (?, ?)", (username, now))
        count = db.execute(
            "SELECT count(*) FROM login_failures WHERE username = ?", (username,)
        ).fetchone()[0]
        if count >= policy.max_failures:
            db.execute("DELETE FROM login_failures WHERE username = ?", (username,))
            db.execute(
                "INSERT OR REPLACE INTO lockouts (username, until) VALUES (?, ?)",
                (username, now + policy.lockout_s),
            )

    @staticmethod
    def _revoke_family(db: sqlite3.Connection, family: str) -> None:
        db.execute("UPDATE tokens SET revoked = 1 WHERE family = ?", (family,))

    @staticmethod
    def _locked(remaining_s: float) -> ProblemError:
        seconds = max(1, math.ceil(remaining_s))
        return ProblemError(
            429,
            "too-many-attempts",
            f"too many failed sign-in attempts for this username; try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
