"""The OS keyring: the only place a secret is read or written.

No fallback: when no usable backend exists (keyring's `fail` backend, a locked or missing
Secret Service), we say so and the operator types the password each time. Never a file.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors

from homeagent.domain.errors import SecretStoreError

log = logging.getLogger(__name__)

SERVICE = "HomeAgent"


class SecretStore:
    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def backend_name(self) -> str:
        return type(keyring.get_keyring()).__name__

    def usable(self) -> bool:
        backend = keyring.get_keyring()
        return getattr(backend, "priority", 0) > 0 and "fail" not in type(backend).__module__

    def get(self, key: str) -> str | None:
        try:
            value = keyring.get_password(self._service, key)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"keyring unavailable: {type(exc).__name__}") from None
        return value if isinstance(value, str) else None

    def set(self, key: str, secret: str) -> None:
        try:
            keyring.set_password(self._service, key, secret)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"keyring refused to store: {type(exc).__name__}") from None

    def delete(self, key: str) -> None:
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"keyring refused to delete: {type(exc).__name__}") from None


class MemorySecrets:
    """Demo mode: nothing worth keeping, so nothing touches the OS keyring."""

    def __init__(self) -> None:
        self._kept: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._kept.get(key)

    def set(self, key: str, secret: str) -> None:
        self._kept[key] = secret

    def delete(self, key: str) -> None:
        self._kept.pop(key, None)
