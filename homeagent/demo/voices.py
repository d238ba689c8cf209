"""The demo line's voices: who the simulated callers are, what they say, and where it is.

`resources/voice/lines.toml` lists the line's own callers (random calls, the people who answer
the agent's calls, the supervisor extension); `resources/training/*.toml` the scenarios' words.
The build step (installer/make_voices.py) speaks each part with espeak-ng into
`resources/voice/<name>.<language>.<part>.wav`, 16-bit mono 16 kHz; the line plays them.
Pure Python (stdlib and the domain): the build step and the unit tests use it without pjsua2.
"""

from __future__ import annotations

import array
import hashlib
import io
import re
import sys
import tomllib
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeagent.domain.training import LANGUAGES, Scenario, speech_parts, voice_file_name

RATE = 16000  # what the WAVs are and what the line's conference bridge runs at
PARTS = ("greeting", "answer", "dtmf", "resumed")
SUPERVISOR = "supervisor"  # the extensions "supervisor" and 9000 answer with this voice
ANYONE = "anyone"  # whoever answers a number the line does not know
LINE_PREFIX = "line-"  # line-<id>.<lang>.<part>.wav, apart from the scenarios' files
SPEED_WPM = 150  # espeak-ng speed: a little slower than its default, as on a phone line
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_E164 = re.compile(r"^\+[1-9][0-9]{5,14}$")
_VOICE_KEYS = frozenset({"id", "language", "espeak", "number", "display_name", "weight", *PARTS})
_ESPEAK = re.compile(r"^[A-Za-z0-9_+-]{1,40}$")


class VoiceError(ValueError):
    """lines.toml cannot be used: names the file, the entry and the problem."""


@dataclass(frozen=True)
class Voice:
    id: str
    language: str
    espeak: str = ""  # the espeak-ng voice; "" means the language's default
    number: str = ""  # E.164: this voice rings the agent from it (and answers it)
    display_name: str = ""
    weight: int = 0  # how often it rings the agent, relative to the others (0: never)
    lines: dict[str, str] = field(default_factory=dict)  # part -> words

    def file_name(self, part: str) -> str:
        return voice_file_name(LINE_PREFIX + self.id, self.language, part)


def parse_lines(text: str, source: str) -> tuple[Voice, ...]:
    """The voices of lines.toml; VoiceError names `source` and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VoiceError(f"{source}: not valid TOML ({exc})") from None
    entries = data.get("voice", [])
    if set(data) - {"voice"} or not isinstance(entries, list):
        raise VoiceError(f"{source}: expected only [[voice]] entries")
    voices = tuple(_voice(entry, f"{source}: voice {i + 1}") for i, entry in enumerate(entries))
    seen: set[tuple[str, str]] = set()
    for v in voices:
        if (v.id, v.language) in seen:
            raise VoiceError(f"{source}: voice {v.id!r} twice in {v.language!r}")
        seen.add((v.id, v.language))
    for special in (SUPERVISOR, ANYONE):
        missing = [lang for lang in LANGUAGES if (special, lang) not in seen]
        if missing:
            raise VoiceError(f"{source}: no {special!r} voice in {', '.join(missing)}")
    return voices


def _voice(entry: Any, where: str) -> Voice:
    if not isinstance(entry, dict):
        raise VoiceError(f"{where}: expected a table")
    unknown = set(entry) - _VOICE_KEYS
    if unknown:
        raise VoiceError(f"{where}: unknown key {sorted(unknown)[0]!r}")

    def text(key: str) -> str:
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise VoiceError(f"{where}: {key} must be a string")
        return " ".join(value.split())

    voice_id, language, number = text("id"), text("language"), text("number")
    if not _ID.match(voice_id):
        raise VoiceError(f"{where}: id must be lower-case letters, digits, '_' or '-'")
    if language not in LANGUAGES:
        raise VoiceError(f"{where}: language must be one of {', '.join(LANGUAGES)}")
    if number and not _E164.match(number):
        raise VoiceError(f"{where}: number must be E.164, like +33612345678")
    espeak = text("espeak")
    if espeak and not _ESPEAK.match(espeak):
        raise VoiceError(f"{where}: espeak must be a voice name like fr+f3")
    weight = entry.get("weight", 0)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
        raise VoiceError(f"{where}: weight must be a whole number from 0 to 100")
    if weight and not number:
        raise VoiceError(f"{where}: a voice that rings the agent needs a number")
    lines = {part: text(part) for part in PARTS if text(part)}
    return Voice(voice_id, language, espeak, number, text("display_name"), weight, lines)


def load_lines(path: Path) -> tuple[Voice, ...]:
    return parse_lines(path.read_text(encoding="utf-8"), str(path))


@dataclass(frozen=True)
class SpeechJob:
    """One WAV to synthesise."""

    file_name: str
    language: str
    espeak: str
    text: str

    def digest(self) -> str:
        """Changes when anything that shapes the sound changes (to rebuild only those)."""
        key = f"{self.espeak}\0{self.text}\0{SPEED_WPM}\0{RATE}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def speech_jobs(voices: Sequence[Voice], scenarios: Iterable[Scenario]) -> list[SpeechJob]:
    """Every WAV the line may play: its own voices' lines, then each scenario's parts.

    A scenario's caller speaks with the voice of lines.toml that has the same number and
    language (else the language's default); its supervisor with the supervisor's voice.
    """
    jobs = [
        SpeechJob(v.file_name(part), v.language, v.espeak or v.language, words)
        for v in voices
        for part, words in v.lines.items()
    ]
    for scenario in scenarios:
        for lang, version in scenario.versions.items():
            caller = next(
                (v for v in voices if v.number == version.number and v.language == lang), None
            )
            supervisor = next(v for v in voices if v.id == SUPERVISOR and v.language == lang)
            for part, words in speech_parts(version).items():
                speaker = supervisor if part == "supervisor" else caller
                espeak = (speaker.espeak if speaker else "") or lang
                name = voice_file_name(scenario.id, lang, part)
                jobs.append(SpeechJob(name, lang, espeak, " ".join(words.split())))
    names = [j.file_name for j in jobs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise VoiceError(f"two prompts would be written to {dupes[0]}")
    return jobs


# ---- sound -----------------------------------------------------------------------------------


def resample(samples: Sequence[int], src_rate: int, dst_rate: int) -> array.array[int]:
    """Linear interpolation (after a light low-pass when going down): speech, not music."""
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError("sample rates must be positive")
    if src_rate == dst_rate or not samples:
        return array.array("h", samples)
    src = list(samples)
    if dst_rate < src_rate and len(src) > 2:
        # [1 2 1]/4: tames what would fold back above the new Nyquist frequency
        src = [src[0]] + [
            (src[i - 1] + 2 * src[i] + src[i + 1]) // 4 for i in range(1, len(src) - 1)
        ] + [src[-1]]  # fmt: skip
    count = max(1, len(src) * dst_rate // src_rate)
    step = src_rate / dst_rate
    last = len(src) - 1
    out = array.array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = src[last]
            continue
        frac = pos - j
        out[i] = int(src[j] + (src[j + 1] - src[j]) * frac)
    return out


def to_line_wav(data: bytes, peak: float = 0.7) -> bytes:
    """Any 16-bit PCM WAV (mono or stereo, any rate) as 16-bit mono 16 kHz, peak-normalised."""
    with wave.open(io.BytesIO(data)) as w:
        if w.getsampwidth() != 2:
            raise ValueError("expected 16-bit PCM")
        channels, rate = w.getnchannels(), w.getframerate()
        pcm = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        pcm.byteswap()
    if channels > 1:
        frames = range(0, len(pcm), channels)
        pcm = array.array("h", (sum(pcm[i : i + channels]) // channels for i in frames))
    out = resample(pcm, rate, RATE)
    loudest = max((abs(s) for s in out), default=0)
    if loudest:
        gain = peak * 32767 / loudest
        out = array.array("h", (max(-32768, min(32767, int(s * gain))) for s in out))
    return wav_bytes(out)


def wav_bytes(samples: array.array[int], rate: int = RATE) -> bytes:
    pcm = array.array("h", samples)
    if sys.byteorder == "big":
        pcm.byteswap()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def wav_seconds(path: Path) -> float:
    """How long a WAV plays (0 when it cannot be read)."""
    try:
        with wave.open(str(path)) as w:
            return float(w.getnframes()) / float(w.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


def resources_root() -> Path:
    """resources/ of a checkout, or of a frozen build."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources"


def voice_dir() -> Path:
    return resources_root() / "voice"
