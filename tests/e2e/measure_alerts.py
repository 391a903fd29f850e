"""Alert precision and idle cost of the running app, against the emulator.

Usage (inside a D-Bus session, see `make measure-alerts`):
    python3 measure_alerts.py BINARY [IDLE_SECONDS]

1. Precision: 20 meetings start 6 s apart; for each alert, the pop-up's raise
   (log line "pop-up shown") against the planned instant.
2. After a clock jump: the app runs under libfaketime with its wall clock
   (not its monotonic clock) pushed 150 s ahead mid-run, skipping two alert
   instants. Reports how long after the jump the skipped alerts came (the
   app notices the jump against its monotonic clock), and the precision of
   the alerts after it. A real clock change is also signalled by the kernel
   (timerfd), which libfaketime cannot imitate: this is the slower path.
3. Idle: tray only with a synced agenda of 30 meetings (the next one 45 min
   away, so the tray countdown ticks), CPU time of all the app's processes
   from /proc over IDLE_SECONDS (default 600), and its context switches.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import app_env, start_emulator
from harness import (
    add_dana,
    add_meeting,
    connect_dana,
    emulator_now,
    desktop,
    stop,
    wait_for,
)

LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
TICK = os.sysconf("SC_CLK_TCK")


def log_lines(home: Path) -> list[str]:
    return "".join(p.read_text() for p in sorted((home / "state").rglob("*.log"))).splitlines()


def stamp(line: str) -> datetime:
    return datetime.fromisoformat(line.split()[0].replace("Z", "+00:00"))


def field(line: str, name: str) -> str:
    return line.split(f"{name}=")[1].split()[0].strip('"')


def summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (f"n={len(ms)}  min {ms[0]:.0f} ms  median {statistics.median(ms):.0f} ms  "
            f"p95 {p95:.0f} ms  max {ms[-1]:.0f} ms")


def prepared(emu: dict, style: str = "popup") -> tuple[Path, dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="meeting-tray-alerts."))
    env = connect_dana(app_env(home), emu)
    settings = home / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"alerts": {"style": style}}))
    return home, env


def launch_synced(binary: str, env: dict[str, str], home: Path) -> subprocess.Popen:
    """The app, once its first sync is done."""
    app = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for("the first sync", lambda: any("calendar synced" in line for line in log_lines(home)), timeout=60)
    except AssertionError:
        stop(app)
        raise
    return app


def alerts_shown(home: Path) -> list[tuple[str, datetime, datetime]]:
    """(key, planned, pop-up raised) per alert, from the app's log."""
    out, due = [], []
    for line in log_lines(home):
        if "alert due" in line:
            due.append((field(line, "key"), datetime.fromisoformat(field(line, "planned"))))
        elif "pop-up shown" in line:
            out.extend((key, planned, stamp(line)) for key, planned in due)
            due = []
    return out


def precision(binary: str, emu: dict) -> list[float]:
    home, env = prepared(emu)
    now = emulator_now(emu)
    for i in range(20):
        add_meeting(emu, f"Precision {i + 1}", now + timedelta(seconds=75 + 6 * i), bodyFixture="zoom")
    app = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for("20 alerts", lambda: len(alerts_shown(home)) >= 20, timeout=240, interval=1)
    finally:
        stop(app)
    late = [(shown - planned).total_seconds() * 1000 for _, planned, shown in alerts_shown(home)]
    print(f"precision, 20 alerts (pop-up raised − planned): {summary(late)}")
    return late


def clock_jump(binary: str, emu: dict) -> None:
    home, env = prepared(emu)
    offset = home / "faketime"
    offset.write_text("+0\n")
    env.update(LD_PRELOAD=LIBFAKETIME, FAKETIME_TIMESTAMP_FILE=str(offset), FAKETIME_DONT_FAKE_MONOTONIC="1",
               FAKETIME_CACHE_DURATION="1")
    now = emulator_now(emu)
    # Alert instants at +140, +160 … +220 s of real time.
    for i in range(5):
        add_meeting(emu, f"Jump {i + 1}", now + timedelta(seconds=200 + 20 * i), bodyFixture="zoom")
    app = launch_synced(binary, env, home)
    try:
        time.sleep(max(0.0, 15 - (datetime.now(timezone.utc) - now).total_seconds()))
        offset.write_text("+150\n")
        # The app's clock (and its log) now reads 150 s later than ours.
        jumped_to = datetime.now(timezone.utc) + timedelta(seconds=150)
        wait_for("5 alerts after the jump", lambda: len(alerts_shown(home)) >= 5, timeout=180, interval=0.5)
    finally:
        stop(app)
    shown = alerts_shown(home)
    skipped = [(s - jumped_to).total_seconds() for _, p, s in shown if p <= jumped_to]
    after = [(s - p).total_seconds() * 1000 for _, p, s in shown if p > jumped_to]
    print(f"clock jumped 150 s forward: the {len(skipped)} alerts it skipped came "
          f"{', '.join(f'{d:.1f} s' for d in skipped)} after the jump (wall-clock check every 10 s)")
    print(f"precision of the {len(after)} alerts planned after the jump: {summary(after)}")


def cpu_ticks(pid: int) -> tuple[int, int]:
    """utime+stime of pid and its descendants, and their context switches."""
    ticks, switches, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{p}/task").iterdir():
                for line in (task / "status").read_text().splitlines():
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        switches += int(line.split()[1])
        except OSError:
            continue
        todo.extend(int(k) for k in subprocess.run(["pgrep", "-P", str(p)], capture_output=True,
                                                   text=True).stdout.split())
    return ticks, switches


def idle(binary: str, emu: dict, seconds: int) -> None:
    home, env = prepared(emu)
    now = emulator_now(emu)
    for i in range(30):
        add_meeting(emu, f"Agenda {i + 1}", now + timedelta(minutes=45 + 317 * i), bodyFixture="teams-2024")
    app = launch_synced(binary, env, home)
    try:
        time.sleep(10)
        t0, s0 = cpu_ticks(app.pid)
        start = time.monotonic()
        time.sleep(seconds)
        t1, s1 = cpu_ticks(app.pid)
        wall = time.monotonic() - start
        syncs = sum("calendar synced" in line for line in log_lines(home))
    finally:
        stop(app)
    cpu = (t1 - t0) / TICK
    print(f"idle {wall:.0f} s, tray only, 30 meetings synced: CPU {cpu:.2f} s = {100 * cpu / wall:.3f} % of one core; "
          f"{(s1 - s0) / (wall / 60):.0f} context switches per minute; {syncs} syncs in all")


def main() -> None:
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    with desktop():
        for step in (precision, clock_jump, lambda b, e: idle(b, e, seconds)):
            proc, emu = start_emulator("empty")
            try:
                add_dana(emu)
                step(binary, emu)
            finally:
                stop(proc)


if __name__ == "__main__":
    main()
