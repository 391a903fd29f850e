#!/usr/bin/env bash
# Starts the Microsoft 365 emulator with the demo mailbox, then the app with its
# window open, pointed at the emulator through MEETING_TRAY_* variables.
# In a desktop session you click Connect and sign in on the emulator's page in
# your browser. With no display the app runs under Xvfb with openbox, in its own
# D-Bus session with a throw-away gnome-keyring and HOME, and is connected
# first as the demo user by scripts/demo-browser.py.
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
  echo "Starting Meeting Tray in your desktop session: look for its tray icon and window,"
  echo "choose Connect your calendar and pick Dana on the emulator's sign-in page."
  "$bin" --show
  exit
fi
exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null)
read -r num <&3
export DISPLAY=":$num"
openbox --sm-disable >/dev/null 2>&1 &
sleep 1
# A throw-away HOME: the demo's keyring and settings never touch yours.
demo_home=$(mktemp -d -t meeting-tray-demo.XXXXXX)
trap 'kill $emulator_pid $(jobs -p) 2>/dev/null || true; rm -rf "$demo_home"' EXIT
export HOME="$demo_home" MEETING_TRAY_DEMO_CONTROL="$control"
unset XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME XDG_DATA_HOME
export MEETING_TRAY_BROWSER="$(cd "$(dirname "$0")" && pwd)/demo-browser.py"
# A meeting source, so Dana's "Sprint planning" (@meet in its Location) gets join details.
mkdir -p "$demo_home/.config/meeting-tray"
printf '%s\n' '{"meetings": {"source": {"kind": "jitsi", "base_url": "https://meet.jit.si"}}}' \
  > "$demo_home/.config/meeting-tray/settings.json"
echo "No display found: Meeting Tray runs under Xvfb on $DISPLAY, signed in as Dana."
echo "  Look at it:   import -display $DISPLAY -window root /tmp/meeting-tray.png"
echo "  Its logs:     $demo_home/.local/state/meeting-tray/logs"
echo "  @meet:        tomorrow's \"Sprint planning\" gets a new meet.jit.si room (Settings, Meetings you make)"
echo "  Stop with Ctrl-C."
# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- bash -c '
  set -e
  printf demo | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  for _ in $(seq 50); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true && break
    sleep 0.1
  done
  "$1" connect --timeout 30
  "$1" status
  exec "$1" --show
' demo "$bin"
