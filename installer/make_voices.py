"""Speak the demo line's prompts with espeak-ng into resources/voice/ (built, never committed).

    python installer/make_voices.py            # devenv and the packagers run this
    python installer/make_voices.py --check    # exit 1 when a prompt is missing or stale

What is said comes from resources/voice/lines.toml (the line's own callers) and
resources/training/*.toml (the scenarios). Each prompt becomes <name>.<lang>.<part>.wav,
16-bit mono 16 kHz; only prompts whose words or voice changed are spoken again (a manifest
beside them remembers what each was made from). Without espeak-ng it says so and exits 0:
the demo line then plays a tone where a voice is missing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from homeagent.demo import voices  # noqa: E402
from homeagent.domain.training import Scenario, parse_scenario  # noqa: E402

MANIFEST = ".manifest.json"


def jobs(root: Path = ROOT) -> list[voices.SpeechJob]:
    lines = voices.load_lines(root / "resources" / "voice" / "lines.toml")
    scenarios: list[Scenario] = []
    for path in sorted((root / "resources" / "training").glob("*.toml")):
        scenarios.append(parse_scenario(path.read_text(encoding="utf-8"), path.name))
    return voices.speech_jobs(lines, scenarios)


def _manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def stale(todo: list[voices.SpeechJob], out: Path) -> list[voices.SpeechJob]:
    made = _manifest(out)
    return [
        j for j in todo if made.get(j.file_name) != j.digest() or not (out / j.file_name).is_file()
    ]


def speak(job: voices.SpeechJob, out: Path, espeak: str) -> None:
    with tempfile.TemporaryDirectory(prefix="ha-voice-") as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            [espeak, "-v", job.espeak, "-s", str(voices.SPEED_WPM), "-w", str(raw), "--stdin"],
            input=job.text.encode("utf-8"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = voices.to_line_wav(raw.read_bytes())
    part = out / (job.file_name + ".part")
    part.write_bytes(data)
    part.replace(out / job.file_name)


def build(out: Path, todo: list[voices.SpeechJob], espeak: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    pending = stale(todo, out)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda j: speak(j, out, espeak), pending))
    wanted = {j.file_name for j in todo}
    for name in set(_manifest(out)) - wanted:  # prompts nobody says any more
        (out / name).unlink(missing_ok=True)
    manifest = {j.file_name: j.digest() for j in todo}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return len(pending)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether all is built")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "voice")
    args = parser.parse_args(argv)
    todo = jobs()
    if args.check:
        missing = stale(todo, args.out)
        for job in missing:
            print(f"make_voices: missing or stale: {job.file_name}")
        return 1 if missing else 0
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("make_voices: espeak-ng not found: the demo line will play tones instead of voices")
        return 0
    made = build(args.out, todo, espeak)
    print(f"make_voices: {made} of {len(todo)} prompts spoken into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
