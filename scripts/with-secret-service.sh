#!/usr/bin/env bash
# Runs a command beside a real, unlocked Secret Service (gnome-keyring on a private D-Bus
# session) so that the keychain integration test talks to the real thing.
set -euo pipefail
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  keyrings=$(mktemp -d)
  trap 'rm -rf "$keyrings"' EXIT
  export BOOXI_SECRET_SERVICE_TEST=1
  # The throwaway keyring lives in a temporary folder, never in the user's own.
  XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c \
    'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' sh "$@"
else
  if [ "${CI:-}" = "true" ]; then
    echo "CI needs dbus-run-session and gnome-keyring-daemon for the keychain test" >&2
    exit 1
  fi
  echo "note: no gnome-keyring here; the Secret Service test will be skipped" >&2
  "$@"
fi
