"""Signing in to the company: the API session, the profile, and the SIP account it hands out.

Only the refresh token ("remember me") and the SIP password are kept, both in the keyring.
All network and keyring work runs on the IO pool; the GUI is told what happened in words it
can translate (Notice codes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from homeagent.domain.agent import AgentProfile, SipCredentials, Tokens
from homeagent.domain.errors import (
    ApiAuthError,
    ApiError,
    ApiRateLimited,
    ApiUnavailable,
    SecretStoreError,
)
from homeagent.domain.sip_account import SipAccount, SrtpPolicy, Transport
from homeagent.services.observable import Topic
from homeagent.services.session import SecretPort, TaskPort
from homeagent.services.telephony import Notice, TelephonyService

log = logging.getLogger(__name__)

SKEW_WARN_S = 120.0  # punches carry the PC's clock: say so when it is this far off


class ApiSessionPort(Protocol):
    def login(self, username: str, password: str) -> Tokens: ...
    def resume(self, refresh_token: str) -> Tokens: ...
    def logout(self) -> None: ...
    def profile(self) -> AgentProfile: ...
    def sip_credentials(self) -> SipCredentials: ...
    def health(self) -> datetime: ...


@dataclass(frozen=True)
class SipOverrides:
    """Provisioning wins over what the API says (e.g. a company-wide outbound proxy)."""

    domain: str = ""
    registrar: str = ""
    outbound_proxy: str = ""
    register: bool = True
    # floors: a compromised API must not downgrade what IT provisioned
    require_tls: bool = False
    srtp_floor: SrtpPolicy = SrtpPolicy.OFF


_SRTP_ORDER = (SrtpPolicy.OFF, SrtpPolicy.OPTIONAL, SrtpPolicy.MANDATORY)


@dataclass(frozen=True)
class SignedIn:
    username: str
    profile: AgentProfile
    clock_skew_s: float


def refresh_key(username: str) -> str:
    return f"api-refresh:{username}"


def sip_key(username: str) -> str:
    return f"sip:{username}"


class SignInService:
    def __init__(
        self,
        api: ApiSessionPort,
        secrets: SecretPort,
        tasks: TaskPort,
        telephony: TelephonyService,
        *,
        overrides: SipOverrides = SipOverrides(),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._api = api
        self._secrets = secrets
        self._tasks = tasks
        self._telephony = telephony
        self._overrides = overrides
        self._now = now
        self.busy = False
        self.current: SignedIn | None = None
        self.signed_in: Topic[SignedIn] = Topic()
        self.signed_out: Topic[None] = Topic()
        self.busy_changed: Topic[bool] = Topic()
        # the operator reads sign-in problems where telephony's notices already go
        self.notices: Topic[Notice] = telephony.notices

    @property
    def username(self) -> str:
        return self.current.username if self.current else ""

    def sign_in(self, username: str, password: str, remember: bool) -> None:
        username = username.strip()
        if not username or not password:
            self.notices.emit(Notice("credentials_missing"))
            return
        self._start(
            lambda: self._session(username, lambda: self._api.login(username, password), remember)
        )

    def resume(self, username: str) -> None:
        """Sign in with the refresh token kept from last time ("remember me")."""

        def work() -> tuple[SignedIn, SipCredentials]:
            token = self._secrets.get(refresh_key(username))
            if not token:
                raise ApiAuthError("nothing remembered")
            return self._session(username, lambda: self._api.resume(token), True)

        self._start(work)

    def sign_out(self) -> None:
        current, self.current = self.current, None
        self._telephony.sign_out()
        if current is not None:
            name = current.username

            def work() -> None:
                self._api.logout()
                self._secrets.delete(refresh_key(name))

            self._tasks.run(work, on_error=lambda exc: log.info("sign-out: %s", exc))
        self.signed_out.emit(None)

    # ---- on the IO pool -----------------------------------------------------------------

    def _session(
        self,
        username: str,
        authenticate: Callable[[], Tokens],
        remember: bool,
    ) -> tuple[SignedIn, SipCredentials]:
        tokens = authenticate()
        profile = self._api.profile()
        sip = self._api.sip_credentials()
        try:
            skew = (self._api.health() - self._now()).total_seconds()
        except ApiError:
            skew = 0.0
        try:
            self._secrets.set(sip_key(username), sip.password)
            if remember:
                self._secrets.set(refresh_key(username), tokens.refresh_token)
            else:
                self._secrets.delete(refresh_key(username))
        except SecretStoreError as exc:
            log.warning("keyring: %s", exc)  # sign-in still works; nothing is remembered
        return SignedIn(username, profile, skew), sip

    # ---- back on the GUI thread ---------------------------------------------------------

    def _start(self, work: Callable[[], tuple[SignedIn, SipCredentials]]) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self._tasks.run(work, self._done, self._failed)

    def _done(self, result: Any) -> None:
        signed, sip = result
        self._set_busy(False)
        self.current = signed
        if abs(signed.clock_skew_s) > SKEW_WARN_S:
            self.notices.emit(Notice("clock_skew", f"{signed.clock_skew_s:+.0f}"))
        self._telephony.sign_in(self._sip_account(sip, signed.profile))
        self.signed_in.emit(signed)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ApiRateLimited):
            self.notices.emit(Notice("account_locked", f"{exc.retry_after_s:.0f}"))
        elif isinstance(exc, ApiAuthError):
            self.notices.emit(Notice("wrong_credentials"))
        elif isinstance(exc, ApiUnavailable) and exc.detail == "tls":
            # not "check your internet": someone may be in the middle; IT must look
            self.notices.emit(Notice("certificate_refused"))
        elif isinstance(exc, ApiUnavailable):
            self.notices.emit(Notice("server_unreachable", exc.detail))
        elif isinstance(exc, ApiError):
            self.notices.emit(Notice("server_refused", f"{exc.status} {exc.detail}".strip()))
        else:
            log.error("sign-in failed unexpectedly: %r", exc)
            self.notices.emit(Notice("sign_in_failed", type(exc).__name__))

    def _sip_account(self, sip: SipCredentials, profile: AgentProfile) -> SipAccount:
        o = self._overrides
        account = SipAccount(
            username=sip.username,
            domain=o.domain or sip.domain,
            password=sip.password,
            registrar=o.registrar or sip.registrar,
            transport=Transport.TLS if o.require_tls else sip.transport,
            outbound_proxy=o.outbound_proxy or sip.outbound_proxy,
            display_name=profile.display_name,
            srtp=max(sip.srtp, o.srtp_floor, key=_SRTP_ORDER.index),
            register=o.register,
        )
        return account

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)
