from pathlib import Path

import pytest

from homeagent import config
from homeagent.domain.errors import ConfigError
from homeagent.domain.sip_account import SrtpPolicy, Transport

GOOD = """
[api]
url = "https://api.example.com/"
[sip]
domain = "sip.example.com"
transport = "tls"
stun = ["stun.example.com:3478"]
srtp = "mandatory"
[dialplan]
country = "be"
outside_prefix = "0"
[calls]
auto_answer_s = 2
[policy]
locked = ["calls.auto_answer_s"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "provisioning.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_and_precedence(tmp_path: Path) -> None:
    prefs = tmp_path / "prefs.json"
    prefs.write_text('{"calls.auto_answer_s": 9, "ui.language": "fr", "sip.domain": "evil"}')
    cfg = config.load(write(tmp_path, GOOD), prefs)
    assert cfg.api_url == "https://api.example.com"
    assert cfg.sip.transport is Transport.TLS and cfg.sip.srtp is SrtpPolicy.MANDATORY
    assert cfg.dial_plan.country == "BE" and cfg.dial_plan.sip_domain == "sip.example.com"
    assert cfg.calls.auto_answer_s == 2  # locked: the operator's 9 is ignored
    assert cfg.ui.language == "fr"  # not locked: the preference wins
    assert cfg.sip.domain == "sip.example.com"  # not user-settable at all


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    cfg = config.load(tmp_path / "none.toml")
    assert cfg.source == "defaults" and cfg.sip.transport is Transport.UDP


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[sip]\ntransport = 'pigeon'", "sip.transport", "must be one of"),
        ("[sip]\ncolour = 'red'", "sip.colour", "unknown setting"),
        ("[api]\nurl = 'http://api.example.com'", "api.url", "https://"),
        ("[dialplan]\ncountry = 'France'", "dialplan.country", "two-letter"),
        ("[sip]\nregister_timeout_s = 5", "sip.register_timeout_s", "from 60 to 3600"),
        ("[sip]\nca_file = '/nonexistent/ca.pem'", "sip.ca_file", "file not found"),
        ("[sip]\nstun = 'stun.example.com'", "sip.stun", "list"),
        ("[policy]\nlocked = ['nope']", "policy.locked", "unknown setting"),
        ("sip = 3", "sip", "[section]"),
        ("[sip\n", "-", "not valid TOML"),
    ],
)
def test_bad_values_name_file_key_and_problem(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.key == key
    assert problem in err.value.problem
    assert str(path) in str(err.value)


def test_broken_preferences_are_ignored(tmp_path: Path) -> None:
    prefs = tmp_path / "prefs.json"
    prefs.write_text("{not json")
    assert config.load(tmp_path / "none.toml", prefs).ui.language == ""


def test_ca_bundle_adds_the_company_ca_to_public_ones(tmp_path: Path) -> None:
    import certifi

    from homeagent.app import ca_bundle

    company = tmp_path / "company-ca.pem"
    company.write_text("-----BEGIN CERTIFICATE-----\nCOMPANY\n-----END CERTIFICATE-----\n")
    cfg = config.load(write(tmp_path, f"[sip]\nca_file = '{company}'\n"))
    bundle = Path(ca_bundle(cfg, tmp_path / "data"))
    text = bundle.read_text()
    assert "COMPANY" in text and Path(certifi.where()).read_text() in text
    assert ca_bundle(config.load(tmp_path / "none.toml"), tmp_path / "data") == certifi.where()
