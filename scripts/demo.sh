#!/usr/bin/env bash
# Starts the app with its window open: in the current desktop session, or under
# Xvfb (with openbox) when there is no display, printing how to look at it.
set -euo pipefail
bin="${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/debug/meeting-tray"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting Meeting Tray in your desktop session: look for its tray icon and window."
  exec "$bin" --show
fi
exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null)
read -r num <&3
export DISPLAY=":$num"
openbox --sm-disable >/dev/null 2>&1 &
trap 'kill $(jobs -p) 2>/dev/null' EXIT
sleep 1
echo "No display found: Meeting Tray runs under Xvfb on $DISPLAY."
echo "  Look at it:   import -display $DISPLAY -window root /tmp/meeting-tray.png"
echo "  Its logs:     $("$bin" paths | sed -n 's/^logs: *//p')"
echo "  Stop with Ctrl-C."
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$bin" --show
fi
"$bin" --show
