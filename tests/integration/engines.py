"""Real engine processes for tests: an EngineClient plus a queue of the events it reported."""

from __future__ import annotations

import logging
import queue
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from homeagent.domain import sip_messages as m
from homeagent.domain.sip_account import EngineSettings, SipAccount
from homeagent.sip.client import EngineClient

E = TypeVar("E")

LOOPBACK = EngineSettings(
    bind_address="127.0.0.1",
    public_address="127.0.0.1",
    enable_tls=False,
    media_timeout_s=30.0,
    stats_interval_s=0.5,
)


class EngineUnderTest:
    """One engine process with everything it said kept for assertions."""

    def __init__(self, settings: EngineSettings = LOOPBACK, restart: bool = False) -> None:
        self.events: queue.Queue[Any] = queue.Queue()
        self.seen: list[Any] = []
        self.client = EngineClient(self.events.put, settings, restart=restart)
        self.ready: m.EngineReady | None = None

    def start(self, timeout: float = 10.0) -> m.EngineReady:
        self.client.start()
        self.ready = self.wait(m.EngineReady, timeout=timeout)
        return self.ready

    @property
    def udp_port(self) -> int:
        assert self.ready is not None
        return self.ready.sip_ports["udp"]

    def uri(self, user: str) -> str:
        return f"sip:{user}@127.0.0.1:{self.udp_port}"

    def send(self, command: Any) -> None:
        self.client.send(command)

    def add_local_account(self, name: str, account_id: str = "acc", **kw: Any) -> None:
        self.send(
            m.AddAccount(account_id, SipAccount(name, "127.0.0.1", "unused", register=False, **kw))
        )
        self.wait(m.AccountAdded, lambda e: e.account_id == account_id)

    def wait(
        self,
        cls: type[E],
        pred: Callable[[E], bool] = lambda e: True,
        timeout: float = 10.0,
    ) -> E:
        """The next event of `cls` matching `pred` (earlier unmatched events are kept)."""
        for event in self.seen:
            if isinstance(event, cls) and pred(event):
                self.seen.remove(event)
                return event
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                event = self.events.get(timeout=0.05)
            except queue.Empty:
                continue
            if isinstance(event, cls) and pred(event):
                return event
            self.seen.append(event)
        kinds = [type(e).__name__ for e in self.seen[-15:]]
        raise AssertionError(f"no {cls.__name__} within {timeout} s; recent: {kinds}")

    def forget(self) -> None:
        """Drop everything reported so far, so the next wait sees only what follows."""
        self.drain(0)
        self.seen.clear()

    def drain(self, settle: float = 0.2) -> list[Any]:
        if settle:
            time.sleep(settle)
        while True:
            try:
                self.seen.append(self.events.get_nowait())
            except queue.Empty:
                return list(self.seen)

    def wait_state(self, call_id: str, state: Any, timeout: float = 10.0) -> m.CallStateChanged:
        return self.wait(
            m.CallStateChanged, lambda e: e.call_id == call_id and e.state == state, timeout
        )

    def stop(self) -> int | None:
        return self.client.stop()


@contextmanager
def engines(count: int, settings: EngineSettings = LOOPBACK) -> Iterator[list[EngineUnderTest]]:
    started = [EngineUnderTest(settings) for _ in range(count)]
    try:
        for e in started:
            e.start()
        yield started
    finally:
        for e in started:
            e.stop()


class EngineLog(logging.Handler):
    """What the engines wrote (their stderr comes to the `homeagent.engine` logger)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def since(self, mark: int) -> str:
        """What was written after `mark` (a `len(lines)` taken earlier)."""
        return "\n".join(self.lines[mark:])

    def has(self, pattern: str) -> bool:
        regex = re.compile(pattern)
        return any(regex.search(line) for line in list(self.lines))


@contextmanager
def engine_log() -> Iterator[EngineLog]:
    handler = EngineLog()
    logger = logging.getLogger("homeagent.engine")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
