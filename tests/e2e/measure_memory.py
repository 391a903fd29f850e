"""Memory of the running app, summed over all its processes (WebKit's included), as PSS.

Usage (inside a D-Bus session, see `make measure`):
    python3 measure_memory.py BINARY [SCREENSHOT.png]
Prints PSS for: tray only, window shown, window closed again. Xvfb + openbox
are started here; PSS comes from /proc/PID/smaps_rollup (RSS double-counts
shared pages).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dbus

from conftest import app_env
from harness import TrayMenu, find_object, start_display, stop, wait_for, window_ids

SETTLE = 5.0  # seconds after each step before reading memory


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        kids = subprocess.run(["pgrep", "-P", str(p)], capture_output=True, text=True).stdout.split()
        todo.extend(int(k) for k in kids)
    return out


def pss_kib(pid: int) -> tuple[int, list[str]]:
    total, names = 0, []
    for p in descendants(pid):
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            names.append(Path(f"/proc/{p}/comm").read_text().strip())
        except OSError:
            continue  # exited meanwhile
        total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total, names


def main() -> None:
    binary, shot = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    xvfb, wm = start_display()
    bus = dbus.SessionBus()
    home = Path(tempfile.mkdtemp(prefix="meeting-tray-mem."))
    app = subprocess.Popen([binary], env=app_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        menu = TrayMenu(bus, *wait_for("tray menu", lambda: find_object(bus, app.pid, TrayMenu.IFACE), 30, 0.3))
        rows = []
        time.sleep(SETTLE)
        rows.append(("tray only", *pss_kib(app.pid)))
        menu.click("Open Meeting Tray")
        win = wait_for("window", lambda: window_ids("Meeting Tray"))[0]
        time.sleep(SETTLE)
        rows.append(("window shown", *pss_kib(app.pid)))
        if shot:
            subprocess.run(["import", "-window", win, shot], check=True)
        subprocess.run(["wmctrl", "-i", "-c", win], check=True)
        wait_for("window closed", lambda: window_ids("Meeting Tray") == [])
        time.sleep(SETTLE)
        rows.append(("window closed again", *pss_kib(app.pid)))
        print(f"{'state':<22}{'PSS MiB':>9}  processes")
        for state, kib, names in rows:
            print(f"{state:<22}{kib / 1024:>9.1f}  {len(names)}: {', '.join(names)}")
    finally:
        stop(app)
        stop(wm)
        stop(xvfb)


if __name__ == "__main__":
    main()
