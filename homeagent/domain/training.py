"""Training mode: what a simulated caller does in a scripted call.

A scenario (resources/training/*.toml) says who calls, what they say and what the trainee is
expected to do; the demo line plays the call from a ScenarioCall, and the training service
compares what the trainee did with what was expected.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NoReturn

from homeagent.domain.errors import HomeAgentError
from homeagent.domain.work import TicketCategory


@dataclass(frozen=True)
class ScenarioCall:
    """One simulated call, as the demo line needs it (no evaluation rules here)."""

    scenario_id: str
    number: str  # E.164 caller number ("" for a withheld number)
    display_name: str = ""
    prompt: str = ""  # path of the caller's WAV (16-bit mono), "" for silence
    language: str = "fr"
    # DTMF digit the agent sends -> WAV the caller plays in reply (e.g. an IVR-like menu)
    dtmf_replies: dict[str, str] = field(default_factory=dict)
    hang_up_after_s: float = 90.0  # the caller gives up and hangs up after this long
    supervisor_prompt: str = ""  # what the "supervisor" extension plays after a transfer


# ---- scenario files (resources/training/*.toml) ---------------------------------------------
#
# One file per scenario, both languages in the same file (see resources/training/README.md):
#
#   id = "billing_complaint"
#   [call]    number, display_name, hang_up_after_s          (what the simulated caller does)
#   [expect]  answer_within_s, customer, product, ticket_category | no_ticket, disposition,
#             transfer_to, wrap_up                             (what the trainee should do)
#   [fr] / [en]  title, brief, caller, steps, supervisor, [<lang>.dtmf] digit -> words;
#                [<lang>.call] and [<lang>.expect] override the shared tables for that language

LANGUAGES = ("fr", "en")
SUPERVISOR_EXTENSION = "9000"  # the demo line's "supervisor" extension (answers transfers)
CATEGORIES = tuple(c.value for c in TicketCategory)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_E164 = re.compile(r"^\+[1-9][0-9]{5,14}$")
_DIGIT = re.compile(r"^[0-9*#A-D]$")
_CALL_KEYS = frozenset({"number", "display_name", "hang_up_after_s"})
_EXPECT_KEYS = (  # the order the debrief lists them in
    "answer_within_s",
    "customer",
    "product",
    "ticket_category",
    "no_ticket",
    "transfer_to",
    "disposition",
    "wrap_up",
)
_TEXT_KEYS = frozenset(
    {"title", "brief", "caller", "steps", "supervisor", "dtmf", "call", "expect"}
)
TEXT_MAX = 4000


class ScenarioError(HomeAgentError):
    """A scenario file that cannot be used: names the file, the key and what is wrong."""

    code = "bad_scenario"

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}" if key else f"{source}: {problem}")
        self.source = source
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class Expectation:
    """One thing the trainee should do. `code` is one of _EXPECT_KEYS; `values` what counts:
    seconds for answer_within_s, ids/codes otherwise (several = any of them), () for flags."""

    code: str
    values: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""


@dataclass(frozen=True)
class ScenarioVersion:
    """A scenario in one language: the call, the words, and what is expected."""

    language: str
    title: str
    brief: str  # what the trainee reads before the call: who calls and why
    caller: str  # what the caller says (the transcript; the voice prompt says the same)
    steps: tuple[str, ...]  # what to do, in order
    number: str
    display_name: str
    hang_up_after_s: float
    expectations: tuple[Expectation, ...]
    supervisor: str = ""  # what the supervisor says after a transfer
    dtmf: dict[str, str] = field(default_factory=dict)  # digit -> what the caller replies

    def expects(self, code: str) -> Expectation | None:
        return next((e for e in self.expectations if e.code == code), None)


@dataclass(frozen=True)
class Scenario:
    id: str
    source: str
    versions: dict[str, ScenarioVersion]

    def version(self, language: str) -> ScenarioVersion:
        """The version in `language`, else French (every shipped scenario has both)."""
        return self.versions.get(language) or self.versions[LANGUAGES[0]]


def voice_file_name(scenario_id: str, language: str, part: str = "caller") -> str:
    """The WAV of a spoken part under resources/voice/: caller, supervisor, dtmf-<digit>."""
    return f"{scenario_id}.{language}.{part}.wav"


def speech_parts(version: ScenarioVersion) -> dict[str, str]:
    """part -> words, for the build step that synthesises the voice prompts."""
    parts = {"caller": version.caller}
    if version.supervisor:
        parts["supervisor"] = version.supervisor
    parts.update({f"dtmf-{digit}": words for digit, words in version.dtmf.items()})
    return parts


def scenario_call(
    scenario_id: str, version: ScenarioVersion, prompt: Callable[[str], str]
) -> ScenarioCall:
    """The call the demo line places; `prompt(part)` gives a WAV path ("" for silence)."""
    return ScenarioCall(
        scenario_id=scenario_id,
        number=version.number,
        display_name=version.display_name,
        prompt=prompt("caller"),
        language=version.language,
        dtmf_replies={d: prompt(f"dtmf-{d}") for d in version.dtmf},
        hang_up_after_s=version.hang_up_after_s,
        supervisor_prompt=prompt("supervisor") if version.supervisor else "",
    )


def parse_scenario(text: str, source: str) -> Scenario:
    """A scenario from the text of its TOML file; ScenarioError names `source` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"not valid TOML ({exc})") from None
    p = _Parser(source)
    p.keys(data, "", {"id", "call", "expect", *LANGUAGES})
    scenario_id = p.text(data, "id", required=True)
    if not _ID.match(scenario_id):
        p.fail("id", "use lower-case letters, digits, '_' or '-' (at most 64)")
    call = p.table(data, "call", required=True)
    expect = p.table(data, "expect", required=True)
    p.keys(call, "call", _CALL_KEYS)
    p.keys(expect, "expect", set(_EXPECT_KEYS))
    versions = {}
    for lang in LANGUAGES:
        table = p.table(data, lang, required=True)
        p.keys(table, lang, _TEXT_KEYS)
        versions[lang] = p.version(lang, table, call, expect)
    return Scenario(scenario_id, source, versions)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ScenarioError(self.source, key, problem)

    def keys(
        self, table: Mapping[str, Any], where: str, allowed: set[str] | frozenset[str]
    ) -> None:
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                self.fail(name, f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def table(
        self, data: Mapping[str, Any], key: str, *, where: str = "", required: bool = False
    ) -> dict[str, Any]:
        name = f"{where}.{key}" if where else key
        value = data.get(key)
        if value is None:
            if required:
                self.fail(name, "missing table")
            return {}
        if not isinstance(value, dict):
            self.fail(name, "expected a table")
        return value

    def text(
        self, data: Mapping[str, Any], key: str, *, where: str = "", required: bool = False
    ) -> str:
        name = f"{where}.{key}" if where else key
        value = data.get(key)
        if value is None:
            if required:
                self.fail(name, "missing")
            return ""
        if not isinstance(value, str):
            self.fail(name, "expected a string")
        value = value.strip()
        if required and not value:
            self.fail(name, "must not be empty")
        if len(value) > TEXT_MAX:
            self.fail(name, f"longer than {TEXT_MAX} characters")
        return value

    def seconds(self, value: Any, name: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
            self.fail(name, "expected a number of seconds (more than 0, at most 3600)")
        return float(value)

    def codes(self, value: Any, name: str) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.fail(name, "expected a string or a non-empty list of strings")
        out = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.fail(name, "expected a string or a non-empty list of strings")
            out.append(item.strip())
        return tuple(out)

    def version(
        self,
        lang: str,
        table: Mapping[str, Any],
        shared_call: Mapping[str, Any],
        shared_expect: Mapping[str, Any],
    ) -> ScenarioVersion:
        own_call = self.table(table, "call", where=lang)
        own_expect = self.table(table, "expect", where=lang)
        self.keys(own_call, f"{lang}.call", _CALL_KEYS)
        self.keys(own_expect, f"{lang}.expect", set(_EXPECT_KEYS))
        call = {**shared_call, **own_call}
        call_where = {k: f"{lang}.call" if k in own_call else "call" for k in call}
        number = self.text(call, "number", where=call_where.get("number", "call"), required=False)
        if "number" not in call:
            self.fail("call.number", 'missing (use "" for a withheld number)')
        if number and not _E164.match(number):
            self.fail(
                f"{call_where['number']}.number", "expected an E.164 number like +33612345678"
            )
        hang_up = call.get("hang_up_after_s", 120.0)
        hang_up_s = self.seconds(
            hang_up, f"{call_where.get('hang_up_after_s', 'call')}.hang_up_after_s"
        )
        expect = {**shared_expect, **own_expect}
        expect_where = {k: f"{lang}.expect" if k in own_expect else "expect" for k in expect}
        expectations = tuple(
            self.expectation(code, expect[code], f"{expect_where[code]}.{code}")
            for code in _EXPECT_KEYS
            if code in expect and expect[code] is not False
        )
        codes = {e.code for e in expectations}
        if "ticket_category" in codes and "no_ticket" in codes:
            self.fail(f"{lang}.expect", "ticket_category and no_ticket contradict each other")
        if not expectations:
            self.fail("expect", "nothing is expected of the trainee")
        steps = table.get("steps", [])
        if not isinstance(steps, list) or not all(isinstance(s, str) and s.strip() for s in steps):
            self.fail(f"{lang}.steps", "expected a list of non-empty strings")
        dtmf = self.table(table, "dtmf", where=lang)
        for digit in dtmf:
            if not _DIGIT.match(digit):
                self.fail(f"{lang}.dtmf.{digit}", "expected one DTMF digit (0-9, *, #, A-D)")
        return ScenarioVersion(
            language=lang,
            title=self.text(table, "title", where=lang, required=True),
            brief=self.text(table, "brief", where=lang, required=True),
            caller=self.text(table, "caller", where=lang, required=True),
            steps=tuple(s.strip() for s in steps),
            number=number,
            display_name=self.text(
                call, "display_name", where=call_where.get("display_name", "call")
            ),
            hang_up_after_s=hang_up_s,
            expectations=expectations,
            supervisor=self.text(table, "supervisor", where=lang),
            dtmf={d: self.text(dtmf, d, where=f"{lang}.dtmf", required=True) for d in dtmf},
        )

    def expectation(self, code: str, value: Any, name: str) -> Expectation:
        if code == "answer_within_s":
            return Expectation(code, (_format_s(self.seconds(value, name)),))
        if code in ("no_ticket", "wrap_up"):
            if value is not True:
                self.fail(name, "expected true (or leave it out)")
            return Expectation(code)
        values = self.codes(value, name)
        if code == "ticket_category":
            for v in values:
                if v not in CATEGORIES:
                    self.fail(name, f"unknown category {v!r} (one of {', '.join(CATEGORIES)})")
        if code == "transfer_to" and len(values) != 1:
            self.fail(name, "expected one extension or number")
        return Expectation(code, values)


def _format_s(seconds: float) -> str:
    return f"{seconds:g}"


# ---- what the trainee did ---------------------------------------------------------------------
# Times are monotonic seconds (the telephony clock); the training service records these from
# the services' topics while a scenario runs.


@dataclass(frozen=True)
class Rang:
    """The scenario's call rang at the desk."""

    call_id: str
    at: float


@dataclass(frozen=True)
class Answered:
    at: float


@dataclass(frozen=True)
class CustomerShown:
    """The screen pop (or the trainee's choice) put this customer's card on screen."""

    customer_id: str
    at: float = 0.0


@dataclass(frozen=True)
class ProductOpened:
    product_id: str
    at: float = 0.0


@dataclass(frozen=True)
class Transferred:
    """The call was transferred; `target` is the extension or number ("" when unknown)."""

    target: str
    at: float = 0.0


@dataclass(frozen=True)
class CallEnded:
    reason: str  # domain.call.EndReason value
    at: float


@dataclass(frozen=True)
class WrapUpSubmitted:
    disposition: str
    categories: tuple[str, ...]
    ticket_ids: tuple[str, ...]
    customer_id: str
    at: float = 0.0


TrainingAction = (
    Rang | Answered | CustomerShown | ProductOpened | Transferred | CallEnded | (WrapUpSubmitted)
)


# ---- the debrief ----------------------------------------------------------------------------


class Verdict(StrEnum):
    MET = "met"
    MISSED = "missed"
    EXTRA = "extra"  # done though nobody asked: worth knowing, not a fault by itself


@dataclass(frozen=True)
class DebriefItem:
    """One line of the debrief: `code` is an expectation code (or an extra's: "transfer",
    "product", "ticket"); `expected` and `actual` are values the UI words ("" = nothing)."""

    code: str
    verdict: Verdict
    expected: tuple[str, ...] = ()
    actual: str = ""


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    language: str
    items: tuple[DebriefItem, ...]
    finished: bool = True  # False: the run was stopped before the wrap-up

    @property
    def met(self) -> int:
        return sum(i.verdict is Verdict.MET for i in self.items)

    @property
    def expected(self) -> int:
        return sum(i.verdict is not Verdict.EXTRA for i in self.items)

    @property
    def passed(self) -> bool:
        return all(i.verdict is not Verdict.MISSED for i in self.items)


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit() or c == "+")


def evaluate(
    scenario: Scenario, observations: Sequence[TrainingAction], language: str = LANGUAGES[0]
) -> Debrief:
    """Each expectation met or missed, then what was done beyond them. Pure."""
    version = scenario.version(language)
    obs = list(observations)

    def first(kind: type[Any]) -> Any:
        return next((o for o in obs if isinstance(o, kind)), None)

    rang, answered = first(Rang), first(Answered)
    submitted = next((o for o in reversed(obs) if isinstance(o, WrapUpSubmitted)), None)
    transferred = next((o for o in reversed(obs) if isinstance(o, Transferred)), None)
    shown = [o.customer_id for o in obs if isinstance(o, CustomerShown)]
    opened = list(dict.fromkeys(o.product_id for o in obs if isinstance(o, ProductOpened)))
    tickets = submitted.categories if submitted is not None and submitted.ticket_ids else ()
    items: list[DebriefItem] = []

    def item(e: Expectation, met: bool, actual: str) -> None:
        items.append(DebriefItem(e.code, Verdict.MET if met else Verdict.MISSED, e.values, actual))

    for e in version.expectations:
        if e.code == "answer_within_s":
            if answered is None or rang is None:
                item(e, False, "")
            else:
                took = max(0.0, answered.at - rang.at)
                item(e, took <= float(e.value), f"{took:.1f}")
        elif e.code == "customer":
            filed_on = submitted.customer_id if submitted is not None else ""
            seen = e.value in shown
            if submitted is not None and filed_on != e.value:
                item(e, False, filed_on)  # the record went to someone else (or nobody)
            else:
                item(e, seen, e.value if seen else (shown[-1] if shown else ""))
        elif e.code == "product":
            hit = next((p for p in opened if p in e.values), "")
            item(e, bool(hit), hit or ", ".join(opened))
        elif e.code == "ticket_category":
            hit = next((c for c in tickets if c in e.values), "")
            item(e, bool(hit), hit or ", ".join(tickets))
        elif e.code == "no_ticket":
            item(e, submitted is not None and not tickets, ", ".join(tickets))
        elif e.code == "transfer_to":
            target = transferred.target if transferred is not None else ""
            item(e, transferred is not None and _digits(target) == _digits(e.value), target)
        elif e.code == "disposition":
            actual = submitted.disposition if submitted is not None else ""
            item(e, actual in e.values, actual)
        elif e.code == "wrap_up":
            item(e, submitted is not None, "")

    items += _extras(version, transferred, opened, tickets)
    return Debrief(scenario.id, version.language, tuple(items), finished=submitted is not None)


def _extras(
    version: ScenarioVersion,
    transferred: Transferred | None,
    opened: Sequence[str],
    tickets: tuple[str, ...],
) -> list[DebriefItem]:
    """What the trainee did that no expectation asked about."""
    codes = {e.code for e in version.expectations}
    out = []
    if transferred is not None and "transfer_to" not in codes:
        out.append(DebriefItem("transfer", Verdict.EXTRA, (), transferred.target))
    wanted = version.expects("product")
    others = [p for p in opened if wanted is None or p not in wanted.values]
    if others:
        out.append(DebriefItem("product", Verdict.EXTRA, (), ", ".join(others)))
    if tickets and not codes & {"ticket_category", "no_ticket"}:
        out.append(DebriefItem("ticket", Verdict.EXTRA, (), ", ".join(tickets)))
    return out
