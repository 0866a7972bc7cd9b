#!/usr/bin/env bash
# Installs (or removes) the desktop entry, AppStream metadata and icon for the current user:
#   desktop-entry.sh install DATA_HOME EXEC   |   desktop-entry.sh uninstall DATA_HOME
# EXEC is the booxi-desktop to start: the entry names it by full path, so it works whether
# the app came as a wheel (pipx, a virtualenv) or as the bundle, on PATH or not.
set -euo pipefail
id=com.booxi.desktop.BooxiDesktop
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/booxi_desktop/data"
action=${1:?install or uninstall}
home=${2:?data folder, e.g. ~/.local/share}
apps="$home/applications"
icons="$home/icons/hicolor"
metainfo="$home/metainfo"

refresh() {
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$apps" || true; fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icons" || true
  fi
}

case "$action" in
  install)
    exec_path=${3:?the booxi-desktop command to start}
    [ -x "$exec_path" ] || { echo "not an executable: $exec_path (set EXEC=...)" >&2; exit 1; }
    case "$exec_path" in *[[:space:]\"\'\\\$\`%]*)
      echo "the command's path has characters a desktop entry cannot quote: $exec_path" >&2; exit 1;;
    esac
    mkdir -p "$apps" "$icons/scalable/apps" "$metainfo"
    # Written to a temporary name, then renamed: a menu never reads half an entry.
    sed "s|^Exec=booxi-desktop\$|Exec=$exec_path|" "$data/$id.desktop" > "$apps/.$id.desktop.tmp"
    mv "$apps/.$id.desktop.tmp" "$apps/$id.desktop"
    cp "$data/$id.svg" "$icons/scalable/apps/.$id.svg.tmp"
    mv "$icons/scalable/apps/.$id.svg.tmp" "$icons/scalable/apps/$id.svg"
    cp "$data/$id.metainfo.xml" "$metainfo/.$id.metainfo.xml.tmp"
    mv "$metainfo/.$id.metainfo.xml.tmp" "$metainfo/$id.metainfo.xml"
    refresh
    echo "installed $apps/$id.desktop (starts $exec_path)"
    ;;
  uninstall)
    rm -f "$apps/$id.desktop" "$icons/scalable/apps/$id.svg" "$metainfo/$id.metainfo.xml"
    refresh
    echo "removed $id from $home"
    ;;
  *) echo "usage: $0 install DATA_HOME EXEC | uninstall DATA_HOME" >&2; exit 2;;
esac
