"""The outbox's retry delays: exponential with jitter, Retry-After honoured but bounded."""

from __future__ import annotations

from homeagent.domain.delivery import RETRY_AFTER_CAP_S, backoff_s
from homeagent.domain.errors import ApiRateLimited


def limited(seconds: float) -> ApiRateLimited:
    return ApiRateLimited("429", seconds)


def test_retry_after_is_honoured() -> None:
    assert backoff_s(1, limited(120)) == 120


def test_a_retry_after_of_a_day_does_not_hold_punches_for_a_day() -> None:
    assert backoff_s(1, limited(86_400)) == RETRY_AFTER_CAP_S == 3600


def test_exponential_delays_stay_within_the_cap() -> None:
    delays = [backoff_s(n) for n in range(40)]
    assert all(0 < d <= 300 for d in delays)
    assert max(delays[10:]) > 100  # it does grow
