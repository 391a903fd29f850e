"""The tray app: its menu over D-Bus, the test notification, windows, single instance, quit."""

import subprocess
import time

from conftest import app_env
from harness import app_binary, icon_pixel, stop, wait_for, window_ids

EXPECTED_MENU = [
    "Refresh",
    "Open Meeting Tray",
    "Settings…",
    "Send a test notification",
    "---",
    "Not connected — Connect your calendar…",
    "---",
    "Quit",
]


def test_starts_in_the_tray_with_the_menu_and_no_window(launch):
    app = launch()
    assert app.menu.labels() == EXPECTED_MENU
    assert app.menu.sni_property("Status") == "Active"
    time.sleep(1)  # a window, if wrongly opened at start, would be mapped by now
    assert window_ids("Meeting Tray") == []
    assert app.proc.poll() is None


def test_the_tray_icon_suits_a_dark_or_a_light_panel(launch, tmp_path):
    # Default: a light glyph for the dark panels most Linux desktops have.
    app = launch()
    wait_for("the light glyph", lambda: icon_pixel(app.menu.sni_property("IconName"), 32, 32) == "F9FAFB")
    stop(app.proc)
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"desktop": {"tray_panel": "light"}}')
    app = launch()
    wait_for("the dark glyph", lambda: icon_pixel(app.menu.sni_property("IconName"), 32, 32) == "1F2937")


def test_test_notification_has_join_and_the_app_receives_the_action(launch, notifications):
    app = launch()
    app.menu.click("Send a test notification")
    sent = wait_for("the test notification", notifications.notifications)
    assert len(sent) == 1
    n = sent[0]
    assert n["app_name"] == "Meeting Tray"
    assert n["summary"] == "Meeting Tray test notification"
    assert ("join", "Join") in n["actions"]
    app.wait_log("test notification shown")

    notifications.invoke_action(n["id"], "join")
    app.wait_log("test notification: Join action received")
    assert app.proc.poll() is None


def test_window_opens_from_the_menu_and_closing_it_keeps_the_tray(launch):
    app = launch()
    app.menu.click("Open Meeting Tray")
    win = wait_for("the main window", lambda: window_ids("Meeting Tray"))
    assert len(win) == 1

    subprocess.run(["wmctrl", "-i", "-c", win[0]], check=True)  # a real close request via the WM
    wait_for("the window to close", lambda: window_ids("Meeting Tray") == [])
    time.sleep(0.5)
    assert app.proc.poll() is None, "closing the window must not quit a tray app"
    assert app.menu.labels() == EXPECTED_MENU

    app.menu.click("Not connected — Connect your calendar…")
    assert len(wait_for("the window to reopen from the account item", lambda: window_ids("Meeting Tray"))) == 1


def test_second_launch_focuses_the_first_and_exits(launch, tmp_path):
    app = launch()
    app.menu  # up and serving
    second = subprocess.run([str(app_binary())], env=app_env(tmp_path), capture_output=True, timeout=60)
    assert second.returncode == 0
    assert len(wait_for("the first instance's window", lambda: window_ids("Meeting Tray"))) == 1
    assert app.proc.poll() is None
    app.wait_log("second launch: bringing the running instance to the front")


def test_quit_from_the_menu_exits_cleanly(launch):
    app = launch("--show")
    wait_for("the window at start with --show", lambda: window_ids("Meeting Tray"))
    app.menu.click("Quit")
    assert app.proc.wait(timeout=20) == 0
    app.wait_log("stopped")


def geometry(win: str) -> tuple[int, int, int, int]:
    """x, y, width, height of a top-level window, as the window manager lists it."""
    for line in subprocess.run(["wmctrl", "-lG"], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split()
        if int(parts[0], 16) == int(win, 16):
            x, y, w, h = map(int, parts[2:6])
            return x, y, w, h
    raise AssertionError(f"window {win} is not listed")


def test_the_window_keeps_its_place_and_size_when_reopened_and_after_a_restart(launch, tmp_path):
    app = launch()
    app.menu.click("Open Meeting Tray")
    win = wait_for("the main window", lambda: window_ids("Meeting Tray"))[0]
    first = geometry(win)
    # Moved and resized through the window manager, as a user drags it.
    subprocess.run(["wmctrl", "-i", "-r", win, "-e", "0,140,90,620,700"], check=True)
    moved = wait_for("the new place", lambda: (g := geometry(win)) != first and g[2:] == (620, 700) and g)
    time.sleep(0.5)  # the last Moved/Resized events reach the app
    subprocess.run(["wmctrl", "-i", "-c", win], check=True)
    wait_for("the window to close", lambda: window_ids("Meeting Tray") == [])
    state = tmp_path / "config" / "io.github.meetingtray.MeetingTray" / ".window-state.json"
    assert "main" in wait_for("the saved place", lambda: state.exists() and state.read_text()), state

    # Size exactly; the place within a title bar: restoring asks for the
    # frame's corner, and openbox first answers one decoration height off
    # (15 px up), then holds that place from one opening to the next.
    def near_moved() -> tuple[int, int, int, int] | None:
        g = geometry(win)
        ok = g[2:] == moved[2:] and abs(g[0] - moved[0]) <= 20 and abs(g[1] - moved[1]) <= 20
        return g if ok else None

    app.menu.click("Open Meeting Tray")
    win = wait_for("the reopened window", lambda: window_ids("Meeting Tray"))[0]
    reopened = wait_for(f"about the place {moved}", near_moved, timeout=5)
    time.sleep(0.5)
    subprocess.run(["wmctrl", "-i", "-c", win], check=True)
    wait_for("the window to close", lambda: window_ids("Meeting Tray") == [])

    stop(app.proc)
    again = launch()
    again.menu.click("Open Meeting Tray")
    win = wait_for("the window after a restart", lambda: window_ids("Meeting Tray"))[0]
    try:
        wait_for("the same place after a restart", lambda: geometry(win) == reopened, timeout=5)
    except AssertionError:
        raise AssertionError(f"{geometry(win)} != {reopened}; saved {state.read_text()}") from None
