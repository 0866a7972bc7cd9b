#!/usr/bin/env bash
# Debian libraries Qt needs (offscreen and on X), a virtual screen for screenshots,
# a Secret Service for the keychain integration test, the desktop-file validators,
# binutils (PyInstaller reads and strips the bundled libraries with objdump and strip),
# icu-devtools and gcc (the bundle's ICU data library is rebuilt without what Qt never
# reads: packaging/trim_icu_data.py), and curl (a test runs a copied cURL command through a
# shell against the sandbox).
# Installs only what is missing.
set -euo pipefail
packages=(
  libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core
  xvfb xauth gnome-keyring dbus desktop-file-utils appstream binutils icu-devtools gcc curl
)
command -v dpkg-query >/dev/null || { echo "not a Debian system: install the Qt 6 runtime libraries yourself" >&2; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "please install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
