"""tests/install: provisioning, self-test, diagnostics, and (marked `packaging`) the builds of
the bundle, the .deb and the MSI. Deselect the slow builds with `-m "not packaging"`."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "packaging: builds installers (PyInstaller bundle, .deb, MSI); minutes"
    )
