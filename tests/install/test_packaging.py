"""The installers, built for real (marked `packaging`: about 3 minutes together).

- The MSI from a staged payload with Debian's wixl; its tables read back with msiinfo.
- The PyInstaller bundle and the .deb; the .deb installed with apt into a clean Debian 12
  minbase root (debootstrap, cached as a tarball under installer/.cache/), where the frozen
  app runs with only the declared dependencies: --version, --self-test (unprovisioned: the
  clear failure; provisioned against the real API server and Kamailio on the host: pass),
  every bundled library resolves, an offscreen start that ends cleanly on SIGTERM; then an
  upgrade keeps the edited conffile and user data, remove keeps /etc/homeagent, purge does not.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeagent import __version__

ROOT = Path(__file__).resolve().parents[2]
# the clean root tarball and downloaded .debs; CI may point this outside its fresh clone
CACHE = Path(os.environ.get("HOMEAGENT_PACKAGING_CACHE", ROOT / "installer" / ".cache"))
DIST = ROOT / "installer" / "dist"
MIRROR = "http://deb.debian.org/debian"
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"
UPGRADE_CODE = "{7D0C5A3E-3B0F-4F53-9B7C-6C2D9E1F4A10}"

pytestmark = pytest.mark.packaging


def run(*cmd: str, timeout: float = 600, check: bool = True, **kw: Any) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, **kw)
    if check and done.returncode != 0:
        raise AssertionError(
            f"{cmd} -> {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


def launch_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "ha_launch", ROOT / "installer" / "pyinstaller" / "launch.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- Windows: MSI ---------------------------------------------------------------------------


def msi_table(msi: Path, table: str) -> list[list[str]]:
    text = run("msiinfo", "export", str(msi), table)
    return [line.split("\t") for line in text.splitlines()[3:]]


@pytest.mark.skipif(shutil.which("wixl") is None, reason="needs wixl and msitools (apt)")
def test_msi_builds_with_properties_url_handlers_and_shortcut(tmp_path: Path) -> None:
    payload = tmp_path / "payload"  # what a Windows PyInstaller build leaves in dist\homeagent
    (payload / "_internal" / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    for name in ("homeagent.exe", "homeagent-cli.exe"):
        (payload / name).write_bytes(b"MZ" + name.encode())
    (payload / "_internal" / "python311.dll").write_bytes(b"MZdll")
    (payload / "_internal" / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_bytes(
        b"MZqt"
    )
    start = time.monotonic()
    msis = []
    for n in (1, 2):
        out = tmp_path / f"HomeAgent{n}.msi"
        run("bash", str(ROOT / "installer" / "windows" / "build_msi.sh"), str(payload), str(out))
        msis.append(out)
    print(
        f"MSI: {msis[0].stat().st_size} bytes (staged payload), "
        f"{time.monotonic() - start:.1f} s for two builds"
    )
    msi = msis[0]
    props = {row[0]: row[1] for row in msi_table(msi, "Property")}
    assert props["UpgradeCode"] == UPGRADE_CODE
    assert props["ProductVersion"] == __version__ and props["ALLUSERS"] == "1"
    defaults = ("SIP_TRANSPORT", "SRTP", "DIAL_COUNTRY", "LOG_LEVEL", "UPDATE_CHANNEL")
    assert {k: props[k] for k in defaults} == {
        "SIP_TRANSPORT": "udp",
        "SRTP": "off",
        "DIAL_COUNTRY": "FR",
        "LOG_LEVEL": "info",
        "UPDATE_CHANNEL": "stable",
    }
    # the same UpgradeCode, a new ProductCode per build: a major upgrade
    props2 = {row[0]: row[1] for row in msi_table(msis[1], "Property")}
    assert props2["UpgradeCode"] == UPGRADE_CODE and props2["ProductCode"] != props["ProductCode"]
    upgrade = msi_table(msi, "Upgrade")
    assert {row[0] for row in upgrade} == {UPGRADE_CODE} and len(upgrade) == 2
    # the provisioning writer gets every public property, in launch.py's order
    actions = {row[0]: row for row in msi_table(msi, "CustomAction")}
    target = actions["WriteProvisioning"][3]
    props_in_order = [
        "API_URL",
        "SIP_DOMAIN",
        "SIP_REGISTRAR",
        "SIP_TRANSPORT",
        "SIP_OUTBOUND_PROXY",
        "SRTP",
        "DIAL_COUNTRY",
        "LOG_LEVEL",
        "UPDATE_CHANNEL",
    ]
    assert target == '--write-provisioning "[PROVISIONINGDIR]provisioning.toml" ' + " ".join(
        f'"[{p}]"' for p in props_in_order
    )
    assert len(launch_module().MSI_KEYS) == len(props_in_order) and len(target) <= 255
    assert int(actions["WriteProvisioning"][1]) & 0x0C00 == 0x0C00  # deferred, not impersonated
    sequence = {row[0]: row[1] for row in msi_table(msi, "InstallExecuteSequence")}
    assert "API_URL OR SIP_DOMAIN" in sequence["WriteProvisioning"]
    assert 'PROVISIONING <> "keep"' in sequence["WriteProvisioning"]
    registry = {(row[2].rstrip("\\"), row[3]): row[4] for row in msi_table(msi, "Registry")}
    for scheme in ("tel", "sip", "callto"):
        assert registry[(f"Software\\Classes\\{scheme}", "URL Protocol")] == ""
        command = registry[(f"Software\\Classes\\{scheme}\\shell\\open\\command", "")]
        assert command == '"[INSTALLDIR]homeagent.exe" "%1"'
        assert registry[("Software\\HomeAgent\\Capabilities\\URLAssociations", scheme)] == (
            "HomeAgent.Url"
        )
    assert all(row[1] == "2" for row in msi_table(msi, "Registry"))  # HKLM: per machine
    shortcuts = msi_table(msi, "Shortcut")
    assert [(s[1], s[2], s[4]) for s in shortcuts] == [
        ("ProgramMenuFolder", "HomeAgent", "[INSTALLDIR]homeagent.exe")
    ]
    files = {row[2] for row in msi_table(msi, "File")}
    assert {"homeagent.exe", "homeagent-cli.exe", "python311.dll", "qwindows.dll"} <= {
        f.split("|")[-1] for f in files
    }


def test_the_msi_provisioning_writer_validates_before_writing(tmp_path: Path) -> None:
    launch = launch_module()
    target = tmp_path / "ProgramData" / "HomeAgent" / "provisioning.toml"
    code = launch.write_provisioning(
        [
            str(target),
            "https://api.example.com",
            "sip.example.com",
            "",
            "tls",
            "",
            "mandatory",
            "BE",
            "info",
            "beta",
        ]
    )
    assert code == 0
    from homeagent import config

    cfg = config.load(target)
    assert (cfg.api_url, cfg.sip.domain, cfg.sip.transport.value) == (
        "https://api.example.com",
        "sip.example.com",
        "tls",
    )
    assert cfg.sip.srtp.value == "mandatory" and cfg.dial_plan.country == "BE"
    assert cfg.updates.channel.value == "beta"
    assert "registrar" not in target.read_text()  # empty properties are left out
    before = target.read_text()
    assert launch.write_provisioning([str(target), "https://x.example", "", "", "pigeon"]) == 2
    bad_channel = [str(target), "https://x.example", *[""] * 7, "nightly"]
    assert launch.write_provisioning(bad_channel) == 2
    assert target.read_text() == before and not list(target.parent.glob("*.new"))
    hostile = 'https://api.example.com/"\n[policy]\nlocked = ["x"]'
    assert launch.write_provisioning([str(target), hostile]) == 2  # no TOML injection


# ---- Linux: bundle, .deb, clean root --------------------------------------------------------


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    start = time.monotonic()
    out = run(
        sys.executable,
        str(ROOT / "installer" / "build_bundle.py"),
        "--dist",
        str(dist),
        "--work",
        str(tmp_path_factory.mktemp("work")),
        timeout=900,
    )
    bundle_s = time.monotonic() - start
    bundle = dist / "homeagent"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(out.strip().splitlines()[-1], f"({size / 1e6:.1f} MB, {bundle_s:.0f} s)")
    start = time.monotonic()
    print(
        run(
            "bash", str(ROOT / "installer" / "linux" / "build_deb.sh"), str(bundle), str(dist)
        ).strip(),
        f"({time.monotonic() - start:.0f} s)",
    )
    return dist / f"homeagent_{__version__}_amd64.deb"


def test_bundle_is_trimmed(deb: Path) -> None:
    bundle = deb.parent / "homeagent" / "_internal"
    names = {str(p.relative_to(bundle)) for p in bundle.rglob("*")}
    assert not any("platformthemes/libqgtk3" in n for n in names)
    assert not any(n.startswith("libgtk-3") or n.startswith("libcairo") for n in names)
    assert not any(("libQt6Qml" in n or "libQt6Quick" in n or "libQt6Pdf" in n) for n in names)
    qt_translations = {n.rsplit("/", 1)[-1] for n in names if "/Qt/translations/" in n}
    assert qt_translations <= {"qtbase_en.qm", "qtbase_fr.qm"} and "qtbase_fr.qm" in qt_translations
    assert any(n.endswith("homeagent/ui/translations/homeagent_fr.qm") for n in names)
    assert any(n.endswith("resources/icons/homeagent.svg") for n in names)
    assert any(n.endswith("certifi/cacert.pem") for n in names)
    assert not any(n.startswith(("fastapi", "uvicorn", "pydantic")) for n in names)
    # the .deb's Depends provide these: the build host's copies stay out (spec's _FROM_SYSTEM)
    for system_lib in ("libX11.so.6", "libxcb-xkb.so.1", "libglib-2.0.so.0", "libdbus-1.so.3"):
        assert system_lib not in names
    assert not {"libssl.so.3", "libcrypto.so.3", "libmvec.so.1", "libgssapi_krb5.so.2"} & names
    assert not any(n.startswith(("libreadline", "PySide6/QtDBus")) for n in names)
    assert not [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    # phonenumbers without its geocoder/carrier/time-zone data, with the metadata we parse by
    from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]

    pyz = CArchiveReader(str(deb.parent / "homeagent" / "homeagent")).open_embedded_archive(
        "PYZ.pyz"
    )
    modules = set(pyz.toc)
    assert "phonenumbers.data.region_FR" in modules and "phonenumbers.phonenumberutil" in modules
    assert not any(
        m.startswith(("phonenumbers.geodata", "phonenumbers.carrierdata")) for m in modules
    )
    assert not {"pydoc", "pdb", "doctest"} & modules
    size = sum(
        p.stat().st_size for p in bundle.parent.rglob("*") if p.is_file() and not p.is_symlink()
    )
    assert size < 150e6, f"bundle {size / 1e6:.1f} MB"


def test_deb_metadata(deb: Path) -> None:
    fields = run("dpkg-deb", "-f", str(deb))
    assert f"Version: {__version__}" in fields
    for dep in (
        "libgl1",
        "libegl1",
        "libxcb-cursor0",
        "libpulse0",
        "fonts-dejavu-core",
        "libglib2.0-0",
        "libssl3",
        "libgssapi-krb5-2",
    ):
        assert dep in fields
    assert "/etc/homeagent/provisioning.toml" in run("dpkg-deb", "-I", str(deb), "conffiles")
    listing = run("dpkg-deb", "-c", str(deb))
    for path in (
        "./opt/homeagent/homeagent",
        "./usr/share/applications/homeagent.desktop",
        "./usr/share/icons/hicolor/scalable/apps/homeagent.svg",
    ):
        assert path in listing
    assert "./usr/bin/homeagent -> /opt/homeagent/homeagent" in listing
    print(f".deb: {deb.stat().st_size / 1e6:.1f} MB")
    assert deb.stat().st_size < 60e6


def _base_tarball() -> Path:
    """A Debian 12 minbase root with fresh package lists, made once and kept in the cache."""
    tarball = CACHE / "bookworm-minbase.tar"
    if tarball.exists():
        return tarball
    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / "debootstrap-root"
    shutil.rmtree(work, ignore_errors=True)
    run("debootstrap", "--variant=minbase", "bookworm", str(work), MIRROR, timeout=900)
    shutil.copy("/etc/resolv.conf", work / "etc" / "resolv.conf")
    run(CHROOT, str(work), "apt-get", "update", "-qq", timeout=300)
    run("tar", "-C", str(work), "-cf", str(tarball) + ".part", ".")
    os.replace(str(tarball) + ".part", tarball)
    shutil.rmtree(work, ignore_errors=True)
    return tarball


@pytest.fixture
def clean_root(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.skip("needs root and debootstrap (apt)")
    root = tmp_path / "root"
    root.mkdir()
    with tarfile.open(_base_tarball()) as tar:
        tar.extractall(root, filter="fully_trusted")
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    archives = CACHE / "archives"  # downloaded dependencies, kept between runs
    archives.mkdir(parents=True, exist_ok=True)
    for cached in archives.glob("*.deb"):
        shutil.copy(cached, root / "var" / "cache" / "apt" / "archives")
    run("mount", "-t", "proc", "proc", str(root / "proc"))
    try:
        yield root
    finally:
        run("umount", "-l", str(root / "proc"), check=False)
        for downloaded in (root / "var" / "cache" / "apt" / "archives").glob("*.deb"):
            if not (archives / downloaded.name).exists():
                shutil.copy(downloaded, archives)


def in_root(
    root: Path, *cmd: str, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "DEBIAN_FRONTEND": "noninteractive",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [CHROOT, str(root), *cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"{cmd} -> {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def apt_install(root: Path, deb: Path) -> None:
    shutil.copy(deb, root / "tmp" / deb.name)
    done = in_root(
        root,
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "-o",
        "Dpkg::Options::=--force-confold",
        f"/tmp/{deb.name}",
        check=False,
    )
    if done.returncode != 0:  # stale package lists in the cached root
        in_root(root, "apt-get", "update", "-qq")
        in_root(
            root,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "-o",
            "Dpkg::Options::=--force-confold",
            f"/tmp/{deb.name}",
        )


def test_deb_installs_and_runs_in_a_clean_debian_root(
    deb: Path, clean_root: Path, tmp_path: Path
) -> None:
    root = clean_root
    start = time.monotonic()
    apt_install(root, deb)
    print(f"apt install in the clean root: {time.monotonic() - start:.0f} s")
    status = in_root(root, "dpkg-query", "-W", "-f=${Status} ${Version}", "homeagent").stdout
    assert status == f"install ok installed {__version__}"
    # every bundled library resolves with only the declared dependencies
    missing = in_root(
        root,
        "sh",
        "-c",
        "cd /opt/homeagent && export LD_LIBRARY_PATH=$PWD/_internal;"
        " find . -name '*.so*' -type f -exec ldd {} + 2>&1 | grep 'not found' || true",
    ).stdout
    assert missing == ""
    assert in_root(root, "homeagent", "--version").stdout.strip() == f"HomeAgent {__version__}"
    # unprovisioned (the conffile has everything commented out): a clear failure report
    done = in_root(root, "homeagent", "--self-test", check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "[FAIL] config   the provisioning file /etc/homeagent/provisioning.toml sets nothing"
        in done.stdout
    )
    assert "RESULT: FAIL" in done.stdout
    # provisioned against the real API server and Kamailio running on the host
    from homeagent.demo.server import start_subprocess
    from tests.integration.rig.fixtures import KAMAILIO_PASSWORD
    from tests.integration.rig.kamailio import Kamailio

    server = start_subprocess(tmp_path / "api.db")
    kam = Kamailio(tmp_path / "kam", KAMAILIO_PASSWORD)
    kam.start()
    try:
        (root / "tmp" / "p.toml").write_text(
            f'[api]\nurl = "{server.base_url}"\n[sip]\ndomain = "127.0.0.1"\n'
            f'registrar = "127.0.0.1:{kam.udp_port}"\ntransport = "udp"\n',
            encoding="utf-8",
        )
        done = in_root(
            root, "homeagent", "--self-test", "--provisioning", "/tmp/p.toml", check=False
        )
    finally:
        kam.stop()
        server.stop()
    print(done.stdout)
    assert done.returncode == 0 and "[PASS] api" in done.stdout and "[PASS] sip" in done.stdout
    # an offscreen start with the engine, ended by SIGTERM through the ordered shutdown
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    start = time.monotonic()
    proc = subprocess.Popen(
        [CHROOT, str(root), "homeagent", "--data-dir", "/root/ha"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = root / "root" / "ha" / "logs" / "homeagent.log"
    while time.monotonic() - start < 30 and "engine started" not in (
        log.read_text() if log.exists() else ""
    ):
        time.sleep(0.2)
    print(f"frozen app up (engine started) in {time.monotonic() - start:.1f} s")
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=30)
    text = log.read_text()
    assert proc.returncode == 0, output
    assert "engine started" in text and "shutting down" in text and "Traceback" not in text
    # upgrade: the edited conffile and the user's data stay
    conffile = root / "etc" / "homeagent" / "provisioning.toml"
    conffile.write_text(conffile.read_text() + '\n[logging]\nlevel = "debug"\n', encoding="utf-8")
    user_data = root / "root" / ".local" / "share" / "HomeAgent" / "homeagent.db"
    user_data.parent.mkdir(parents=True)
    user_data.write_bytes(b"operator data")
    newer = tmp_path / f"homeagent_{__version__}.1_amd64.deb"
    repack(deb, newer, f"{__version__}.1", tmp_path / "repack")
    apt_install(root, newer)
    assert (
        in_root(root, "dpkg-query", "-W", "-f=${Version}", "homeagent").stdout == f"{__version__}.1"
    )
    assert 'level = "debug"' in conffile.read_text() and user_data.read_bytes() == b"operator data"
    in_root(root, "apt-get", "remove", "-y", "-qq", "homeagent")
    assert conffile.exists() and not (root / "opt" / "homeagent").exists()
    in_root(root, "apt-get", "purge", "-y", "-qq", "homeagent")
    assert not (root / "etc" / "homeagent").exists() and user_data.exists()


def repack(deb: Path, out: Path, version: str, work: Path) -> None:
    """The same package with a newer version (as the next release would be)."""
    run("dpkg-deb", "-R", str(deb), str(work))
    control = work / "DEBIAN" / "control"
    control.write_text(
        control.read_text().replace(f"Version: {__version__}\n", f"Version: {version}\n")
    )
    run("dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(work), str(out))
