"""The tray app: its menu over D-Bus, the test notification, windows, single instance, quit."""

import subprocess
import time

from conftest import app_env
from harness import app_binary, wait_for, window_ids

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
