"""The running app's figures for `make bench`, beside a bare Tauri tray app.

Usage (inside a private D-Bus session, see `make bench`):
    python3 app_figures.py --app BIN --bare BIN --emulator BIN --idle-seconds N --out FIGURES.json

Everything is real: Xvfb with openbox, gnome-keyring, a StatusNotifierWatcher
(tests/bench/sni_watcher.py, what a panel runs) and the Microsoft 365 emulator.
1. Start-up: from spawn to the tray icon registered with the watcher, and to
   the tray menu listing the cached meetings (second and later starts, so
   the agenda comes from the encrypted cache); 5 starts, the median counts.
   The bare app's time to its icon is measured the same way.
2. Idle memory, tray only, no window: RSS and PSS summed over the app and all
   its child processes, 10 s after start-up (after the first sync); the same
   for the bare app. The RSS ratio is the budgeted figure.
3. Idle CPU: time on the CPU (schedstat) of all the app's threads over N
   seconds with 30 meetings synced, the next 75 min away; then again, in a
   new start, with one 45 min away, so the tray countdown ticks each minute.
4. Alert precision: 20 alerts 6 s apart, pop-up raised minus planned instant
   (tests/e2e/measure_alerts.py).
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import dbus

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))

from conftest import app_env, start_emulator  # noqa: E402
from harness import TrayMenu, add_dana, add_meeting, connect_dana, desktop, emulator_now, stop, wait_for  # noqa: E402
from measure_alerts import log_lines, precision  # noqa: E402
from measure_memory import descendants  # noqa: E402

STARTS = 5
SETTLE = 10.0


class Watcher:
    """sni_watcher.py as a child; yields its registrations in order."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(["/usr/bin/python3", str(HERE / "sni_watcher.py")],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        assert json.loads(self.proc.stdout.readline()) == {"ready": True}

    def registration_of(self, bus: dbus.Bus, pid: int, timeout: float = 30) -> dict:
        """The first registration made by process `pid` (an earlier app's may still be queued)."""
        assert self.proc.stdout is not None
        daemon = dbus.Interface(bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"), "org.freedesktop.DBus")
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while sel.select(max(0.0, deadline - time.monotonic())):
            reg = json.loads(self.proc.stdout.readline())
            try:
                if int(daemon.GetConnectionUnixProcessID(reg["sender"])) == pid:
                    return reg
            except dbus.DBusException:
                continue  # from an app that has gone
        raise AssertionError(f"no tray icon registered by {pid} within {timeout} s")

    def stop(self) -> None:
        stop(self.proc)


def cpu_time(pid: int) -> tuple[float, int]:
    """CPU seconds and context switches of all threads of `pid` and its
    descendants. From each thread's schedstat (nanoseconds on the CPU), not
    utime+stime, whose 10 ms ticks are too coarse for an idle process."""
    ns = switches = 0
    for p in descendants(pid):
        try:
            tasks = list(Path(f"/proc/{p}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                ns += int((task / "schedstat").read_text().split()[0])
                switches += sum(int(line.split()[1]) for line in (task / "status").read_text().splitlines()
                                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
            except OSError:
                continue  # the thread ended meanwhile
    return ns / 1e9, switches


def memory(pid: int) -> dict:
    """RSS and PSS (KiB) summed over `pid` and its descendants, with their names."""
    rss = pss = 0
    names = []
    for p in descendants(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        rss += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        pss += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
        names.append(Path(f"/proc/{p}/comm").read_text().strip())
    return {"rss_kib": rss, "pss_kib": pss, "processes": names}


def menu_of(bus: dbus.Bus, registration: dict) -> TrayMenu:
    sender, path = registration["sender"], registration["item"][len(registration["sender"]):]
    props = dbus.Interface(bus.get_object(sender, path, introspect=False), dbus.PROPERTIES_IFACE)
    return TrayMenu(bus, sender, str(props.Get("org.kde.StatusNotifierItem", "Menu", timeout=5)))


def start(binary: str, env: dict[str, str] | None, bus: dbus.Bus,
          watcher: Watcher) -> tuple[subprocess.Popen, float, dict]:
    """The app, the time from spawn to its icon registering, and the registration."""
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reg = watcher.registration_of(bus, proc.pid)
    return proc, reg["t"] - t0, reg | {"t0": t0}


def bare_figures(binary: str, bus: dbus.Bus, watcher: Watcher) -> dict:
    times = []
    for i in range(STARTS):
        proc, took, _ = start(binary, None, bus, watcher)
        times.append(took)
        if i < STARTS - 1:
            stop(proc)
    time.sleep(SETTLE)
    mem = memory(proc.pid)
    stop(proc)
    return {"tray_ms": [t * 1000 for t in times], **mem}


def app_figures(binary: str, emu: dict, bus: dbus.Bus, watcher: Watcher, idle_seconds: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="meeting-tray-bench."))
    env = connect_dana(app_env(home), emu)
    now = emulator_now(emu)
    # The first meeting 75 min away: no tray countdown during the quiet idle.
    for i in range(30):
        add_meeting(emu, f"Agenda {i + 1}", now + timedelta(minutes=75 + 317 * i), bodyFixture="teams-2024")

    # First start: sign-in done, the first sync fills the cache.
    proc, _, _ = start(binary, env, bus, watcher)
    wait_for("the first sync", lambda: any("calendar synced" in line for line in log_lines(home)), timeout=60)
    stop(proc)

    tray, listed = [], []
    for i in range(STARTS):
        proc, took, reg = start(binary, env, bus, watcher)
        tray.append(took)
        menu = menu_of(bus, reg)
        wait_for("the cached meetings in the tray menu",
                 lambda: any("Agenda 1" in label for label in menu.labels()),
                 timeout=30, interval=0.005)
        listed.append(time.monotonic() - reg["t0"])
        if i < STARTS - 1:
            stop(proc)
    syncs_before = sum("calendar synced" in line for line in log_lines(home))
    time.sleep(SETTLE)
    mem = memory(proc.pid)
    t0, s0 = cpu_time(proc.pid)
    began = time.monotonic()
    time.sleep(idle_seconds)
    t1, s1 = cpu_time(proc.pid)
    wall = time.monotonic() - began
    syncs = sum("calendar synced" in line for line in log_lines(home)) - syncs_before
    stop(proc)

    # The same with a meeting 45 min away: the tray's countdown re-plans and
    # redraws every minute.
    add_meeting(emu, "Soon", emulator_now(emu) + timedelta(minutes=45), bodyFixture="zoom")
    synced = sum("calendar synced" in line for line in log_lines(home))
    proc, _, _ = start(binary, env, bus, watcher)
    wait_for("the sync at start", lambda: sum("calendar synced" in line for line in log_lines(home)) > synced,
             timeout=60)
    time.sleep(SETTLE)
    # Own names: the quiet figures above are reported below.
    tick0, _ = cpu_time(proc.pid)
    began = time.monotonic()
    time.sleep(idle_seconds)
    tick1, _ = cpu_time(proc.pid)
    ticking_wall = time.monotonic() - began
    stop(proc)
    return {
        "ticking_seconds": ticking_wall,
        "ticking_cpu_s": tick1 - tick0,
        "tray_ms": [t * 1000 for t in tray],
        "menu_from_cache_ms": [t * 1000 for t in listed],
        **mem,
        "idle_seconds": wall,
        "idle_cpu_s": t1 - t0,
        "idle_switches_per_min": (s1 - s0) / (wall / 60),
        "idle_syncs": syncs,
    }


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--app", required=True)
    args.add_argument("--bare", required=True)
    args.add_argument("--emulator", required=True)
    args.add_argument("--idle-seconds", type=int, default=300)
    args.add_argument("--out", required=True)
    opts = args.parse_args()
    # connect_dana and start_emulator find the binaries through these.
    os.environ["MEETING_TRAY_BIN"] = opts.app
    os.environ["MSGRAPH_EMULATOR_BIN"] = opts.emulator
    os.environ.setdefault("RUST_LOG", "info")
    figures: dict = {}
    with desktop() as bus:
        watcher = Watcher()
        try:
            print("bare Tauri tray app: start-up and idle memory", flush=True)
            figures["bare"] = bare_figures(opts.bare, bus, watcher)
            print(f"Meeting Tray: start-up from cache, idle memory, idle CPU over {opts.idle_seconds} s", flush=True)
            proc, emu = start_emulator("empty")
            try:
                add_dana(emu)
                figures["app"] = app_figures(opts.app, emu, bus, watcher, opts.idle_seconds)
            finally:
                stop(proc)
        finally:
            watcher.stop()
        print("alert precision: 20 alerts", flush=True)
        proc, emu = start_emulator("empty")
        try:
            add_dana(emu)
            figures["precision_ms"] = precision(opts.app, emu)
        finally:
            stop(proc)
    Path(opts.out).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
