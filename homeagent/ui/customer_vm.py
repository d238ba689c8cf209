"""Customer view-model: the screen pop's state as text, rows and flags for the customer panel.

GUI thread; never blocks. Every sentence is made here through `self.tr()`; the service gives
codes. Signals are specific so a 300-product card is laid out once, not at every update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QLocale, QObject, Signal

from homeagent.domain.customer import CustomerCard, CustomerSummary, TicketHistory
from homeagent.domain.dialplan import pretty_number
from homeagent.services.screen_pop import PopState, PopStatus, ScreenPop


@dataclass(frozen=True)
class CardView:
    """The card's identity block, every field plain text ("" when missing)."""

    name: str = ""
    vip: bool = False
    segment: str = ""
    language: str = ""
    account: str = ""
    phones: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class ProductRow:
    product_id: str
    name: str
    serial: str
    contract_end: str
    ended: bool


@dataclass(frozen=True)
class TicketRow:
    ticket_id: str
    subject: str
    category: str
    status: str
    created: str
    notes: tuple[tuple[str, str], ...] = ()  # (created, body)


@dataclass(frozen=True)
class ChoiceRow:
    customer_id: str
    text: str


def one_line(text: str) -> str:
    """Newlines and runs of spaces folded, for a single-line cell."""
    return " ".join(text.split())


class CustomerViewModel(QObject):
    changed = Signal()  # status line, identity block, what is visible
    card_changed = Signal()  # products and open tickets: a different card
    history_changed = Signal()
    choices_changed = Signal()
    caller_changed = Signal(str)  # one line for the ringing panel

    def __init__(
        self,
        screen_pop: ScreenPop,
        parent: QObject | None = None,
        *,
        country: str = "FR",
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._pop = screen_pop
        self._country = country
        self._today = today
        self.state = screen_pop.state
        self._caller = ""
        screen_pop.state_changed.connect(self._on_pop_state_changed)

    def close(self) -> None:
        self._pop.state_changed.disconnect(self._on_pop_state_changed)

    # ---- intents ---------------------------------------------------------------------------

    def search(self, text: str) -> None:
        self._pop.search(text)

    def choose(self, customer_id: str) -> None:
        self._pop.choose(customer_id)

    def continue_unknown(self) -> None:
        self._pop.continue_unknown()

    # ---- presentation ----------------------------------------------------------------------

    def number_text(self) -> str:
        number = self.state.number
        return pretty_number(number, self._country) if number.startswith("+") else number

    def status_text(self) -> str:
        st, number = self.state, self.number_text()
        if st.status is PopStatus.IDLE:
            return self.tr("No call. Search for a customer by name, account or number.")
        if st.status is PopStatus.LOOKING_UP:
            return self.tr("Looking up {number}…").format(number=number)
        if st.status is PopStatus.SEVERAL:
            return self.tr("{count} customers use {number}: pick one.").format(
                count=len(st.matches), number=number
            )
        if st.status is PopStatus.NONE:
            if not number:
                return self.tr("Unknown caller: search, or continue as unknown.")
            return self.tr("No customer uses {number}: search, or continue as unknown.").format(
                number=number
            )
        if st.status is PopStatus.UNKNOWN:
            return self.tr("Continuing without a customer.")
        if st.status is PopStatus.UNREACHABLE:
            return self.tr("Unknown caller: the customer service (API) cannot be reached.")
        if st.from_cache and st.api_unreachable:
            return self.tr("Shown from the cache: the customer service (API) cannot be reached.")
        if st.from_cache:
            return self.tr("Shown from the cache; updating…")
        if st.api_unreachable:
            return self.tr("Could not update everything: the customer service cannot be reached.")
        if st.card_loading:
            return self.tr("Loading the customer card…")
        return ""

    def caller_text(self) -> str:
        """What the ringing panel shows under "Incoming call" (empty: still looking)."""
        st = self.state
        if st.status is PopStatus.FOUND and st.customer is not None:
            return st.customer.display_name
        if st.status is PopStatus.SEVERAL:
            return self.tr("{count} customers share this number").format(count=len(st.matches))
        if st.status is PopStatus.UNREACHABLE:
            return self.tr("Unknown caller (API unreachable)")
        if st.status in (PopStatus.NONE, PopStatus.UNKNOWN):
            return self.tr("Unknown caller")
        return ""

    def has_customer(self) -> bool:
        return self.state.status is PopStatus.FOUND and self.state.customer is not None

    def card_view(self) -> CardView:
        st = self.state
        card, who = st.card, st.customer
        if card is not None and (who is None or card.id == who.id):
            return self._from_card(card)
        if who is not None:
            return self._from_summary(who)
        return CardView()

    def product_rows(self) -> list[ProductRow]:
        card = self.state.card
        if card is None:
            return []
        today = self._today()
        return [
            ProductRow(
                p.product_id,
                one_line(p.name),
                one_line(p.serial),
                self._date_text(p.contract_end, today),
                p.contract_end is not None and p.contract_end < today,
            )
            for p in card.products
        ]

    def ticket_rows(self) -> list[TicketRow]:
        card = self.state.card
        if card is None:
            return []
        return [
            TicketRow(t.id, one_line(t.subject), t.category, t.status, t.created_at[:10])
            for t in card.open_tickets
        ]

    def history_rows(self) -> list[TicketRow]:
        return [self._history_row(h) for h in self.state.history]

    def history_text(self) -> str:
        st = self.state
        if st.history_loading:
            return self.tr("Loading the history…")
        if st.history_failed:
            return self.tr("The history cannot be loaded now.")
        if not st.history and self.has_customer():
            return self.tr("No earlier tickets.")
        return ""

    def choice_rows(self) -> list[ChoiceRow]:
        st = self.state
        pool = st.search.results if st.search.query else st.matches
        if not st.search.query and st.status is not PopStatus.SEVERAL:
            pool = ()
        return [ChoiceRow(c.id, self._choice_text(c)) for c in pool]

    def choices_title(self) -> str:
        st = self.state
        search = st.search
        if search.query:
            if search.busy:
                return self.tr("Searching for “{query}”…").format(query=one_line(search.query))
            if search.error:
                return self.tr("The search failed: the customer service cannot be reached.")
            if not search.results:
                return self.tr("No customer found for “{query}”.").format(
                    query=one_line(search.query)
                )
            return self.tr("Search results: pick a customer.")
        if st.status is PopStatus.SEVERAL:
            return self.tr("Customers using this number: pick one.")
        return ""

    def offers_unknown(self) -> bool:
        st = self.state
        return bool(st.call_id) and st.status in (
            PopStatus.SEVERAL,
            PopStatus.NONE,
            PopStatus.UNREACHABLE,
            PopStatus.LOOKING_UP,
        )

    # ---- helpers ---------------------------------------------------------------------------

    def _from_card(self, card: CustomerCard) -> CardView:
        return CardView(
            card.display_name,
            card.vip,
            card.segment,
            self._language(card.language),
            card.account_number,
            ", ".join(pretty_number(p, self._country) for p in card.phones),
            card.email,
            card.address,
        )

    def _from_summary(self, who: CustomerSummary) -> CardView:
        phone = pretty_number(who.phone, self._country) if who.phone else ""
        return CardView(
            who.display_name,
            who.vip,
            who.segment,
            self._language(who.language),
            who.account_number,
            phone,
            who.email,
        )

    def _choice_text(self, c: CustomerSummary) -> str:
        parts = [one_line(c.display_name)[:300]]
        if c.vip:
            parts[0] += " " + self.tr("(VIP)")
        parts += [x for x in (c.account_number, one_line(c.segment)[:100], c.email[:200]) if x]
        return " · ".join(parts)

    def _history_row(self, h: TicketHistory) -> TicketRow:
        t = h.ticket
        notes = tuple((n.created_at[:16].replace("T", " "), n.body) for n in h.notes)
        return TicketRow(t.id, one_line(t.subject), t.category, t.status, t.created_at[:10], notes)

    def _date_text(self, day: date | None, today: date) -> str:
        if day is None:
            return ""
        text = QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat
        )
        return self.tr("{date} (ended)").format(date=text) if day < today else text

    @staticmethod
    def _language(code: str) -> str:
        if not code:
            return ""
        locale = QLocale(code)
        if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
            return code
        native = locale.nativeLanguageName()
        return f"{native[:1].upper()}{native[1:]} ({code})" if native else code

    def _on_pop_state_changed(self, state: PopState) -> None:
        before, self.state = self.state, state
        # the caller's name first: the ringing panel paints it before the card is laid out
        caller = self.caller_text()
        if caller != self._caller:
            self._caller = caller
            self.caller_changed.emit(caller)
        if state.card is not before.card or state.customer != before.customer:
            self.card_changed.emit()
        if state.history is not before.history or state.history_loading != before.history_loading:
            self.history_changed.emit()
        if (state.search, state.matches, state.status) != (
            before.search,
            before.matches,
            before.status,
        ):
            self.choices_changed.emit()
        self.changed.emit()
