"""Registration state as the operator and the agent status need to see it."""

from __future__ import annotations

from enum import StrEnum


class RegState(StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class RegFailure(StrEnum):
    """Why a registration failed, sorted into what the operator can act on."""

    NONE = ""
    AUTH = "auth"  # 401/403/407 after credentials: wrong password, retrying will not help
    NOT_FOUND = "not_found"  # 404: unknown user at this registrar
    TIMEOUT = "timeout"  # 408 or no answer
    NETWORK = "network"  # transport error, DNS, unreachable
    TLS = "tls"  # certificate refused
    SERVER = "server"  # 5xx/6xx
    OTHER = "other"


def classify_failure(code: int, reason: str = "") -> RegFailure:
    """Map a final SIP code (PJSIP uses 408/503 for local failures too) to a failure kind."""
    text = reason.lower()
    if 200 <= code < 300:
        return RegFailure.NONE
    if "certificate" in text or "ssl" in text or "tls" in text:
        return RegFailure.TLS
    if code in (401, 403, 407):
        return RegFailure.AUTH
    if code == 404:
        return RegFailure.NOT_FOUND
    if code == 408:
        return RegFailure.TIMEOUT
    if code == 503 and any(w in text for w in ("transport", "connect", "unreachable", "refused")):
        return RegFailure.NETWORK
    if code in (0, 502, 503) or code >= 700:
        return RegFailure.NETWORK
    if code >= 500:
        return RegFailure.SERVER
    return RegFailure.OTHER


def should_retry(failure: RegFailure) -> bool:
    """Retry on their own only failures that can heal; a wrong password must not storm."""
    return failure in (RegFailure.TIMEOUT, RegFailure.NETWORK, RegFailure.SERVER, RegFailure.OTHER)
