"""Ticket and wrap-up view-model: the form's state as text and flags, intents to the service.

Runs on the GUI thread and never blocks (the service writes through its task port). Every
sentence the operator reads is made here with `self.tr()`; the service gives codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from homeagent.domain.dialplan import pretty_number
from homeagent.domain.ticket_form import TicketForm
from homeagent.services.observable import Topic
from homeagent.services.telephony import Notice
from homeagent.services.wrapup import WrapUpService

SHOWN_MAX = 120  # customer data longer than this is cut in labels (the form keeps it whole)
ITEM_MAX = 100


def _short(text: str, limit: int = SHOWN_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clock(seconds: float) -> str:
    total = int(abs(seconds) + 0.999)  # 0.2 s left still reads 0:01
    return f"{total // 60}:{total % 60:02d}"


class TicketViewModel(QObject):
    changed = Signal()  # form content, choices, what can be done
    status_changed = Signal()  # the state line
    countdown_changed = Signal()
    note_result = Signal(str, bool, str)  # ticket id, queued, sentence

    def __init__(self, service: WrapUpService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._svc = service
        self._form: TicketForm = service.form
        self.products: list[tuple[str, str]] = []
        self.product_text = ""
        self.product_unknown = False
        self.status_text = ""
        self.status_error = False
        self._status_code = ""
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._subscriptions: list[tuple[Topic[Any], Callable[[Any], None]]] = [
            (service.changed, self._on_service_changed),
            (service.active_changed, self._on_service_active_changed),
            (service.notices, self._on_service_notices),
        ]
        for topic, slot in self._subscriptions:
            topic.connect(slot)
        if service.active:
            self._ticker.start()

    def close(self) -> None:
        self._ticker.stop()
        for topic, slot in self._subscriptions:
            topic.disconnect(slot)
        self._subscriptions = []

    # ---- presentation -------------------------------------------------------------------

    @property
    def form(self) -> TicketForm:
        return self._svc.form

    def category_items(self) -> list[tuple[str, str]]:
        fallback = {
            "request": self.tr("Request"),
            "complaint": self.tr("Complaint"),
            "information": self.tr("Information"),
            "other": self.tr("Other"),
        }
        items = [("", self.tr("Category…"))]
        for code, label in self._svc.categories():
            items.append((code, _short(label, ITEM_MAX) or fallback.get(code, code)))
        return items

    def disposition_items(self) -> list[tuple[str, str]]:
        items = [("", self.tr("Disposition…"))]
        items += [
            (code, _short(label or code, ITEM_MAX)) for code, label in self._svc.dispositions()
        ]
        return items

    def product_items(self) -> list[tuple[str, str]]:
        return [(pid, _short(name or pid, ITEM_MAX)) for pid, name in self.products]

    def phrases(self) -> tuple[str, ...]:
        return self._svc.phrases()

    def call_text(self) -> str:
        call = self.form.call
        if call is None:
            return self.tr("No call: a ticket on its own")
        who = _short(pretty_number(call.remote_number) if call.remote_number else "")
        who = who or self.tr("withheld number")
        if call.ended_at is None:
            return self.tr("Call with {who} — in progress").format(who=who)
        return self.tr("Call with {who} — ended").format(who=who)

    def customer_text(self) -> str:
        form = self.form
        if form.customer_name or form.customer_id:
            return self.tr("Customer: {name}").format(
                name=_short(form.customer_name or form.customer_id)
            )
        return self.tr("Customer: unknown")

    def countdown_text(self) -> str:
        if not self._svc.active:
            return ""
        left = self._svc.remaining_s
        if self._svc.overdue or left <= 0:
            return self.tr("Wrap-up overdue by {time}").format(time=_clock(left))
        return self.tr("Wrap-up: {time} left").format(time=_clock(left))

    @property
    def overdue(self) -> bool:
        return self._svc.active and self._svc.overdue

    @property
    def submitting(self) -> bool:
        return self._svc.submitting

    @property
    def wrap_up_active(self) -> bool:
        return self._svc.active

    def waiting_text(self) -> str:
        n = len(self._svc.waiting)
        return self.tr("%n more call(s) to wrap up after this one", "", n) if n else ""

    def problems(self) -> list[str]:
        codes = list(self._svc.problems())
        if self.product_unknown:
            codes.append("unknown_product")
        return codes

    @property
    def can_submit(self) -> bool:
        return not self.problems()

    def problem_text(self) -> str:
        codes = self.problems()
        return self._problem_sentence(codes[0]) if codes else ""

    def _problem_sentence(self, code: str) -> str:
        return {
            "submitting": self.tr("Queuing…"),
            "call_in_progress": self.tr("Submit once the call has ended"),
            "category_required": self.tr("Choose a category for the ticket"),
            "nothing_to_submit": self.tr("Nothing to submit: type a subject or notes"),
            "disposition_required": self.tr("Choose a disposition"),
            "unknown_product": self.tr("Choose a product from the list, or clear the field"),
        }.get(code, code)

    # ---- operator intents -----------------------------------------------------------------

    def set_category(self, code: str) -> None:
        self._svc.set_category(code)

    def set_subject(self, text: str) -> None:
        self._svc.set_subject(text)

    def set_notes(self, text: str) -> None:
        self._svc.set_notes(text)

    def set_disposition(self, code: str) -> None:
        self._svc.set_disposition(code)

    def set_product_text(self, text: str) -> None:
        """What the product field shows: a product's name or id, or nothing."""
        self.product_text = text
        wanted = text.strip().casefold()
        match = next(
            (
                pid
                for pid, name in self.products
                if wanted in (pid.casefold(), name.casefold(), _short(name, ITEM_MAX).casefold())
            ),
            None,
        )
        if not wanted:
            match = ""
        self.product_unknown = match is None
        self._svc.set_product(match or "")

    def set_products(self, products: Sequence[tuple[str, str]]) -> None:
        """The customer's products (id, name), e.g. from the screen pop."""
        self.products = list(products)
        if self.form.product_id and not self.product_unknown:
            self.product_text = self._product_name(self.form.product_id)
        self.changed.emit()

    def set_customer(self, customer_id: str, name: str, call_id: str = "") -> None:
        self._svc.set_customer(customer_id, name, call_id)

    def submit(self) -> None:
        if self.product_unknown:
            self._set_status(self._problem_sentence("unknown_product"), error=True)
            return
        self._svc.submit()

    def note_draft(self, ticket_id: str) -> str:
        return self._svc.note_draft(ticket_id)

    def save_note_draft(self, ticket_id: str, text: str) -> None:
        self._svc.save_note_draft(ticket_id, text)

    def add_note(self, ticket_id: str, text: str) -> None:
        self._svc.add_note(ticket_id, text)

    # ---- service events -------------------------------------------------------------------

    def _product_name(self, product_id: str) -> str:
        return next(
            (_short(n or p, ITEM_MAX) for p, n in self.products if p == product_id), product_id
        )

    def _on_service_changed(self, _value: None) -> None:
        if self._svc.form is not self._form:  # another form (submitted, restored, next call)
            self._form = self._svc.form
            self.product_unknown = False
            self.product_text = self._product_name(self._form.product_id)
        self.changed.emit()
        self.countdown_changed.emit()

    def _on_service_active_changed(self, active: bool) -> None:
        if active:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.countdown_changed.emit()

    def _on_service_notices(self, notice: Notice) -> None:
        code, detail = notice.code, notice.detail
        if code in ("note_queued", "note_failed", "note_empty"):
            ok = code == "note_queued"
            text = {
                "note_queued": self.tr("Note queued — will be sent"),
                "note_failed": self.tr("Note not queued, nothing was lost — try again ({detail})"),
                "note_empty": self.tr("The note is empty"),
            }[code].format(detail=detail)
            self.note_result.emit(notice.call_id, ok, text)
            self._set_status(text, error=not ok)
            return
        sentences = {
            "draft_saved": (self.tr("Draft saved"), False),
            "draft_not_saved": (self.tr("Draft not saved: {detail}"), True),
            "queued": (self.tr("Queued — will be sent"), False),
            "queued_after_restart": (self.tr("Queued after restart — will be sent"), False),
            "queue_failed": (self.tr("Not queued, nothing was lost — try again ({detail})"), True),
            "wrap_up_overdue": (self.tr("Wrap-up time is over: finish and submit"), True),
            "drafts_restored": (self.tr("Unfinished drafts restored: {detail}"), False),
            "drafts_not_restored": (self.tr("Drafts could not be read: {detail}"), True),
        }
        if code == "draft_saved" and self._status_code in ("queue_failed", "wrap_up_overdue"):
            return  # typing goes on; the warning stays until it is dealt with
        if code == "cannot_submit":
            self._set_status(self._problem_sentence(detail), error=True, code=code)
        elif code in sentences:
            text, error = sentences[code]
            self._set_status(text.format(detail=_short(detail)), error=error, code=code)

    def _set_status(self, text: str, *, error: bool, code: str = "") -> None:
        self.status_text, self.status_error, self._status_code = text, error, code
        self.status_changed.emit()

    @Slot()
    def _on_ticker_timeout(self) -> None:
        self.countdown_changed.emit()
