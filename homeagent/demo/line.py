"""A simulated company phone line for demo mode: a second engine process on 127.0.0.1.

It rings the operator now and then from sample customers' numbers, answers the operator's
outgoing calls, and hangs up after a while if the operator does not. No server to install.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
from dataclasses import replace
from typing import Any

from homeagent.config import Config
from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.sip_account import EngineSettings, SipAccount, Transport
from homeagent.sip.client import EngineClient

log = logging.getLogger(__name__)

# (number, display name): sample customers, plus one number nobody knows
SAMPLE_CALLERS = (
    ("+33612345678", "Camille Martin"),
    ("+33145678901", "Lucas Bernard"),
    ("+442079460123", "Olivia Smith"),
    ("+33698765432", ""),
)


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 (SIP listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise OSError("no free port on 127.0.0.1")


class DemoLine:
    username = "agent"
    password = "demo"  # noqa: S105 - a local identity: nothing registers or checks it

    def __init__(self, first_call_s: float = 8.0, every_s: float = 45.0) -> None:
        self.agent_port = free_port()
        self.line_port = free_port()
        self._first_call_s = first_call_s
        self._every_s = every_s
        self._client: EngineClient | None = None
        self._timers: list[threading.Timer] = []
        self._live: set[str] = set()
        self._lock = threading.Lock()
        self._stopped = False
        self._seq = 0
        self.calls_placed = 0
        self._scheduled = False

    def configure(self, cfg: Config) -> Config:
        """The operator's configuration pointed at this line."""
        domain = f"127.0.0.1:{self.line_port}"
        return replace(
            cfg,
            sip=replace(
                cfg.sip,
                domain=domain,
                registrar="",
                transport=Transport.UDP,
                local_port=self.agent_port,
            ),
            dial_plan=replace(cfg.dial_plan, sip_domain=domain),
        )

    def start(self) -> None:
        settings = EngineSettings(
            user_agent="HomeAgent-demo-line",
            bind_address="127.0.0.1",
            public_address="127.0.0.1",
            sip_port=self.line_port,
            enable_tls=False,
            media_timeout_s=120.0,
            stats_interval_s=30.0,
        )
        self._client = EngineClient(self._on_event, settings, restart=True)
        for i, (number, name) in enumerate(SAMPLE_CALLERS):
            self._client.send(
                m.AddAccount(
                    f"caller{i}",
                    SipAccount(number, "127.0.0.1", "", register=False, display_name=name),
                )
            )
        self._client.start()

    def agent_ready(self) -> None:
        """The operator is available: the first simulated call comes a little later (once)."""
        with self._lock:
            if self._scheduled:
                return
            self._scheduled = True
        self._after(self._first_call_s, self._ring_operator)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for timer in self._timers:
                timer.cancel()
        if self._client is not None:
            self._client.stop()

    # ---- behaviour ---------------------------------------------------------------------

    def _after(self, delay: float, fn: Any) -> None:
        with self._lock:
            if self._stopped:
                return
            timer = threading.Timer(delay, fn)
            timer.daemon = True
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
            timer.start()

    def _ring_operator(self) -> None:
        if self._client is None:
            return
        if not self._live:
            self._seq += 1
            account = f"caller{random.randrange(len(SAMPLE_CALLERS))}"  # noqa: S311
            call_id = f"demo-{self._seq}"
            self._client.send(
                m.MakeCall(call_id, account, f"sip:{self.username}@127.0.0.1:{self.agent_port}")
            )
            self.calls_placed += 1
        self._after(self._every_s, self._ring_operator)

    def _on_event(self, event: Any) -> None:
        client = self._client
        if client is None:
            return
        if isinstance(event, m.IncomingCall):
            # the operator calls a customer: pick up after a couple of rings
            self._after(2.5, lambda: client.send(m.Answer(event.call_id)))
        elif isinstance(event, m.CallStateChanged):
            if event.state is CallState.ACTIVE:
                self._live.add(event.call_id)
                # a customer who talks for a while, then says goodbye
                self._after(
                    random.uniform(40, 90),  # noqa: S311
                    lambda: client.send(m.Hangup(event.call_id)),
                )
            elif event.state is CallState.ENDED:
                self._live.discard(event.call_id)
        elif isinstance(event, m.EngineStopped) and not event.expected:
            log.warning("demo line engine stopped; it restarts on its own")
