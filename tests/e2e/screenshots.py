"""Screenshots of the agenda, settings and Join pop-up in English and Czech,
light and dark, against the emulator's demo mailbox.

Usage (inside a D-Bus session, see `make screenshots`):
    python3 screenshots.py OUT_DIR
Writes {agenda,settings,settings-meetings,settings-desktop,popup}-{en,cs}-{light,dark}.png
(settings-meetings: the Settings tab scrolled to Meetings you make, with the
demo's Jitsi source; settings-desktop: scrolled to its end, where the
Desktop and Language sections are). Dark is GTK's dark
variant (GTK_THEME=Adwaita:dark), which WebKit reports as
prefers-color-scheme: dark.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dbus

from conftest import app_env, start_emulator
from harness import (
    TrayMenu,
    app_binary,
    connect_dana,
    find_object,
    desktop,
    stop,
    wait_for,
    window_ids,
)

SETTLE = 1.5  # seconds for the webview to lay out and paint
MEETINGS_CLICKS = 22  # wheel clicks from the top of Settings to Meetings you make


def shoot(title: str, out: Path) -> None:
    win = wait_for(f"window {title!r}", lambda: window_ids(title), timeout=120, interval=0.3)[0]
    time.sleep(SETTLE)
    subprocess.run(["import", "-window", win, str(out)], check=True)


def one(bus: dbus.Bus, lang: str, theme: str, out_dir: Path) -> None:
    proc, emu = start_emulator("demo")
    home = Path(tempfile.mkdtemp(prefix="meeting-tray-shots."))
    app = None
    try:
        env = connect_dana(app_env(home), emu)
        settings = home / "config" / "meeting-tray" / "settings.json"
        settings.write_text(json.dumps({"language": lang, "meetings": {
            "source": {"kind": "jitsi", "base_url": "https://meet.jit.si", "dial_in": None}}}))
        if theme == "dark":
            env["GTK_THEME"] = "Adwaita:dark"
        app = subprocess.Popen([str(app_binary()), "--show"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("the first sync", lambda: any(
            "calendar synced" in p.read_text() for p in (home / "state").rglob("*.log")), timeout=60)
        time.sleep(2)  # the agenda re-renders with the synced meetings
        shoot("Meeting Tray", out_dir / f"agenda-{lang}-{theme}.png")
        menu = TrayMenu(bus, *wait_for("tray menu", lambda: find_object(bus, app.pid, TrayMenu.IFACE), 30, 0.3))
        menu.click("Nastavení…" if lang == "cs" else "Settings…")
        shoot("Meeting Tray", out_dir / f"settings-{lang}-{theme}.png")
        win = window_ids("Meeting Tray")[0]
        # The mouse wheel, as a user scrolls (button 5: down): to Meetings you
        # make, then to the form's end.
        def wheel(clicks: int) -> None:
            subprocess.run(["xdotool", "mousemove", "--window", str(int(win, 16)), "220", "300",
                            "click", "--repeat", str(clicks), "--delay", "10", "5"], check=True)

        wheel(MEETINGS_CLICKS)
        shoot("Meeting Tray", out_dir / f"settings-meetings-{lang}-{theme}.png")
        wheel(60)
        shoot("Meeting Tray", out_dir / f"settings-desktop-{lang}-{theme}.png")
        # The demo's first meeting starts about two minutes after the emulator: its alert comes.
        shoot("Meeting Tray — Join", out_dir / f"popup-{lang}-{theme}.png")
    finally:
        if app:
            stop(app)
        stop(proc)


def main() -> None:
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    with desktop() as bus:
        for lang in ("en", "cs"):
            for theme in ("light", "dark"):
                one(bus, lang, theme, out_dir)
                print(f"{lang} {theme}: done", flush=True)


if __name__ == "__main__":
    main()
