"""Small adapters the composition root puts between the desk's services and the rest:
the audio service as the settings dialog and the pre-shift check see it, a writer that wakes
the outbox sender, and "keep me signed in". Only app_desk.py uses them."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class AudioSettings:
    """The audio service as the settings dialog reads it: one list of devices."""

    def __init__(self, audio: Any) -> None:
        self._audio = audio

    def devices(self) -> list[Any]:
        found = self._audio.devices()
        return [*found.inputs, *found.outputs]

    def choose(self, input_key: str, output_key: str, ringer_key: str) -> None:
        self._audio.choose(input_key, output_key, ringer_key)

    def set_volume(self, kind: str, level: float) -> None:
        self._audio.set_volume(kind, level)

    def set_echo_cancellation(self, on: bool) -> None:
        self._audio.set_echo_cancellation(on)


def device_names(audio: Any) -> Any:
    """For the pre-shift check (IO pool): the devices the engine last reported."""
    if audio is None:
        return None

    def names() -> list[str]:
        found = audio.devices()  # an immutable snapshot: safe to read from another thread
        return [d.name for d in (*found.inputs, *found.outputs)]

    return names


class MicTest:
    """The pre-shift microphone test (blocking, on the IO pool) over the engine's self-test,
    which is asked for and answered on the GUI thread."""

    def __init__(self, audio: Any, dispatcher: Any) -> None:
        self._audio = audio
        self._dispatcher = dispatcher

    def microphone_test(self, seconds: float) -> float:
        import threading

        done = threading.Event()
        result: list[Any] = []

        def on_done(event: Any) -> None:
            result.append(event)
            done.set()

        self._dispatcher.post(lambda: self._audio.self_test(on_done))
        if not done.wait(seconds + 10):
            raise TimeoutError("the audio self-test did not answer")
        event = result[0]
        if not event.ok:
            raise RuntimeError(event.code)
        return float(event.input_peak)


class Waking:
    """A durable writer that wakes the outbox sender once the write has committed."""

    def __init__(self, store: Any, sender: Any) -> None:
        self._store = store
        self._sender = sender

    def record(self, *args: Any) -> Any:
        result = self._store.record(*args)
        self._sender.wake()  # thread-safe; without it the item waits for the idle poll
        return result

    def since(self, start: datetime) -> Any:
        return self._store.since(start)


def remember_me(desk: Any, company: Any, data_dir: Path, tasks: Any) -> None:
    """ "Keep me signed in": the user name in a plain file (not a secret), the refresh token
    in the keyring. At start, a remembered operator is signed in again without typing."""
    from homeagent.services.signin import refresh_key

    last_user = data_dir / "last-user"
    session = company.session

    def on_signed_in(signed: Any) -> None:
        tasks.run(lambda: write_last_user(last_user, signed.username), on_error=_log_error)

    def resume_if_remembered() -> None:
        def find() -> str:
            try:
                username = last_user.read_text(encoding="utf-8").strip()
            except OSError:
                return ""
            return username if username and company.secrets.get(refresh_key(username)) else ""

        tasks.run(find, lambda name: session.resume(name) if name else None, _log_error)

    session.signed_in.connect(on_signed_in)
    if not desk.demo:
        desk.start_steps.append(resume_if_remembered)


def write_last_user(path: Path, username: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(username, encoding="utf-8")
    tmp.replace(path)


def _log_error(exc: Exception) -> None:
    log.error("%s", exc)
