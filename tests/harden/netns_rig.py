"""A network namespace joined to this one by a veth pair, for address-change faults.

    with netns() as ns:                      # root only: needs `ip netns` and veth
        kam = VethKamailio(path, PASSWORD, ns.host_ip)   # a registrar on the host side
        agent = NsEngine(ns)                 # an engine process inside the namespace
        ns.change_address(ns.address(3))     # what a home router's new lease does

The namespace has loopback up, IPv6 off (no link-local address appearing late), one IPv4
address on its end of the veth and a default route through the host end. Everything is
torn down on exit, even when the test failed; namespaces a killed run left behind are
removed the next time (their names carry the creating pid).

`tests/integration/engines.engine_log()` collects what engine processes write (their stderr,
the `homeagent.engine` logger); a peer started with `host_engine(ip, log_level=4)` writes every
SIP message there.

`python -m tests.harden.netns_rig sample` is the address sampler run inside a namespace:
for each line on stdin it prints the GUI's view of the local addresses
(`homeagent.ui.network_sample.local_addresses`) as one JSON list.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from homeagent.domain.sip_account import EngineSettings
from homeagent.sip.client import EngineClient, engine_argv
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig.kamailio import KAMAILIO, Kamailio

IP = "/usr/sbin/ip" if os.path.exists("/usr/sbin/ip") else "ip"
PREFIX = "hasip"  # namespace and interface names start with this
ROOT = Path(__file__).resolve().parents[2]

# An engine inside the namespace binds every address (an operator's PC does) and lets PJSIP
# find which one to publish, so a changed address is something it must notice.
NS_ENGINE = replace(LOOPBACK, bind_address="", public_address="")


def why_not_available() -> str:
    """Empty when namespaces can be made here; else the reason a test should skip."""
    if os.geteuid() != 0:
        return "network namespaces need root (ip netns add)"
    if subprocess.run([IP, "netns", "list"], capture_output=True, check=False).returncode:
        return "iproute2 `ip netns` is not usable here"
    return ""


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([IP, *args], capture_output=True, text=True, check=False, timeout=10)
    if check and done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale() -> None:
    """Namespaces (and their veths) left by a run that was killed before its teardown."""
    listing = _ip("netns", "list", check=False).stdout
    for name in re.findall(rf"^({PREFIX}-(\d+)-\w+)", listing, re.MULTILINE):
        if not _alive(int(name[1])):
            _ip("netns", "del", name[0], check=False)


@dataclass
class Netns:
    name: str
    host_if: str
    ns_if: str
    net: str  # "10.a.b" : the /24 the veth lives in

    @property
    def host_ip(self) -> str:
        return f"{self.net}.1"

    def address(self, host: int) -> str:
        return f"{self.net}.{host}"

    def wrap(self, argv: list[str]) -> list[str]:
        """`argv` run inside the namespace (ip execs it: the pid is the program's own)."""
        return [IP, "netns", "exec", self.name, *argv]

    def ns_ip(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _ip("-n", self.name, *args, check=check)

    def addresses(self) -> list[str]:
        """The namespace's IPv4 addresses on its veth end, as the kernel has them."""
        out = self.ns_ip("-4", "-o", "addr", "show", "dev", self.ns_if).stdout
        return re.findall(r"inet (\d+\.\d+\.\d+\.\d+)/", out)

    def remove_address(self) -> None:
        """Every IPv4 address goes (the default route with it): the PC is offline."""
        self.ns_ip("-4", "addr", "flush", "dev", self.ns_if)

    def add_address(self, ip: str) -> None:
        self.ns_ip("addr", "add", f"{ip}/24", "dev", self.ns_if)
        self.ns_ip("route", "replace", "default", "via", self.host_ip)

    def change_address(self, ip: str) -> None:
        """A new lease: the old address goes, another one comes."""
        self.remove_address()
        self.add_address(ip)


@contextmanager
def netns(first_host: int = 2) -> Iterator[Netns]:
    reason = why_not_available()
    if reason:
        raise RuntimeError(reason)
    remove_stale()
    tag = f"{random.randrange(16**4):04x}"
    used = _ip("-4", "-o", "addr").stdout
    for _ in range(50):
        net = f"10.{random.randrange(100, 250)}.{random.randrange(1, 250)}"
        if f"inet {net}." not in used:
            break
    else:
        raise RuntimeError("no free 10.x.y.0/24 for the veth")
    ns = Netns(f"{PREFIX}-{os.getpid()}-{tag}", f"{PREFIX}{tag}h", f"{PREFIX}{tag}n", net)
    try:
        _ip("netns", "add", ns.name)
        _ip("link", "add", ns.host_if, "type", "veth", "peer", "name", ns.ns_if)
        _ip("link", "set", ns.ns_if, "netns", ns.name)
        _ip("addr", "add", f"{ns.host_ip}/24", "dev", ns.host_if)
        _ip("link", "set", ns.host_if, "up")
        for key in ("all", "default", ns.ns_if):
            subprocess.run(
                ns.wrap(["sysctl", "-qw", f"net.ipv6.conf.{key}.disable_ipv6=1"]),
                capture_output=True,
                check=False,
            )
        ns.ns_ip("link", "set", "lo", "up")
        ns.ns_ip("link", "set", ns.ns_if, "up")
        ns.add_address(ns.address(first_host))
        yield ns
    finally:
        # deleting the namespace deletes its veth end, and with it the host end
        _ip("netns", "del", ns.name, check=False)
        _ip("link", "del", ns.host_if, check=False)


class VethKamailio(Kamailio):
    """The rig's Kamailio, listening on the host end of the veth as well as on loopback."""

    def __init__(self, workdir: Path, password: str, host_ip: str, **kw: Any) -> None:
        super().__init__(workdir, password, **kw)
        self.host_ip_address = host_ip

    def write_config(self) -> Path:
        path = super().write_config()
        text = path.read_text()
        extra = (
            f"listen=udp:{self.host_ip_address}:{self.udp_port}\n"
            f"listen=tcp:{self.host_ip_address}:{self.udp_port}\n"
        )
        loopback = f"listen=udp:127.0.0.1:{self.udp_port}\n"
        assert loopback in text, "the rig's Kamailio template changed"
        path.write_text(text.replace(loopback, loopback + extra, 1))
        check = subprocess.run(
            [KAMAILIO, "-c", "-f", str(path)], capture_output=True, text=True, check=False
        )
        if check.returncode != 0:
            raise RuntimeError(f"kamailio -c: {check.stderr[-2000:]}")
        return path

    def contacts(self, user: str) -> list[str]:
        return self.registrations().get(user, [])


class TeeEngine(EngineUnderTest):
    """An EngineUnderTest whose every event is also copied to `tee`, for a service under
    test that reads that queue on the test's thread (`argv`: how the engine is started)."""

    def __init__(
        self,
        settings: EngineSettings = LOOPBACK,
        restart: bool = False,
        argv: list[str] | None = None,
    ) -> None:
        super().__init__(settings, restart)
        self.tee: queue.Queue[Any] = queue.Queue()

        def on_event(event: Any) -> None:
            self.events.put(event)
            self.tee.put(event)

        env = dict(os.environ, HOMEAGENT_AUDIO="null")
        self.client = EngineClient(on_event, settings, restart=restart, argv=argv, env=env)

    def feed(self, handler: Callable[[Any], None]) -> None:
        """Hand every event reported since the last call to `handler` (on this thread)."""
        while True:
            try:
                event = self.tee.get_nowait()
            except queue.Empty:
                return
            handler(event)


class NsEngine(TeeEngine):
    """A TeeEngine whose process runs inside `ns`."""

    def __init__(
        self, ns: Netns, settings: EngineSettings = NS_ENGINE, restart: bool = False
    ) -> None:
        super().__init__(settings, restart, argv=ns.wrap(engine_argv()))

    def uri(self, user: str) -> str:
        raise NotImplementedError("the namespace's address changes: ask the registrar")


def host_engine(ip: str, log_level: int = 3) -> EngineUnderTest:
    """A peer engine in this namespace, bound to the host end of the veth (log level 4
    writes every SIP message it sends and receives to the engine log)."""
    settings = replace(LOOPBACK, bind_address=ip, public_address=ip, log_level=log_level)
    engine = EngineUnderTest(settings)
    if log_level > 3:  # PJSIP's level 4 comes through the engine's logging as DEBUG
        env = dict(os.environ, HOMEAGENT_ENGINE_LOG="DEBUG", HOMEAGENT_AUDIO="null")
        engine.client = EngineClient(engine.events.put, settings, restart=False, env=env)
    return engine


class NsSampler:
    """The GUI's address sampler, run inside the namespace: `sample()` asks it once."""

    def __init__(self, ns: Netns) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        self._proc = subprocess.Popen(
            ns.wrap([sys.executable, "-m", "tests.harden.netns_rig", "sample"]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
        )
        self.samples: list[frozenset[str]] = []

    def sample(self) -> frozenset[str]:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write("\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the sampler exited ({self._proc.poll()})")
        found = frozenset(json.loads(line))
        self.samples.append(found)
        return found

    def close(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(5)


class PolledTimers:
    """TimerPort on the real clock, run by whoever calls `run_due()` (the test's loop)."""

    def __init__(self) -> None:
        self._pending: list[tuple[float, Callable[[], None]]] = []

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]:
        entry = (time.monotonic() + delay_s, fn)
        self._pending.append(entry)
        return lambda: self._pending.remove(entry) if entry in self._pending else None

    def now(self) -> float:
        return time.monotonic()

    def run_due(self) -> None:
        now = time.monotonic()
        due = [e for e in self._pending if e[0] <= now]
        for entry in due:
            self._pending.remove(entry)
            entry[1]()


def _sample_main(stdin: IO[str], stdout: IO[str]) -> int:
    from homeagent.ui.network_sample import local_addresses

    for _line in stdin:
        stdout.write(json.dumps(sorted(local_addresses())) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["sample"]:
        sys.exit(_sample_main(sys.stdin, sys.stdout))
    sys.exit(f"usage: python -m {__spec__.name if __spec__ else 'netns_rig'} sample")
