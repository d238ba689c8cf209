"""Composition root: the only module that knows every part. Parse, configure, wire, run, stop."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import certifi
import platformdirs

from homeagent import __version__, config, logs
from homeagent.domain.errors import ConfigError, StorageError
from homeagent.domain.sip_account import EngineSettings
from homeagent.services.session import AccountTemplate, SipSessionService
from homeagent.services.telephony import CallPolicy, TelephonyService

log = logging.getLogger(__name__)
APP_NAME = "HomeAgent"


@dataclass(frozen=True)
class Options:
    demo: bool
    dial: str
    provisioning: Path | None
    print_config: bool
    data_dir: Path | None
    sip_loopback: bool = False  # SIP on 127.0.0.1 only (tests, the demo)
    self_test: bool = False
    json: bool = False


def parse_args(argv: list[str]) -> Options:
    """`homeagent [options] [[dial] TARGET]`: TARGET is tel:, sip:, sips:, callto: or a number.

    The desktop entry (Exec=homeagent %u) and the OS URL handlers pass the bare URI; the
    `dial` word stays accepted for scripts.
    """
    parser = argparse.ArgumentParser(
        prog="homeagent",
        description="HomeAgent softphone",
        usage="%(prog)s [options] [[dial] TARGET]",
    )
    parser.add_argument("--demo", action="store_true", help="run with a simulated phone line")
    parser.add_argument("--provisioning", type=Path, help="provisioning file (IT)")
    parser.add_argument(
        "--print-config", action="store_true", help="print the effective configuration and exit"
    )
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sip-loopback", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this machine (provisioning, keyring, API, SIP, sound) and exit",
    )
    parser.add_argument("--json", action="store_true", help="with --self-test: a JSON report")
    parser.add_argument("--version", action="version", version=f"HomeAgent {__version__}")
    parser.add_argument(
        "words",
        nargs="*",
        metavar="TARGET",
        help="a tel:, sip: or callto: URI or a number (optionally after 'dial')",
    )
    args = parser.parse_args(argv)
    words: list[str] = [w for w in args.words if w.strip()]  # %u expands to "" without a URI
    if words and words[0] == "dial":
        words = words[1:]
        if not words:
            parser.error("dial needs a number or URI")
    if len(words) > 1:
        # an unquoted number with spaces ("+33 1 23 45 67 89") arrives as several words
        if all(not w.lower().startswith(("tel:", "sip:", "sips:", "callto:")) for w in words):
            words = [" ".join(words)]
        else:
            parser.error("give one number or URI")
    if words:
        try:
            words[0].encode("utf-8")  # the hand-off to a running instance sends UTF-8
        except UnicodeEncodeError:
            parser.error("the number or URI is not valid text (UTF-8)")
    return Options(
        args.demo,
        words[0] if words else "",
        args.provisioning,
        args.print_config,
        args.data_dir,
        args.sip_loopback,
        args.self_test,
        args.json,
    )


def ca_bundle(cfg: config.Config, data_dir: Path) -> str:
    """certifi's public CAs plus the company CA IT provisioned (PJSIP has no OS trust store)."""
    if not cfg.sip.ca_file:
        return str(certifi.where())
    combined = data_dir / "ca-bundle.pem"
    data_dir.mkdir(parents=True, exist_ok=True)
    text = Path(certifi.where()).read_text(encoding="ascii")
    text += "\n" + Path(cfg.sip.ca_file).read_text(encoding="ascii", errors="replace")
    tmp = combined.with_suffix(".tmp")
    tmp.write_text(text, encoding="ascii", errors="replace")
    tmp.replace(combined)  # atomic: the engine never reads half a bundle
    return str(combined)


def engine_settings(
    cfg: config.Config, *, loopback: bool = False, ca_file: str = ""
) -> EngineSettings:
    return EngineSettings(
        user_agent=f"HomeAgent/{__version__}",
        bind_address="127.0.0.1" if loopback else "",
        public_address="127.0.0.1" if loopback else "",
        sip_port=cfg.sip.local_port,
        ca_file=ca_file or certifi.where(),
        stun_servers=cfg.sip.stun,
        media_timeout_s=cfg.sip.media_timeout_s,
        log_level=4 if cfg.log_level == "debug" else 3,
    )


def account_template(cfg: config.Config, *, register: bool = True) -> AccountTemplate:
    return AccountTemplate(
        domain=cfg.sip.domain,
        registrar=cfg.sip.registrar,
        transport=cfg.sip.transport,
        outbound_proxy=cfg.sip.outbound_proxy,
        srtp=cfg.sip.srtp,
        register_timeout_s=cfg.sip.register_timeout_s,
        register=register,
    )


def print_config(cfg: config.Config) -> None:
    """The effective configuration for IT, anything secret-looking (URL passwords) masked."""
    import json

    from homeagent.diagnostics import effective_config

    print(f"# effective configuration (from {cfg.source})")
    print(json.dumps(effective_config(cfg), indent=2, ensure_ascii=False, default=str))


def log_dir(opts: Options, data_dir: Path) -> Path:
    if opts.data_dir is not None:
        return data_dir / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def preferences_path(opts: Options) -> Path:
    """The operator's own settings: the user config folder (or the data dir given for tests)."""
    if opts.data_dir is not None:
        return opts.data_dir / "preferences.json"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "preferences.json"


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    if opts.self_test:
        from homeagent import selftest

        return selftest.main(opts.provisioning, as_json=opts.json)
    try:
        cfg = config.load(opts.provisioning, preferences_path(opts))
    except ConfigError as exc:
        print(f"HomeAgent: configuration error: {exc}", file=sys.stderr)
        return 2
    if opts.print_config:
        print_config(cfg)
        return 0
    data_dir = opts.data_dir or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    private_files(data_dir)
    logs.setup(
        log_dir(opts, data_dir),
        cfg.log_level,
    )
    log.info("HomeAgent %s starting (pid %d)", __version__, os.getpid())
    return run_gui(opts, cfg, data_dir)


def private_files(data_dir: Path) -> None:
    """On a PC shared with family, what we write (database, logs, caches) is the operator's
    alone: folders 0700, files 0600, for us and the engine we start. Windows' profile ACLs
    already do this."""
    if os.name != "posix":
        return
    os.umask(0o077)
    if data_dir.is_dir():
        data_dir.chmod(0o700)  # a folder made by an earlier version, before this rule


def run_gui(opts: Options, cfg: config.Config, data_dir: Path) -> int:
    from homeagent.ui.single_instance import SingleInstance

    app = _qt_application()
    instance = SingleInstance(f"homeagent-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    if instance.forward(opts.dial or "activate"):
        log.info("handed over to the running instance")
        return 0
    running = build_gui(opts, cfg, data_dir)
    instance.listen(lambda message: _on_forwarded(message, running.vm, running.window))
    _quit_on_signals(app)  # before the window shows: an early SIGTERM is never lost
    running.start()
    code = app.exec()
    log.info("shutting down")
    running.stop()
    instance.close()
    return int(code)


@dataclass
class Running:
    """Everything build_gui made, for run_gui and for tests that drive the real app."""

    window: Any
    vm: Any
    telephony: TelephonyService
    engine: Any
    network: Any
    tasks: Any
    company: Any = None
    demo: Any = None
    desk: Any = None
    on_start: list[Any] = field(default_factory=list)

    def start(self) -> None:
        self.engine.start()
        self.network.start()
        if self.demo is not None:
            self.demo.start()
        for step in self.on_start:
            step()
        self.window.show()

    def stop(self) -> None:
        self.network.stop()
        # the engine first: it hangs up and unregisters while the services still listen
        for part in (self.engine, self.desk, self.company, self.demo):
            if part is not None:
                part.stop()
        self.tasks.shutdown()
        from homeagent.ui import i18n

        i18n.uninstall(_qt_application())


def build_gui(opts: Options, cfg: config.Config, data_dir: Path) -> Running:
    """Build adapters, services, view-models and the window; start nothing yet."""
    data_dir.mkdir(parents=True, exist_ok=True)
    from homeagent.secrets import SecretStore
    from homeagent.services.network import NetworkMonitor
    from homeagent.ui import i18n, palette
    from homeagent.ui.dispatcher import Dispatcher, QtTimers, TaskRunner
    from homeagent.ui.network_sample import local_addresses
    from homeagent.ui.softphone_vm import SoftphoneViewModel
    from homeagent.ui.softphone_window import SoftphoneWindow

    qt_app = _qt_application()
    palette.apply(qt_app)  # light or dark, as the system is
    language = i18n.install(qt_app, cfg.ui.language)
    log.info("interface language %s", language)
    dispatcher = Dispatcher()
    timers = QtTimers(dispatcher)
    tasks = TaskRunner(dispatcher)
    demo: Any = None
    if opts.demo:
        from homeagent.demo.line import DemoLine

        demo = DemoLine(language=language)  # the supervisor speaks the operator's language
        cfg = demo.configure(cfg)
    engine, telephony, audio = _telephony(opts, cfg, data_dir, dispatcher, timers)
    template = account_template(cfg, register=not opts.demo)
    company = _company(opts, cfg, data_dir, telephony=telephony, tasks=tasks, dispatcher=dispatcher)

    def on_network_changed(reason: str) -> None:
        telephony.network_changed(reason)
        if company is not None:
            company.sender.retry_now()  # the queue need not wait out its backoff

    network = NetworkMonitor(local_addresses, timers, on_network_changed)
    if company is None:
        session = SipSessionService(telephony, SecretStore(), tasks, template)
        vm = SoftphoneViewModel(telephony, session, demo=opts.demo)
        running = Running(SoftphoneWindow(vm), vm, telephony, engine, network, tasks, demo=demo)
    else:
        from homeagent.app_desk import build_desk

        vm = SoftphoneViewModel(telephony, company.session, demo=opts.demo)
        desk = build_desk(
            vm,
            company,
            cfg,
            data_dir,
            telephony=telephony,
            tasks=tasks,
            timers=timers,
            dispatcher=dispatcher,
            demo=opts.demo,
            prefs_path=preferences_path(opts),
            audio=audio,
            demo_line=demo,
            log_dir=log_dir(opts, data_dir),
        )
        running = Running(desk.window, vm, telephony, engine, network, tasks, company, demo, desk)
        running.on_start.append(desk.start)
        if demo is not None:
            from homeagent.domain.agent import AgentState

            desk.status.changed.connect(
                lambda st: demo.agent_ready() if st.state is AgentState.AVAILABLE else None
            )
    if opts.dial:
        running.on_start.append(lambda: vm.propose_dial(opts.dial))
    return running


def _qt_application() -> Any:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("homeagent")
    return app


def _telephony(
    opts: Options, cfg: config.Config, data_dir: Path, dispatcher: Any, timers: Any
) -> tuple[Any, TelephonyService, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from homeagent.services.audio import AudioService
    from homeagent.sip.client import EngineClient
    from homeagent.store.audio_prefs import AudioPrefsFile
    from homeagent.ui.dispatcher import call_on_gui

    def on_engine_event(event: Any) -> None:
        telephony.on_engine_event(event)
        audio.on_engine_event(event)

    # the engine reports to telephony and audio, which command the engine: bind them late
    engine = EngineClient(
        call_on_gui(dispatcher, on_engine_event),
        engine_settings(
            cfg, loopback=opts.demo or opts.sip_loopback, ca_file=ca_bundle(cfg, data_dir)
        ),
    )
    telephony = TelephonyService(
        engine=engine,
        timers=timers,
        dial_plan=cfg.dial_plan,
        policy=CallPolicy(
            auto_answer_after_s=cfg.calls.auto_answer_s,
            reject_code_when_unavailable=cfg.calls.reject_code_when_not_ready,
        ),
    )
    # the operator's sound choices, written in order off the GUI thread
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audio-prefs")
    prefs = AudioPrefsFile(data_dir / "audio.json", lambda write: _logged(writer.submit(write)))
    audio = AudioService(engine, prefs)
    telephony.calls_changed.connect(audio.on_call_changed)  # ringer, call-waiting and hold tones
    return engine, telephony, audio


def _logged(future: Any) -> None:
    def check(done: Any) -> None:
        if done.exception() is not None:
            log.error("audio preferences not saved: %s", done.exception())

    future.add_done_callback(check)


@dataclass
class _Company:
    """The central API side: sign-in, the outbox sender, and the demo's server if any."""

    session: Any
    sender: Any
    api: Any
    secrets: Any
    db_path: Path
    server: Any = None
    startup_check: Any = None  # store.db.StartupCheck: a damaged database set aside at start
    # the sender's status goes to these (on the GUI thread): sync status, punch receipts
    status_listeners: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        self.sender.stop()
        if self.server is not None:
            self.server.stop()


def device_id(data_dir: Path) -> str:
    """A stable, non-secret id for this installation (punches carry it)."""
    import uuid

    path = data_dir / "device-id"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        data_dir.mkdir(parents=True, exist_ok=True)
        value = str(uuid.uuid4())
        path.write_text(value, encoding="ascii")
        return value


def _company(
    opts: Options,
    cfg: config.Config,
    data_dir: Path,
    *,
    telephony: Any,
    tasks: Any,
    dispatcher: Any,
) -> _Company | None:
    if not opts.demo and not cfg.api_url:
        return None  # a plain softphone: none of the API's imports (~13 MB) are needed
    from homeagent.api.client import ApiClient
    from homeagent.api.http import Http, use_os_trust_store
    from homeagent.domain.sip_account import Transport
    from homeagent.secrets import MemorySecrets, SecretStore
    from homeagent.services.outbox_sender import OutboxSender
    from homeagent.services.signin import SignInService, SipOverrides
    from homeagent.store import db as store_db
    from homeagent.store.outbox import Outbox
    from homeagent.ui.dispatcher import call_on_gui

    server = None
    api_url = cfg.api_url
    if opts.demo:
        from homeagent.demo.server import start_subprocess

        server = start_subprocess(data_dir / "demo-api.db")  # sample data, on 127.0.0.1
        api_url = server.base_url
        log.info("demo API server started, pid %d", server.pid)
    if not api_url:
        return None
    if not config.is_local_http(api_url):
        use_os_trust_store()
    api = ApiClient(Http(api_url, user_agent=f"HomeAgent/{__version__}"), device_id(data_dir))
    overrides = SipOverrides(
        domain=cfg.sip.domain if opts.demo else "",
        registrar=cfg.sip.registrar,
        outbound_proxy=cfg.sip.outbound_proxy,
        register=not opts.demo,
        require_tls=cfg.sip.transport is Transport.TLS,
        srtp_floor=cfg.sip.srtp,
    )
    secrets: Any = MemorySecrets() if opts.demo else SecretStore()
    session = SignInService(api, secrets, tasks, telephony, overrides=overrides)
    db_path = data_dir / "homeagent.db"
    # before any thread opens it: a damaged database is set aside for IT and a fresh one made
    try:
        startup_check = store_db.check_at_startup(db_path)
    except StorageError:
        log.exception("the database could not be checked; writes will report their own errors")
        startup_check = None

    listeners: list[Any] = []

    def on_status(status: Any) -> None:
        log.info("outbox: %d waiting, %d parked", status.pending, status.parked)
        for listener in listeners:
            listener(status)

    sender = OutboxSender(
        lambda: Outbox(store_db.connect(db_path, durable=False)),
        api.deliver,
        call_on_gui(dispatcher, on_status),
    )
    session.signed_in.connect(lambda _who: sender.wake())
    sender.start()
    return _Company(session, sender, api, secrets, db_path, server, startup_check, listeners)


def _quit_on_signals(app: Any) -> None:
    """SIGTERM/SIGINT end the app through the ordered shutdown (engine unregisters first)."""
    import signal

    from PySide6.QtCore import QTimer

    for sig in (signal.SIGINT, signal.SIGTERM):
        # quit() before exec() runs is a no-op: post it, the loop carries it out once running
        signal.signal(sig, lambda *_: QTimer.singleShot(0, app.quit))
    # Python runs signal handlers only between bytecodes: wake it up now and then
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)


def _on_forwarded(message: str, vm: Any, window: Any) -> None:
    window.bring_to_front()
    if message and message != "activate":
        vm.propose_dial(message)
