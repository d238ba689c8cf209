"""Translations: `update` refreshes the .ts files from the sources, `build` compiles the .qm.

    python installer/translations.py update   # after changing user-visible text
    python installer/translations.py build    # devenv, the bundle and the packages run this

The .ts files (French and English) are committed; the .qm files are built, never committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
QM_DIR = ROOT / "homeagent" / "ui" / "translations"
LANGUAGES = ("fr", "en")


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the same environment as this Python."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(here) if here.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 first")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "homeagent" / "ui").rglob("*.py"))


def update(ts_dir: Path = TS_DIR) -> list[Path]:
    ts_dir.mkdir(parents=True, exist_ok=True)
    files = [ts_dir / f"homeagent_{lang}.ts" for lang in LANGUAGES]
    for ts, lang in zip(files, LANGUAGES, strict=True):
        subprocess.run(
            [
                _tool("lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                lang,
                *sources(),
                "-ts",
                str(ts),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return files


def build(qm_dir: Path = QM_DIR) -> list[Path]:
    qm_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for lang in LANGUAGES:
        qm = qm_dir / f"homeagent_{lang}.qm"
        subprocess.run(
            [_tool("lrelease"), "-silent", str(TS_DIR / f"homeagent_{lang}.ts"), "-qm", str(qm)],
            check=True,
            capture_output=True,
        )
        out.append(qm)
    return out


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command not in ("update", "build"):
        raise SystemExit("usage: translations.py update|build")
    for path in update() if command == "update" else build():
        print(path.relative_to(ROOT))
