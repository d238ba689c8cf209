"""TLS peers for the [harden] tests: a throw-away CA and certificates (openssl CLI), and a real
HTTPS server (stdlib http.server under ssl) that answers like the central API's health check
and counts the requests that reached it (none may, when the client refuses the certificate).
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)


def make_ca(folder: Path, name: str = "HomeAgent Test CA") -> Cert:
    """A CA certificate (basicConstraints CA:TRUE) and its key."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = Cert(folder / "ca.pem", folder / "ca.key")
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", str(ca.key), "-out", str(ca.cert), "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return ca


def make_leaf(folder: Path, ca: Cert, common_name: str, alt_names: str) -> Cert:
    """A server certificate for `common_name` (subjectAltName `alt_names`, e.g.
    "IP:127.0.0.1,DNS:localhost") signed by `ca`."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = common_name.replace("*", "star").replace(":", "_")
    leaf = Cert(folder / f"{stem}.pem", folder / f"{stem}.key")
    csr, ext = folder / f"{stem}.csr", folder / f"{stem}.ext"
    ext.write_text(
        f"subjectAltName={alt_names}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        encoding="ascii",
    )
    _openssl(
        "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", str(leaf.key),
        "-out", str(csr), "-subj", f"/CN={common_name}",
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca.cert), "-CAkey", str(ca.key),
        "-CAcreateserial", "-out", str(leaf.cert), "-days", "2", "-extfile", str(ext),
    )  # fmt: skip
    return leaf


def make_self_signed(folder: Path, common_name: str, alt_names: str) -> Cert:
    """A self-signed server certificate that nobody trusts (the right name, though)."""
    folder.mkdir(parents=True, exist_ok=True)
    own = Cert(folder / "self-signed.pem", folder / "self-signed.key")
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", str(own.key), "-out", str(own.cert), "-subj", f"/CN={common_name}",
        "-addext", f"subjectAltName={alt_names}",
    )  # fmt: skip
    return own


@dataclass(frozen=True)
class Certificates:
    ca: Cert  # the CA the client is told to trust
    good: Cert  # 127.0.0.1 (IP and CN), signed by the CA
    wrong_name: Cert  # signed by the same CA, for another host name
    untrusted: Cert  # self-signed for 127.0.0.1


def certificates(folder: Path) -> Certificates:
    ca = make_ca(folder / "ca")
    return Certificates(
        ca,
        make_leaf(folder / "good", ca, "127.0.0.1", "IP:127.0.0.1,DNS:localhost"),
        make_leaf(folder / "wrong", ca, "wrong.example.net", "DNS:wrong.example.net"),
        make_self_signed(folder / "untrusted", "127.0.0.1", "IP:127.0.0.1,DNS:localhost"),
    )


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.seen.append(f"GET {self.path}")
        if self.path == "/v1/health":
            now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            self._json(200, {"status": "ok", "server_time": now})
        else:
            self._json(404, {"title": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.seen.append(f"POST {self.path} {self.rfile.read(length)!r}")
        self._json(401, {"title": "invalid-credentials"})

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the test reads `seen`


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    seen: list[str]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that drops the handshake is what these tests expect


@dataclass
class HttpsServer:
    base_url: str
    seen: list[str]  # requests that reached the handler (after a completed handshake)


@contextmanager
def https_server(cert: Cert) -> Iterator[HttpsServer]:
    """Serve HTTPS on 127.0.0.1 with `cert` until the block ends."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert.cert, cert.key)
    server = _Server(("127.0.0.1", 0), _Handler)
    server.seen = []
    # the handshake happens in accept(): a refused certificate never reaches a handler
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield HttpsServer(f"https://127.0.0.1:{server.server_address[1]}", server.seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
