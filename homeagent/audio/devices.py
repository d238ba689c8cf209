"""Sound devices: list them through miniaudio, pick the operator's by a stable identity.

A device is remembered by `AudioDevice.key` (host API + name), never by an index or an
opaque id: indexes move when anything is plugged in (Linphone #676). The picking rules are
pure functions (unit-tested); only `list_devices` and `device_id` talk to the OS.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from homeagent.domain.sip_messages import AudioDevice

log = logging.getLogger(__name__)

INPUT = "input"
OUTPUT = "output"

# Names that say "on the head": echo cancellation is off by default for these.
_HEADSET = re.compile(
    r"head(set|phone)|earphone|earpiece|ear ?buds?|airpods|jabra|plantronics|\bpoly\b|"
    r"sennheiser|\bepos\b|hands-?free|\bhfp\b|\bhsp\b",
    re.IGNORECASE,
)


class AudioUnavailable(OSError):
    """No sound system to talk to (no PulseAudio/PipeWire server, no WASAPI...)."""


@dataclass(frozen=True)
class Listing:
    host_api: str
    inputs: tuple[AudioDevice, ...]
    outputs: tuple[AudioDevice, ...]

    def identities(self) -> frozenset[str]:
        return frozenset(d.key for d in (*self.inputs, *self.outputs))


EMPTY = Listing("", (), ())


# ---- pure rules -------------------------------------------------------------------------------


def pick(devices: Sequence[AudioDevice], key: str) -> AudioDevice | None:
    """The chosen device if present, else the system default, else the first real device."""
    if key:
        for dev in devices:
            if dev.key == key:
                return dev
        # same name under another host API (e.g. PulseAudio vs PipeWire): still that device
        name = key.split(":", 1)[-1]
        for dev in devices:
            if dev.name == name:
                return dev
    for dev in devices:
        if dev.is_default:
            return dev
    for dev in devices:
        if not dev.name.startswith("Monitor of "):
            return dev
    return devices[0] if devices else None


def looks_like_headset(name: str) -> bool:
    return bool(_HEADSET.search(name))


def echo_cancellation_wanted(mode: str, output_name: str) -> bool:
    if mode == "on":
        return True
    if mode == "off":
        return False
    return not looks_like_headset(output_name)


def changes(old: Listing, new: Listing) -> tuple[frozenset[str], frozenset[str]]:
    """(added keys, removed keys) between two listings."""
    before, after = old.identities(), new.identities()
    return after - before, before - after


# ---- the OS side ------------------------------------------------------------------------------


def backends() -> list[Any]:
    """Native backends only: PulseAudio (PipeWire speaks it too), WASAPI, CoreAudio."""
    import miniaudio

    if sys.platform == "win32":
        return [miniaudio.Backend.WASAPI]
    if sys.platform == "darwin":
        return [miniaudio.Backend.COREAUDIO]
    return [miniaudio.Backend.PULSEAUDIO]


def _context() -> Any:
    import miniaudio

    ffi, lib = miniaudio.ffi, miniaudio.lib
    wanted = backends()
    mem = ffi.new("ma_backend[]", len(wanted))
    for i, b in enumerate(wanted):
        mem[i] = b.value
    config = lib.ma_context_config_init()
    config.pulse.tryAutoSpawn = 0  # never start a sound server behind the operator's back
    ctx = ffi.new("ma_context*")
    if lib.ma_context_init(mem, len(wanted), ffi.addressof(config), ctx) != lib.MA_SUCCESS:
        raise AudioUnavailable("no sound server")
    return ctx


def _infos(ctx: Any) -> tuple[list[Any], list[Any]]:
    import miniaudio

    ffi, lib = miniaudio.ffi, miniaudio.lib
    play, play_n = ffi.new("ma_device_info**"), ffi.new("ma_uint32*")
    cap, cap_n = ffi.new("ma_device_info**"), ffi.new("ma_uint32*")
    if lib.ma_context_get_devices(ctx, play, play_n, cap, cap_n) != lib.MA_SUCCESS:
        raise AudioUnavailable("cannot list devices")
    return [play[0][i] for i in range(play_n[0])], [cap[0][i] for i in range(cap_n[0])]


def list_devices() -> Listing:
    """Every input and output device now (one short connection to the sound server)."""
    import miniaudio

    ffi, lib = miniaudio.ffi, miniaudio.lib
    ctx = _context()
    try:
        host = ffi.string(lib.ma_get_backend_name(ctx[0].backend)).decode().lower()
        outs, ins = _infos(ctx)

        def conv(info: Any, kind: str) -> AudioDevice:
            name = ffi.string(info.name).decode("utf-8", "replace")
            return AudioDevice(name, host, kind, bool(info.isDefault))

        return Listing(
            host, tuple(conv(i, INPUT) for i in ins), tuple(conv(i, OUTPUT) for i in outs)
        )
    finally:
        lib.ma_context_uninit(ctx)


def device_id(device: AudioDevice) -> Any:
    """miniaudio's opaque id for `device` now (ids are looked up again at every open)."""
    import miniaudio

    ffi, lib = miniaudio.ffi, miniaudio.lib
    ctx = _context()
    try:
        outs, ins = _infos(ctx)
        for info in ins if device.kind == INPUT else outs:
            if ffi.string(info.name).decode("utf-8", "replace") == device.name:
                return ffi.new("ma_device_id *", info.id)  # a copy: the context goes away
        raise AudioUnavailable(f"device gone: {device.name}")
    finally:
        lib.ma_context_uninit(ctx)
