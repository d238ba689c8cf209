"""Export diagnostics: the zip holds what IT needs, and none of the planted secrets or
customer data, whatever file they were planted in."""

from __future__ import annotations

import json
import logging
import re
import zipfile
from pathlib import Path

from homeagent import config, diagnostics, logs

SIP_PASSWORD = "Zq8-sip-PASSWORD-planted"
TOKEN = "eyJplantedACCESStoken.abc.def"
REFRESH = "planted-refresh-token-77aa"
NUMBER_DIGITS = "33612345678"
EMAIL = "jeanne.martin@example.org"
NAME = "Jeanne Martinez"
PLANTED = (SIP_PASSWORD, TOKEN, REFRESH, NUMBER_DIGITS, EMAIL, NAME, "612345678", "06 12 34 56 78")

SIP_TRACE = f"""INVITE sip:{NUMBER_DIGITS}@sip.example.com SIP/2.0
From: {NAME} <sip:+{NUMBER_DIGITS}@sip.example.com>;tag=1
To: "{NAME}" <tel:+{NUMBER_DIGITS}>
Authorization: Digest username="agent7", realm="x", nonce="n", response="d41d8cd98f00b204"
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
"""


def plant_logs(log_dir: Path) -> None:
    logs.setup(log_dir, "debug")  # the app's own handler, with its redacting formatter
    log = logging.getLogger("homeagent.test")
    try:
        log.info("engine: %s", SIP_TRACE)
        log.info('api login {"password": "%s", "access_token": "%s"}', SIP_PASSWORD, TOKEN)
        log.info("Authorization: Bearer %s", TOKEN)
        log.warning("lookup for 06 12 34 56 78 and +%s failed", NUMBER_DIGITS)
        log.info("ticket mail to %s", EMAIL)
        log.info("sip password is %s", SIP_PASSWORD)  # a bug would log it bare
    finally:
        for handler in logging.getLogger().handlers:
            handler.close()
        logging.getLogger().handlers.clear()
    # an older rotated file written by a version without the formatter
    (log_dir / "homeagent.log.1").write_text(
        f"2025-01-01 10:00:00,000 INFO [t] x: refresh_token={REFRESH} caller {NAME} "
        f"<sip:{NUMBER_DIGITS}@x> {EMAIL} +{NUMBER_DIGITS}\n",
        encoding="utf-8",
    )


def make_sources(tmp_path: Path) -> diagnostics.DiagnosticsSources:
    log_dir, data_dir = tmp_path / "logs", tmp_path / "data"
    plant_logs(log_dir)
    (data_dir / "preshift").mkdir(parents=True)
    (data_dir / "preshift" / "last.json").write_text(
        json.dumps({"verdict": "amber", "checks": {"sip": {"detail": f"to +{NUMBER_DIGITS}"}}}),
        encoding="utf-8",
    )
    (data_dir / "homeagent.db").write_bytes(b"SQLite format 3\x00" + NAME.encode() * 10)
    (data_dir / "preferences.json").write_text('{"ui.language": "fr"}', encoding="utf-8")
    provisioning = tmp_path / "provisioning.toml"
    provisioning.write_text(
        '[api]\nurl = "https://user:hunter2-planted@api.example.com"\n'
        '[sip]\ndomain = "sip.example.com"\ntransport = "tls"\n'
        '[policy]\nlocked = ["ui.language"]\n',
        encoding="utf-8",
    )
    return diagnostics.DiagnosticsSources(
        cfg=config.load(provisioning),
        log_dir=log_dir,
        data_dir=data_dir,
        engine_stats={"calls": 3, "last_remote": f"sip:+{NUMBER_DIGITS}@x", "rtp_loss_pct": 0.4},
        extra_secrets=(SIP_PASSWORD, REFRESH),
        qt_version="6.11.3",
    )


def read_all(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()}


def test_the_zip_has_what_it_needs(tmp_path: Path) -> None:
    dest = diagnostics.export(tmp_path / "out" / diagnostics.default_name(), make_sources(tmp_path))
    assert re.fullmatch(r"homeagent-diagnostics-\d{8}-\d{6}\.zip", dest.name)
    files = read_all(dest)
    assert set(files) == {
        "README.txt", "versions.json", "config.json", "logs/homeagent.log",
        "logs/homeagent.log.1", "preshift.json", "engine-stats.json",
    }  # fmt: skip
    versions = json.loads(files["versions.json"])
    assert versions["qt"] == "6.11.3" and versions["pjsua2"].startswith("2.15")
    assert versions["homeagent"] and versions["python"] and versions["os"]
    cfg = json.loads(files["config.json"])
    assert cfg["sip"]["transport"] == "tls" and cfg["locked"] == ["ui.language"]
    assert cfg["api_url"] == "https://********@api.example.com"
    assert json.loads(files["engine-stats.json"])["rtp_loss_pct"] == 0.4
    assert json.loads(files["preshift.json"])["verdict"] == "amber"
    log = files["logs/homeagent.log"]
    assert "engine: INVITE" in log and "lookup for <number> and <number> failed" in log
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO", log)  # timestamps kept
    assert not list(tmp_path.glob("out/*.part"))


def test_no_planted_secret_or_customer_data_anywhere(tmp_path: Path) -> None:
    dest = diagnostics.export(tmp_path / "d.zip", make_sources(tmp_path))
    raw = dest.read_bytes()
    files = read_all(dest)
    assert "hunter2-planted" not in "".join(files.values())
    for name, text in files.items():
        flat = re.sub(r"[ .\-()]", "", text)
        for planted in PLANTED:
            assert planted not in text, (name, planted)
            assert re.sub(r"[ .\-()]", "", planted) not in flat, (name, planted)
        assert "d41d8cd98f00b204" not in text and "WVNfX19zZW1jdGwg" not in text
    assert b"SQLite format 3" not in raw  # compressed or not: the database is never added
    with zipfile.ZipFile(dest) as zf:
        assert not any(n.endswith((".db", ".sqlite", "preferences.json")) for n in zf.namelist())


def test_missing_sources_still_make_a_zip(tmp_path: Path) -> None:
    sources = diagnostics.DiagnosticsSources(config.Config(), None, tmp_path / "nothing")
    files = read_all(diagnostics.export(tmp_path / "d.zip", sources))
    assert set(files) == {"README.txt", "versions.json", "config.json"}


def test_scrub_keeps_what_is_not_personal() -> None:
    line = "2026-01-02 03:04:05,678 INFO [MainThread] x: rtt 12.5 ms, 480 Temporarily, id 1234"
    assert diagnostics.scrub(line) == line
    assert diagnostics.scrub("call to +33 6 12 34 56 78 ok") == "call to <number> ok"
    assert diagnostics.scrub("From: Jeanne <sip:100@x>") == "From: <name> <sip:100@x>"
