"""The fault matrix of the running app (issue 10): faults only the whole app
meets — a failing Graph seen in the tray and the window, a keychain locked
under it, a damaged settings file, a damaged cache while offline, no
notification server, a clock that jumps, a new time zone. For each: the app keeps running,
the cached agenda stays in the tray, alerts still come, the tray and the
window say what is wrong and what to do, and it recovers once the fault
goes. The sync engine's faults are in crates/core/tests/fault_matrix.rs.

Each test adds its row to fault-matrix-app.json in the target folder's
tmp/, which `make test` prints at the end with the engine's rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import dbus
import dbus.bus
import pytest

from conftest import App, alive, app_env, emulator_env
from harness import (
    DANA,
    TrayMenu,
    add_meeting,
    app_binary,
    bus_daemon,
    connect_dana,
    control,
    emulator_now,
    find_object,
    login_collection,
    stop,
    unlock_keychain,
    wait_for,
    window_ids,
)

HERE = Path(__file__).resolve().parent
ROWS = app_binary().parent.parent / "tmp" / "fault-matrix-app.json"
LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
POPUP_TITLE = "Meeting Tray — Join"


@pytest.fixture(scope="module", autouse=True)
def matrix_file() -> Iterator[None]:
    """A fresh file per run: rows of an earlier run must not pass for this one."""
    ROWS.parent.mkdir(parents=True, exist_ok=True)
    ROWS.write_text("[]")
    yield


@pytest.fixture
def app_extra_env(tmp_path, empty_emulator) -> dict[str, str]:
    """For the app WebDriver starts: Dana connected, the emulator's URLs."""
    connect_dana(app_env(tmp_path), empty_emulator)
    return emulator_env(empty_emulator)


def record(fault: str, result: str) -> None:
    rows = json.loads(ROWS.read_text())
    rows.append({"level": "app", "fault": fault, "result": result})
    ROWS.write_text(json.dumps(rows, indent=2))


def graph_fault(emu: dict, **rule) -> None:
    """A fault on every route a poll uses, until cleared."""
    for route in ("batch", "delta", "mailboxSettings"):
        control(emu, "POST", "/faults", {"route": route, "times": 0, **rule})


def tray_of(bus: dbus.Bus, pid: int) -> TrayMenu:
    return TrayMenu(bus, *wait_for("the tray menu", lambda: find_object(bus, pid, TrayMenu.IFACE), 30, 0.3))


def account_line(menu: TrayMenu) -> str:
    """The menu's account line: the one that names the account or its state."""
    for label in menu.labels():
        if label.startswith(("Connected as ", "Not updated", "Offline", "Calendar needs attention", "Reconnect")):
            return label
    raise AssertionError(f"no account line in {menu.labels()}")


def lists(menu: TrayMenu, subject: str) -> bool:
    return any(subject in label for label in menu.labels())


def connected_app(launch, tmp_path: Path, emu: dict, subject: str, minutes: float, **extra_env: str) -> App:
    """Dana connected, one meeting `minutes` from now, the app synced and listing it."""
    connect_dana(app_env(tmp_path), emu)
    add_meeting(emu, subject, emulator_now(emu) + timedelta(minutes=minutes), bodyFixture="zoom",
                responseStatus={"response": "accepted"})
    app = launch(extra_env={**emulator_env(emu), **extra_env})
    wait_for("the meeting in the tray", lambda: lists(app.menu, subject), timeout=30)
    return app


def test_graph_failing_shows_in_the_tray_and_the_window_and_alerts_still_come(
        webdriver, tmp_path, empty_emulator, notifications, session_bus):
    emu = empty_emulator
    subject = "Fault drill: Graph down"
    add_meeting(emu, subject, emulator_now(emu) + timedelta(seconds=100), bodyFixture="zoom",
                responseStatus={"response": "accepted"})
    webdriver.start(app_binary(), ["--show"])
    wait_for("the meeting in the window", lambda: subject in (webdriver.execute(
        "return document.querySelector('#panel-agenda')?.textContent") or ""), timeout=30)
    pid = webdriver.app_pid()
    menu = tray_of(session_bus, pid)
    wait_for("the tray to list it", lambda: lists(menu, subject))

    graph_fault(emu, html_page=True)
    menu.click("Refresh")
    banner = wait_for("the window to say why", lambda: webdriver.execute(
        "return document.querySelector('#agenda-sync-problem')?.textContent"), timeout=30)
    assert banner.startswith("The calendar could not be updated: "), banner
    assert "Wi-Fi login page" in banner and "tries again by itself" in banner, banner
    line = wait_for("the tray to say it", lambda: (a := account_line(menu)).startswith("Not updated") and a)
    assert "open for details" in line, line
    assert lists(menu, subject), "the cached agenda stays in the tray"
    # The alert a minute before the start comes from the cache.
    shown = wait_for("the alert", lambda: [n for n in notifications.notifications() if subject in n["summary"]],
                     timeout=120)
    assert ("join", "Join") in shown[0]["actions"], shown[0]
    assert alive(pid)

    control(emu, "DELETE", "/faults")
    menu.click("Refresh")
    wait_for("the banner to go", lambda: webdriver.execute(
        "return document.querySelector('#agenda-sync-problem')") is None, timeout=30)
    wait_for("the tray to recover", lambda: account_line(menu) == f"Connected as {DANA}", timeout=30)
    record("Graph sends an HTML page to every poll (running app)",
           f"tray: \u201c{line}\u201d; window: \u201c{banner[:70]}\u2026\u201d; meeting still listed; "
           "its alert came as a notification; after the fault and a Refresh: banner gone, "
           f"\u201cConnected as {DANA}\u201d")


def test_a_keychain_locked_under_the_running_app(launch, tmp_path, empty_emulator, session_bus):
    emu = empty_emulator
    subject = "Fault drill: keychain"
    app = connected_app(launch, tmp_path, emu, subject, 90)
    wait_for("connected", lambda: account_line(app.menu) == f"Connected as {DANA}")
    secret, collection = login_collection(session_bus)
    secret.Lock([collection])
    try:
        # Graph now refuses the access token the app holds: the refresh
        # needs the keychain.
        control(emu, "POST", "/clock", {"seconds": 2 * 3600})
        app.menu.click("Refresh")
        app.wait_log("keychain is locked", timeout=30)
        line = wait_for("the tray to ask for attention",
                        lambda: (a := account_line(app.menu)).startswith("Calendar needs attention") and a, timeout=30)
        assert lists(app.menu, subject)
        assert alive(app.proc.pid)
    finally:
        unlock_keychain(session_bus, secret, collection)
    app.menu.click("Refresh")
    wait_for("the tray to recover", lambda: account_line(app.menu) == f"Connected as {DANA}", timeout=30)
    record("keychain locked under the running app",
           f"log: \u201cThe keychain is locked. Unlock it \u2026 and choose Retry.\u201d; tray: \u201c{line}\u201d; "
           "meeting still listed; unlocked and Refresh: connected again")


def test_a_damaged_cache_while_offline_keeps_the_agenda_in_memory(launch, tmp_path, empty_emulator):
    emu = empty_emulator
    subject = "Fault drill: damaged cache"
    app = connected_app(launch, tmp_path, emu, subject, 120)
    cache = next((tmp_path / "data" / "meeting-tray").glob("calendar-*.cache"))
    control(emu, "POST", "/faults", {"route": "*", "drop_connection": True, "times": 0})
    cache.write_bytes(b"damaged")
    app.menu.click("Refresh")
    line = wait_for("the tray to say offline", lambda: (a := account_line(app.menu)).startswith("Offline") and a,
                    timeout=30)
    assert lists(app.menu, subject), "the agenda in memory stays when the file is unreadable and Graph unreachable"
    assert list(cache.parent.glob("calendar-*.cache.corrupt-*")), "the damaged file was set aside"
    assert alive(app.proc.pid)
    control(emu, "DELETE", "/faults")
    app.menu.click("Refresh")
    wait_for("the tray to recover", lambda: account_line(app.menu) == f"Connected as {DANA}", timeout=30)
    wait_for("the cache file rebuilt", lambda: cache.exists() and cache.stat().st_size > 100)
    record("cache file damaged while the network is down (running app)",
           f"set aside; tray: \u201c{line}\u201d with the meeting still listed (kept in memory); "
           "network back and Refresh: synced, file rebuilt")


def test_an_invalid_settings_file_is_reported_and_the_defaults_apply(
        webdriver, tmp_path, empty_emulator):
    emu = empty_emulator
    subject = "Fault drill: settings"
    add_meeting(emu, subject, emulator_now(emu) + timedelta(hours=2), bodyFixture="zoom",
                responseStatus={"response": "accepted"})
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"alerts": {"lead_minutes": [5, ')
    webdriver.start(app_binary(), ["--show"])
    wait_for("the agenda with the defaults", lambda: subject in (webdriver.execute(
        "return document.querySelector('#panel-agenda')?.textContent") or ""), timeout=30)
    webdriver.click(webdriver.find("#tab-settings"))
    message = wait_for("the settings tab to say why", lambda: webdriver.text(webdriver.find("#settings-message")),
                       timeout=20)
    assert "is not valid" in message and "delete it to start from the defaults" in message, message
    assert alive(webdriver.app_pid())
    settings.unlink()
    webdriver.click(webdriver.find("#tab-agenda"))
    webdriver.click(webdriver.find("#tab-settings"))
    wait_for("the message to go", lambda: webdriver.text(webdriver.find("#settings-message")) == "", timeout=20)
    record("settings file invalid",
           f"the app starts with the defaults and lists the meeting; Settings tab: \u201c{message[:90]}\u2026\u201d; "
           "file removed: the tab loads without a message")


@pytest.fixture
def bus_without_notifications(tmp_path) -> Iterator[tuple[str, dbus.Bus, dict[str, str]]]:
    """A D-Bus session with a keychain and no notification server at all."""
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={HERE / 'session-bus.conf'}", "--nofork",
                               "--print-address=1"], stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**app_env(tmp_path), "DBUS_SESSION_BUS_ADDRESS": address, "XDG_RUNTIME_DIR": str(runtime),
           "HOME": str(tmp_path)}
    bus = dbus.bus.BusConnection(address)
    log = (tmp_path / "keyring.log").open("wb")
    keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, env=env)
    assert keyring.stdin is not None
    keyring.stdin.write(b"e2e-password")
    keyring.stdin.close()
    wait_for("a keychain on the bare bus", lambda: bus_daemon(bus).NameHasOwner("org.freedesktop.secrets"))
    assert not bus_daemon(bus).NameHasOwner("org.freedesktop.Notifications")
    yield address, bus, env
    stop(keyring)
    bus.close()
    stop(daemon)


def test_no_notification_server_the_alert_comes_as_the_pop_up(tmp_path, empty_emulator, bus_without_notifications):
    emu = empty_emulator
    address, bus, env = bus_without_notifications
    subject = "Fault drill: no notification server"
    connect_dana(env, emu)
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.write_text(json.dumps({"alerts": {"style": "notification"}}))
    add_meeting(emu, subject, emulator_now(emu) + timedelta(seconds=75), bodyFixture="zoom",
                responseStatus={"response": "accepted"})
    proc = subprocess.Popen([str(app_binary())], env={**env, **emulator_env(emu)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    app = App(proc, tmp_path, bus)
    try:
        wait_for("the meeting in the tray", lambda: lists(app.menu, subject), timeout=30)
        app.wait_log("showing the alert in the pop-up instead", timeout=90)
        wait_for("the pop-up window", lambda: window_ids(POPUP_TITLE), timeout=20)
        assert "Is a notification server running?" in app.log()
        assert alive(proc.pid)
        # A notification server arrives: notifications work again.
        mock = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--session", "-t", "notification_daemon"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for("the notification server", lambda: bus_daemon(bus).NameHasOwner("org.freedesktop.Notifications"))
            app.menu.click("Send a test notification")
            calls = dbus.Interface(bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications"),
                                   "org.freedesktop.DBus.Mock")
            wait_for("a notification", lambda: any(m == "Notify" for _, m, _ in calls.GetCalls()))
        finally:
            stop(mock)
    finally:
        stop(proc)
    record("notification server missing (alert style: notification only)",
           "log: \u201c\u2026could not be shown as a notification\u2026 Is a notification server running?\u201d; "
           "the alert came as the pop-up instead; app kept running; a server started later got the next notification")


def test_a_clock_jump_brings_the_skipped_alert_within_a_minute(launch, tmp_path, empty_emulator, notifications):
    emu = empty_emulator
    subject = "Fault drill: clock jump"
    offset = tmp_path / "faketime"
    offset.write_text("+0s")
    app = connected_app(launch, tmp_path, emu, subject, 10, LD_PRELOAD=LIBFAKETIME,
                        FAKETIME_TIMESTAMP_FILE=str(offset), FAKETIME_DONT_FAKE_MONOTONIC="1",
                        FAKETIME_CACHE_DURATION="1")
    time.sleep(2)
    assert not [n for n in notifications.notifications() if subject in n["summary"]]
    # 9.5 minutes on: the alert (a minute before the start) is overdue now.
    offset.write_text("+570s")
    jumped = time.monotonic()
    wait_for("the skipped alert", lambda: [n for n in notifications.notifications() if subject in n["summary"]],
             timeout=75, interval=0.5)
    after = time.monotonic() - jumped
    assert alive(app.proc.pid)
    assert lists(app.menu, subject)
    record("wall clock jumps 9.5 min ahead (libfaketime)",
           f"the alert it skipped came {after:.0f} s after the jump (the alert loop checks the wall clock "
           "each minute; a real clock change is reported at once by the kernel's timerfd)")


def test_a_time_zone_change_moves_the_tray_s_times(tmp_path, empty_emulator, session_bus):
    """The app in its own mount namespace with /etc under an overlay, so its
    /etc/localtime can be switched as `timedatectl set-timezone` does."""
    emu = empty_emulator
    subject = "Fault drill: time zone"
    connect_dana(app_env(tmp_path), emu)
    start = (emulator_now(emu) + timedelta(hours=3)).replace(second=0, microsecond=0)
    add_meeting(emu, subject, start, bodyFixture="zoom", responseStatus={"response": "accepted"})
    upper, work = tmp_path / "etc-upper", tmp_path / "etc-work"
    upper.mkdir()
    work.mkdir()
    script = ('mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc'
              ' && ln -sf /usr/share/zoneinfo/Europe/Prague /etc/localtime && exec "$3"')
    proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                             str(upper), str(work), str(app_binary())],
                            env={**app_env(tmp_path), **emulator_env(emu)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    app = App(proc, tmp_path, session_bus)
    prague = start.astimezone(ZoneInfo("Europe/Prague")).strftime("%H:%M")
    los_angeles = start.astimezone(ZoneInfo("America/Los_Angeles")).strftime("%H:%M")
    assert prague != los_angeles
    try:
        def label() -> str:
            return next((item for item in app.menu.labels() if subject in item), "")

        wait_for("Prague's time in the tray", lambda: prague in label(), timeout=30)
        subprocess.run(["nsenter", "-t", str(proc.pid), "-m", "ln", "-sf", "/usr/share/zoneinfo/America/Los_Angeles",
                        "/etc/localtime"], check=True, timeout=10)
        changed = time.monotonic()
        wait_for("Los Angeles' time in the tray", lambda: los_angeles in label(), timeout=90, interval=0.5)
        after = time.monotonic() - changed
        app.wait_log("the time zone changed")
        assert alive(proc.pid)
    finally:
        stop(proc)
    record("time zone changes under the running app (Prague to Los Angeles)",
           f"the tray's {subject!r} went from {prague} to {los_angeles} {after:.0f} s after /etc/localtime changed "
           "(the alert loop compares the zone offset each minute)")
