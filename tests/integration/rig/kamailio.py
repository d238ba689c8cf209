"""A real Kamailio registrar/proxy on loopback for SIP integration tests.

Any username registers with the one fixed password; INVITEs are record-routed and relayed to
the registered contact (or straight to a non-local Request-URI, so it also serves as an
outbound proxy). Every REGISTER outcome is logged as `HA-RIG REGISTER from <user> -> <code>`.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import IO

from .ports import LOOPBACK, free_port, free_port_both

KAMAILIO = shutil.which("kamailio") or "/usr/sbin/kamailio"
KAMCMD = shutil.which("kamcmd") or "/usr/sbin/kamcmd"
TIMEOUT = shutil.which("timeout") or "/usr/bin/timeout"
MODULE_DIR = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules")
TEMPLATE = Path(__file__).with_name("kamailio.cfg.tmpl")

_REGISTER_RE = re.compile(r"HA-RIG REGISTER from (?P<user>\S+) -> (?P<code>\d{3})")
# Unix socket paths are limited to 108 bytes; long pytest tmp paths can exceed that.
_MAX_SOCKET_PATH = 100


class KamailioError(RuntimeError):
    """Kamailio could not be configured, started or queried."""


def tls_available() -> bool:
    """True if Kamailio's TLS module is installed (Debian: kamailio-tls-modules)."""
    return (MODULE_DIR / "tls.so").exists()


def make_self_signed_cert(directory: Path, common_name: str = LOOPBACK) -> tuple[Path, Path]:
    """Create a throw-away self-signed certificate and key for TLS tests; return (cert, key)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", f"/CN={common_name}", "-addext", f"subjectAltName=IP:{common_name}",
        ],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


def sip_options_probe(host: str, port: int, timeout: float = 0.5) -> str | None:
    """Send one raw SIP OPTIONS over UDP; return the status line of the answer, or None."""
    call_id = f"probe-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((LOOPBACK, 0))
        sock.settimeout(timeout)
        local_port = sock.getsockname()[1]
        request = (
            f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {LOOPBACK}:{local_port};branch=z9hG4bK-{uuid.uuid4().hex};rport\r\n"
            f"From: <sip:probe@{LOOPBACK}>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:{host}:{port}>\r\n"
            f"Call-ID: {call_id}\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Max-Forwards: 70\r\n"
            "Content-Length: 0\r\n\r\n"
        )
        sock.sendto(request.encode(), (host, port))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65535)
            except (TimeoutError, ConnectionRefusedError):
                return None
            text = data.decode(errors="replace")
            if call_id in text:  # ignore strays from an earlier probe
                return text.split("\r\n", 1)[0]
    return None


class Kamailio:
    """One Kamailio process: `start()`, `stop()`, `restart()` (same ports), `kill()`."""

    def __init__(
        self,
        workdir: Path,
        password: str,
        *,
        port: int | None = None,
        domain: str = LOOPBACK,
        tls_cert: Path | None = None,
        tls_key: Path | None = None,
        max_lifetime_s: float = 900,
    ) -> None:
        if any(ch in password for ch in '"\\\r\n'):
            raise ValueError("password must not contain quotes, backslashes or newlines")
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.password = password
        self.domain = domain
        self._port = port if port is not None else free_port_both()
        self._tls = tls_cert is not None and tls_key is not None and tls_available()
        self._tls_cert, self._tls_key = tls_cert, tls_key
        self._tls_port = free_port("tcp") if self._tls else None
        # Fixed for the life of this object so nonces survive restart().
        self._auth_secret = secrets.token_hex(16)
        self.config_path = self.workdir / "kamailio.cfg"
        self.log_path = self.workdir / "kamailio.log"
        self.pid_path = self.workdir / "kamailio.pid"
        ctl = self.workdir / "kamailio_ctl"
        if len(str(ctl)) > _MAX_SOCKET_PATH:
            ctl = Path(tempfile.gettempdir()) / f"ha-kam-{uuid.uuid4().hex[:12]}.ctl"
        self.ctl_path = ctl
        # Hard bound (coreutils timeout) in case the test process dies without stop().
        self.max_lifetime_s = max_lifetime_s
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    # -- addresses -------------------------------------------------------------------------
    @property
    def udp_port(self) -> int:
        return self._port

    @property
    def tcp_port(self) -> int:
        return self._port

    @property
    def tls_port(self) -> int | None:
        """TLS port, or None when no cert/key was given or the TLS module is missing."""
        return self._tls_port

    @property
    def tls_cert(self) -> Path | None:
        """The server certificate (also usable as the CA file: it is self-signed)."""
        return self._tls_cert if self._tls else None

    @property
    def host(self) -> str:
        return LOOPBACK

    def uri(self, user: str | None = None, transport: str | None = None) -> str:
        """SIP URI on this server, e.g. `sip:agent@127.0.0.1:5071;transport=tcp`."""
        port = self._tls_port if transport == "tls" and self._tls_port else self._port
        userpart = f"{user}@" if user else ""
        params = f";transport={transport}" if transport else ""
        return f"sip:{userpart}{LOOPBACK}:{port}{params}"

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """Pid of the process group leader (the `timeout` wrapper around Kamailio)."""
        return self._proc.pid if self._proc else None

    def write_config(self) -> Path:
        """Fill the template in and validate it with `kamailio -c` (raises KamailioError)."""
        values = {
            "DEFINES": "#!define WITH_TLS" if self._tls else "",
            "PORT": str(self._port),
            "TLS_PORT": str(self._tls_port or 0),
            # An alias without a port matches every port; 127.0.0.1 must stay port-exact so
            # that SIPp peers on other loopback ports are relayed, not looked up.
            "ALIAS": f'alias="{self.domain}"' if self.domain != LOOPBACK else "",
            "MPATH": f"{MODULE_DIR}/",
            "TLS_CERT": str(self._tls_cert or ""),
            "TLS_KEY": str(self._tls_key or ""),
            "AUTH_SECRET": self._auth_secret,
            "PASSWORD": self.password,
            "CTL": str(self.ctl_path),
        }
        text = TEMPLATE.read_text()
        for name, value in values.items():
            text = text.replace(f"@@{name}@@", value)
        if "@@" in text:
            raise KamailioError("unfilled marker left in the Kamailio template")
        self.config_path.write_text(text)
        check = subprocess.run(
            [KAMAILIO, "-c", "-f", str(self.config_path)],
            check=False, capture_output=True, text=True, timeout=15,
        )  # fmt: skip
        if check.returncode != 0:
            raise KamailioError(f"kamailio -c rejected the config:\n{check.stderr[-3000:]}")
        return self.config_path

    def start(self, timeout: float = 10) -> None:
        """Start in the foreground and return once it answers OPTIONS over UDP."""
        if self.running:
            return
        self.write_config()
        self.pid_path.unlink(missing_ok=True)
        # Append, so the log spans restarts; closed by stop()/kill().
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self._proc = subprocess.Popen(
            [
                TIMEOUT, "--kill-after=5", f"{math.ceil(self.max_lifetime_s)}s",
                KAMAILIO, "-DD", "-E", "-f", str(self.config_path),
                "-P", str(self.pid_path), "-w", str(self.workdir), "-Y", str(self.workdir),
                "-m", "32", "-M", "8",
            ],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            start_new_session=True,  # own process group: stop() reaps every worker
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._cleanup()
                raise KamailioError(f"kamailio exited at start-up:\n{self.log_text()[-3000:]}")
            status = sip_options_probe(LOOPBACK, self._port, timeout=0.3)
            if status is not None and " 200 " in status:
                return
            time.sleep(0.05)
        self.stop()
        raise KamailioError(f"kamailio did not answer OPTIONS within {timeout}s")

    def stop(self, timeout: float = 5) -> None:
        """SIGTERM the whole process group; SIGKILL whatever is left after `timeout`."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                proc.wait(5)
        self._signal_group(signal.SIGKILL)  # stray workers, if the main process died first
        self._cleanup()

    def kill(self) -> None:
        """Simulate a crash: SIGKILL every Kamailio process at once."""
        if self._proc is None:
            return
        self._signal_group(signal.SIGKILL)
        self._proc.wait(5)
        self._cleanup()

    def restart(self, timeout: float = 10) -> None:
        """Stop and start again on the same ports (registrations are lost: usrloc is in memory)."""
        self.stop()
        self.start(timeout)

    def _signal_group(self, sig: signal.Signals) -> None:
        if self._proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, sig)

    def _cleanup(self) -> None:
        self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.ctl_path.parent != self.workdir:
            self.ctl_path.unlink(missing_ok=True)

    def __enter__(self) -> Kamailio:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what happened ---------------------------------------------------------------------
    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def register_outcomes(self, user: str | None = None) -> list[tuple[str, int]]:
        """(user, status code) of every REGISTER seen so far, oldest first."""
        outcomes = [(m["user"], int(m["code"])) for m in _REGISTER_RE.finditer(self.log_text())]
        return [o for o in outcomes if user is None or o[0] == user]

    def register_attempts(self, user: str) -> int:
        """How many REGISTER requests `user` sent (challenged, rejected and accepted alike)."""
        return len(self.register_outcomes(user))

    def wait_for_log(self, pattern: str, timeout: float = 5) -> re.Match[str]:
        """Wait until `pattern` (a regex) appears in the log; raise TimeoutError otherwise."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.log_text())
            if match:
                return match
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{pattern!r} not in the Kamailio log after {timeout}s")
            time.sleep(0.05)

    def registrations(self) -> dict[str, list[str]]:
        """Registered users and their contact URIs, read live from usrloc via kamcmd."""
        if not self.running:
            return {}
        out = subprocess.run(
            [KAMCMD, "-s", f"unix:{self.ctl_path}", "ul.dump"],
            check=False, capture_output=True, text=True, timeout=5,
        )  # fmt: skip
        if out.returncode != 0:
            raise KamailioError(f"kamcmd ul.dump failed: {out.stderr.strip()}")
        result: dict[str, list[str]] = {}
        aor: str | None = None
        for line in out.stdout.splitlines():
            key, _, value = line.strip().partition(": ")
            if key == "AoR":
                aor = value.split("@", 1)[0]
                result[aor] = []
            elif key == "Address" and aor is not None:
                result[aor].append(value)
        return result

    def wait_for_registration(self, user: str, timeout: float = 5) -> list[str]:
        """Wait until `user` has a binding; return its contacts (TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout
        while True:
            contacts = self.registrations().get(user)
            if contacts:
                return contacts
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{user!r} did not register within {timeout}s")
            time.sleep(0.1)
