"""Operator-facing sentences for the softphone: every code the services publish, in words."""

from __future__ import annotations

from PySide6.QtCore import QObject

from homeagent.domain.call import CallSession, CallState, Direction, EndReason
from homeagent.domain.registration import RegFailure
from homeagent.domain.sip_messages import RegistrationChanged
from homeagent.services.telephony import Notice


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class SoftphoneText(QObject):
    def notice_text(self, notice: Notice) -> str:
        code, detail = notice.code, notice.detail
        if code == "bad_number":
            return {
                "empty": self.tr("Type a number to call."),
                "malformed": self.tr("That number contains characters that cannot be dialled."),
                "not_a_number": self.tr("That is not a phone number."),
                "impossible_number": self.tr("That number has the wrong length for its country."),
                "no_domain": self.tr("No phone server is configured for dialling. Contact IT."),
                "bad_sip_uri": self.tr("That SIP address is not valid."),
            }.get(detail, self.tr("That number cannot be dialled."))
        if code.startswith("command_failed:"):
            return self.command_failed_text(code.split(":", 1)[1], detail)
        texts = {
            "not_signed_in": self.tr("Sign in before making a call."),
            "too_many_calls": self.tr("You already have two calls. End one first."),
            "engine_crashed": self.tr(
                "The phone engine stopped unexpectedly. Calls in progress "
                "were lost; it is restarting."
            ),
            "transfer_failed": self.tr(
                "The transfer failed ({detail}). The caller is still on your line."
            ).format(detail=detail),
            "credentials_missing": self.tr("Enter your user name and password."),
            "not_provisioned": self.tr(
                "No phone server is configured on this computer. Contact IT."
            ),
            "keyring_unavailable": self.tr(
                "The system keyring is unavailable: your password "
                "cannot be remembered on this computer."
            ),
            "password_needed": self.tr("Enter your password to sign in."),
            "wrong_credentials": self.tr("Wrong user name or password."),
            "account_locked": self.tr(
                "Too many attempts: your account is locked for {detail} s. Try again then."
            ).format(detail=detail),
            "server_unreachable": self.tr(
                "The company server cannot be reached. Check your internet connection; "
                "HomeAgent keeps trying."
            ),
            "certificate_refused": self.tr(
                "The company server's certificate was refused: this connection may be "
                "intercepted. Your password was not sent. Tell IT."
            ),
            "server_refused": self.tr("The company server refused ({detail}).").format(
                detail=detail
            ),
            "sign_in_failed": self.tr("Sign-in failed ({detail}). Contact IT.").format(
                detail=detail
            ),
            "clock_skew": self.tr(
                "This computer's clock is {detail} s off the company's. Your punches carry "
                "this computer's time: ask IT to fix the clock."
            ).format(detail=detail),
            "forgotten_clock_out": self.tr(
                "You did not clock out last time (clocked in since {detail}). Clock out now "
                "and tell your supervisor the right time."
            ).format(detail=detail),
            "punch_not_saved": self.tr(
                "Your punch could NOT be saved ({detail}). Try again; if it keeps failing, "
                "tell your supervisor the time."
            ).format(detail=detail),
            "punch_not_allowed": self.tr("That punch does not fit your shift right now."),
            "clock_out_after_call": self.tr(
                "You will be clocked out as soon as this call and its wrap-up end."
            ),
        }
        return texts.get(code, self.tr("Something went wrong ({code}).").format(code=code))

    def command_failed_text(self, code: str, detail: str) -> str:
        texts = {
            "unknown_call": self.tr("That call has already ended."),
            "bad_digits": self.tr("Those keys cannot be sent on this call."),
            "not_configured": self.tr("The phone engine is still starting. Try again shortly."),
            "unknown_target": self.tr("The consultation call has ended; nothing was transferred."),
            "sip_error": self.tr("The phone system refused: {detail}").format(detail=detail),
        }
        default = self.tr("The phone engine could not do that ({code}).").format(code=code)
        return texts.get(code, default)

    def failure_text(self, reg: RegistrationChanged) -> str:
        texts = {
            RegFailure.AUTH: self.tr("Wrong user name or password."),
            RegFailure.NOT_FOUND: self.tr("This user name is unknown to the phone server."),
            RegFailure.TIMEOUT: self.tr("The phone server did not answer (timeout)."),
            RegFailure.NETWORK: self.tr("The phone server (registrar) is unreachable."),
            RegFailure.TLS: self.tr("The phone server's TLS certificate was refused."),
            RegFailure.SERVER: self.tr("The phone server reported an error ({code}).").format(
                code=reg.code
            ),
        }
        default = self.tr("Sign-in failed ({code} {reason}).").format(
            code=reg.code, reason=reg.reason
        )
        return texts.get(reg.failure, default)

    def state_text(self, call: CallSession) -> str:
        if call.state is CallState.ACTIVE:
            if call.local_hold:
                return self.tr("On hold")
            if call.remote_hold:
                return self.tr("Held by the other party")
            return self.tr("Muted") if call.muted else self.tr("Connected")
        return {
            CallState.DIALING: self.tr("Calling…"),
            CallState.RINGING: self.tr("Ringing…"),
            CallState.INCOMING: self.tr("Incoming call"),
            CallState.CONNECTING: self.tr("Connecting…"),
        }.get(call.state, self.tr("Ended"))

    def quality_text(self, call: CallSession) -> str:
        q = call.quality
        if q.mos <= 0 and q.rx_packets == 0:
            return ""
        return self.tr("MOS {mos} · jitter {jitter} ms · loss {loss}%").format(
            mos=f"{q.mos:.1f}", jitter=f"{q.jitter_ms:.0f}", loss=_number(q.loss_pct)
        )

    def end_text(self, call: CallSession) -> str:
        reason = call.end_reason
        if reason is EndReason.MEDIA_TIMEOUT:
            return self.tr("The call was cut: no sound came from the other side.")
        if reason is EndReason.CANCELLED and call.direction is Direction.INBOUND:
            return self.tr("Missed call: the caller hung up before you answered.")
        if call.direction is not Direction.OUTBOUND or call.answered_at is not None:
            return ""
        return (
            {
                EndReason.BUSY: self.tr("The line is busy."),
                EndReason.DECLINED: self.tr("The call was declined."),
                EndReason.NOT_FOUND: self.tr("That number does not exist."),
                EndReason.UNAVAILABLE: self.tr("The person you called is unavailable."),
                EndReason.NO_ANSWER: self.tr("No answer."),
                EndReason.NETWORK: self.tr("The call could not be connected (network)."),
                EndReason.FAILED: self.tr("The call failed."),
            }.get(reason, "")
            if reason is not None
            else ""
        )
