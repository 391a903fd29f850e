#!/usr/bin/env bash
# Runs the end-to-end suite in a private D-Bus session with a throw-away HOME,
# so the user's keyring, notifications and settings are never touched.
# Usage: tests/e2e/run.sh [pytest args…]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d -t meeting-tray-e2e.XXXXXX)
trap 'rm -rf "$home"' EXIT
export HOME="$home" MEETING_TRAY_E2E=1 NO_AT_BRIDGE=1
unset DISPLAY WAYLAND_DISPLAY XDG_RUNTIME_DIR
mkdir -p "$home/runtime" && chmod 700 "$home/runtime"
export XDG_RUNTIME_DIR="$home/runtime"
cd "$here"
# Debian's python3: python3-dbusmock and python3-dbus live there.
dbus-run-session --config-file="$here/session-bus.conf" -- /usr/bin/python3 -m pytest -p no:cacheprovider "$@"
