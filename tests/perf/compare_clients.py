"""The clients bench_compare starts side by side: how each is configured, launched and signed in.

Every client gets a fresh private HOME (and XDG_* dirs, TMPDIR) per start, the bench's Xvfb
display, its PulseAudio rig and private session bus, one SIP account on the bench's Kamailio
(UDP on 127.0.0.1, any user name with the rig's password) and auto-answer:

- HomeAgent: the real `python -m homeagent --provisioning FILE --sip-loopback` (SIP-only: no
  `api.url`, so the compact softphone window). Provisioning sets `calls.auto_answer_s = 0`
  (the product's own auto-answer policy: TelephonyService answers on IncomingCall). SIP-only
  HomeAgent does not register by itself at start-up: the operator types the user name and
  password; the bench does exactly that with xdotool as soon as the window is mapped.
  Optionally the desk (`api.url` set to the reference API server): window and memory only.
- baresip (baresip-core): `baresip -f DIR` with `config` and `accounts` (`answermode=auto`);
  sound through ALSA's `pulse` device (baresip-core has no PulseAudio module). No window.
- Linphone desktop: `linphone` with `$XDG_CONFIG_HOME/linphone/linphonerc` ([proxy_0],
  [auth_info_0], `[ui] auto_answer=1`, the key SettingsModel::getAutoAnswerStatus reads).
- Twinkle: `twinkle -f bench` (GUI) with `~/.twinkle/bench.cfg` (the user profile),
  `bench.svc` (`auto_answer=yes`, the per-profile services file) and `twinkle.sys`
  (sound devices `alsa:pulse`, ports, no systray).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.integration.rig.ports import LOOPBACK

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
XDOTOOL = shutil.which("xdotool")


@dataclass(frozen=True)
class Rig:
    """What every client is given: the registrar, the display, the sound server, the bus."""

    kam_port: int
    password: str
    display: str
    env: dict[str, str]  # DISPLAY, PULSE_SERVER, DBUS_SESSION_BUS_ADDRESS (and PATH etc.)
    api_url: str = ""  # the reference API server, for the desk variant

    @property
    def registrar(self) -> str:
        return f"{LOOPBACK}:{self.kam_port}"


@dataclass
class Launch:
    """One start of one client: its command, environment and private directories."""

    argv: list[str]
    env: dict[str, str]
    home: Path
    user: str
    sip_port: int
    cwd: Path = REPO_ROOT
    notes: list[str] = field(default_factory=list)


def private_env(rig: Rig, home: Path) -> dict[str, str]:
    """The rig's environment with a fresh HOME and XDG dirs under `home` (nothing reused)."""
    dirs = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_RUNTIME_DIR": home / "run",
        "TMPDIR": home / "tmp",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    (home / "run").chmod(0o700)
    env = {k: v for k, v in rig.env.items() if not k.startswith(("XDG_", "QT_", "HOMEAGENT_"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    return env


class Client:
    """A client under test. Subclasses fill in prepare(); GUI clients may sign in."""

    name = ""
    label = ""
    gui = True
    binary = ""

    def missing(self) -> str | None:
        """Why this client cannot run here, or None."""
        if not shutil.which(self.binary):
            return f"{self.binary} is not installed"
        return None

    def version(self) -> str:
        return ""

    def prepare(self, home: Path, rig: Rig, user: str, sip_port: int) -> Launch:
        raise NotImplementedError

    def after_window(self, launch: Launch, window: int, rig: Rig) -> float | None:
        """Called once the first window is mapped; returns when a sign-in was submitted
        (perf_counter) if the client needed one, else None."""
        return None

    @property
    def registers(self) -> bool:
        return True


# ---- HomeAgent -----------------------------------------------------------------------------


class HomeAgent(Client):
    name = "homeagent"
    label = "HomeAgent (SIP-only)"
    binary = sys.executable

    def __init__(self, desk: bool = False) -> None:
        self.desk = desk
        if desk:
            self.name = "homeagent-desk"
            self.label = "HomeAgent (desk, signed out)"

    def missing(self) -> str | None:
        if self.desk:
            return None  # the caller checks the API server
        return None if XDOTOOL else "xdotool is not installed (needed to type the sign-in)"

    def version(self) -> str:
        from homeagent import __version__

        return f"HomeAgent {__version__} (Python {sys.version.split()[0]})"

    @property
    def registers(self) -> bool:
        return not self.desk  # the desk registers only after the operator signs in to the API

    def prepare(self, home: Path, rig: Rig, user: str, sip_port: int) -> Launch:
        env = private_env(rig, home)
        provisioning = home / "provisioning.toml"
        api = f'[api]\nurl = "{rig.api_url}"\n' if self.desk else ""
        provisioning.write_text(
            f'{api}[sip]\ndomain = "{rig.registrar}"\nregistrar = "{rig.registrar}"\n'
            f"local_port = {sip_port}\n[calls]\nauto_answer_s = 0\n",
            encoding="utf-8",
        )
        argv = [
            sys.executable, "-m", "homeagent", "--provisioning", str(provisioning),
            "--sip-loopback",
        ]  # fmt: skip
        return Launch(argv, env, home, user, sip_port)

    def after_window(self, launch: Launch, window: int, rig: Rig) -> float | None:
        if self.desk or XDOTOOL is None:
            return None
        # the operator's sign-in: focus the window, type the user name, Tab, the password,
        # Return (the password field submits the form)
        env = dict(launch.env, DISPLAY=rig.display)

        def xdo(*args: str) -> None:
            subprocess.run([XDOTOOL, *args], env=env, check=True, timeout=20)

        xdo("windowfocus", "--sync", str(window))
        xdo("type", "--delay", "2", launch.user)
        xdo("key", "Tab")
        xdo("type", "--delay", "2", rig.password)
        submitted = time.perf_counter()
        xdo("key", "Return")
        return submitted


# ---- baresip -------------------------------------------------------------------------------

BARESIP_MODULE_DIR = Path("/usr/lib/baresip/modules")


class Baresip(Client):
    name = "baresip"
    label = "baresip"
    gui = False
    binary = "baresip"

    def version(self) -> str:
        done = subprocess.run(
            ["baresip", "-h"], capture_output=True, text=True, timeout=5, check=False
        )
        first = (done.stdout or done.stderr).splitlines()
        return first[0].split(" Copyright")[0] if first else ""

    def prepare(self, home: Path, rig: Rig, user: str, sip_port: int) -> Launch:
        env = private_env(rig, home)
        conf = home / ".baresip"
        conf.mkdir()
        modules = [m for m in ("g722", "g711", "alsa") if (BARESIP_MODULE_DIR / f"{m}.so").exists()]
        lines = [
            "poll_method\t\tepoll",
            f"sip_listen\t\t{LOOPBACK}:{sip_port}",
            f"net_interface\t\t{LOOPBACK}",
            "audio_player\t\talsa,pulse",
            "audio_source\t\talsa,pulse",
            "audio_alert\t\talsa,pulse",
            f"module_path\t\t{BARESIP_MODULE_DIR}",
            *(f"module\t\t\t{m}.so" for m in modules),
            "module_app\t\taccount.so",
            "module_app\t\tmenu.so",
        ]
        (conf / "config").write_text("\n".join(lines) + "\n")
        (conf / "accounts").write_text(
            f"<sip:{user}@{rig.registrar}>;auth_pass={rig.password};answermode=auto;regint=600\n"
        )
        return Launch(["baresip", "-f", str(conf)], env, home, user, sip_port)


# ---- Linphone desktop ----------------------------------------------------------------------


class Linphone(Client):
    name = "linphone"
    label = "Linphone desktop"
    binary = "linphone"

    def version(self) -> str:
        return _dpkg_version("linphone-desktop", "Linphone desktop")

    def prepare(self, home: Path, rig: Rig, user: str, sip_port: int) -> Launch:
        env = private_env(rig, home)
        conf = Path(env["XDG_CONFIG_HOME"]) / "linphone"
        conf.mkdir(parents=True)
        rtp = sip_port + 2
        (conf / "linphonerc").write_text(
            f"[sip]\nsip_port={sip_port}\nsip_tcp_port=-1\nsip_tls_port=-1\ndefault_proxy=0\n\n"
            f"[rtp]\naudio_rtp_port={rtp}-{rtp + 8}\nvideo_rtp_port={rtp + 10}-{rtp + 18}\n\n"
            "[video]\ncapture=0\ndisplay=0\nautomatically_initiate=0\nautomatically_accept=0\n\n"
            f"[proxy_0]\nreg_proxy=<sip:{rig.registrar};transport=udp>\n"
            f"reg_identity=<sip:{user}@{rig.registrar}>\nreg_expires=600\nreg_sendregister=1\n"
            "publish=0\n\n"
            f"[auth_info_0]\nusername={user}\npasswd={rig.password}\ndomain={rig.registrar}\n\n"
            "[ui]\nauto_answer=1\nauto_answer_delay=0\n",
            encoding="utf-8",
        )
        return Launch(["linphone"], env, home, user, sip_port)


# ---- Twinkle -------------------------------------------------------------------------------


class Twinkle(Client):
    name = "twinkle"
    label = "Twinkle"
    binary = "twinkle"

    def version(self) -> str:
        return _dpkg_version("twinkle", "Twinkle")

    def prepare(self, home: Path, rig: Rig, user: str, sip_port: int) -> Launch:
        env = private_env(rig, home)
        conf = home / ".twinkle"
        conf.mkdir()
        # registrar without "sip:": with the scheme Twinkle 1.10 cannot resolve it
        (conf / "bench.cfg").write_text(
            f"user_name={user}\nuser_domain={rig.registrar}\nuser_display=Twinkle bench\n"
            f"auth_realm=\nauth_name={user}\nauth_pass={rig.password}\n"
            f"registrar={rig.registrar}\nregister_at_startup=yes\nregistration_time=600\n"
            "codecs=g711a,g711u\n",
            encoding="utf-8",
        )
        (conf / "bench.svc").write_text("auto_answer=yes\n", encoding="utf-8")
        (conf / "twinkle.sys").write_text(
            "dev_ringtone=alsa:pulse\ndev_speaker=alsa:pulse\ndev_mic=alsa:pulse\n"
            f"sip_port={sip_port}\nrtp_port={sip_port + 2}\n"
            "gui_use_systray=no\nstart_user_profile=bench\nstart_hidden=no\n",
            encoding="utf-8",
        )
        return Launch(["twinkle", "-f", "bench"], env, home, user, sip_port)


def _dpkg_version(package: str, label: str) -> str:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package],
        capture_output=True, text=True, timeout=10, check=False,
    )  # fmt: skip
    return f"{label} {done.stdout.strip()}" if done.returncode == 0 else label


def all_clients(desk: bool) -> list[Client]:
    clients: list[Client] = [HomeAgent(), Baresip(), Linphone(), Twinkle()]
    if desk:
        clients.insert(1, HomeAgent(desk=True))
    return clients


# ---- X11: when a top-level window is mapped ------------------------------------------------

_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class MapWatcher(threading.Thread):
    """Records (perf_counter, window id) of every top-level window mapped on `display`
    (children of the root; no window manager runs, so no reparenting), override-redirect
    windows (menus, tooltips) excluded. Blocks in select(): costs nothing while idle."""

    def __init__(self, display: str) -> None:
        super().__init__(daemon=True, name="x11-map-watcher")
        path = ctypes.util.find_library("X11")
        if path is None:
            raise RuntimeError("libX11 not found")
        self._x = ctypes.CDLL(path)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self._x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self._x.XPending.argtypes = [ctypes.c_void_p]
        self._x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x.XFetchName.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)
        ]  # fmt: skip
        self._x.XFree.argtypes = [ctypes.c_void_p]
        self._dpy = self._x.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        root = self._x.XDefaultRootWindow(self._dpy)
        self._x.XSelectInput(self._dpy, root, _SUBSTRUCTURE_NOTIFY_MASK)
        self._x.XFlush(self._dpy)
        self._fd = self._x.XConnectionNumber(self._dpy)
        self._lock = threading.Lock()
        self.maps: list[tuple[float, int]] = []
        self.names: dict[int, str] = {}  # window -> its WM_NAME when it was mapped
        self._halt = threading.Event()

    def run(self) -> None:
        event = (ctypes.c_long * 24)()  # XEvent: a union of 24 longs
        while not self._halt.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.2)
            if not ready:
                continue
            while self._x.XPending(self._dpy):
                self._x.XNextEvent(self._dpy, ctypes.byref(event))
                now = time.perf_counter()
                # XMapEvent: int type; ulong serial; Bool send_event; Display*; Window event;
                # Window window; Bool override_redirect -> longs 0, 1, 2, 3, 4, 5, 6
                if (
                    ctypes.c_int.from_buffer(event).value == _MAP_NOTIFY
                    and event[6] & 0xFFFFFFFF == 0
                ):
                    window = int(event[5])
                    with self._lock:
                        self.maps.append((now, window))
                    self.names[window] = self._window_name(window)

    def _window_name(self, window: int) -> str:
        name = ctypes.c_char_p()
        if not self._x.XFetchName(self._dpy, window, ctypes.byref(name)) or not name.value:
            return ""
        text = name.value.decode(errors="replace")
        self._x.XFree(ctypes.cast(name, ctypes.c_void_p))
        return text

    def first_after(self, since: float) -> tuple[float, int] | None:
        with self._lock:
            return next(((t, w) for t, w in self.maps if t >= since), None)

    def mapped_since(self, since: float) -> list[tuple[float, str]]:
        """(seconds after `since`, window name) of every top-level window mapped since."""
        with self._lock:
            maps = [(t, w) for t, w in self.maps if t >= since]
        return [(round(t - since, 3), self.names.get(w, "?")) for t, w in maps]

    def wait_first_after(
        self, since: float, timeout: float, alive: Callable[[], bool]
    ) -> tuple[float, int] | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and alive():
            found = self.first_after(since)
            if found:
                return found
            time.sleep(0.01)
        return self.first_after(since)

    def stop(self) -> None:
        self._halt.set()
        self.join(2)
        self._x.XCloseDisplay(self._dpy)


def window_pid(display: str, window: int) -> int | None:
    """_NET_WM_PID of a window (what `xdotool search --pid` matches), or None."""
    if XDOTOOL is None:
        return None
    done = subprocess.run(
        [XDOTOOL, "getwindowpid", str(window)],
        env=dict(os.environ, DISPLAY=display), capture_output=True, text=True, timeout=5,
        check=False,
    )  # fmt: skip
    text = done.stdout.strip()
    return int(text) if text.isdigit() else None


# ---- Kamailio's log: when a user's REGISTER was accepted -----------------------------------


class RegisterWatch:
    """Reads Kamailio's log incrementally for `HA-RIG REGISTER from <user> -> 200`."""

    def __init__(self, log_path: Path) -> None:
        self.path = log_path
        self._offset = log_path.stat().st_size if log_path.exists() else 0
        self._buf = ""
        self.accepted: dict[str, float] = {}

    def poll(self) -> None:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except FileNotFoundError:
            return
        if not data:
            return
        now = time.perf_counter()
        self._offset += len(data)
        text = self._buf + data.decode(errors="replace")
        lines = text.split("\n")
        self._buf = lines.pop()
        for line in lines:
            match = re.search(r"HA-RIG REGISTER from (\S+) -> 200", line)
            if match:
                self.accepted.setdefault(match.group(1), now)

    def wait(self, user: str, timeout: float, alive: Callable[[], bool]) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.poll()
            if user in self.accepted:
                return self.accepted[user]
            if not alive():
                return None
            time.sleep(0.005)
        return None
