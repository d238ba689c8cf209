#!/usr/bin/env bash
# One command for the Windows MSI, built on Linux with Debian's wixl (apt: wixl msitools):
#   bash installer/windows/build_msi.sh PAYLOAD_DIR [OUT.msi]
# PAYLOAD_DIR is the PyInstaller one-folder bundle built ON WINDOWS
# (`python installer\build_bundle.py` there gives dist\homeagent\ with homeagent.exe,
# homeagent-cli.exe and _internal\); see installer/windows/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
payload="$(cd "${1:?usage: build_msi.sh PAYLOAD_DIR [OUT.msi]}" && pwd)"
out="${2:-$root/installer/dist/HomeAgent.msi}"
version="${HOMEAGENT_VERSION:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/homeagent/__init__.py")}"
for f in homeagent.exe homeagent-cli.exe; do
  [ -f "$payload/$f" ] || { echo "build_msi: $payload/$f missing" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# every payload file but the two executables (declared in homeagent.wxs with fixed ids)
(cd "$payload" && find . -type f ! -path ./homeagent.exe ! -path ./homeagent-cli.exe \
   | sed 's|^\./||' | LC_ALL=C sort) \
  | wixl-heat --prefix "" --directory-ref INSTALLDIR --component-group Payload \
      --var var.PayloadDir --win64 > "$work/payload.wxs"
mkdir -p "$(dirname "$out")"
start=$(date +%s)
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
# wixl resolves sources relative to the current folder only
(cd "$payload" && wixl -a x64 -D "Version=$version" -D PayloadDir=. -D Win64=yes \
  -o "$out" "$here/homeagent.wxs" "$work/payload.wxs")
echo "msi: $out $(stat -c %s "$out") bytes in $(( $(date +%s) - start )) s"
