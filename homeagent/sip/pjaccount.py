"""A pjsua2 Account that reports registration and incoming calls to the engine."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from homeagent.domain.registration import RegFailure, RegState, classify_failure
from homeagent.domain.sip_account import EngineSettings, SipAccount, SrtpPolicy, Transport
from homeagent.domain.sip_messages import RegistrationChanged

if TYPE_CHECKING:
    from homeagent.sip.endpoint import Engine

log = logging.getLogger(__name__)

# Codes after which PJSIP itself schedules another REGISTER (pjsua_acc.c regc_cb).
_PJSIP_RETRIES = {408, 500, 502, 503, 504, 480}


def build_account_config(account: SipAccount, settings: EngineSettings) -> Any:
    """AccountConfig for `account`. Must be built after libInit (defaults differ before)."""
    cfg = pj.AccountConfig()
    name = account.display_name.replace('"', "")
    cfg.idUri = f'"{name}" <{account.aor}>' if name else account.aor
    if account.register:
        cfg.regConfig.registrarUri = account.registrar_uri()
        cfg.regConfig.timeoutSec = account.register_timeout_s
        cfg.regConfig.retryIntervalSec = account.retry_interval_s
        cfg.regConfig.firstRetryIntervalSec = max(1, account.retry_interval_s // 3)
        cfg.regConfig.randomRetryIntervalSec = max(1, account.retry_interval_s // 3)
        cfg.regConfig.dropCallsOnFail = False  # a failed refresh must not cut a customer off
    else:
        cfg.regConfig.registerOnAdd = False
    proxy = account.proxy_uri()
    if proxy:
        cfg.sipConfig.proxies.append(proxy)
    cred = pj.AuthCredInfo(
        "digest", "*", account.auth_username or account.username, 0, account.password
    )
    cfg.sipConfig.authCreds.append(cred)
    # home NAT: rport + Contact/Via rewrite are on by default; keep-alives keep pinholes open
    cfg.natConfig.udpKaIntervalSec = settings.keepalive_s
    cfg.natConfig.contactRewriteUse = 1
    cfg.natConfig.viaRewriteUse = 1
    cfg.natConfig.sdpNatRewriteUse = 1 if account.transport is not Transport.UDP else 0
    # RTP: any free port (a fixed 4000+ range collides with other softphones and tests)
    media = cfg.mediaConfig.transportConfig
    media.port = 0
    if settings.bind_address:
        media.boundAddress = settings.bind_address
    if settings.public_address:
        media.publicAddress = settings.public_address
    cfg.mediaConfig.srtpUse = {
        SrtpPolicy.OFF: pj.PJMEDIA_SRTP_DISABLED,
        SrtpPolicy.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
        SrtpPolicy.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
    }[account.srtp]
    # SDES over plain UDP would otherwise be refused with PJSIP_ESESSIONINSECURE
    cfg.mediaConfig.srtpSecureSignaling = 0
    return cfg


class EngineAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: Engine, account_id: str, account: SipAccount) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id
        self.account = account
        self._last: tuple[RegState, int] | None = None

    def onRegState(self, prm: Any) -> None:  # noqa: N802 (pjsua2 callback name)
        try:
            info = self.getInfo()
            code = int(prm.code)
            reason = str(prm.reason)
            unregistering = int(prm.expiration) == 0 and 200 <= code < 300
            if info.regIsActive and 200 <= code < 300:
                state, failure = RegState.REGISTERED, RegFailure.NONE
            elif unregistering:
                state, failure = RegState.UNREGISTERED, RegFailure.NONE
            else:
                state, failure = RegState.FAILED, classify_failure(code, reason)
            retry = self.account.retry_interval_s if code in _PJSIP_RETRIES else 0
            self._last = (state, code)
            self.engine.emit(
                RegistrationChanged(
                    account_id=self.account_id,
                    state=state,
                    code=code,
                    reason=reason,
                    failure=failure,
                    expires_s=int(info.regExpiresSec) if state is RegState.REGISTERED else 0,
                    retry_in_s=retry if state is RegState.FAILED else 0,
                )
            )
        except Exception:
            log.exception("onRegState")

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
        try:
            self.engine.on_incoming_call(self, int(prm.callId))
        except Exception:
            log.exception("onIncomingCall")
