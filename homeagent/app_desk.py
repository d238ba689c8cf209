"""Composition root, desk half: the agent desktop's services, view-models and window.

app.py builds the process-wide parts (engine, telephony, API session, outbox sender) and
calls build_desk() when a central API is configured. Like app.py, this is a place that
knows every part; nothing else imports it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeagent import config
from homeagent.app_glue import AudioSettings, MicTest, Waking, device_names, remember_me
from homeagent.domain.agent import AgentState
from homeagent.domain.shift import ShiftState
from homeagent.domain.work import PunchKind
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import TelephonyService

log = logging.getLogger(__name__)

TIMESHEET_LOOKBACK = timedelta(days=8)
# The operator's own calls hold customers' numbers and names: a purgeable cache, emptied at
# sign-out and kept at most a week when the operator quits signed in (SECURITY.md).
HISTORY_RETENTION_DAYS = 7


def _now() -> datetime:
    return datetime.now(UTC)


def _day_start() -> datetime:
    local = datetime.now().astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


@dataclass
class Desk:
    window: Any
    shift: ShiftService
    status: AgentStatusService
    session: Any
    demo: bool
    parts: dict[str, Any] = field(default_factory=dict)
    start_steps: list[Any] = field(default_factory=list)
    stop_steps: list[Any] = field(default_factory=list)

    def start(self) -> None:
        for step in self.start_steps:
            step()

    def stop(self) -> None:
        for step in self.stop_steps:
            try:
                step()
            except Exception:
                log.exception("desk stop step failed")


@dataclass
class _Ctx:
    """What every section of the desk is built from."""

    vm: Any
    company: Any
    cfg: config.Config
    data_dir: Path
    telephony: TelephonyService
    tasks: Any
    writes: Any
    timers: Any
    demo: bool
    parts: Any
    services: dict[str, Any] = field(default_factory=dict)
    after_window: list[Any] = field(default_factory=list)  # steps needing the window
    stop_steps: list[Any] = field(default_factory=list)


def build_desk(
    vm: Any,
    company: Any,
    cfg: config.Config,
    data_dir: Path,
    *,
    telephony: TelephonyService,
    tasks: Any,
    timers: Any,
    dispatcher: Any,
    demo: bool,
    prefs_path: Path,
    audio: Any = None,
    demo_line: Any = None,
    log_dir: Path | None = None,
) -> Desk:
    from homeagent.ui.desk_window import DeskParts, DeskWindow
    from homeagent.ui.dispatcher import TaskRunner

    writes = TaskRunner(dispatcher, workers=1)  # one writer: punches and states keep their order
    ctx = _Ctx(vm, company, cfg, data_dir, telephony, tasks, writes, timers, demo, DeskParts())
    ctx.services["prefs_path"] = prefs_path
    ctx.services["audio"] = audio
    ctx.services["demo_line"] = demo_line
    ctx.services["log_dir"] = log_dir
    ctx.services["dispatcher"] = dispatcher
    _ticket_section(ctx)  # before the status service: it must see a hang-up's wrap-up first
    shift, status = _shift_section(ctx)
    _history_section(ctx)
    _screen_pop_section(ctx)
    _training_section(ctx)
    _sync_section(ctx)
    _settings_section(ctx)
    _preshift_section(ctx)
    _diagnostics_section(ctx)
    window = DeskWindow(vm, ctx.parts)
    ctx.services["window"] = window
    desk = Desk(window, shift, status, company.session, demo, ctx.services)
    for step in ctx.after_window:
        step(window)
    _tray(ctx, window)
    desk.stop_steps += [*ctx.stop_steps, writes.shutdown]
    _session_section(ctx, desk)
    return desk


def _ticket_section(ctx: _Ctx) -> None:
    """Ticket form with drafts that survive a crash, canned phrases, wrap-up and disposition."""
    from homeagent.domain.ticket_form import parse_canned_phrases
    from homeagent.services.wrapup import WrapUpService
    from homeagent.store.drafts import DraftStore
    from homeagent.store.writers import OutboxWriter
    from homeagent.ui.ticket_panel import TicketPanel
    from homeagent.ui.ticket_vm import TicketViewModel

    company = ctx.company
    try:
        text = (_resources() / "canned_phrases.toml").read_text(encoding="utf-8")
        phrases = parse_canned_phrases(text)
    except (OSError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        log.warning("canned phrases not loaded: %s", exc)
        phrases = {}
    wrapup = WrapUpService(
        DraftStore(company.db_path),
        Waking(OutboxWriter(company.db_path), company.sender),
        ctx.writes,
        ctx.timers,
        calls_changed=ctx.telephony.calls_changed,
        now=_now,
        phrases=phrases,
    )
    ticket_vm = TicketViewModel(wrapup)
    ctx.parts.ticket = TicketPanel(ticket_vm)
    company.session.signed_in.connect(lambda signed: wrapup.set_profile(signed.profile))
    wrapup.restore()
    ctx.stop_steps += [ticket_vm.close, wrapup.flush]
    ctx.services.update(wrapup=wrapup, ticket_vm=ticket_vm)


def _shift_section(ctx: _Ctx) -> tuple[ShiftService, AgentStatusService]:
    """Shift bar, agent status and the timesheet (items 2 and 3 of the desk)."""
    from homeagent.services.timesheet import TimesheetService
    from homeagent.services.workday import Workday
    from homeagent.store.writers import OutboxWriter, PunchLedger
    from homeagent.ui.shift_bar import ShiftBar
    from homeagent.ui.shift_vm import ShiftViewModel
    from homeagent.ui.timesheet_dialog import TimesheetDialog

    company = ctx.company
    ledger = PunchLedger(company.db_path, company.api.device_id)  # read once, at start
    # durations on the monotonic clock: moving the system clock does not change worked time
    shift = ShiftService(
        Waking(ledger, company.sender), ctx.writes, _now, _day_start, monotonic=time.monotonic
    )
    status = AgentStatusService(
        ctx.telephony, Waking(OutboxWriter(company.db_path), company.sender), ctx.writes, _now
    )
    workday = Workday(shift, status, ctx.telephony, ctx.timers, ctx.services["wrapup"])
    audio = ctx.services.get("audio")
    if audio is not None:
        from homeagent.ui.audio_status import AudioStatusBanner

        ctx.parts.banners.append(AudioStatusBanner(audio, ctx.demo))
        if not ctx.demo:  # the demo runs silently without a sound card, and says so
            # no sound device: Not ready (technical) until one appears
            audio.fault_changed.connect(status.set_audio_fault)
    shift_vm = ShiftViewModel(shift, status, workday, ctx.timers)
    ctx.parts.shift_bar = bar = ShiftBar(shift_vm, shortcuts=False)  # keys live in the menu
    ctx.parts.actions += bar.menu_actions()
    timesheet = TimesheetService(company.api, ledger, ctx.tasks, _now)

    def add_timesheet(window: Any) -> None:
        sheet = TimesheetDialog(timesheet, window)
        bar.timesheet_requested.connect(sheet.open)

    ctx.after_window.append(add_timesheet)
    ctx.stop_steps.append(shift_vm.close)
    ctx.services.update(shift=shift, status=status, workday=workday, shift_vm=shift_vm)

    delivered = [0]

    def on_sync_status(sync: Any) -> None:
        if sync.delivered > delivered[0]:
            delivered[0] = sync.delivered
            shift.refresh_receipts()  # the server's receipts for punches just delivered

    company.status_listeners.append(on_sync_status)
    return shift, status


def _history_section(ctx: _Ctx) -> None:
    """Call history (search, redial, add a note) and My day."""
    from homeagent.services.history import HistoryService
    from homeagent.store.history import CallHistoryStore
    from homeagent.ui.history_panel import HistoryPanel
    from homeagent.ui.history_vm import HistoryViewModel
    from homeagent.ui.myday_panel import MyDayPanel
    from homeagent.ui.myday_vm import MyDayViewModel

    history = HistoryService(
        CallHistoryStore(ctx.company.db_path), ctx.tasks, ctx.telephony, ctx.timers, _now
    )
    history_vm = HistoryViewModel(history)
    myday_vm = MyDayViewModel(history, ctx.services["shift"])
    ctx.parts.history = HistoryPanel(history_vm)
    ctx.parts.my_day = MyDayPanel(myday_vm)
    session = ctx.company.session

    def on_signed_in(signed: Any) -> None:
        history.set_agent(signed.username)
        history.purge_older_than(HISTORY_RETENTION_DAYS)

    session.signed_in.connect(on_signed_in)
    wrapup, ticket_vm = ctx.services["wrapup"], ctx.services["ticket_vm"]

    def on_submitted(done: Any) -> None:
        if done.call_id:
            history.wrap_up_done(done.call_id, done.disposition, done.categories, done.ticket_ids)

    wrapup.submitted.connect(on_submitted)
    panel = ctx.parts.history

    def add_note_dialogs(window: Any) -> None:
        from homeagent.ui.note_dialog import NoteDialog

        panel.note_requested.connect(lambda tid: NoteDialog(ticket_vm, tid, "", window).open())

    ctx.after_window.append(add_note_dialogs)
    ctx.stop_steps += [history_vm.close, myday_vm.close, history.close]
    ctx.services.update(history=history, history_vm=history_vm, myday_vm=myday_vm)


def _screen_pop_section(ctx: _Ctx) -> None:
    """Screen pop (customer card from the cache at once, then the API) and product info."""
    from homeagent.api import decode
    from homeagent.services.catalog import Catalog
    from homeagent.services.directory import CardDecoders, CustomerDirectory, Directory
    from homeagent.services.screen_pop import ScreenPop
    from homeagent.store.cache import ThreadCardCache
    from homeagent.ui.customer_panel import CustomerPanel
    from homeagent.ui.customer_vm import CustomerViewModel
    from homeagent.ui.product_panel import ProductPanel
    from homeagent.ui.product_vm import ProductViewModel

    api, country = ctx.company.api, ctx.cfg.dial_plan.country
    card_cache = ThreadCardCache(ctx.company.db_path)
    customers = CustomerDirectory(
        Directory(api, card_cache), api, CardDecoders(decode.matches, decode.customer_card)
    )
    pop = ScreenPop(customers, ctx.tasks, country=country)
    ctx.telephony.calls_changed.connect(pop.on_call_changed)  # ringing / dialled -> pop
    customer_vm = CustomerViewModel(pop, country=country)
    ctx.parts.customer = customer_panel = CustomerPanel(customer_vm)
    catalog = Catalog(api, ctx.tasks)
    product_vm = ProductViewModel(catalog)
    ctx.parts.products = product_panel = ProductPanel(product_vm)
    ticket_vm, history = ctx.services["ticket_vm"], ctx.services["history"]
    last: list[tuple[str, str]] = [("", "")]

    def on_pop(state: Any) -> None:
        """The ticket form and the call history learn who the caller is, once per change."""
        customer = state.customer
        if customer is not None and (state.call_id, customer.id) != last[0]:
            last[0] = (state.call_id, customer.id)
            ticket_vm.set_customer(customer.id, customer.display_name, state.call_id)
            if state.call_id:
                history.set_customer(state.call_id, customer.id, customer.display_name)
        if state.card is not None:
            ticket_vm.set_products([(p.product_id, p.name) for p in state.card.products])

    # after the paint: the caller's name shows first, the ticket form and history follow
    pop.state_changed.connect(lambda state: ctx.timers.call_later(0, lambda: on_pop(state)))

    def after_window(window: Any) -> None:
        customer_vm.caller_changed.connect(window.ringing.set_customer)
        shown_for = [""]

        def bring_card_forward(state: Any) -> None:
            if state.call_id and state.call_id != shown_for[0]:
                shown_for[0] = state.call_id  # once per call: the operator may move away
                window.show_widget(customer_panel)

        pop.state_changed.connect(bring_card_forward)

        def open_product(product_id: str) -> None:
            product_panel.open_product(product_id)
            window.show_widget(product_panel)

        customer_panel.product_requested.connect(open_product)

    ctx.after_window.append(after_window)

    _purge_on_sign_out(ctx, pop, card_cache)
    ctx.stop_steps += [customer_vm.close, product_vm.close]
    ctx.services.update(
        screen_pop=pop, customer_vm=customer_vm, product_vm=product_vm, catalog=catalog
    )


def _purge_on_sign_out(ctx: _Ctx, pop: Any, card_cache: Any) -> None:
    history = ctx.services["history"]

    def on_signed_out(_none: None) -> None:
        """No customer data stays behind: the pop's memory, the card cache and call history go."""
        pop.clear()
        history.forget()  # before the purge, so no write in flight lands after it
        ctx.tasks.run(
            card_cache.purge,
            lambda n: log.info("sign-out: %d cached customer entries purged", n),
            _log_error,
        )

    ctx.company.session.signed_out.connect(on_signed_out)


def _tray(ctx: _Ctx, window: Any) -> None:
    """The window and tray icon; a tray notification when a call rings behind other windows."""
    from PySide6.QtGui import QIcon

    from homeagent.ui.tray import Tray

    icon = QIcon(str(_resources() / "icons" / "homeagent.svg"))
    window.setWindowIcon(icon)
    tray = Tray(ctx.vm, window, icon)
    ctx.services["customer_vm"].caller_changed.connect(tray.set_customer)
    ctx.services["tray"] = tray


def _training_section(ctx: _Ctx) -> None:
    """Tools > Training (demo mode): the demo line plays a scripted call, then a debrief."""
    line = ctx.services.get("demo_line")  # the DemoLine; it must offer place_call(ScenarioCall)
    if not ctx.demo or line is None:
        return
    from homeagent.domain.training import voice_file_name
    from homeagent.services.training import TrainingService
    from homeagent.ui.i18n import pick_language
    from homeagent.ui.training_panel import TrainingPanel
    from homeagent.ui.training_vm import TrainingViewModel

    folder, voices = _resources() / "training", _resources() / "voice"

    class Files:  # blocking: run on the TaskPort by the service
        def read_all(self) -> list[tuple[str, str]]:
            return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.toml"))]

    class Voice:  # blocking: run on the TaskPort by the service
        def prompt_path(self, scenario_id: str, language: str, part: str = "caller") -> str:
            path = voices / voice_file_name(scenario_id, language, part)
            return str(path) if path.is_file() else ""  # "" = the caller is silent

    telephony, wrapup = ctx.telephony, ctx.services["wrapup"]
    training = TrainingService(
        Files(),
        Voice(),
        line,
        ctx.tasks,
        ctx.timers,
        calls_changed=telephony.calls_changed,
        pop_changed=ctx.services["screen_pop"].state_changed,
        catalog_changed=ctx.services["catalog"].state_changed,
        submitted=wrapup.submitted,
        transfers=telephony.transfers,
    )

    def label(code: str) -> str:  # the profile's words for dispositions and categories
        return str(dict([*wrapup.dispositions(), *wrapup.categories()]).get(code, ""))

    # random demo calls stop while a scenario plays (its caller may share a number)
    training.state_changed.connect(lambda state: line.set_random_calls(not state.running))
    vm = TrainingViewModel(training, pick_language(ctx.cfg.ui.language), label)
    holder: dict[str, Any] = {}

    def open_training() -> Any:
        if "panel" not in holder:
            holder["panel"] = TrainingPanel(vm, ctx.services["window"])
        panel = holder["panel"]
        panel.show()
        panel.raise_()
        panel.activateWindow()
        return panel

    ctx.parts.open_training = open_training  # DeskParts field + a translated Tools menu entry
    ctx.stop_steps += [vm.close, training.close]
    ctx.services.update(training=training, training_vm=vm, open_training=open_training)


def _sync_section(ctx: _Ctx) -> None:
    """Status-bar sync item (waiting, failed with the server's reason, retry) and banners."""
    from homeagent.services.sync import SyncService
    from homeagent.store.writers import ParkedItems
    from homeagent.ui.banner import ConnectivityBanner
    from homeagent.ui.sync_status import SyncStatusWidget
    from homeagent.ui.sync_vm import SyncViewModel

    company = ctx.company
    sync = SyncService(
        ctx.tasks, company.sender, ParkedItems(company.db_path), ctx.telephony.registration_changed
    )
    company.status_listeners.append(sync.update)
    sync_vm = SyncViewModel(sync)
    check = company.startup_check
    if check is not None and check.recovered:
        from homeagent.services.sync import SyncNotice
        from homeagent.ui.sync_status import show_storage_alert

        moved = str(check.moved_to[0]) if check.moved_to else ""

        def tell(window: Any) -> None:
            sync.storage_checked(check.code, moved)
            text = sync_vm.notice_text(SyncNotice(check.code, 0, moved))

            def show() -> None:  # once the event loop runs: over the desk, not before it
                ctx.services["storage_alert"] = show_storage_alert(window, text)

            ctx.timers.call_later(0.0, show)

        ctx.after_window.append(tell)
    ctx.parts.sync_status = SyncStatusWidget(sync_vm)
    ctx.parts.banners.append(ConnectivityBanner(sync_vm))
    ctx.services.update(sync=sync, sync_vm=sync_vm)


def _settings_section(ctx: _Ctx) -> None:
    """Tools > Settings: language, ringtone, auto-answer, start with the session, audio."""
    import shlex
    import shutil
    import sys

    from homeagent.autostart import Autostart
    from homeagent.services.preferences import Preferences, PreferencesService
    from homeagent.ui.settings_dialog import SettingsDialog

    cfg = ctx.cfg
    frozen = getattr(sys, "frozen", False)
    command = (
        "homeagent"
        if frozen or shutil.which("homeagent")
        else shlex.join([sys.executable, "-m", "homeagent"])
    )
    current = Preferences(
        cfg.ui.language, cfg.ui.ringtone, cfg.calls.auto_answer_s, cfg.ui.start_with_session
    )
    prefs_path = ctx.services["prefs_path"]
    prefs = PreferencesService(
        ctx.writes,
        current,
        cfg.locked,
        lambda values: config.write_preferences(prefs_path, values),
        autostart=Autostart(command=command),
        ringtones=_ringtones(),
    )
    telephony = ctx.telephony

    def on_prefs_changed(p: Any) -> None:
        telephony.policy = replace(telephony.policy, auto_answer_after_s=p.auto_answer_s)

    prefs.changed.connect(on_prefs_changed)
    if "ui.start_with_session" in cfg.locked and cfg.ui.start_with_session:
        ctx.tasks.run(lambda: Autostart(command=command).set_enabled(True), on_error=_log_error)

    def open_settings(window: Any) -> Any:
        audio = ctx.services.get("audio")
        dialog = SettingsDialog(prefs, AudioSettings(audio) if audio else None, window)
        dialog.open()
        return dialog

    ctx.services["prefs"] = prefs
    ctx.parts.open_settings = lambda: open_settings(ctx.services["window"])


def _ringtones() -> list[str]:
    sounds = _resources() / "sounds"
    return sorted(p.stem for p in sounds.glob("*.wav")) if sounds.is_dir() else []


def _resources() -> Path:
    import sys

    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"


def _preshift_section(ctx: _Ctx) -> None:
    """The pre-shift check: line, API and clock, keyring, headset; the last report kept for IT."""
    import json

    from homeagent import netcheck
    from homeagent.services.preshift import PreShiftCheck, PreShiftPorts
    from homeagent.ui.preshift_dialog import PreShiftDialog, PreShiftViewModel

    cfg, telephony, data_dir = ctx.cfg, ctx.telephony, ctx.data_dir

    def sip_target() -> tuple[str, str]:
        a = telephony.account
        if a is not None:
            return a.outbound_proxy or a.registrar or a.domain, a.transport.value
        return (
            cfg.sip.outbound_proxy or cfg.sip.registrar or cfg.sip.domain,
            cfg.sip.transport.value,
        )

    def probe() -> Any:
        target, transport = sip_target()
        return netcheck.options_burst(
            target, transport, count=20, interval_s=0.1, ca_file=ctx.services.get("ca_file")
        )

    def save(data: dict[str, Any]) -> None:
        folder = data_dir / "preshift"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "last.json.tmp"
        tmp.write_text(json.dumps(data, indent=2), "utf-8")
        tmp.replace(folder / "last.json")

    ports = PreShiftPorts(
        sip_probe=probe,
        api=ctx.company.api,
        keyring=ctx.company.secrets,
        audio_devices=device_names(ctx.services.get("audio")),
        audio_test=MicTest(ctx.services["audio"], ctx.services["dispatcher"])
        if ctx.services.get("audio") is not None
        else None,
        save=save,
    )
    check = PreShiftCheck(ctx.tasks, ctx.timers, ports)
    holder: dict[str, Any] = {}

    def open_check() -> None:
        if "dialog" not in holder:
            holder["dialog"] = PreShiftDialog(PreShiftViewModel(check), ctx.services["window"])
        holder["dialog"].show()
        holder["dialog"].run()

    ctx.services.update(preshift=check, open_preshift=open_check)
    ctx.parts.open_preshift = open_check


def _diagnostics_section(ctx: _Ctx) -> None:
    """Help > Export diagnostics: logs (redacted), configuration, versions, last pre-shift
    report, as one zip for IT; written on the IO pool."""
    from homeagent import diagnostics

    def export(path: Path, done: Any, failed: Any) -> None:
        account = ctx.telephony.account  # its password is scrubbed literally, besides patterns
        sources = diagnostics.DiagnosticsSources(
            cfg=ctx.cfg,
            log_dir=ctx.services.get("log_dir"),
            data_dir=ctx.data_dir,
            qt_version=_qt_version(),
            extra_secrets=(account.password,) if account and account.password else (),
        )
        ctx.tasks.run(lambda: diagnostics.export(path, sources), done, failed)

    ctx.parts.export_diagnostics = export
    ctx.parts.diagnostics_name = diagnostics.default_name


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


def _session_section(ctx: _Ctx, desk: Desk) -> None:
    """Sign-in and sign-out: what the desk does around them (and the demo's shortcut)."""
    window, shift, status = desk.window, desk.shift, desk.status
    session = ctx.company.session
    shift_vm, workday = ctx.services["shift_vm"], ctx.services["workday"]

    def on_signed_in(signed: Any) -> None:
        window.set_signed_in(True, signed.profile.display_name)
        shift_vm.set_profile(signed.profile)
        shift.load(_now() - TIMESHEET_LOOKBACK)
        if ctx.demo:
            # a trainee's phone rings at once: the demo clocks in and goes Available for them
            def clock_in_once(_none: None) -> None:
                shift.changed.disconnect(clock_in_once)
                if shift.state is ShiftState.OFF:
                    workday.punch(PunchKind.CLOCK_IN)
                status.choose(AgentState.AVAILABLE)

            shift.changed.connect(clock_in_once)
        else:
            # before clocking in, check the line, the API and the clock (the dialog is modeless)
            def check_before_clock_in(_none: None) -> None:
                shift.changed.disconnect(check_before_clock_in)
                if shift.state is ShiftState.OFF:
                    ctx.services["open_preshift"]()

            shift.changed.connect(check_before_clock_in)

    session.signed_in.connect(on_signed_in)
    remember_me(desk, ctx.company, ctx.data_dir, ctx.tasks)

    def on_signed_out(_none: None) -> None:
        window.set_signed_in(False)
        shift_vm.set_profile(None)

    session.signed_out.connect(on_signed_out)
    if ctx.demo:
        desk.start_steps.append(lambda: session.sign_in("agent", "demo", remember=False))


def _log_error(exc: Exception) -> None:
    log.error("%s", exc)
