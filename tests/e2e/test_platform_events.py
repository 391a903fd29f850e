"""Sleep, lock and network signals from the system bus (logind and
NetworkManager, played by python-dbusmock's templates on a private system
bus): the app pauses syncing for sleep and a locked session, and syncs at
once on wake-up, unlock and when the network is back."""

import subprocess
from pathlib import Path
from typing import Iterator

import dbus
import pytest

from conftest import app_env, emulator_env
from harness import app_binary, stop, wait_for

HERE = Path(__file__).resolve().parent
DEMO_BROWSER = HERE.parents[1] / "scripts" / "demo-browser.py"


@pytest.fixture
def system_bus() -> Iterator[str]:
    """A second bus daemon standing in for the system bus, with logind and NetworkManager mocks."""
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={HERE / 'session-bus.conf'}", "--nofork",
                               "--print-address=1"], stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    env = {**app_env(Path("/tmp")), "DBUS_SYSTEM_BUS_ADDRESS": address}
    mocks = [subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template", t], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for t in ("logind", "networkmanager")]
    bus = dbus.bus.BusConnection(address)
    for name in ("org.freedesktop.login1", "org.freedesktop.NetworkManager"):
        wait_for(f"{name} on the test system bus", lambda n=name: bus.name_has_owner(n))
    yield address
    for m in mocks:
        stop(m)
    stop(daemon)


def emit(address: str, name: str, path: str, interface: str, member: str, signature: str, args: list) -> None:
    bus = dbus.bus.BusConnection(address)
    mock = dbus.Interface(bus.get_object(name, path), "org.freedesktop.DBus.Mock")
    mock.EmitSignal(interface, member, signature, args)


def test_sleep_pauses_and_wake_up_or_network_back_sync_at_once(launch, tmp_path, emulator, system_bus):
    env = {**app_env(tmp_path), **emulator_env(emulator), "MEETING_TRAY_BROWSER": str(DEMO_BROWSER),
           "MEETING_TRAY_DEMO_CONTROL": emulator["control"]}
    done = subprocess.run([str(app_binary()), "connect"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    logind = dbus.bus.BusConnection(system_bus).get_object("org.freedesktop.login1", "/org/freedesktop/login1")
    session = str(dbus.Interface(logind, "org.freedesktop.DBus.Mock").AddSession("c7", "seat0", dbus.UInt32(1000),
                                                                                "dana", True))
    app = launch(extra_env={**emulator_env(emulator), "DBUS_SYSTEM_BUS_ADDRESS": system_bus, "XDG_SESSION_ID": "c7"})
    synced = lambda: app.log().count("calendar synced")  # noqa: E731
    app.wait_log("listening for sleep, lock and network changes")
    wait_for("the first sync", lambda: synced() >= 1, timeout=30)

    login1 = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
    emit(system_bus, *login1, "PrepareForSleep", "b", [True])
    app.wait_log("syncing paused")
    before = synced()
    emit(system_bus, *login1, "PrepareForSleep", "b", [False])
    app.wait_log("the system woke up")
    wait_for("a sync after waking up", lambda: synced() > before, timeout=30)

    session_iface = dbus.Interface(dbus.bus.BusConnection(system_bus).get_object("org.freedesktop.login1", session),
                                   "org.freedesktop.login1.Session")
    session_iface.Lock()
    app.wait_log("the session is locked")
    before = synced()
    session_iface.Unlock()
    app.wait_log("the session is unlocked")
    wait_for("a sync after unlocking", lambda: synced() > before, timeout=30)

    before = synced()
    emit(system_bus, "org.freedesktop.NetworkManager", "/org/freedesktop/NetworkManager",
         "org.freedesktop.NetworkManager", "StateChanged", "u", [dbus.UInt32(70)])
    app.wait_log("the network is back")
    wait_for("a sync when the network is back", lambda: synced() > before, timeout=30)
