"""Fixtures for the headless end-to-end suite.

Run through tests/e2e/run.sh, which provides a private D-Bus session
(dbus-run-session) and a throw-away HOME. The fixtures start, and always stop:
Xvfb with openbox, an unlocked gnome-keyring, the notification server
(python-dbusmock), WebKitWebDriver and the app itself.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import dbus
import pytest

from harness import (
    TrayMenu,
    add_dana,
    WebDriver,
    app_binary,
    bus_daemon,
    find_object,
    free_port,
    start_display,
    start_keyring,
    stop,
    wait_for,
)


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or not os.environ.get("MEETING_TRAY_E2E"):
        raise pytest.UsageError("run the end-to-end suite through tests/e2e/run.sh (private D-Bus session and HOME)")
    if not app_binary().exists():
        raise pytest.UsageError(f"the app is not built: {app_binary()} is missing (run `make build`)")


@pytest.fixture(scope="session")
def session_bus() -> dbus.Bus:
    return dbus.SessionBus()


@pytest.fixture(scope="session", autouse=True)
def display() -> Iterator[str]:
    """Xvfb with openbox for the whole session."""
    xvfb, wm = start_display()
    yield os.environ["DISPLAY"]
    stop(wm)
    stop(xvfb)


@pytest.fixture(scope="session", autouse=True)
def keyring(session_bus: dbus.Bus) -> Iterator[None]:
    proc = start_keyring(session_bus, Path(os.environ["HOME"]) / "gnome-keyring.log")
    yield
    stop(proc)


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie has already let go of its D-Bus names)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


class NotificationServer:
    """python-dbusmock's notification-daemon template: records calls, emits signals."""

    NAME, PATH = "org.freedesktop.Notifications", "/org/freedesktop/Notifications"

    def __init__(self, bus: dbus.Bus) -> None:
        self.mock = dbus.Interface(bus.get_object(self.NAME, self.PATH), "org.freedesktop.DBus.Mock")
        # The template numbers notifications 1, 2, … for the whole session;
        # calls cleared by earlier tests still took their numbers.
        self.cleared = 0

    def notifications(self) -> list[dict]:
        """Each Notify call: app_name, id (as returned), summary, body, actions as pairs."""
        out = []
        for _ts, method, args in self.mock.GetCalls():
            if method != "Notify":
                continue
            app_name, _replaces, _icon, summary, body, actions, hints, _timeout = args
            actions = [str(a) for a in actions]
            out.append({
                "app_name": str(app_name), "id": self.cleared + len(out) + 1, "summary": str(summary), "body": str(body),
                "actions": list(zip(actions[::2], actions[1::2])),
                "hints": {str(k): v for k, v in dict(hints).items()},
            })
        return out

    def closed(self) -> list[int]:
        """Ids the app asked to close (CloseNotification)."""
        return [int(args[0]) for _ts, method, args in self.mock.GetCalls() if method == "CloseNotification"]

    def invoke_action(self, notification_id: int, action: str) -> None:
        self.mock.EmitSignal(self.NAME, "ActionInvoked", "us", [dbus.UInt32(notification_id), action])

    def clear(self) -> None:
        self.cleared += len(self.notifications())
        self.mock.ClearCalls()


@pytest.fixture(scope="session")
def notification_server(session_bus: dbus.Bus) -> Iterator[NotificationServer]:
    proc = subprocess.Popen(
        ["/usr/bin/python3", "-m", "dbusmock", "--session", "-t", "notification_daemon",
         "-p", '{"capabilities": "body actions"}'],
        stdout=subprocess.DEVNULL,
    )
    # Until the mock owns the name, D-Bus activation could start a real daemon instead.
    wait_for("the mock notification server on D-Bus",
             lambda: bus_daemon(session_bus).NameHasOwner(NotificationServer.NAME))
    yield NotificationServer(session_bus)
    stop(proc)


@pytest.fixture
def notifications(notification_server: NotificationServer) -> NotificationServer:
    notification_server.clear()
    return notification_server


@dataclass
class App:
    proc: subprocess.Popen
    home: Path
    bus: dbus.Bus
    _menu: TrayMenu | None = field(default=None)

    @property
    def log_dir(self) -> Path:
        return self.home / "state" / "meeting-tray" / "logs"

    def log(self) -> str:
        return "".join(p.read_text() for p in sorted(self.log_dir.glob("meeting-tray.*.log")))

    def wait_log(self, text: str, timeout: float = 20) -> None:
        wait_for(f"log line {text!r} in {self.log_dir}", lambda: text in self.log(), timeout)

    @property
    def menu(self) -> TrayMenu:
        if self._menu is None:
            try:
                found = wait_for("the tray menu on D-Bus",
                                 lambda: find_object(self.bus, self.proc.pid, TrayMenu.IFACE), timeout=30, interval=0.3)
            except AssertionError as e:
                # Say why: an app that exited (and what it printed), or its log.
                code = self.proc.poll()
                printed = self.proc.stdout.read().decode(errors="replace")[-2000:] if code is not None and self.proc.stdout else ""
                raise AssertionError(f"{e}; app exit code {code}; printed {printed!r}; log tail {self.log()[-2000:]!r}") from None
            self._menu = TrayMenu(self.bus, *found)
        return self._menu


def app_env(home: Path) -> dict[str, str]:
    """The app's environment: its own XDG folders, so nothing leaks between tests."""
    env = dict(os.environ)
    for var, sub in [("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.setdefault("RUST_LOG", "info")
    return env


@pytest.fixture
def launch(tmp_path: Path, session_bus: dbus.Bus) -> Iterator:
    """Start the app (tray only unless args say otherwise); every app started is stopped."""
    started: list[App] = []

    def _launch(*args: str, extra_env: dict[str, str] | None = None) -> App:
        env = app_env(tmp_path)
        env.update(extra_env or {})
        proc = subprocess.Popen([str(app_binary()), *args], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        app = App(proc, tmp_path, session_bus)
        started.append(app)
        return app

    yield _launch
    for app in started:
        stop(app.proc)


@pytest.fixture
def app_extra_env() -> dict[str, str]:
    """Variables for the app WebDriver starts; test modules override this fixture."""
    return {}


def start_emulator(mailbox: str) -> tuple[subprocess.Popen, dict]:
    """The emulator beside the app under test (MSGRAPH_EMULATOR_BIN overrides, for
    a release app measured beside a debug emulator)."""
    binary = os.environ.get("MSGRAPH_EMULATOR_BIN") or str(app_binary().parent / "msgraph-emulator")
    proc = subprocess.Popen([binary, "--port", "0", "--mailbox", mailbox],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


@pytest.fixture
def emulator() -> Iterator[dict]:
    """The Microsoft 365 emulator with the demo mailbox; yields its announced URLs."""
    proc, info = start_emulator("demo")
    yield info
    stop(proc)


@pytest.fixture
def empty_emulator() -> Iterator[dict]:
    """The emulator with Dana's mailbox and no meetings: a test adds its own."""
    proc, info = start_emulator("empty")
    add_dana(info)
    yield info
    stop(proc)


def emulator_env(emu: dict) -> dict[str, str]:
    """What points the app at the emulator instead of Microsoft."""
    return {"MEETING_TRAY_AUTHORITY": emu["authority"], "MEETING_TRAY_GRAPH": emu["graph"],
            "MEETING_TRAY_CLIENT_ID": emu["client_id"]}


@pytest.fixture
def webdriver(tmp_path: Path, app_extra_env: dict[str, str]) -> Iterator[WebDriver]:
    """WebKitWebDriver started directly (tauri-driver dropped connections under load)."""
    port = free_port()
    env = app_env(tmp_path)
    env.update(app_extra_env)
    env["TAURI_WEBVIEW_AUTOMATION"] = "true"  # without it, session creation hangs
    driver = subprocess.Popen(["WebKitWebDriver", f"--port={port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = WebDriver(f"http://127.0.0.1:{port}")
    client.driver_pid = driver.pid
    wait_for("WebKitWebDriver to listen", lambda: client._call("GET", "/status", timeout=2)["ready"])
    yield client
    try:
        client.quit()
    finally:
        # A tray app outlives its window: stop whatever the driver launched.
        children = [int(p) for p in subprocess.run(["pgrep", "-P", str(driver.pid)], capture_output=True, text=True).stdout.split()]
        for pid in children:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
        # Wait until the app is really gone: while it lives it owns the
        # single-instance name, and the next test's app would hand over to it
        # and exit, leaving WebDriver waiting for a window (a CI flake).
        try:
            wait_for("the app launched by WebDriver to exit", lambda: not any(alive(p) for p in children), timeout=15)
        except AssertionError:
            for pid in children:
                if alive(pid):
                    os.kill(pid, 9)
        stop(driver)
