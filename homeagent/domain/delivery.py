"""Rules for delivering outbox items: what a failure means and how long to wait."""

from __future__ import annotations

import random
from enum import StrEnum

from homeagent.domain.errors import (
    ApiAuthError,
    ApiBadResponse,
    ApiConflict,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
)


class Outcome(StrEnum):
    TRANSIENT = "transient"  # retry later, forever
    PERMANENT = "permanent"  # park, show the operator the server's reason
    BUG = "bug"  # park too, but it is ours to fix: log loudly
    SIGNED_OUT = "signed_out"  # wait for the operator to sign in again


def classify(exc: BaseException) -> Outcome:
    if isinstance(exc, ApiConflict):
        return Outcome.BUG  # same id, other body: we never change a body once queued
    if isinstance(exc, ApiUnavailable | ApiBadResponse):
        return Outcome.TRANSIENT  # a garbled 2xx may have been stored: the id makes a retry safe
    if isinstance(exc, ApiAuthError):
        return Outcome.SIGNED_OUT
    if isinstance(exc, ApiRejected):
        return Outcome.PERMANENT
    return Outcome.BUG


RETRY_AFTER_CAP_S = 3600.0  # a server asking for a day must not hold punches for a day


def backoff_s(attempts: int, exc: BaseException | None = None, cap_s: float = 300.0) -> float:
    """Exponential with jitter (half to full), honouring Retry-After up to an hour."""
    if isinstance(exc, ApiRateLimited):
        return min(max(exc.retry_after_s, 1.0), RETRY_AFTER_CAP_S)
    base = min(cap_s, 2.0 ** min(attempts, 16))
    return base * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not security
