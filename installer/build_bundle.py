"""One command for the frozen app: `python installer/build_bundle.py` -> dist/homeagent/.

Compiles the translations, runs PyInstaller with installer/pyinstaller/homeagent.spec and
prints the bundle's size. Needs the `build` extra (PyInstaller) in the virtualenv. The
bundle needs the glibc of the build host: build on the oldest distribution you support.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "pyinstaller" / "homeagent.spec"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _auditwheel_patched(path: Path) -> bool:
    """Libraries patchelf rewrote (auditwheel's *.libs and what points into them): `strip`
    breaks their program headers ("ELF load command address/offset not page-aligned")."""
    if path.parent.name.endswith(".libs"):
        return True
    dynamic = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return ".libs" in dynamic and ("RUNPATH" in dynamic or "RPATH" in dynamic)


def strip_bundle(bundle: Path) -> int:
    """Strip debug symbols from the bundled ELF files PyInstaller leaves as they are."""
    if sys.platform != "linux" or shutil.which("strip") is None:
        return 0
    stripped = 0
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        if _auditwheel_patched(path):
            continue
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        stripped += 1
    return stripped


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "installer" / "translations.py"), "build"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN",
            "--distpath", str(dist), "--workpath", str(work), str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    bundle = dist / "homeagent"
    strip_bundle(bundle)
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "installer" / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "installer" / "build")
    args = parser.parse_args()
    start = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve())
    size = folder_size(bundle)
    print(f"bundle: {bundle} {size / 1e6:.1f} MB in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
