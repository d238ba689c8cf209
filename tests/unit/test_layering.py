"""Unit tests and the GUI-side modules stay free of Qt and pjsua2 where the design says so."""

import subprocess
import sys


def _loaded_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return {line.split(".")[0] for line in out.stdout.split()}


def test_domain_services_and_engine_client_load_neither_qt_nor_pjsua2() -> None:
    loaded = _loaded_after(
        "import homeagent.domain.dialplan, homeagent.services.telephony, "
        "homeagent.services.session, homeagent.sip.client, homeagent.app, homeagent.config"
    )
    assert "PySide6" not in loaded
    assert "pjsua2" not in loaded  # the GUI process never loads the wheel


def test_unit_tests_import_neither_qt_nor_pjsua2() -> None:
    loaded = _loaded_after(
        "import tests.unit.test_telephony, tests.unit.test_protocol, tests.unit.test_config"
    )
    assert "PySide6" not in loaded and "pjsua2" not in loaded
