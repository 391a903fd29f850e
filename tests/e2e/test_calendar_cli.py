"""The calendar from the command line against the emulator's demo mailbox:
sync into the encrypted cache, agenda, next (with waybar output), join through
the safe opener, offline answers from the cache, a damaged cache rebuilt, and
disconnect removing it."""

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest

from conftest import app_env, emulator_env
from harness import app_binary

DEMO_BROWSER = Path(__file__).resolve().parents[2] / "scripts" / "demo-browser.py"


@pytest.fixture
def connected(tmp_path, emulator) -> dict[str, str]:
    """An environment signed in as Dana (the demo's scripted browser)."""
    env = app_env(tmp_path)
    env.pop("DISPLAY", None)
    env.update(emulator_env(emulator), MEETING_TRAY_BROWSER=str(DEMO_BROWSER),
               MEETING_TRAY_DEMO_CONTROL=emulator["control"])
    done = subprocess.run([str(app_binary()), "connect", "--timeout", "30"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(app_binary()), *args], env=env, capture_output=True, text=True, timeout=60)


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "meeting-tray").glob("calendar-*"))


def test_sync_agenda_next_and_join(connected, tmp_path, emulator):
    first = cli(connected, "sync", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["full"] and report["added"] >= 10, report

    status = json.loads(cli(connected, "status", "--json").stdout)
    assert status["state"] == "connected" and status["last_sync"], status

    quiet = json.loads(cli(connected, "sync", "--json").stdout)
    assert (quiet["full"], quiet["added"], quiet["changed"], quiet["removed"]) == (False, 0, 0, 0)
    # A new process refreshes its token at the sign-in service first; Graph sees one $batch.
    assert quiet["requests"] == 1, "a poll with no change costs one Graph request"

    agenda = cli(connected, "agenda", "--json", "--days", "7")
    assert agenda.returncode == 0, agenda.stderr
    a = json.loads(agenda.stdout)
    subjects = [i["subject"] for i in a["items"]]
    assert "Design review: tray pop-up" in subjects and "Customer call with Northwind" in subjects
    assert not a["stale"]
    text = cli(connected, "agenda", "--days", "7").stdout
    assert "Design review: tray pop-up" in text and "Microsoft Teams" in text

    nxt = json.loads(cli(connected, "next", "--json").stdout)
    assert nxt["meeting"]["subject"] == "Design review: tray pop-up", nxt
    bar = json.loads(cli(connected, "next", "--waybar").stdout)
    assert bar["text"].startswith("Design review: tray pop-up in ")
    assert bar["class"] == ["soon"], bar
    assert "Design review" in bar["tooltip"]

    opened = tmp_path / "opened"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n')
    browser.chmod(0o755)
    joined = cli({**connected, "MEETING_TRAY_BROWSER": str(browser)}, "join", "--next")
    assert joined.returncode == 0, joined.stderr
    url = opened.read_text()
    assert url == nxt["meeting"]["join"]["url"] and url.startswith("https://teams.microsoft.com/"), url

    # The file holds no plain text of the calendar.
    (cache,) = cache_files(tmp_path)
    raw = cache.read_bytes()
    for s in subjects:
        assert s.encode() not in raw, s
    assert b"teams.microsoft.com" not in raw

    # Offline: sync says so, the agenda still answers from the cache.
    faults = f"{emulator['control']}/faults"
    urllib.request.urlopen(urllib.request.Request(
        faults, data=json.dumps({"route": "*", "drop_connection": True, "times": 0}).encode(),
        headers={"Content-Type": "application/json"}, method="POST"), timeout=10).read()
    offline = cli(connected, "sync")
    # A new process refreshes its token first: the sign-in service is the first it cannot reach.
    assert offline.returncode == 2 and "cannot reach" in offline.stderr, offline.stderr
    assert "Design review: tray pop-up" in cli(connected, "agenda", "--days", "7").stdout


def test_a_damaged_cache_is_set_aside_and_rebuilt(connected, tmp_path):
    assert cli(connected, "sync").returncode == 0
    (cache,) = cache_files(tmp_path)
    data = bytearray(cache.read_bytes())
    data[len(data) // 2] ^= 0x40
    cache.write_bytes(bytes(data))
    agenda = cli(connected, "agenda")
    assert agenda.returncode == 0, agenda.stderr
    assert "No calendar data yet" in agenda.stdout
    names = [p.name for p in cache_files(tmp_path)]
    assert any(".corrupt-" in n for n in names), names
    rebuilt = json.loads(cli(connected, "sync", "--json").stdout)
    assert rebuilt["full"] and rebuilt["meetings"] > 0

    gone = cli(connected, "disconnect")
    assert gone.returncode == 0, gone.stderr
    assert cache_files(tmp_path) == [], "disconnect removes the cache and its set-aside copies"
    assert "No calendar data yet" in cli(connected, "agenda").stdout
    bar = json.loads(cli(connected, "next", "--waybar").stdout)
    assert bar["class"] == ["none"]
