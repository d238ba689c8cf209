#!/usr/bin/env bash
# Developer set-up in one command: system packages, a virtualenv, then the demo or the tests.
#   bash installer/devenv.sh demo   # set up and launch HomeAgent in demo mode
#   bash installer/devenv.sh test   # set up and run the whole test suite (what CI runs)
#   bash installer/devenv.sh bench  # set up and run the benchmarks (tests/perf), the soak and
#                                   # the side-by-side comparison with other softphones included
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"; shift || true

# Qt (offscreen and X11), the SIP peers the tests start, keyring and audio for tests.
# libpulse0: the sound path (miniaudio talks to PulseAudio/PipeWire); the tests run a private
# PulseAudio with null sinks (pulseaudio, pulseaudio-utils) and load one core with stress-ng.
APT_PACKAGES=(
  python3-venv libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
  libxcb-util1 fonts-dejavu-core libpulse0 espeak-ng
)
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  # iproute2: the network-change tests run the engine in a network namespace
  APT_PACKAGES+=(sip-tester kamailio kamailio-tls-modules baresip-core openssl xvfb xauth
                dbus-daemon dbus-bin gnome-keyring pulseaudio pulseaudio-utils stress-ng
                wixl msitools debootstrap binutils iproute2)
fi
if [ "$mode" = bench ]; then
  # the softphones HomeAgent is compared with (tests/perf/bench_compare.py); xdotool finds
  # their first window
  APT_PACKAGES+=(twinkle linphone-desktop xdotool)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "devenv: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "devenv: missing system packages; run as root:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
venv=.venv
if [ ! -x "$venv/bin/python" ]; then
  "$PY" -m venv "$venv"
fi
stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e ".[dev,demo,build]"
  touch "$stamp"
fi
# compiled translations (.qm) are built, not committed
"$venv/bin/python" installer/translations.py build >/dev/null
# the demo line's voice prompts (espeak-ng; built, not committed)
"$venv/bin/python" installer/make_voices.py >/dev/null

case "$mode" in
  demo)
    exec "$venv/bin/homeagent" --demo "$@"
    ;;
  test)
    export PATH="$PWD/$venv/bin:$PATH"
    echo "== ruff"; ruff check homeagent tests
    echo "== mypy"; mypy
    echo "== import rules"; lint-imports
    echo "== pytest"
    exec pytest "$@"
    ;;
  bench)
    export PATH="$PWD/$venv/bin:$PATH"
    exec python -m tests.perf "$@"
    ;;
  *)
    echo "usage: bash installer/devenv.sh demo|test|bench [args]" >&2
    exit 2
    ;;
esac
