"""pytest fixtures for the real-peer rig. A test module imports the module and binds the
fixtures it uses to module names (a plain `from ... import kamailio` trips ruff's F811):

    from tests.integration.rig import fixtures
    kamailio = fixtures.kamailio
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .kamailio import Kamailio, make_self_signed_cert, tls_available
from .sipp import SippProcess, start_sipp

KAMAILIO_PASSWORD = "s3cret-test"


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    """A started Kamailio registrar (any user, password KAMAILIO_PASSWORD), stopped after."""
    kam = Kamailio(tmp_path / "kamailio", KAMAILIO_PASSWORD)
    kam.start()
    try:
        yield kam
    finally:
        kam.stop()


@pytest.fixture
def kamailio_tls(tmp_path: Path) -> Iterator[Kamailio]:
    """Like `kamailio`, plus a TLS listener with a throw-away self-signed certificate."""
    if not tls_available():
        pytest.skip("Kamailio TLS module missing (apt-get install kamailio-tls-modules)")
    cert, key = make_self_signed_cert(tmp_path / "tls")
    kam = Kamailio(tmp_path / "kamailio", KAMAILIO_PASSWORD, tls_cert=cert, tls_key=key)
    kam.start()
    try:
        yield kam
    finally:
        kam.stop()


@pytest.fixture
def sipp_peers(tmp_path: Path) -> Iterator[Callable[..., SippProcess]]:
    """Factory for background SIPp peers (`start_sipp` arguments); all are stopped after the
    test, so a failing assertion never leaves one running."""
    started: list[SippProcess] = []

    def start(scenario: Path | str, target: str | None = None, **kwargs: Any) -> SippProcess:
        kwargs.setdefault("workdir", tmp_path / f"sipp-peer-{len(started)}")
        peer = start_sipp(scenario, target, **kwargs)
        started.append(peer)
        return peer

    yield start
    for peer in started:
        peer.stop()
