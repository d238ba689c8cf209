"""The whole desk against real peers: the reference API, Kamailio, SIPp, a real keyring.

The app is built by the composition root itself (app.build_gui) in this process, so a test
drives the real window with qtbot while every peer is a real process on 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeagent import app, config
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.demo.server.sample_data import SIP_PASSWORD
from tests.integration.rig import keyring_rig, pulse
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.ports import free_port_both


@dataclass
class Desk:
    running: app.Running
    kamailio: Kamailio
    server: ServerProcess
    data_dir: Path
    api_db: Path
    sip_port: int

    @property
    def window(self) -> Any:
        return self.running.window

    def server_rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Read the reference server's own database (what the company received)."""
        conn = sqlite3.connect(f"file:{self.api_db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()


@contextmanager
def desk_stack(
    tmp_path: Path, latency_ms: float = 0.0, language: str = "", kamailio_lifetime_s: float = 900
) -> Iterator[Desk]:
    with ExitStack() as stack:
        kam = Kamailio(tmp_path / "kamailio", SIP_PASSWORD, max_lifetime_s=kamailio_lifetime_s)
        kam.start()
        stack.callback(kam.stop)
        server = stack.enter_context(
            start_subprocess(tmp_path / "api.db", seed=True, latency_ms=latency_ms)
        )
        env = stack.enter_context(keyring_rig.secret_service(tmp_path / "keyring"))
        # a real sound server with a headset (null sinks): the engine's audio path runs
        sound = stack.enter_context(pulse.pulse())
        stack.enter_context(_environ("PULSE_SERVER", sound.env["PULSE_SERVER"]))
        stack.enter_context(keyring_rig.in_process_keyring(env))
        sip_port = free_port_both()
        provisioning = tmp_path / "provisioning.toml"
        lines = [
            "[api]",
            f'url = "{server.base_url}"',
            "[sip]",
            f'registrar = "127.0.0.1:{kam.udp_port}"',
            f"local_port = {sip_port}",
        ]
        if language:
            lines += ["[ui]", f'language = "{language}"']
        provisioning.write_text("\n".join(lines) + "\n", encoding="utf-8")
        data_dir = tmp_path / "data"
        stack.enter_context(_app_log(data_dir / "logs"))
        opts = app.Options(False, "", provisioning, False, data_dir, sip_loopback=True)
        cfg = config.load(provisioning, app.preferences_path(opts))
        running = app.build_gui(opts, cfg, data_dir)
        running.start()
        stack.callback(running.stop)
        stack.callback(running.window.close)
        yield Desk(running, kam, server, data_dir, tmp_path / "api.db", sip_port)


@contextmanager
def _app_log(folder: Path) -> Iterator[Path]:
    """The app's own redacted log file, as main() would set it up (pytest keeps its handlers)."""
    import logging
    import logging.handlers

    from homeagent.logs import FORMAT, RedactingFormatter

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "homeagent.log"
    handler = logging.handlers.RotatingFileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


@contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    """Set a variable for this process and its children (the engine), then restore it."""
    import os

    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


def wait_until(qtbot: Any, condition: Callable[[], object], timeout_s: float, what: str) -> None:
    """Spin the Qt loop until `condition()` is true (the GUI keeps running meanwhile)."""
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        qtbot.wait(20)


class Spinner:
    """The bit of qtbot the rig needs (`wait`), for scripts that run without pytest."""

    def wait(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)


def sign_in_as(desk: Desk, waiter: Any, username: str, password: str = "demo") -> None:
    """Type the credentials into the real sign-in page; wait for the desk and the line."""
    from PySide6.QtTest import QTest

    from homeagent.domain.registration import RegState

    w = desk.window
    wait_until(waiter, w.isVisible, 5, "the window")
    QTest.keyClicks(w.signin.username_edit, username)
    QTest.keyClicks(w.signin.password_edit, password)
    w.signin.sign_in_button.click()
    wait_until(waiter, lambda: w.stack.currentWidget() is w.desk_page, 20, "the desk page")
    tel = desk.running.telephony
    wait_until(
        waiter, lambda: tel.registration.state is RegState.REGISTERED, 20, "SIP registration"
    )


def sipp_customer_call(
    desk: Desk, workdir: Path, service: str, caller: str = "+33612345678", **kw: Any
) -> Any:
    """A SIPp customer calls `service` through Kamailio and waits for the agent to hang up."""
    from tests.integration.rig.sipp import scenario_path, start_sipp

    # SIPp 3.6's [next_url] keeps a Contact's display name ("Agent Démo" <sip:...>), which
    # PJSIP sends as it may: address the ACK to the agent's known contact instead
    workdir.mkdir(parents=True, exist_ok=True)
    scenario = workdir / "uac_agent_hangs_up.xml"
    text = scenario_path("uac_agent_hangs_up").read_text(encoding="iso-8859-1")
    contact = f"sip:{service}@127.0.0.1:{desk.sip_port};ob"
    scenario.write_text(text.replace("ACK [next_url]", f"ACK {contact}"), encoding="iso-8859-1")
    return start_sipp(
        scenario,
        f"127.0.0.1:{desk.kamailio.udp_port}",
        workdir=workdir,
        service=service,
        variables={"caller": caller, "caller_name": "Client"},
        timeout_s=kw.pop("timeout_s", 60),
        **kw,
    )
