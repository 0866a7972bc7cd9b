#!/usr/bin/env bash
# Installs (or removes) the desktop entry, AppStream metadata and icon for the current user,
# under ${XDG_DATA_HOME:-~/.local/share}:
#   desktop-entry.sh install [EXEC]   |   desktop-entry.sh uninstall
# EXEC is the booxi-desktop to start: the entry names it by full path, so it works whether
# the app came as a wheel (pipx, a virtualenv) or as the bundle, on PATH or not. The bundle
# carries this script in its _internal folder, where EXEC defaults to the bundle's own.
set -euo pipefail
id=com.booxi.desktop.BooxiDesktop
here="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$here/resources/$id.desktop" ]; then
  data="$here/resources"                 # the bundle's _internal/
  default_exec="$(dirname "$here")/booxi-desktop"
else
  data="$(dirname "$here")/resources"    # scripts/ of the source tree
  default_exec=""
fi
action=${1:-}
home=${XDG_DATA_HOME:-$HOME/.local/share}
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
    exec_path=${2:-$default_exec}
    [ -n "$exec_path" ] || { echo "usage: $0 install EXEC (the booxi-desktop to start)" >&2; exit 2; }
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
  *) echo "usage: $0 install [EXEC] | uninstall" >&2; exit 2;;
esac
