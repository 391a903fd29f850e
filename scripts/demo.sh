#!/usr/bin/env bash
# Starts the Microsoft 365 emulator with the demo mailbox, then the app with its
# window open (in the current desktop session, or under Xvfb with openbox when
# there is no display), pointed at the emulator through MEETING_TRAY_* variables.
set -euo pipefail
target="${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/debug"
bin="$target/meeting-tray"

# The emulator prints one JSON line with its URLs, then serves until killed.
exec 4< <(exec "$target/msgraph-emulator" --port "${EMULATOR_PORT:-0}" --mailbox demo)
emulator_pid=$!
trap 'kill $emulator_pid $(jobs -p) 2>/dev/null || true' EXIT
read -r -t 10 announcement <&4 || { echo "the emulator did not start" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$announcement" "$1"; }
export MEETING_TRAY_AUTHORITY="$(field authority)" MEETING_TRAY_GRAPH="$(field graph)" MEETING_TRAY_CLIENT_ID="$(field client_id)"
control="$(field control)"
echo "Microsoft 365 emulator (loopback only), demo mailbox with a week of meetings:"
echo "  sign-in:  $MEETING_TRAY_AUTHORITY    Graph: $MEETING_TRAY_GRAPH"
echo "  users:    dana.reyes@contoso.example (en-US), jana.novakova@contoso.example (cs-CZ)"
echo "  look:     curl -s $control/users/dana.reyes@contoso.example/events"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting Meeting Tray in your desktop session: look for its tray icon and window."
  "$bin" --show
  exit
fi
exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null)
read -r num <&3
export DISPLAY=":$num"
openbox --sm-disable >/dev/null 2>&1 &
sleep 1
echo "No display found: Meeting Tray runs under Xvfb on $DISPLAY."
echo "  Look at it:   import -display $DISPLAY -window root /tmp/meeting-tray.png"
echo "  Its logs:     $("$bin" paths | sed -n 's/^logs: *//p')"
echo "  Stop with Ctrl-C."
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  dbus-run-session -- "$bin" --show
else
  "$bin" --show
fi
