#!/usr/bin/env bash
# One command for the Debian/Ubuntu package:
#   bash installer/linux/build_deb.sh [BUNDLE_DIR] [OUT_DIR]
# BUNDLE_DIR defaults to installer/dist/homeagent (built first when missing, with
# installer/build_bundle.py). Lays out /opt/homeagent (the bundle), /usr/bin/homeagent,
# the desktop entry (tel:, sip:, callto:), the icon, and /etc/homeagent/provisioning.toml as
# a conffile (all settings commented out: local edits survive upgrades), then dpkg-deb.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="${1:-$root/installer/dist/homeagent}"
out="${2:-$root/installer/dist}"
if [ ! -x "$bundle/homeagent" ]; then
  "${PYTHON:-$root/.venv/bin/python}" "$root/installer/build_bundle.py"
  bundle="$root/installer/dist/homeagent"
fi
version="${HOMEAGENT_VERSION:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/homeagent/__init__.py")}"
# What the bundle needs from the system (checked in a clean Debian 12 root by
# tests/install/test_packaging.py): glibc of the build host, OpenGL/EGL, X11/xcb for Qt's
# xcb platform, fontconfig/FreeType with a font, D-Bus, GLib (Qt's event loop), Kerberos and
# brotli (QtNetwork), OpenSSL 3 (Python's ssl), and PulseAudio's client (miniaudio loads it;
# PipeWire's pulse server speaks it too). installer/pyinstaller/homeagent.spec leaves these
# libraries out of the bundle (_FROM_SYSTEM): keep the two lists in step.
DEPENDS="libc6 (>= 2.36), libgl1, libegl1, libfontconfig1, libfreetype6, fonts-dejavu-core, \
libdbus-1-3, libglib2.0-0, libgssapi-krb5-2, libssl3, libbrotli1, zlib1g, libzstd1, liblzma5, \
libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-glx0, libxcb-icccm4, libxcb-image0, \
libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-render0, libxcb-shape0, libxcb-shm0, \
libxcb-sync1, libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0, \
libwayland-client0, libwayland-cursor0, libwayland-egl1, libpulse0"

start=$(date +%s)
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/homeagent"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/etc/homeagent" \
  "$pkg/usr/share/doc/homeagent"
cp -a "$bundle" "$pkg/opt/homeagent"
ln -s /opt/homeagent/homeagent "$pkg/usr/bin/homeagent"
install -m 644 "$root/resources/linux/homeagent.desktop" "$pkg/usr/share/applications/"
install -m 644 "$root/resources/icons/homeagent.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/"
# the conffile: the documented example with every setting commented out (= not provisioned)
sed -E 's/^([^#[:space:]])/# \1/' "$root/installer/provisioning.example.toml" \
  > "$pkg/etc/homeagent/provisioning.toml"
chmod 644 "$pkg/etc/homeagent/provisioning.toml"
install -m 644 "$root/docs/PROVISIONING.md" "$pkg/usr/share/doc/homeagent/"
echo /etc/homeagent/provisioning.toml > "$pkg/DEBIAN/conffiles"
install -m 755 "$here/postrm" "$pkg/DEBIAN/postrm"
size_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: homeagent
Version: $version
Architecture: amd64
Maintainer: HomeAgent IT <it@homeagent.invalid>
Installed-Size: $size_kb
Depends: $DEPENDS
Recommends: gnome-keyring | kwalletmanager, xdg-utils
Section: comm
Priority: optional
Homepage: https://homeagent.invalid
Description: softphone and agent desktop for call-centre operators
 HomeAgent is a SIP softphone with the company's agent desk (customer screen pop,
 tickets, timesheet) for operators working from home. IT provisions it through
 /etc/homeagent/provisioning.toml; "homeagent --self-test" checks a machine.
CONTROL
mkdir -p "$out"
deb="$out/homeagent_${version}_amd64.deb"
# xz: read by every dpkg still in service (zstd needs dpkg 1.21.18+)
dpkg-deb --root-owner-group -Zxz -z6 --build "$pkg" "$deb" >/dev/null
echo "deb: $deb $(stat -c %s "$deb") bytes, installed ${size_kb} kB, in $(( $(date +%s) - start )) s"
