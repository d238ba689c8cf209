from homeagent.domain.call import (
    CallSession,
    CallState,
    Direction,
    EndReason,
    classify_end,
    estimate_mos,
)
from homeagent.domain.registration import RegFailure, classify_failure, should_retry


def test_call_moves_forward_only_and_times_itself() -> None:
    call = CallSession("c", Direction.OUTBOUND, "sip:x@y", started_at=10.0)
    assert call.apply(CallState.RINGING, 180, 11.0)
    assert call.apply(CallState.ACTIVE, 200, 12.0)
    assert not call.apply(CallState.RINGING, 180, 12.5)  # a late 180 is ignored
    assert call.state is CallState.ACTIVE
    assert call.talk_seconds(20.0) == 8.0
    assert call.apply(CallState.ENDED, 200, 30.0)
    assert call.end_reason is EndReason.REMOTE_HANGUP
    assert call.talk_seconds(99.0) == 18.0
    assert call.ring_seconds(99.0) == 2.0


def test_end_reasons() -> None:
    assert (
        classify_end(487, answered=False, local=False, direction=Direction.INBOUND)
        is EndReason.CANCELLED
    )
    assert (
        classify_end(486, answered=False, local=False, direction=Direction.OUTBOUND)
        is EndReason.BUSY
    )
    assert (
        classify_end(603, answered=False, local=True, direction=Direction.INBOUND)
        is EndReason.LOCAL_HANGUP
    )
    assert (
        classify_end(
            200, answered=True, local=False, direction=Direction.INBOUND, reason="media_timeout"
        )
        is EndReason.MEDIA_TIMEOUT
    )
    assert (
        classify_end(503, answered=False, local=False, direction=Direction.OUTBOUND)
        is EndReason.NETWORK
    )


def test_mos_estimate_is_monotonic_in_impairments() -> None:
    clean = estimate_mos(0, 0, 20)
    assert 4.3 <= clean <= 4.5
    assert estimate_mos(30, 0, 20) < clean
    assert estimate_mos(0, 5, 20) < estimate_mos(0, 1, 20) < clean
    assert estimate_mos(0, 0, 600) < 4.0
    assert estimate_mos(500, 60, 2000) == 1.0


def test_registration_failures_that_must_not_storm() -> None:
    assert classify_failure(401) is RegFailure.AUTH
    assert classify_failure(403) is RegFailure.AUTH
    assert not should_retry(RegFailure.AUTH)
    assert classify_failure(408) is RegFailure.TIMEOUT and should_retry(RegFailure.TIMEOUT)
    assert classify_failure(503, "Connection refused") is RegFailure.NETWORK
    assert classify_failure(171171, "SSL certificate verify failed") is RegFailure.TLS
    assert classify_failure(200) is RegFailure.NONE
