"""Signing the operator in to SIP: credentials from the form or the keyring, never a file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from homeagent.domain.sip_account import SipAccount
from homeagent.services.observable import Topic
from homeagent.services.telephony import Notice, TelephonyService

log = logging.getLogger(__name__)


class SessionPort(Protocol):
    """What the sign-in form needs: SIP-only sign-in (SipSessionService) or the company's
    (SignInService, which gets the SIP account from the central API)."""

    username: str

    @property
    def busy_changed(self) -> Topic[bool]: ...

    def sign_in(self, username: str, password: str, remember: bool) -> None: ...

    def sign_out(self) -> None: ...


class SecretPort(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, secret: str) -> None: ...
    def delete(self, key: str) -> None: ...


class TaskPort(Protocol):
    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None: ...


@dataclass(frozen=True)
class AccountTemplate:
    """Provisioned parts of the SIP account; the operator supplies username and password."""

    domain: str
    registrar: str = ""
    transport: Any = "udp"
    outbound_proxy: str = ""
    srtp: Any = "off"
    register_timeout_s: int = 300
    register: bool = True  # False: a local identity (demo mode)

    def account(self, username: str, password: str, display_name: str = "") -> SipAccount:
        return SipAccount(
            username=username,
            domain=self.domain,
            password=password,
            registrar=self.registrar,
            transport=self.transport,
            outbound_proxy=self.outbound_proxy,
            srtp=self.srtp,
            register_timeout_s=self.register_timeout_s,
            register=self.register,
            display_name=display_name,
        )


def secret_key(username: str, domain: str) -> str:
    return f"sip:{username}@{domain}"


class SipSessionService:
    def __init__(
        self,
        telephony: TelephonyService,
        secrets: SecretPort,
        tasks: TaskPort,
        template: AccountTemplate,
    ) -> None:
        self._telephony = telephony
        self._secrets = secrets
        self._tasks = tasks
        self.template = template
        self.username = ""
        self.busy_changed: Topic[bool] = Topic()

    def sign_in(self, username: str, password: str, remember: bool) -> None:
        username = username.strip()
        if not username or not password:
            self._telephony.notices.emit(Notice("credentials_missing"))
            return
        if not self.template.domain:
            self._telephony.notices.emit(Notice("not_provisioned"))
            return
        self.username = username
        self._telephony.sign_in(self.template.account(username, password))
        key = secret_key(username, self.template.domain)
        if remember:
            self._tasks.run(lambda: self._secrets.set(key, password), on_error=self._keyring_failed)
        else:
            self._tasks.run(lambda: self._secrets.delete(key), on_error=self._keyring_failed)

    def sign_in_remembered(self, username: str) -> None:
        """Look the password up off the GUI thread, then register."""
        key = secret_key(username, self.template.domain)
        self.busy_changed.emit(True)

        def found(password: str | None) -> None:
            self.busy_changed.emit(False)
            if password:
                self.username = username
                self._telephony.sign_in(self.template.account(username, password))
            else:
                self._telephony.notices.emit(Notice("password_needed"))

        self._tasks.run(lambda: self._secrets.get(key), found, self._keyring_failed)

    def sign_out(self) -> None:
        self._telephony.sign_out()

    def _keyring_failed(self, exc: Exception) -> None:
        self.busy_changed.emit(False)
        log.warning("keyring: %s", exc)
        self._telephony.notices.emit(Notice("keyring_unavailable", str(exc)))
