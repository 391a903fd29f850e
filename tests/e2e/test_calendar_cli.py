"""The calendar from the command line against the emulator's demo mailbox:
sync into the encrypted cache, agenda, next (with waybar output), join through
the safe opener, offline answers from the cache, a damaged cache rebuilt, and
disconnect removing it."""

import json
import re
import subprocess
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from conftest import app_env, emulator_env
from harness import DANA, app_binary, control, recording_browser

DEMO_BROWSER = Path(__file__).resolve().parents[2] / "scripts" / "demo-browser.py"


def demo_env(tmp_path, emulator) -> dict[str, str]:
    """The app pointed at the emulator, signing in with the demo's scripted browser."""
    env = app_env(tmp_path)
    env.pop("DISPLAY", None)
    env.update(emulator_env(emulator), MEETING_TRAY_BROWSER=str(DEMO_BROWSER),
               MEETING_TRAY_DEMO_CONTROL=emulator["control"])
    return env


@pytest.fixture
def connected(tmp_path, emulator) -> dict[str, str]:
    """An environment signed in as Dana (the demo's scripted browser)."""
    env = demo_env(tmp_path, emulator)
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


CS_DAYS = ["Pondělí", "Úterý", "Středa", "Čtvrtek", "Pátek", "Sobota", "Neděle"]
CS_MONTHS = ["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října",
             "listopadu", "prosince"]
DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
DE_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]


def lang_env(env: dict[str, str], lang: str) -> dict[str, str]:
    """`env` with LANG=lang (LC_ALL and LC_MESSAGES, which come first, unset)."""
    return {k: v for k, v in env.items() if k not in ("LC_ALL", "LC_MESSAGES")} | {"LANG": lang}


def headings(lang: str, items: list[dict]) -> list[str]:
    """The agenda's day headings for the meetings of `agenda --json`, in the local time zone as the app's."""
    out = []
    for item in items:
        d = datetime.fromisoformat(item["start"].replace("Z", "+00:00")).astimezone()
        out.append({"en": f"{d:%A} {d.day} {d:%B}",
                    "cs": f"{CS_DAYS[d.weekday()]} {d.day}. {CS_MONTHS[d.month - 1]}",
                    "de": f"{DE_DAYS[d.weekday()]}, {d.day}. {DE_MONTHS[d.month - 1]}"}[lang])
    return sorted(set(out))


def agenda_headings(env: dict[str, str], lang: str, items: list[dict]) -> tuple[list[str], list[str]]:
    """(the headings `agenda --days 7` printed that are day headings in `lang`, the ones expected)."""
    expected = headings(lang, items)
    printed = cli(env, "agenda", "--days", "7").stdout.splitlines()
    return sorted(line for line in printed if line in expected), expected


def test_the_calendar_speaks_czech_and_german(tmp_path, emulator):
    env = demo_env(tmp_path, emulator)
    cs, de = lang_env(env, "cs_CZ.UTF-8"), lang_env(env, "de_DE.UTF-8")
    done = cli(cs, "connect", "--timeout", "30")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Přihlášení probíhá v prohlížeči. Pokud se neotevřel, přejděte na:\n"), done.stdout
    assert "Připojeno jako dana.reyes@contoso.example (Dana Reyes)." in done.stdout.splitlines()

    # Dana's mailbox speaks en-US, and as in the app the mailbox's language comes before the system's.
    synced = cli(cs, "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("Synced (full round): "), synced.stdout
    items = json.loads(cli(cs, "agenda", "--json", "--days", "7").stdout)["items"]
    assert len(items) >= 5
    printed, expected = agenda_headings(cs, "en", items)
    assert printed == expected
    # The setting comes before both.
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"language": "de"}')
    printed, expected = agenda_headings(cs, "de", items)
    assert printed == expected
    settings.unlink()

    # A French mailbox: Meeting Tray speaks no French, so the system's language decides.
    control(emulator, "PATCH", f"/users/{DANA}/mailbox-settings",
            {"language": {"locale": "fr-FR", "displayName": "français (France)"}})
    synced = cli(cs, "sync")
    assert re.fullmatch(r"Synchronizováno: přidáno \d+, změněno \d+, odstraněno \d+; v mezipaměti \d+ schůz(ka|ky|ek) "
                        r"\(\d+ požadav(ek|ky|ků), \d+,\d KB\)\.\n", synced.stdout), synced.stdout
    for lang, lenv in (("cs", cs), ("de", de)):
        printed, expected = agenda_headings(lenv, lang, items)
        assert printed == expected, lang
        assert "Design review: tray pop-up" in cli(lenv, "agenda", "--days", "7").stdout

    # The next meeting starts in about two minutes (or has just begun).
    soon = {"cs": r"(za \d+ min|teď|právě probíhá, zbývá \d+ min)",
            "de": r"(in \d+ Min\.|jetzt|läuft, noch \d+ Min\.)"}
    for lang, lenv in (("cs", cs), ("de", de)):
        nxt = cli(lenv, "next")
        assert re.fullmatch(rf"Design review: tray pop-up {soon[lang]} \(Microsoft Teams\)\n", nxt.stdout), nxt.stdout
        bar = json.loads(cli(lenv, "next", "--waybar").stdout)
        assert re.fullmatch(rf"Design review: tray pop-up {soon[lang]} \(Microsoft Teams\)", bar["text"]), bar
        assert bar["class"] in (["soon"], ["now"]), bar

    joined = cli({**cs, "MEETING_TRAY_BROWSER": recording_browser(tmp_path)}, "join", "--next")
    assert joined.returncode == 0, joined.stderr
    url = (tmp_path / "opened").read_text().strip()
    assert f"Připojuji se k „Design review: tray pop-up“ přes Microsoft Teams: {url}" in joined.stdout.splitlines()
    unknown = cli(de, "join", "keine-solche-id")
    assert unknown.returncode == 2
    assert unknown.stderr == ("meeting-tray: keine Besprechung mit der ID „keine-solche-id“ im gespeicherten Kalender "
                              "(siehe `meeting-tray agenda --json`)\n")

    status = cli(cs, "status").stdout.splitlines()
    assert re.fullmatch(r"Účet: +dana\.reyes@contoso\.example \(Dana Reyes\)", status[0]), status
    assert re.fullmatch(r"Stav: +připojeno", status[1]), status
    assert any(re.fullmatch(r"Poslední synchronizace: \d{4}-\d\d-\d\d \d\d:\d\d .+", line) for line in status), status
    gone = cli(de, "disconnect")
    assert gone.stdout == "Getrennt: Die Tokens und der Kalender-Cache wurden entfernt.\n", gone.stdout + gone.stderr


def test_json_output_does_not_depend_on_the_language(connected, tmp_path):
    assert cli(connected, "sync").returncode == 0
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    # (environment, settings.json or None) for: no language, Czech, German, a German setting over a Czech system.
    variants = [(lang_env(connected, "C.UTF-8"), None), (lang_env(connected, "cs_CZ.UTF-8"), None),
                (lang_env(connected, "de_DE.UTF-8"), None), (lang_env(connected, "cs_CZ.UTF-8"), '{"language": "de"}')]

    def outputs(*args: str) -> list[str]:
        out = []
        for env, text in variants:
            if text is None:
                settings.unlink(missing_ok=True)
            else:
                settings.write_text(text)
            r = cli(env, *args)
            assert r.returncode == 0, r.stderr
            out.append(r.stdout)
        settings.unlink(missing_ok=True)
        return out

    for command in (("agenda", "--json", "--days", "7"), ("next", "--json"), ("status", "--json")):
        # "when": "in 2 min" moves on each minute before the start: a run may fall on both sides of one.
        for _ in range(3):
            got = outputs(*command)
            if len(set(got)) == 1:
                break
        assert len(set(got)) == 1, (command, got)
    # Machine output is English, also under a German setting.
    settings.write_text('{"language": "de"}')
    nxt = json.loads(cli(lang_env(connected, "de_DE.UTF-8"), "next", "--json").stdout)
    settings.unlink()
    assert re.fullmatch(r"in \d+ min|now|now, \d+ min left", nxt["when"]), nxt
