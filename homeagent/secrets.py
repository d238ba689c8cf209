"""The OS keyring: the only place a secret is read or written.

No fallback: when no usable backend exists (keyring's `fail` backend, a locked or missing
Secret Service), we say so and the operator types the password each time. Never a file.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from homeagent.domain.errors import SecretStoreError

log = logging.getLogger(__name__)

SERVICE = "HomeAgent"


def _keyring() -> ModuleType:
    """keyring on first use: with its backends (secretstorage, cryptography) it is ~9 MB a
    SIP-only start and a signed-out desk never need."""
    importlib.import_module("keyring.errors")
    return importlib.import_module("keyring")


class SecretStore:
    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def backend_name(self) -> str:
        return type(_keyring().get_keyring()).__name__

    def usable(self) -> bool:
        backend = _keyring().get_keyring()
        return getattr(backend, "priority", 0) > 0 and "fail" not in type(backend).__module__

    def get(self, key: str) -> str | None:
        keyring = _keyring()
        try:
            value = keyring.get_password(self._service, key)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"keyring unavailable: {type(exc).__name__}") from None
        return value if isinstance(value, str) else None

    def set(self, key: str, secret: str) -> None:
        keyring = _keyring()
        try:
            keyring.set_password(self._service, key, secret)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"keyring refused to store: {type(exc).__name__}") from None

    def delete(self, key: str) -> None:
        keyring = _keyring()
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
