"""Smoke test against a real notification daemon: dunst on its own D-Bus session.

dbusmock (test_tray.py) checks content and actions; this checks that a real
daemon displays our notification and that the app hears it being closed.
"""

import os
import subprocess
from pathlib import Path

import dbus
import dbus.bus
import pytest

from conftest import App, app_env
from harness import TrayMenu, app_binary, bus_daemon, find_object, stop, wait_for

HERE = Path(__file__).resolve().parent


@pytest.fixture
def dunst_bus():
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={HERE / 'session-bus.conf'}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, text=True,
    )
    address = daemon.stdout.readline().strip()
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
    bus = dbus.bus.BusConnection(address)
    dunst = subprocess.Popen(["dunst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for("dunst to own the notification name",
             lambda: bus_daemon(bus).NameHasOwner("org.freedesktop.Notifications"))
    yield address, bus, env
    stop(dunst)
    bus.close()
    stop(daemon)


def dunstctl(env, *args):
    return subprocess.run(["dunstctl", *args], env=env, capture_output=True, text=True, check=True, timeout=10).stdout.strip()


def test_dunst_displays_the_test_notification_and_app_hears_it_close(dunst_bus, tmp_path):
    address, bus, env = dunst_bus
    app_environment = dict(app_env(tmp_path), DBUS_SESSION_BUS_ADDRESS=address)
    proc = subprocess.Popen([str(app_binary())], env=app_environment, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    app = App(proc, tmp_path, bus)
    try:
        menu = TrayMenu(bus, *wait_for("the tray menu", lambda: find_object(bus, proc.pid, TrayMenu.IFACE), 30, 0.3))
        assert dunstctl(env, "count", "displayed") == "0"
        menu.click("Send a test notification")
        wait_for("dunst to display it", lambda: dunstctl(env, "count", "displayed") == "1")
        app.wait_log("test notification shown")

        dunstctl(env, "close-all")
        app.wait_log("test notification closed without an action")
        assert proc.poll() is None
    finally:
        stop(proc)
