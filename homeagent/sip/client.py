"""The GUI side of the engine: start it, talk to it, watch it, restart it.

Nothing here blocks the caller: commands go through a writer thread, events arrive on a
reader thread and are handed to `on_event` (the composition root routes them to the GUI
thread). When the engine dies, `EngineStopped` is reported at once (the pipe closes), then
the engine is restarted with backoff and given its settings and accounts again, so it
re-registers on its own.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

from homeagent.domain import sip_messages as m
from homeagent.domain.errors import EngineError, ProtocolError
from homeagent.domain.sip_account import EngineSettings
from homeagent.sip import protocol

log = logging.getLogger(__name__)
engine_log = logging.getLogger("homeagent.engine")

_BACKOFF_S = (0.2, 1.0, 2.0, 5.0, 10.0, 30.0)
_STABLE_S = 60.0  # an engine that lived this long resets the backoff
_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


def engine_argv() -> list[str]:
    """The same executable with the engine flag, so a frozen build needs no second binary."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--engine"]
    return [sys.executable, "-m", "homeagent", "--engine"]


class EngineClient:
    def __init__(
        self,
        on_event: Callable[[Any], None],
        settings: EngineSettings | None = None,
        *,
        restart: bool = True,
        argv: Sequence[str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._on_event = on_event
        self._settings = settings or EngineSettings()
        self._restart = restart
        self._argv = list(argv or engine_argv())
        self._env = dict(env) if env is not None else None
        self._lock = threading.Lock()
        self._accounts: dict[str, m.AddAccount] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._commands: queue.Queue[bytes | None] = queue.Queue()
        self._stopping = False
        self._failures = 0
        self._started_at = 0.0
        self._restart_timer: threading.Timer | None = None
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
        self._threads: list[threading.Thread] = []
        self.starts = 0

    # ---- public API (any thread, never blocks on the engine) -----------------------------

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def start(self) -> None:
        with self._lock:
            self._stopping = False
            self._spawn_locked()

    def send(self, command: Any) -> None:
        """Queue a command. Accounts are remembered so a restarted engine gets them again."""
        if isinstance(command, m.Configure):
            raise EngineError("settings are given to the client, not sent")
        with self._lock:
            if isinstance(command, m.AddAccount):
                self._accounts[command.account_id] = command
            elif isinstance(command, m.RemoveAccount):
                self._accounts.pop(command.account_id, None)
            if self._proc is None and isinstance(command, m.AddAccount | m.RemoveAccount):
                return  # not started yet: the start replays the accounts anyway
            self._commands.put(protocol.encode(command))

    def stop(self, timeout_s: float = 5.0) -> int | None:
        """Ordered shutdown; kill only if the engine does not finish in time."""
        with self._lock:
            self._stopping = True
            if self._restart_timer is not None:
                self._restart_timer.cancel()
            proc = self._proc
            if proc is None:
                return None
            self._commands.put(protocol.encode(m.Shutdown()))
            self._commands.put(None)
        try:
            code = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            log.error("engine did not stop in %.1f s: killing it", timeout_s)
            proc.kill()
            code = proc.wait(timeout=5)
        for thread in self._threads:
            thread.join(timeout=2)  # they close the pipes when the engine's end reaches them
        return code

    # ---- process management ----------------------------------------------------------------

    def _spawn_locked(self) -> None:
        proc = subprocess.Popen(
            self._argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env,
            close_fds=True,
            # its own process group: a Ctrl+C or a group SIGTERM reaches the GUI, which then
            # stops the engine in order (un-REGISTER first); stdin is its lifeline otherwise
            start_new_session=sys.platform != "win32",
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
        self._proc = proc
        self._started_at = time.monotonic()
        self.starts += 1
        commands: queue.Queue[bytes | None] = queue.Queue()
        # settings first, then every account: the new engine re-registers by itself
        commands.put(protocol.encode(m.Configure(self._settings)))
        for add in self._accounts.values():
            commands.put(protocol.encode(add))
        # carry over anything queued while no engine ran
        old, self._commands = self._commands, commands
        while True:
            try:
                item = old.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                commands.put(item)
        assert proc.stdin and proc.stdout and proc.stderr
        threading.Thread(
            target=self._write, args=(proc.stdin, commands), name="engine-writer", daemon=True
        ).start()
        threading.Thread(target=self._read, args=(proc,), name="engine-reader", daemon=True).start()
        threading.Thread(
            target=self._read_log, args=(proc.stderr,), name="engine-log", daemon=True
        ).start()
        log.info("engine started, pid %d", proc.pid)

    @staticmethod
    def _write(stream: IO[bytes], commands: queue.Queue[bytes | None]) -> None:
        while (data := commands.get()) is not None:
            try:
                stream.write(data)
                stream.flush()
            except (OSError, ValueError):
                return
        with contextlib.suppress(OSError):
            stream.close()

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                event = protocol.decode_event(line)
            except ProtocolError as exc:
                log.error("bad event from engine: %s", exc)
                continue
            try:
                self._on_event(event)
            except Exception:
                log.exception("event handler failed")
        proc.stdout.close()
        code = proc.wait()
        self._on_exit(proc, code)

    def _read_log(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            if not line:
                continue
            self._stderr_tail.append(line)
            level = _LEVELS.get(line.split(" ", 1)[0], logging.INFO)
            engine_log.log(level, "%s", line)
        stream.close()

    def _on_exit(self, proc: subprocess.Popen[bytes], code: int) -> None:
        with self._lock:
            if proc is not self._proc:
                return
            expected = self._stopping
            self._commands.put(None)  # ends that engine's writer thread
            self._commands = queue.Queue()
            restarting = self._restart and not expected
            if time.monotonic() - self._started_at > _STABLE_S:
                self._failures = 0
            delay = _BACKOFF_S[min(self._failures, len(_BACKOFF_S) - 1)]
            self._failures += 1
            detail = "" if expected else "\n".join(list(self._stderr_tail)[-5:])
            if restarting:
                self._restart_timer = threading.Timer(delay, self._restart_now)
                self._restart_timer.daemon = True
                self._restart_timer.start()
        if not expected:
            log.error("engine exited unexpectedly (code %s)", code)
        self._on_event(m.EngineStopped(expected, code, detail, restarting))

    def _restart_now(self) -> None:
        with self._lock:
            if self._stopping:
                return
            try:
                self._spawn_locked()
            except OSError as exc:
                log.error("engine restart failed: %s", exc)
