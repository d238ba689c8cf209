import pytest

from homeagent.domain.dialplan import (
    DialPlan,
    NumberFormat,
    display_name_from_uri,
    normalise,
    number_from_uri,
    pretty_number,
)
from homeagent.domain.errors import NumberError

PLAN = DialPlan(country="FR", sip_domain="pbx.example.com")


@pytest.mark.parametrize(
    ("typed", "uri", "number"),
    [
        ("01 23 45 67 89", "sip:+33123456789@pbx.example.com", "+33123456789"),
        (
            "+33 (0)1 23 45 67 89".replace("(0)", ""),
            "sip:+33123456789@pbx.example.com",
            "+33123456789",
        ),
        ("tel:+44-20-7946-0000", "sip:+442079460000@pbx.example.com", "+442079460000"),
        ("tel:+33123456789;phone-context=x", "sip:+33123456789@pbx.example.com", "+33123456789"),
        ("callto://+33123456789", "sip:+33123456789@pbx.example.com", "+33123456789"),
        ("0044 20 7946 0000", "sip:+442079460000@pbx.example.com", "+442079460000"),
        ("1234", "sip:1234@pbx.example.com", "1234"),
        ("sip:bob@example.org", "sip:bob@example.org", "bob"),
        ("sip:bob@example.org:5070;transport=tcp", "sip:bob@example.org:5070", "bob"),
        ("SIP:alice", "sip:alice@pbx.example.com", "alice"),
    ],
)
def test_normalise_accepts_what_operators_type(typed: str, uri: str, number: str) -> None:
    target = normalise(typed, PLAN)
    assert (target.uri, target.number) == (uri, number)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("+33 1234", "impossible_number"),
        ("x" * 300, "malformed"),
        ("01 23\r\nINVITE", "malformed"),
        ('sip:"evil"<x>@host', "bad_sip_uri"),
        ("sip:bob@host with space", "bad_sip_uri"),
    ],
)
def test_normalise_rejects_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(NumberError) as err:
        normalise(typed, PLAN)
    assert str(err.value) == code


def test_outside_prefix_and_national_format() -> None:
    plan = DialPlan(
        country="FR", sip_domain="pbx", outside_prefix="0", number_format=NumberFormat.NATIONAL
    )
    assert normalise("+33 1 23 45 67 89", plan).uri == "sip:00123456789@pbx"
    assert normalise("+44 20 7946 0000", plan).uri == "sip:000442079460000@pbx"


def test_no_domain_is_an_error() -> None:
    with pytest.raises(NumberError, match="no_domain"):
        normalise("0123456789", DialPlan())


def test_caller_number_from_uri() -> None:
    assert number_from_uri('"Jean" <sip:0123456789@10.0.0.1:5060>') == "+33123456789"
    assert number_from_uri("sip:+442079460000@x;user=phone") == "+442079460000"
    assert number_from_uri("<sip:anonymous@anonymous.invalid>") == "anonymous"
    assert number_from_uri("") == ""
    assert display_name_from_uri('"Jean \\"JD\\" D" <sip:1@h>') == 'Jean "JD" D'
    assert display_name_from_uri("Marie <sip:1@h>") == "Marie"
    assert display_name_from_uri("<sip:1@h>") == ""
    assert pretty_number("+33123456789") == "01 23 45 67 89"
    assert pretty_number("+442079460000") == "+44 20 7946 0000"
    assert pretty_number("bob") == "bob"
