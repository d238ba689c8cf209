"""The sounds HomeAgent plays: a ringtone for the ringer device, softer tones in the headset.

Generated here (stdlib only) so the engine never depends on files being shipped: the WAVs in
resources/sounds/ are made by resources/sounds/make_tones.py from this module, and a WAV there
(e.g. a ringtone IT replaced) wins over the generated one.
"""

from __future__ import annotations

import array
import io
import math
import sys
import tempfile
import wave
from pathlib import Path

RATE = 16000
KINDS = ("ringtone", "call_waiting", "hold", "mute_on", "mute_off")

# (seconds, (frequencies...), amplitude): a silent segment has no frequencies
_Segment = tuple[float, tuple[float, ...], float]

_PATTERNS: dict[str, tuple[_Segment, ...]] = {
    # a double ring, then a pause: 3 s, looped while a call rings
    "ringtone": (
        (0.4, (400.0, 450.0), 0.35),
        (0.2, (), 0),
        (0.4, (400.0, 450.0), 0.35),
        (2.0, (), 0),
    ),
    # soft, short, every 3 s: in the headset during a conversation
    "call_waiting": ((0.25, (440.0,), 0.12), (0.15, (), 0), (0.25, (440.0,), 0.12), (2.35, (), 0)),
    "hold": ((0.12, (620.0,), 0.15), (0.08, (), 0), (0.12, (620.0,), 0.15)),
    "mute_on": ((0.08, (800.0,), 0.15), (0.08, (500.0,), 0.15)),
    "mute_off": ((0.08, (500.0,), 0.15), (0.08, (800.0,), 0.15)),
}


def pcm(kind: str) -> array.array[int]:
    """16 kHz mono s16 samples of `kind`, with 5 ms fades so nothing clicks."""
    out = array.array("h")
    fade = int(0.005 * RATE)
    for seconds, freqs, amp in _PATTERNS[kind]:
        n = int(seconds * RATE)
        if not freqs:
            out.extend([0] * n)
            continue
        scale = amp * 32767 / len(freqs)
        for i in range(n):
            env = min(1.0, i / fade, (n - 1 - i) / fade)
            v = sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs)
            out.append(int(scale * env * v))
    return out


def wav_bytes(samples: array.array[int]) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


def write_all(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (directory / f"{kind}.wav").write_bytes(wav_bytes(pcm(kind)))


def resource_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "sounds"


def sound_files(cache: Path | None = None) -> dict[str, Path]:
    """kind -> a WAV file: the shipped one if present, else generated into `cache`."""
    shipped = resource_dir()
    found = {k: shipped / f"{k}.wav" for k in KINDS if (shipped / f"{k}.wav").is_file()}
    missing = [k for k in KINDS if k not in found]
    if missing:
        cache = cache or Path(tempfile.mkdtemp(prefix="homeagent-sounds-"))
        cache.mkdir(parents=True, exist_ok=True)
        for kind in missing:
            path = cache / f"{kind}.wav"
            path.write_bytes(wav_bytes(pcm(kind)))
            found[kind] = path
    return found
