"""A minimal observer list, so services can publish without knowing Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Topic(Generic[T]):
    def __init__(self) -> None:
        self._subscribers: list[Callable[[T], None]] = []

    def connect(self, fn: Callable[[T], None]) -> None:
        self._subscribers.append(fn)

    def disconnect(self, fn: Callable[[T], None]) -> None:
        self._subscribers.remove(fn)

    def emit(self, value: T) -> None:
        for fn in list(self._subscribers):
            try:
                fn(value)
            except Exception:
                # one broken view must not stop the others, nor the service
                log.exception("subscriber failed")
