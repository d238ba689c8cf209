"""The engine proper: owns the pjsua2 Endpoint, accounts and calls, all on one SIP thread.

Every pj object is created, used and destroyed on the thread that runs `Engine.loop`, and
kept in `accounts`/`calls` so Python's GC never frees one elsewhere. Our call ids are never
reused, so a stale object can never act on a later call (pjproject issue #3856).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import queue
import sys
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, Direction, EndReason, estimate_mos
from homeagent.domain.dialplan import display_name_from_uri, number_from_uri
from homeagent.domain.redact import redact
from homeagent.domain.registration import RegState
from homeagent.domain.sip_account import EngineSettings
from homeagent.sip.pjaccount import EngineAccount, build_account_config
from homeagent.sip.pjcall import EngineCall

log = logging.getLogger(__name__)

MAX_ACCOUNTS = 8  # PJSUA_MAX_ACC in the wheel's build (measured: a 9th aborts)
pjlog = logging.getLogger("homeagent.pjsip")

_DISABLED_CODECS = ("speex", "L16", "iLBC", "GSM")
_AUDIO_COMMANDS = (
    m.ListAudioDevices,
    m.SetAudioDevices,
    m.SetAudioVolume,
    m.SetEchoCancellation,
    m.PlayRinger,
    m.PlayTone,
    m.StartAudioSelfTest,
)
_PJ_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}


class _LogBridge(pj.LogWriter):  # type: ignore[misc]
    """PJSIP's log into Python logging, redacted (it may run on PJSIP's own threads)."""

    def write(self, entry: Any) -> None:
        with contextlib.suppress(Exception):  # a log line must never raise into PJSIP
            pjlog.log(
                _PJ_LEVELS.get(int(entry.level), logging.DEBUG), redact(str(entry.msg).rstrip())
            )


class _Endpoint(pj.Endpoint):  # type: ignore[misc]
    """The library, with a word in the log when it refuses a call before it rings (a malformed
    INVITE or SDP, too many calls): otherwise the operator's "it never rang" leaves no trace.
    Status and reason only: the caller's address is personal data."""

    def onRejectedIncomingCall(self, prm: Any) -> None:  # noqa: N802
        with contextlib.suppress(Exception):  # never raise into PJSIP
            log.warning(
                "incoming call refused by the SIP stack before it rang: %d %s",
                int(prm.statusCode), redact(str(prm.reason))[:200],
            )  # fmt: skip


class Engine:
    def __init__(self, emit: Callable[[Any], None], waker: Any = None) -> None:
        self._emit = emit
        self._waker = waker  # engine.Waker: told where our UDP transport listens
        self.ep: Any = None
        self.settings = EngineSettings()
        self.accounts: dict[str, EngineAccount] = {}
        self.calls: dict[str, EngineCall] = {}
        self._retired: list[EngineCall] = []
        self._deferred: list[Callable[[], None]] = []
        self._incoming_seq = itertools.count(1)
        self._log_bridge: _LogBridge | None = None
        self._next_tick = 0.0
        self._next_audio = 0.0
        self._next_stats = 0.0
        self.audio: Any = None  # audio.manager.AudioManager once the library runs
        self._secrets: tuple[str, ...] = ()
        self.running = True
        self.configured = False

    # ---- plumbing -------------------------------------------------------------------------

    def emit(self, event: Any) -> None:
        self._emit(event)

    def defer(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the SIP thread after the current callback returns."""
        self._deferred.append(fn)

    def loop(self, inbox: queue.Queue[Any]) -> None:
        """Read commands, pump PJSIP, repeat. Returns after Shutdown."""
        while self.running:
            try:
                while True:
                    self.handle(inbox.get_nowait())
                    if not self.running:
                        return
            except queue.Empty:
                pass
            if self.ep is not None:
                self.ep.libHandleEvents(self._poll_ms())
                self._run_deferred()
                self._tick()
                self._audio_tick()
            else:
                with contextlib.suppress(queue.Empty):
                    self.handle(inbox.get(timeout=0.05))

    def _poll_ms(self) -> int:
        """How long PJSIP may wait for network events before we look at commands again.

        A command wakes PJSIP at once (the Waker), and PJSIP's own timers end the wait, so
        this only bounds our periodic work: every millisecond while a call is being set up,
        else until the next stats or sound tick (10 Hz), 50 ms at most. Measured: polling
        every 10 ms cost 1.5% of a core idle (0.6% at 50 ms) and about 1% during calls.
        """
        for call in self.calls.values():
            if call.setting_up:
                return 1
        due = self._next_tick if self.audio is None else min(self._next_tick, self._next_audio)
        return max(1, min(50, int((due - time.monotonic()) * 1000) + 1))

    def handle(self, cmd: Any) -> None:
        name = type(cmd).__name__
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None and isinstance(cmd, _AUDIO_COMMANDS):
            handler = self._audio_command
        if handler is None:
            self._fail(name, "", "unknown_command", name)
            return
        if self.ep is None and not isinstance(cmd, m.Configure | m.Shutdown | m.Ping):
            self._fail(name, getattr(cmd, "call_id", ""), "not_configured", "")
            return
        try:
            handler(cmd)
        except pj.Error as exc:
            detail = redact(f"{exc.title}: {exc.reason} ({exc.status})", self._secrets)
            log.warning("%s failed: %s", name, detail)
            self._fail(name, getattr(cmd, "call_id", ""), "sip_error", detail)
        except Exception as exc:
            log.exception("%s failed", name)
            self._fail(name, getattr(cmd, "call_id", ""), "internal", type(exc).__name__)
        if isinstance(cmd, m.Configure) and self.ep is not None and not self.configured:
            # a library that did not start is no use: end the process, the client restarts it
            self.shutdown()

    def _fail(self, command: str, call_id: str, code: str, detail: str) -> None:
        self.emit(m.CommandFailed(command, call_id, code, detail))

    def _run_deferred(self) -> None:
        while self._deferred:
            fn = self._deferred.pop(0)
            try:
                fn()
            except pj.Error as exc:
                log.warning("deferred action failed: %s", exc.reason)
            except Exception:
                log.exception("deferred action failed")
        # Dropping our last reference to a disconnected Call happens here, outside its
        # callbacks, on this thread.
        self._retired.clear()

    # ---- library lifecycle ----------------------------------------------------------------

    def _cmd_Configure(self, cmd: m.Configure) -> None:  # noqa: N802
        if self.ep is not None:
            self._fail("Configure", "", "already_configured", "")
            return
        s = self.settings = cmd.settings
        ep = _Endpoint()
        ep.libCreate()
        self.ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = s.max_calls
        cfg.uaConfig.userAgent = s.user_agent
        for server in s.stun_servers:
            cfg.uaConfig.stunServer.append(server)
        cfg.uaConfig.stunIgnoreFailure = True
        cfg.medConfig.noVad = True  # silence suppression lets home NAT pinholes close
        cfg.medConfig.ecTailLen = 0
        cfg.medConfig.jbInit = s.jb_init_ms
        cfg.medConfig.jbMinPre = s.jb_min_pre_ms
        cfg.medConfig.jbMaxPre = s.jb_max_pre_ms
        cfg.medConfig.jbMax = s.jb_max_ms
        self._log_bridge = _LogBridge()
        cfg.logConfig.writer = self._log_bridge
        cfg.logConfig.level = s.log_level
        cfg.logConfig.consoleLevel = s.log_level  # the writer only sees up to this level
        cfg.logConfig.decor = pj.PJ_LOG_HAS_SENDER
        ep.libInit(cfg)
        ports = self._create_transports(s)
        if self._waker is not None and ":" not in s.bind_address:
            self._waker.address = (s.bind_address or "127.0.0.1", ports["udp"])
        ep.libStart()
        ep.audDevManager().setNullDev()  # a clock for the calls until the headset runs
        codecs = self._set_codecs(s.codecs)
        self._start_audio()
        self.configured = True
        self.emit(
            m.EngineReady(
                version=str(ep.libVersion().full),
                pid=os.getpid(),
                tls_available="tls" in ports,
                srtp_available=True,
                codecs=codecs,
                sip_ports=ports,
            )
        )

    def _create_transports(self, s: EngineSettings) -> dict[str, int]:
        ports: dict[str, int] = {}

        def make(kind: int, port: int) -> int:
            tc = pj.TransportConfig()
            tc.port = port
            if s.bind_address:
                tc.boundAddress = s.bind_address
            if s.public_address:
                tc.publicAddress = s.public_address
            if kind == pj.PJSIP_TRANSPORT_TLS:
                tc.tlsConfig.CaListFile = s.ca_file
                tc.tlsConfig.verifyServer = s.tls_verify_server
                tc.tlsConfig.verifyClient = False
                tc.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tid = self.ep.transportCreate(kind, tc)
            return int(str(self.ep.transportGetInfo(tid).localName).rsplit(":", 1)[1])

        ports["udp"] = make(pj.PJSIP_TRANSPORT_UDP, s.sip_port)
        try:
            ports["tcp"] = make(pj.PJSIP_TRANSPORT_TCP, ports["udp"])
        except pj.Error:
            ports["tcp"] = make(pj.PJSIP_TRANSPORT_TCP, 0)
        if s.enable_tls and s.ca_file and os.path.isfile(s.ca_file):
            try:
                ports["tls"] = make(pj.PJSIP_TRANSPORT_TLS, 0)
            except pj.Error as exc:
                log.warning("TLS unavailable in this build: %s", exc.reason)
        elif s.enable_tls:
            log.warning("TLS disabled: no CA bundle, and PJSIP has no system trust store")
        return ports

    def _set_codecs(self, wanted: tuple[str, ...]) -> tuple[str, ...]:
        available = [str(c.codecId) for c in self.ep.codecEnum2()]
        for codec_id in available:
            priority = 0 if codec_id.startswith(_DISABLED_CODECS) else 1
            self.ep.codecSetPriority(codec_id, priority)
        enabled = []
        for rank, prefix in enumerate(wanted):
            for codec_id in available:
                if codec_id.startswith(prefix):
                    self.ep.codecSetPriority(codec_id, 250 - rank)
                    enabled.append(codec_id)
        return tuple(enabled)

    def _cmd_Shutdown(self, cmd: m.Shutdown) -> None:  # noqa: N802
        self.shutdown()

    def shutdown(self) -> None:
        """Hang up, unregister, destroy, without any of the aborts the wheel is known for."""
        self.running = False
        if self.ep is None:
            return
        ep = self.ep
        self._stop_audio()  # no sound callback may reach the conference after this
        try:
            self._hangup_all()
            self._pump_until(lambda: not self.calls, 2.0)
            self._unregister_all()
            ep.audDevManager().setNoDev()
        except pj.Error as exc:
            log.warning("shutdown: %s", exc.reason)
        self.calls.clear()
        self._retired.clear()
        self.accounts.clear()
        self._deferred.clear()
        gc.collect()
        ep.libDestroy()
        self.ep = None
        self._log_bridge = None

    # These loops live in their own frames on purpose: a loop variable left in shutdown()'s
    # frame would keep a Call or Account alive past libDestroy, and its destructor aborts.
    def _hangup_all(self) -> None:
        for call in list(self.calls.values()):
            self.hangup_call(call, 0)

    def _unregister_all(self) -> None:
        for account in list(self.accounts.values()):
            try:
                account.shutdown()  # sends the un-REGISTER
            except pj.Error as exc:
                log.warning("account shutdown: %s", exc.reason)
        if self.accounts:
            self._pump_until(lambda: False, 0.3)

    def _pump_until(self, done: Callable[[], bool], timeout_s: float) -> None:
        end = time.monotonic() + timeout_s
        while not done() and time.monotonic() < end:
            self.ep.libHandleEvents(10)
            self._run_deferred()

    def _cmd_Ping(self, cmd: m.Ping) -> None:  # noqa: N802
        self.emit(m.Pong(cmd.token))

    def _cmd_NetworkChanged(self, cmd: m.NetworkChanged) -> None:  # noqa: N802
        # PJSIP does not notice an address change itself: this restarts the transports,
        # re-registers each account and re-INVITEs live calls with the new address.
        self.ep.handleIpChange(pj.IpChangeParam())

    # ---- accounts -------------------------------------------------------------------------

    def _cmd_AddAccount(self, cmd: m.AddAccount) -> None:  # noqa: N802
        if cmd.account_id in self.accounts:
            self._remove_account(cmd.account_id)
        elif len(self.accounts) >= MAX_ACCOUNTS:
            # PJSIP aborts the whole process on one account too many: refuse it instead
            self._fail("AddAccount", "", "too_many_accounts", f"at most {MAX_ACCOUNTS}")
            return
        self._secrets = tuple({*self._secrets, cmd.account.password})
        acc = EngineAccount(self, cmd.account_id, cmd.account)
        acc.create(build_account_config(cmd.account, self.settings), True)
        self.accounts[cmd.account_id] = acc
        self.emit(m.AccountAdded(cmd.account_id))
        if not cmd.account.register:
            # a local identity has nothing to register with, and is ready at once
            self.emit(m.RegistrationChanged(cmd.account_id, RegState.REGISTERED, 200, "local"))

    def _cmd_RemoveAccount(self, cmd: m.RemoveAccount) -> None:  # noqa: N802
        self._remove_account(cmd.account_id)

    def _remove_account(self, account_id: str) -> None:
        acc = self.accounts.pop(account_id, None)
        if acc is None:
            return
        for call in [c for c in self.calls.values() if c.account is acc]:
            self.hangup_call(call, 0)
        acc.shutdown()

    def _cmd_Reregister(self, cmd: m.Reregister) -> None:  # noqa: N802
        acc = self._account(cmd.account_id)
        if acc is not None:
            acc.setRegistration(True)

    def _account(self, account_id: str) -> EngineAccount | None:
        acc = self.accounts.get(account_id)
        if acc is None:
            self._fail("account", "", "unknown_account", account_id)
        return acc

    # ---- calls ----------------------------------------------------------------------------

    def on_incoming_call(self, acc: EngineAccount, pj_call_id: int) -> None:
        call_id = f"in-{next(self._incoming_seq)}-{os.getpid()}"
        call = EngineCall(self, acc, call_id, Direction.INBOUND, pj_call_id)
        self.calls[call_id] = call  # without a reference the caller gets 603 at once
        prm = pj.CallOpParam()
        prm.statusCode = 180  # ring first: the caller hears it while we tell the GUI
        try:
            call.answer(prm)
        except pj.Error as exc:  # the GUI must still learn of the call, to end it
            log.warning("180 Ringing not sent: %s", exc.reason)
        info = call.getInfo()
        remote = str(info.remoteUri)
        self.emit(
            m.IncomingCall(
                call_id=call_id,
                account_id=acc.account_id,
                remote_uri=remote,
                remote_number=number_from_uri(remote),
                display_name=display_name_from_uri(remote),
                local_uri=str(info.localUri),
            )
        )

    def adopt_transfer_call(self, old: EngineCall, target_uri: str) -> EngineCall:
        """A peer REFERred us elsewhere: PJSIP places that call; we own its object."""
        call_id = f"xfer-{next(self._incoming_seq)}-{os.getpid()}"
        call = EngineCall(self, old.account, call_id, Direction.OUTBOUND)
        self.calls[call_id] = call
        self.emit(m.CallStateChanged(call_id, CallState.DIALING, 0, f"referred:{old.call_id}"))
        return call

    def adopt_replacing_call(self, old: EngineCall, pj_call_id: int) -> EngineCall:
        """An INVITE with Replaces takes over `old` (we are an attended-transfer target)."""
        call_id = f"repl-{next(self._incoming_seq)}-{os.getpid()}"
        call = EngineCall(self, old.account, call_id, Direction.INBOUND, pj_call_id)
        self.calls[call_id] = call
        remote = ""
        with contextlib.suppress(pj.Error):
            remote = str(call.getInfo().remoteUri)
        self.emit(
            m.IncomingCall(
                call_id,
                old.account.account_id,
                remote,
                number_from_uri(remote),
                display_name_from_uri(remote),
                replaces_call_id=old.call_id,
            )
        )
        return call

    def retire(self, call: EngineCall) -> None:
        """Forget a disconnected call; the object itself is dropped after the callback."""
        if self.calls.get(call.call_id) is call:
            del self.calls[call.call_id]
        self._retired.append(call)

    def _call(self, cmd: Any) -> EngineCall | None:
        call = self.calls.get(cmd.call_id)
        if call is None or call.ended:
            self._fail(type(cmd).__name__, cmd.call_id, "unknown_call", "")
            return None
        return call

    def _cmd_MakeCall(self, cmd: m.MakeCall) -> None:  # noqa: N802
        acc = self._account(cmd.account_id)
        if acc is None:
            return
        if cmd.call_id in self.calls:
            self._fail("MakeCall", cmd.call_id, "duplicate_call_id", "")
            return
        call = EngineCall(self, acc, cmd.call_id, Direction.OUTBOUND)
        prm = pj.CallOpParam(True)
        if cmd.from_uri:
            prm.txOption.localUri = cmd.from_uri
        try:
            call.makeCall(cmd.target_uri, prm)
        except pj.Error:
            # never made: do not keep it (hangup() on a Call never made aborts)
            raise
        if not call.ended:
            self.calls[cmd.call_id] = call

    def _cmd_Answer(self, cmd: m.Answer) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            prm = pj.CallOpParam()
            prm.statusCode = 200
            call.answer(prm)

    def _cmd_Ring(self, cmd: m.Ring) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            prm = pj.CallOpParam()
            prm.statusCode = 180
            call.answer(prm)

    def _cmd_Hangup(self, cmd: m.Hangup) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            self.hangup_call(call, cmd.code)

    def hangup_call(self, call: EngineCall, code: int) -> None:
        if call.ended or not call.isActive():
            return
        prm = pj.CallOpParam()
        if code:
            prm.statusCode = code
        call.hangup(prm)

    def _cmd_Hold(self, cmd: m.Hold) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None and not call.local_hold:
            call.setHold(pj.CallOpParam(True))

    def _cmd_Resume(self, cmd: m.Resume) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            prm = pj.CallOpParam(True)
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

    def _cmd_Mute(self, cmd: m.Mute) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is None:
            return
        call.muted = cmd.muted
        audio = call.audio_media()
        if audio is not None:
            self.connect_call_audio(audio, muted=cmd.muted)
        call.emit_media()

    def connect_call_audio(self, audio: Any, *, muted: bool) -> None:
        """Call audio <-> the sound bridge: conference slot 0, driven by the headset's clock
        (audio/bridge.py) or by PJSIP's null device while no headset stream runs."""
        adm = self.ep.audDevManager()
        speaker, capture = adm.getPlaybackDevMedia(), adm.getCaptureDevMedia()
        if self.audio is not None:  # the null-clock bridge has its own port instead of slot 0
            speaker, capture = self.audio.call_media()
        audio.startTransmit(speaker)
        if muted:
            capture.stopTransmit(audio)
        else:
            capture.startTransmit(audio)

    def _cmd_SendDtmf(self, cmd: m.SendDtmf) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is None:
            return
        digits = "".join(c for c in cmd.digits.upper() if c in "0123456789*#ABCD")
        if not digits:
            self._fail("SendDtmf", cmd.call_id, "bad_digits", "")
            return
        if cmd.method in ("auto", "rfc4733"):
            try:
                call.dialDtmf(digits)
                return
            except pj.Error:
                if cmd.method == "rfc4733":
                    raise
                log.info("peer has no telephone-event: DTMF by SIP INFO")
        for digit in digits:
            prm = pj.CallSendDtmfParam()
            prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            prm.digits = digit
            prm.duration = 160
            call.sendDtmf(prm)

    def _cmd_BlindTransfer(self, cmd: m.BlindTransfer) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            call.xfer(cmd.target_uri, pj.CallOpParam(True))

    def _cmd_AttendedTransfer(self, cmd: m.AttendedTransfer) -> None:  # noqa: N802
        call = self._call(cmd)
        target = self.calls.get(cmd.target_call_id)
        if call is None:
            return
        if target is None or target.ended:
            self._fail("AttendedTransfer", cmd.call_id, "unknown_target", cmd.target_call_id)
            return
        call.xferReplaces(target, pj.CallOpParam(True))

    def _cmd_PlayToCall(self, cmd: m.PlayToCall) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is None:
            return
        if not os.path.isfile(cmd.path):
            self._fail("PlayToCall", cmd.call_id, "no_such_file", os.path.basename(cmd.path))
            return
        call.play(cmd.path, loop=cmd.loop)

    def _cmd_StopPlayback(self, cmd: m.StopPlayback) -> None:  # noqa: N802
        call = self._call(cmd)
        if call is not None:
            call.stop_playback()

    # ---- sound (homeagent.audio drives slot 0; it never fails a call) -----------------------

    def _start_audio(self) -> None:
        if os.environ.get("HOMEAGENT_AUDIO", "") == "null":
            log.info("sound: null device only (HOMEAGENT_AUDIO=null)")
            return
        try:
            from homeagent.audio.manager import AudioManager

            ext = sys.modules.get("pjsua2._pjsua2")
            self.audio = AudioManager(pj, self.ep, self.emit, getattr(ext, "__file__", ""))
            self.audio.start()
        except Exception:
            log.exception("sound unavailable: calls use the null device")
            self.audio = None
            self.emit(m.AudioStatus("no_audio_device", "internal"))

    def _stop_audio(self) -> None:
        audio, self.audio = self.audio, None
        if audio is not None:
            try:
                audio.shutdown()
            except Exception:
                log.exception("sound shutdown")

    def _audio_tick(self) -> None:
        if self.audio is None:
            return
        now = time.monotonic()
        if now < self._next_audio:
            return
        self._next_audio = now + 0.1
        live = [c for c in self.calls.values() if not c.ended]
        muted = next((c.call_id for c in live if c.muted and c.media_up and not c.local_hold), "")
        try:
            self.audio.tick(now, bool(live), muted)
        except Exception:
            log.exception("sound tick")

    def _audio_command(self, cmd: Any) -> None:
        if self.audio is None:
            if isinstance(cmd, m.StartAudioSelfTest):
                self.emit(m.AudioSelfTestDone(False, "no_audio_device"))
            elif isinstance(cmd, m.ListAudioDevices):
                self.emit(m.AudioDevicesChanged("", (), ()))
            return
        if isinstance(cmd, m.StartAudioSelfTest) and any(not c.ended for c in self.calls.values()):
            self.emit(m.AudioSelfTestDone(False, "busy"))
            return
        self.audio.handle(cmd)

    # ---- periodic work --------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        if now < self._next_tick:
            return
        self._next_tick = now + 0.5
        want_stats = now >= self._next_stats
        if want_stats:
            self._next_stats = now + self.settings.stats_interval_s
        for call in list(self.calls.values()):
            if call.ended or not call.media_up:
                continue
            try:
                stat = call.getStreamStat(0)
            except pj.Error:
                continue
            rx = int(stat.rtcp.rxStat.pkt)
            if rx != call.rx_packets or call.local_hold or call.remote_hold:
                call.rx_packets = rx
                call.rx_changed_at = now
            elif call.rx_packets > 0 and now - call.rx_changed_at > self.settings.media_timeout_s:
                # only once RTP had flowed: some peers send none at all (SIPp, one-way PBX
                # announcements), and for them session timers are the safety net
                log.warning(
                    "call %s: no RTP for %.0f s, hanging up", call.call_id, now - call.rx_changed_at
                )
                call.end_hint = EndReason.MEDIA_TIMEOUT
                self.hangup_call(call, 0)
                continue
            if want_stats:
                self.emit(_stats_event(call, stat))


def _stats_event(call: EngineCall, stat: Any) -> m.CallStats:
    rx = stat.rtcp.rxStat
    received = int(rx.pkt)
    lost = int(rx.loss)
    loss_pct = 100.0 * lost / (received + lost) if received + lost else 0.0
    jitter_ms = float(rx.jitterUsec.last) / 1000.0
    rtt_ms = float(stat.rtcp.rttUsec.last) / 1000.0
    return m.CallStats(
        call_id=call.call_id,
        jitter_ms=round(jitter_ms, 2),
        loss_pct=round(loss_pct, 2),
        rtt_ms=round(rtt_ms, 2),
        mos=estimate_mos(jitter_ms, loss_pct, rtt_ms),
        codec=call.codec,
        rx_packets=received,
        tx_packets=int(stat.rtcp.txStat.pkt),
        jb_avg_ms=float(stat.jbuf.avgDelayMsec),
        jb_max_ms=float(stat.jbuf.maxDelayMsec),
        jb_now_ms=float(stat.jbuf.size) * 20.0,
    )
