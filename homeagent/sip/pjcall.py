"""A pjsua2 Call that turns PJSIP callbacks into protocol events.

Every callback body is guarded: an exception escaping into SWIG is printed and then pins
the Call past libDestroy through sys.last_traceback, which aborts the process.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from homeagent.domain.call import CallState, Direction, EndReason
from homeagent.domain.sip_messages import (
    CallMediaChanged,
    CallStateChanged,
    DtmfReceived,
    TransferProgress,
)

if TYPE_CHECKING:
    from homeagent.sip.endpoint import Engine
    from homeagent.sip.pjaccount import EngineAccount

log = logging.getLogger(__name__)
# what a peer's REFER may send us to: sip:/sips:user@host[:port][;params], optionally in <>,
# with no header part but the Replaces of an attended transfer
_CLEAN_REFER_TARGET = re.compile(
    r"<?sips?:[A-Za-z0-9_.!~*'()%&=+$,;-]+@[A-Za-z0-9.\-]+(:[0-9]{1,5})?(;[A-Za-z0-9=._~-]*)*"
    r"(\?(Require=replaces&)?Replaces=[A-Za-z0-9%._~@=+-]*)?>?"
)

_INV_STATES = {
    pj.PJSIP_INV_STATE_CALLING: CallState.DIALING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.RINGING,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.ACTIVE,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.ENDED,
}


class EngineCall(pj.Call):  # type: ignore[misc]
    def __init__(
        self,
        engine: Engine,
        account: EngineAccount,
        call_id: str,
        direction: Direction,
        pj_call_id: int = pj.PJSUA_INVALID_ID,
    ) -> None:
        super().__init__(account, pj_call_id)
        self.engine = engine
        self.account = account
        self.call_id = call_id
        self.direction = direction
        self.muted = False
        self.local_hold = False
        self.remote_hold = False
        self.media_up = False
        self.codec = ""
        self.srtp = False
        self.ended = False
        self.end_hint = ""  # our reason when we end it ourselves (media timeout, transferred)
        self.rx_packets = -1
        self.rx_changed_at = time.monotonic()
        self._last_state: CallState | None = None
        self.player: Any = None  # pj.AudioMediaPlayer playing a file to the far end (demo line)

    @property
    def setting_up(self) -> bool:
        """Ringing, dialling or connecting: the operator's next command is time-critical."""
        return self._last_state in (
            None,
            CallState.DIALING,
            CallState.RINGING,
            CallState.INCOMING,
            CallState.CONNECTING,
        )

    # ---- callbacks (SIP thread, inside libHandleEvents or a pjsua2 call) -------------------

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        try:
            info = self.getInfo()
            state = _INV_STATES.get(info.state)
            if state is None:
                return
            if state is CallState.RINGING and self.direction is Direction.INBOUND:
                state = CallState.INCOMING  # our own 180 moves an inbound call to EARLY
            if state is self._last_state:
                return
            self._last_state = state
            reason = self.end_hint or str(info.lastReason)
            self.engine.emit(
                CallStateChanged(self.call_id, state, int(info.lastStatusCode), reason)
            )
            if state is CallState.ENDED:
                self.ended = True
                self.media_up = False
                self.engine.retire(self)
                if self.player is not None:
                    self.engine.defer(self.stop_playback)
        except Exception:
            log.exception("onCallState")

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        try:
            self._connect_media()
        except Exception:
            log.exception("onCallMediaState")

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        try:
            method = "info" if int(prm.method) == pj.PJSUA_DTMF_METHOD_SIP_INFO else "rfc4733"
            self.engine.emit(DtmfReceived(self.call_id, str(prm.digit), method))
        except Exception:
            log.exception("onDtmfDigit")

    def onCallTransferStatus(self, prm: Any) -> None:  # noqa: N802
        try:
            code = int(prm.statusCode)
            final = bool(prm.finalNotify)
            self.engine.emit(TransferProgress(self.call_id, code, str(prm.reason), final))
            prm.cont = not final
            if final and 200 <= code < 300:
                # the transferee reached the target: our leg has done its job
                self.end_hint = EndReason.TRANSFERRED
                self.engine.defer(lambda: self.engine.hangup_call(self, 0))
        except Exception:
            log.exception("onCallTransferStatus")

    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        target = str(prm.dstUri)
        if not _CLEAN_REFER_TARGET.fullmatch(target):
            # a peer's REFER makes us place a call ourselves: only to a plain SIP address,
            # never to whatever text (a header injection, a tel: premium number) it carries
            log.warning("refused a REFER to an unusable target (%d chars)", len(target))
            prm.statusCode = 400
            return
        try:
            prm.newCall = self.engine.adopt_transfer_call(self, str(prm.dstUri))
            prm.statusCode = 202
        except Exception:
            log.exception("onCallTransferRequest")
            prm.statusCode = 500

    def onCallReplaced(self, prm: Any) -> None:  # noqa: N802
        try:
            prm.newCall = self.engine.adopt_replacing_call(self, int(prm.newCallId))
        except Exception:
            log.exception("onCallReplaced")

    # ---- media ---------------------------------------------------------------------------

    def _connect_media(self) -> None:
        info = self.getInfo()
        local_hold = remote_hold = False
        for media in info.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            status = media.status
            local_hold = status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
            remote_hold = status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                audio = self.getAudioMedia(media.index)
                self.engine.connect_call_audio(audio, muted=self.muted)
                self.media_up = True
                self._attach_player(audio)
                try:
                    self.codec = str(self.getStreamInfo(media.index).codecName)
                except pj.Error:
                    self.codec = ""
            break
        self.srtp = "SRTP status: Active" in self._dump()
        self.local_hold, self.remote_hold = local_hold, remote_hold
        self.rx_changed_at = time.monotonic()  # media just (re)started: restart the timeout
        self.emit_media()

    def play(self, path: str, *, loop: bool) -> None:
        """Play a WAV to the far end (replacing any playback); it starts once media is up."""
        self.stop_playback()
        player = pj.AudioMediaPlayer()
        player.createPlayer(path, 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
        self.player = player
        audio = self.audio_media()
        if audio is not None:
            self._attach_player(audio)

    def stop_playback(self) -> None:
        """Drop the player (SIP thread): destroying it takes its port out of the bridge."""
        self.player = None

    def _attach_player(self, audio: Any) -> None:
        if self.player is None:
            return
        try:
            self.player.startTransmit(audio)  # again after a re-INVITE: a no-op if connected
        except pj.Error as exc:
            log.warning("call %s: playback not connected: %s", self.call_id, exc.reason)

    def _dump(self) -> str:
        try:
            return str(self.dump(True, ""))
        except pj.Error:
            return ""

    def emit_media(self) -> None:
        self.engine.emit(
            CallMediaChanged(
                self.call_id, self.local_hold, self.remote_hold, self.muted, self.codec, self.srtp
            )
        )

    def audio_media(self) -> Any | None:
        if not self.media_up or self.ended:
            return None
        try:
            info = self.getInfo()
            for media in info.media:
                if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                    pj.PJSUA_CALL_MEDIA_ACTIVE,
                    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD,
                ):
                    return self.getAudioMedia(media.index)
        except pj.Error:
            return None
        return None
