"""`homeagent --self-test`: can this machine run HomeAgent? Headless, for IT's remote tools.

Checks the provisioning, the keyring backend, the central API (reachable, clock skew), the
SIP registrar over the provisioned transport (a burst of OPTIONS) and the sound devices,
then prints one readable report (or JSON) and exits 0 when nothing failed, 1 otherwise.
Warnings (no keyring, no sound server in this session) do not fail: the operator can still
work, and a remote shell often has no sound server or Secret Service of the user's.
No Qt: runs on a machine without a display, as root or as the user.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from homeagent import __version__, config
from homeagent.domain.errors import ConfigError

PASS, WARN, FAIL, SKIP = "pass", "warn", "fail", "skip"
T = TypeVar("T")


@dataclass(frozen=True)
class Check:
    name: str  # config, keyring, api, sip, audio
    state: str  # pass, warn, fail, skip
    summary: str  # one line for IT
    detail: str = ""  # technical: exception text, the target
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SelfTestReport:
    started_at: str
    provisioning: str
    checks: tuple[Check, ...]
    version: str = __version__

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.state == FAIL)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "started_at": self.started_at,
            "host": socket.gethostname(),
            "provisioning": self.provisioning,
            "result": "pass" if self.ok else "fail",
            "checks": [
                {
                    "name": c.name,
                    "state": c.state,
                    "summary": c.summary,
                    "detail": c.detail,
                    "figures": c.figures,
                }
                for c in self.checks
            ],
        }

    def to_text(self) -> str:
        lines = [
            f"HomeAgent {self.version} self-test on {socket.gethostname()} at {self.started_at}",
            f"provisioning: {self.provisioning}",
            "",
        ]
        for c in self.checks:
            lines.append(f"[{c.state.upper()}] {c.name:<8} {c.summary}")
            if c.detail and c.state in (WARN, FAIL):
                lines.append(f"{'':16}{c.detail}")
        warnings = sum(1 for c in self.checks if c.state == WARN)
        verdict = "PASS" if self.ok else "FAIL"
        lines += ["", f"RESULT: {verdict} ({len(self.failed)} failed, {warnings} warnings)"]
        return "\n".join(lines) + "\n"


# ---- the checks ------------------------------------------------------------------------------


def _with_timeout(fn: Callable[[], T], timeout_s: float) -> T:
    """Run `fn` on a daemon thread: a keyring or sound server that hangs cannot hang us."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=target, name="selftest", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise TimeoutError(f"no answer in {timeout_s:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _err(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def check_config(path: Path) -> tuple[Check, config.Config | None]:
    try:
        cfg = config.load(path)
    except ConfigError as exc:
        return Check("config", FAIL, f"invalid provisioning: {exc}", detail=exc.key), None
    if cfg.source == "defaults":
        what = "sets nothing" if path.is_file() else "is missing"
        summary = f"the provisioning file {path} {what}: nothing to connect to"
        return Check("config", FAIL, summary), cfg
    if not cfg.api_url and not (cfg.sip.registrar or cfg.sip.domain or cfg.sip.outbound_proxy):
        summary = "provisioning sets neither api.url nor a SIP registrar/domain"
        return Check("config", FAIL, summary), cfg
    locked = f", locked: {', '.join(sorted(cfg.locked))}" if cfg.locked else ""
    return Check("config", PASS, f"valid, update channel {cfg.updates.channel.value}{locked}"), cfg


def check_keyring(timeout_s: float) -> Check:
    try:
        import keyring

        from homeagent.secrets import SecretStore

        store = SecretStore()
        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if not store.usable():
            summary = (
                f"no usable keyring backend ({name}): operators will type their password "
                "at each sign-in (normal in a session without the user's Secret Service)"
            )
            return Check("keyring", WARN, summary, figures={"backend": name})
        key = f"homeagent-selftest-{uuid.uuid4().hex[:8]}"
        secret = uuid.uuid4().hex

        def round_trip() -> bool:
            store.set(key, secret)
            try:
                return store.get(key) == secret
            finally:
                store.delete(key)

        if not _with_timeout(round_trip, timeout_s):
            return Check("keyring", WARN, f"{name} did not give back what was stored")
        return Check("keyring", PASS, f"{name} stores and reads a secret")
    except Exception as exc:
        return Check("keyring", WARN, "keyring unusable (locked or refused)", _err(exc))


def check_api(cfg: config.Config, timeout_s: float) -> Check:
    if not cfg.api_url:
        return Check("api", SKIP, "no api.url provisioned (SIP-only)")
    from homeagent.api.client import ApiClient
    from homeagent.api.http import Http, use_os_trust_store
    from homeagent.services.preshift import State, Thresholds, grade_api

    if not cfg.api_url.startswith("http://127.0.0.1"):
        use_os_trust_store()
    http = Http(cfg.api_url, timeout=(timeout_s, timeout_s), user_agent=f"HomeAgent/{__version__}")
    api = ApiClient(http, "selftest", retries=1)
    before_wall, before = datetime.now(UTC), time.monotonic()
    try:
        server_time = api.health()
    except Exception as exc:
        return Check("api", FAIL, f"{cfg.api_url} unreachable", _err(exc))
    rtt_ms = (time.monotonic() - before) * 1000.0
    graded = grade_api(
        server_time, before_wall + (datetime.now(UTC) - before_wall) / 2, rtt_ms, Thresholds()
    )
    skew = graded.figures["clock_skew_s"]
    summary = f"{cfg.api_url} answered in {rtt_ms:.0f} ms, clock skew {skew:+.1f} s"
    state = {State.PASS: PASS, State.WARN: WARN}.get(graded.state, FAIL)
    if "fix_clock" in graded.advice:
        summary += " (fix this computer's clock: sign-in tokens and punches depend on it)"
    if "slow_api" in graded.advice:
        summary += " (slow)"
    return Check("api", state, summary, figures=graded.figures)


def _sip_ca_file(cfg: config.Config, folder: Path) -> str:
    """What the engine trusts: certifi's public CAs plus the CA file IT provisioned."""
    import certifi

    if not cfg.sip.ca_file:
        return str(certifi.where())
    combined = folder / "ca-bundle.pem"
    text = Path(certifi.where()).read_text(encoding="ascii")
    text += "\n" + Path(cfg.sip.ca_file).read_text(encoding="ascii", errors="replace")
    combined.write_text(text, encoding="ascii", errors="replace")
    return str(combined)


def check_sip(cfg: config.Config, timeout_s: float, count: int = 5) -> Check:
    target = cfg.sip.outbound_proxy or cfg.sip.registrar or cfg.sip.domain
    if not target:
        return Check("sip", SKIP, "no SIP registrar provisioned (the API hands it out)")
    from homeagent import netcheck
    from homeagent.services.preshift import State, Thresholds, grade_sip

    transport = cfg.sip.transport.value
    with tempfile.TemporaryDirectory(prefix="homeagent-selftest-") as tmp:
        probe = netcheck.options_burst(
            target,
            transport,
            count=count,
            interval_s=0.1,
            timeout_s=timeout_s,
            ca_file=_sip_ca_file(cfg, Path(tmp)),
        )
    graded = grade_sip(probe, Thresholds())
    where = f"{target} over {transport}"
    if not probe.reachable:
        why = {"tls": "TLS certificate refused (sip.ca_file?)", "dns": "name not found"}
        reason = why.get(probe.error, f"no answer ({probe.error or 'timeout'})")
        return Check("sip", FAIL, f"{where}: {reason}", figures=graded.figures)
    median = probe.median_ms or 0.0
    summary = (
        f"{where} answered {probe.received}/{probe.sent} OPTIONS "
        f"(SIP {probe.status}), median {median:.0f} ms, loss {probe.loss_pct:.0f}%"
    )
    state = {State.PASS: PASS, State.WARN: WARN}.get(graded.state, FAIL)
    return Check("sip", state, summary, figures=graded.figures)


def check_audio(timeout_s: float) -> Check:
    try:
        from homeagent.audio import devices
    except ImportError as exc:
        return Check("audio", SKIP, "not checked: no sound layer in this build", _err(exc))
    try:
        listing = _with_timeout(devices.list_devices, timeout_s)
    except Exception as exc:
        summary = (
            "not checked: no sound server in this session (normal as a service or over "
            "SSH; run the self-test in the operator's session)"
        )
        return Check("audio", WARN, summary, _err(exc))
    ins = [d.name for d in listing.inputs]
    outs = [d.name for d in listing.outputs]
    figures = {"host_api": listing.host_api, "inputs": ins[:20], "outputs": outs[:20]}
    if not ins or not outs:
        missing = "microphone" if not ins else "speaker or headset"
        return Check("audio", FAIL, f"no {missing} found ({listing.host_api})", figures=figures)
    return Check(
        "audio",
        PASS,
        f"{len(ins)} inputs, {len(outs)} outputs ({listing.host_api})",
        figures=figures,
    )


def run(provisioning: Path | None = None, *, timeout_s: float = 3.0) -> SelfTestReport:
    """Every check, one after the other (about `3 * timeout_s` at worst)."""
    import os

    path = provisioning or Path(
        os.environ.get(config.ENV_PROVISIONING, "") or config.default_provisioning_path()
    )
    started = datetime.now(UTC).isoformat(timespec="seconds")
    checks: list[Check] = []
    config_check, cfg = check_config(path)
    checks.append(config_check)
    checks.append(check_keyring(timeout_s))
    if cfg is None:
        checks.append(Check("api", SKIP, "not checked: the provisioning is invalid"))
        checks.append(Check("sip", SKIP, "not checked: the provisioning is invalid"))
    else:
        checks.append(check_api(cfg, timeout_s))
        checks.append(check_sip(cfg, timeout_s))
    checks.append(check_audio(timeout_s))
    return SelfTestReport(started, str(path), tuple(checks))


def cli(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """`homeagent --self-test [--provisioning FILE] [--json]`; other options are ignored."""
    parser = argparse.ArgumentParser(prog="homeagent --self-test", add_help=False)
    parser.add_argument("--provisioning", type=Path)
    parser.add_argument("--json", action="store_true")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return main(args.provisioning, as_json=args.json, out=out)


def main(
    provisioning: Path | None = None, *, as_json: bool = False, out: TextIO | None = None
) -> int:
    report = run(provisioning)
    stream = out or sys.stdout
    if as_json:
        stream.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        stream.write(report.to_text())
    stream.flush()
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(cli())
