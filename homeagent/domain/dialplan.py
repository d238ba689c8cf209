"""Turning what an operator typed or clicked (a number, tel:, sip:, callto:) into a SIP URI.

phonenumbers is the one non-standard import the domain allows: it is pure data and rules.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from homeagent.domain.errors import NumberError

# What may stand in the user part of a SIP URI we build or pass on (RFC 3261 unreserved + a few).
_SIP_USER = re.compile(r"[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+")
_SIP_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(:[0-9]{1,5})?")  # ASCII port
_DIAL_CHARS = re.compile(r"[\s().\-/]")
_MAX_INPUT = 256


class NumberFormat(StrEnum):
    E164 = "e164"  # +33123456789: what most SIP trunks take
    NATIONAL = "national"  # 0123456789 for domestic numbers, 00... abroad


@dataclass(frozen=True)
class DialPlan:
    """Provisioned rules: the home country, the outside-line prefix and extension length."""

    country: str = "FR"
    sip_domain: str = ""
    outside_prefix: str = ""  # e.g. "0" on a PBX that needs it before external numbers
    extension_max_digits: int = 5  # shorter all-digit strings are internal extensions
    number_format: NumberFormat = NumberFormat.E164


@dataclass(frozen=True)
class DialTarget:
    uri: str  # what the engine dials
    number: str  # E.164 for phone numbers, the extension, or the SIP user
    is_extension: bool = False


def normalise(text: str, plan: DialPlan) -> DialTarget:
    """Parse operator input into a dialable target, or raise NumberError with a clear code."""
    raw = urllib.parse.unquote(text).strip()  # browsers percent-encode tel: links
    if not raw:
        raise NumberError("empty")
    if len(raw) > _MAX_INPUT or any(ord(c) < 32 for c in raw):
        raise NumberError("malformed")
    lowered = raw.lower()
    if lowered.startswith(("sip:", "sips:")):
        return _sip_target(raw.split(":", 1)[1], plan)
    for scheme in ("callto://", "callto:", "tel:"):
        if lowered.startswith(scheme):
            raw = raw[len(scheme) :]
            break
    raw = raw.split(";", 1)[0]  # tel: parameters (phone-context...) are not ours to dial
    if "@" in raw:
        return _sip_target(raw, plan)
    digits = _ascii_digits(_DIAL_CHARS.sub("", raw))
    if not digits:
        raise NumberError("empty")
    if digits.isascii() and digits.isdigit() and len(digits) <= plan.extension_max_digits:
        return DialTarget(uri=_uri(digits, plan), number=digits, is_extension=True)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?[0-9*#]+", digits):
        raise NumberError("not_a_number")
    try:
        parsed = phonenumbers.parse(digits, plan.country.upper())
    except phonenumbers.NumberParseException as exc:
        raise NumberError("not_a_number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise NumberError("impossible_number")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if plan.number_format is NumberFormat.NATIONAL:
        region = phonenumbers.region_code_for_number(parsed)
        if region == plan.country.upper():
            dial = phonenumbers.national_significant_number(parsed)
            prefix = phonenumbers.ndd_prefix_for_region(region, True) or ""
            dial = prefix + dial
        else:
            dial = "00" + e164[1:]
    else:
        dial = e164
    return DialTarget(uri=_uri(plan.outside_prefix + dial, plan), number=e164)


def _ascii_digits(text: str) -> str:
    """Decimal digits of any script (Arabic-Indic, fullwidth...) as 0-9; everything else,
    superscripts included, is left for the checks that follow to refuse."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _uri(user: str, plan: DialPlan) -> str:
    if not plan.sip_domain:
        raise NumberError("no_domain")
    return f"sip:{user}@{plan.sip_domain}"


def _sip_target(rest: str, plan: DialPlan) -> DialTarget:
    rest = rest.split(";", 1)[0].split("?", 1)[0]
    user, _, host = rest.rpartition("@")
    if not user:
        user, host = rest, plan.sip_domain
    if not host or not _SIP_HOST.fullmatch(host):
        raise NumberError("bad_sip_uri")
    if not _SIP_USER.fullmatch(user):
        raise NumberError("bad_sip_uri")
    return DialTarget(uri=f"sip:{user}@{host}", number=user)


def number_from_uri(uri: str, country: str = "FR") -> str:
    """The caller's number from a From/Contact URI, in E.164 when it parses as a phone number."""
    inner = uri.strip()
    match = re.search(r"<([^>]*)>", inner)
    if match:
        inner = match.group(1)
    inner = re.sub(r"^(sips?|tel):", "", inner, flags=re.IGNORECASE)
    user = inner.split("@", 1)[0].split(";", 1)[0]
    if not user:
        return ""
    digits = _DIAL_CHARS.sub("", user)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"\+?[0-9]{6,16}", digits):
        try:
            parsed = phonenumbers.parse(digits, country.upper())
        except phonenumbers.NumberParseException:
            return user
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return user


def display_name_from_uri(uri: str) -> str:
    """The quoted display name of a name-addr, or empty."""
    match = re.match(r'\s*"((?:[^"\\]|\\.)*)"', uri)
    if match:
        return match.group(1).replace('\\"', '"')
    match = re.match(r"\s*([^<\"]+?)\s*<", uri)
    return match.group(1) if match else ""


def pretty_number(e164: str, country: str = "FR") -> str:
    """How a number reads to a person: national format at home, international abroad."""
    try:
        parsed = phonenumbers.parse(e164, country.upper())
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_possible_number(parsed):
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(parsed) == country.upper()
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(parsed, fmt))
