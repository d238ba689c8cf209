"""The demo line's voices: lines.toml fits the sample data, every prompt has one WAV name,
bad files are refused with the reason, and the sound helpers make 16 kHz mono speech files."""

from __future__ import annotations

import array
import io
import itertools
import math
import wave
from pathlib import Path

import pytest

from homeagent.demo import voices
from homeagent.demo.line import WITHHELD, _user, caller_uri, murmur
from homeagent.demo.server import sample_data
from homeagent.domain.training import LANGUAGES, parse_scenario, speech_parts, voice_file_name

ROOT = Path(__file__).resolve().parents[2]
LINES_TOML = ROOT / "resources" / "voice" / "lines.toml"
SCENARIOS = [
    parse_scenario(p.read_text(encoding="utf-8"), p.name)
    for p in sorted((ROOT / "resources" / "training").glob("*.toml"))
]

MINIMAL = """
[[voice]]
id = "supervisor"
language = "fr"
greeting = "Bonjour"
[[voice]]
id = "supervisor"
language = "en"
greeting = "Hello"
[[voice]]
id = "anyone"
language = "fr"
answer = "Allô"
[[voice]]
id = "anyone"
language = "en"
answer = "Hello"
"""


def test_shipped_voices_are_the_sample_customers_and_cover_both_languages() -> None:
    lines = voices.load_lines(LINES_TOML)
    customers = {p: c for c in sample_data.load().customers for p in c["phones"]}
    ringing = [v for v in lines if v.weight > 0]
    assert len(ringing) >= 4
    for v in ringing:
        assert v.lines.get("greeting"), v.id
        if v.number == sample_data.UNKNOWN_NUMBER:
            assert v.display_name == ""  # the number nobody knows, on purpose
            continue
        customer = customers[v.number]
        assert customer["display_name"] == v.display_name
        assert customer["language"] == v.language
    assert any(v.number == sample_data.UNKNOWN_NUMBER for v in ringing)
    assert {v.language for v in ringing} == set(LANGUAGES)
    for lang in LANGUAGES:
        sup = next(v for v in lines if v.id == voices.SUPERVISOR and v.language == lang)
        assert sup.lines["greeting"]


def test_every_prompt_gets_one_file_with_the_callers_voice() -> None:
    lines = voices.load_lines(LINES_TOML)
    jobs = voices.speech_jobs(lines, SCENARIOS)
    names = [j.file_name for j in jobs]
    assert len(names) == len(set(names))
    by_name = {j.file_name: j for j in jobs}
    for v in lines:
        for part, words in v.lines.items():
            assert by_name[v.file_name(part)].text == words
    assert SCENARIOS, "the training scenarios are shipped"
    for scenario in SCENARIOS:
        for lang, version in scenario.versions.items():
            for part in speech_parts(version):
                job = by_name[voice_file_name(scenario.id, lang, part)]
                assert job.language == lang and job.text
    # a scenario caller who is also one of the line's voices sounds the same in both
    camille = next(v for v in lines if v.id == "camille")
    billing = by_name[voice_file_name("billing_complaint", "fr", "caller")]
    assert billing.espeak == camille.espeak
    sup = next(v for v in lines if v.id == voices.SUPERVISOR and v.language == "fr")
    assert by_name[voice_file_name("angry_supervisor", "fr", "supervisor")].espeak == sup.espeak


def test_a_changed_line_changes_only_its_digest() -> None:
    a = voices.SpeechJob("x.wav", "fr", "fr+f3", "Bonjour")
    assert a.digest() == voices.SpeechJob("x.wav", "fr", "fr+f3", "Bonjour").digest()
    assert a.digest() != voices.SpeechJob("x.wav", "fr", "fr+f3", "Bonsoir").digest()
    assert a.digest() != voices.SpeechJob("x.wav", "fr", "fr+m3", "Bonjour").digest()


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('[[voice]]\nid = "x"\nlanguage = "fr"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[voice]]\nid = "x"\nlanguage = "de"\n', "language must be one of"),
        ('[[voice]]\nid = "x"\nlanguage = "fr"\nnumber = "0612"\n', "E.164"),
        ('[[voice]]\nid = "X Y"\nlanguage = "fr"\n', "id must be"),
        ('[[voice]]\nid = "x"\nlanguage = "fr"\nweight = 2\n', "needs a number"),
        ('[[voice]]\nid = "x"\nlanguage = "fr"\nweight = true\n', "weight must be"),
        ('[[voice]]\nid = "x"\nlanguage = "fr"\nespeak = "fr; rm"\n', "espeak must be"),
        ('[[voice]]\nid = "anyone"\nlanguage = "fr"\n', "'anyone' twice in 'fr'"),
        ("title = 1\n", "only [[voice]]"),
    ],
)
def test_bad_lines_are_refused_with_the_reason(extra: str, problem: str) -> None:
    text = extra + MINIMAL if extra.startswith("title") else MINIMAL + extra
    with pytest.raises(voices.VoiceError, match=r"^lines\.toml: ") as err:
        voices.parse_lines(text, "lines.toml")
    assert problem in str(err.value)


def test_the_supervisor_and_anyone_must_exist_in_each_language() -> None:
    without = MINIMAL.split('[[voice]]\nid = "anyone"\nlanguage = "en"', maxsplit=1)[0]
    with pytest.raises(voices.VoiceError, match="no 'anyone' voice in en"):
        voices.parse_lines(without, "lines.toml")
    with pytest.raises(voices.VoiceError, match="not valid TOML"):
        voices.parse_lines("[[voice", "lines.toml")


def _crossings(samples: array.array[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))


def test_resampling_keeps_duration_and_pitch() -> None:
    rate, freq = 22050, 440.0
    src = array.array(
        "h", (int(8000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(rate))
    )
    out = voices.resample(src, rate, 16000)
    assert len(out) == 16000
    assert abs(_crossings(out) - 2 * freq) <= 4  # still 440 Hz, one second long
    assert voices.resample(src, 16000, 16000) == src
    assert len(voices.resample(array.array("h"), 22050, 16000)) == 0
    with pytest.raises(ValueError):
        voices.resample(src, 0, 16000)


def test_any_pcm_wav_becomes_16k_mono_normalised() -> None:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:  # what espeak-ng writes, but stereo to be hard
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(22050)
        frames = array.array("h")
        for i in range(22050 // 2):
            s = int(3000 * math.sin(2 * math.pi * 300 * i / 22050))
            frames.extend((s, s))
        w.writeframes(frames.tobytes())
    out = voices.to_line_wav(buf.getvalue())
    with wave.open(io.BytesIO(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
        pcm = array.array("h", w.readframes(w.getnframes()))
    assert len(pcm) == 8000
    assert 0.65 * 32767 < max(abs(s) for s in pcm) <= 0.7 * 32767 + 1


def test_wav_seconds_of_a_missing_or_broken_file_is_zero(tmp_path: Path) -> None:
    (tmp_path / "bad.wav").write_bytes(b"not a wav")
    assert voices.wav_seconds(tmp_path / "bad.wav") == 0.0
    assert voices.wav_seconds(tmp_path / "none.wav") == 0.0
    (tmp_path / "ok.wav").write_bytes(murmur(2.0))
    assert voices.wav_seconds(tmp_path / "ok.wav") == pytest.approx(2.0)


def test_the_stand_in_tone_is_heard() -> None:
    with wave.open(io.BytesIO(murmur())) as w:
        pcm = array.array("h", w.readframes(w.getnframes()))
    assert w.getframerate() == 16000 and max(abs(s) for s in pcm) > 5000


def test_callers_show_their_number_and_name_or_are_withheld() -> None:
    assert caller_uri("+33612345678", "Camille Martin") == (
        '"Camille Martin" <sip:+33612345678@127.0.0.1>'
    )
    assert caller_uri("+33698765432", "") == "<sip:+33698765432@127.0.0.1>"
    assert caller_uri("", "") == f'"Anonymous" <sip:{WITHHELD}@anonymous.invalid>'
    hostile = caller_uri("+33612345678", 'a"b\\c\r\n<x>' + "z" * 500)
    assert hostile.startswith('"abc<x>z') and hostile.count('"') == 2 and "\n" not in hostile
    assert _user('"X" <sip:9000@127.0.0.1:5060>') == "9000"
    assert _user("sip:supervisor@127.0.0.1") == "supervisor"
    assert _user("<sip:127.0.0.1>") == ""
