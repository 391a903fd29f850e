"""Meetings the user makes, in the running app against the emulator: a
meeting Dana organizes with @meet in Location gets its join details (and the
agenda marks it), "Start a meeting now" creates and joins one, "Schedule a
meeting…" and "Automatic replies…" open Outlook on the web, and the keyword
can be turned off in Settings."""

import json
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import app_env, emulator_env
from harness import (
    DANA,
    TrayMenu,
    app_binary,
    connect_dana,
    control,
    emulator_now,
    find_object,
    wait_for,
)

SOURCE = {"kind": "jitsi", "base_url": "https://meet.example.org", "dial_in": "+1 555 0100, PIN 4242#"}


def own_meeting(emu: dict, subject: str, hours: int, location: str) -> dict:
    """A meeting Dana organizes (the emulator makes the mailbox's owner the
    organizer when none is given)."""
    start = emulator_now(emu) + timedelta(hours=hours)

    def at(t):
        return {"dateTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"}

    return control(emu, "POST", f"/users/{DANA}/events", {
        "subject": subject, "start": at(start), "end": at(start + timedelta(minutes=30)),
        "location": {"displayName": location},
        "body": {"contentType": "html", "content": "<html><body><p>Agenda: numbers</p></body></html>"},
    })


def event(emu: dict, subject: str) -> dict | None:
    return next((e for e in control(emu, "GET", f"/users/{DANA}/events") if e["subject"] == subject), None)


def patches(emu: dict) -> int:
    """How many PATCH requests Graph got (the emulator's request log)."""
    return sum(1 for r in control(emu, "GET", "/requests") if r["method"] == "PATCH")


def opened(tmp_path) -> list[str]:
    f = tmp_path / "opened"
    return f.read_text().split() if f.exists() else []


@pytest.fixture
def app_extra_env(tmp_path, emulator) -> dict[str, str]:
    connect_dana(app_env(tmp_path), emulator)
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"meetings": {"source": SOURCE}}))
    own_meeting(emulator, "Roadmap", 3, "Room 4 @meet")
    recorder = tmp_path / "browser.sh"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{tmp_path}/opened"\n')
    recorder.chmod(0o755)
    return {**emulator_env(emulator), "MEETING_TRAY_BROWSER": str(recorder)}


def test_keyword_quick_meeting_schedule_and_turning_it_off(webdriver, tmp_path, session_bus, emulator):
    webdriver.start(app_binary(), ["--show"])

    # The keyword: the meeting gets a Jitsi room, its Location the service.
    def processed():
        e = event(emulator, "Roadmap")
        return e if e and e["location"]["displayName"] == "Room 4 Jitsi Meet" else None

    roadmap = wait_for("the @meet meeting to get its join details", processed, timeout=60)
    body = roadmap["body"]["content"]
    assert "Join details added by Meeting Tray" in body and "PIN 4242#" in body, body
    assert body.startswith("<html><body><div id=\"meeting-tray-join-details\">"), body
    assert body.endswith("<p>Agenda: numbers</p></body></html>"), body

    # The agenda marks it and joins it with the room Meeting Tray added.
    def card():
        return webdriver.execute("""
            const a = [...document.querySelectorAll('#panel-agenda article.meeting')]
              .find(a => a.querySelector('h3')?.textContent === 'Roadmap');
            return a ? {badges: [...a.querySelectorAll('.badge')].map(b => b.textContent),
                        service: a.querySelector('.service')?.textContent ?? null} : null;""")

    shown = wait_for("the agenda to mark the meeting", lambda: (c := card()) and "Join details added" in c["badges"] and c,
                     timeout=60)
    assert shown["service"] == "Jitsi Meet · meet.example.org", shown

    # The tray: Start a meeting now, Schedule a meeting…, Automatic replies….
    found = wait_for("the tray menu", lambda: find_object(session_bus, webdriver.app_pid(), TrayMenu.IFACE),
                     timeout=30, interval=0.3)
    menu = TrayMenu(session_bus, *found)
    labels = wait_for("the meeting items", lambda: "Schedule a meeting…" in (ls := menu.labels()) and ls, timeout=30)
    assert labels.index("Schedule a meeting…") == labels.index("Start a meeting now") + 1, labels
    assert "Automatic replies…" in labels, labels

    menu.click("Start a meeting now")
    quick = wait_for("the quick meeting in the calendar", lambda: event(emulator, "Quick meeting"), timeout=30)
    assert quick["location"]["displayName"] == "Jitsi Meet", quick
    room = wait_for("the quick meeting to open",
                    lambda: next((u for u in opened(tmp_path) if u.startswith("https://meet.example.org/")), None))
    assert room in quick["body"]["content"], quick["body"]["content"]
    assert len(room.rsplit("/", 1)[1]) == 20, room

    menu.click("Schedule a meeting…")
    compose = wait_for("Outlook on the web to open a new event",
                       lambda: next((u for u in opened(tmp_path) if "/deeplink/compose" in u), None))
    url = urlparse(compose)
    assert (url.scheme, url.netloc) == ("https", "outlook.office365.com"), compose
    query = parse_qs(url.query)
    assert query["location"] == ["@meet"] and query["startdt"][0].endswith(":00Z"), query

    menu.click("Automatic replies…")
    wait_for("the automatic replies settings to open",
             lambda: "https://outlook.office365.com/mail/options/mail/automaticReplies" in opened(tmp_path))

    # Settings: the Meetings section shows the source; turned off, a new
    # @meet meeting stays as it is.
    webdriver.click(webdriver.find("#tab-settings"))
    kind = wait_for("the Meetings section", lambda: webdriver.execute(
        "return document.querySelector('#meeting-source')?.value ?? null;"), timeout=30)
    assert kind == "jitsi"
    assert webdriver.execute("return document.querySelector('#meeting-url').value;") == "https://meet.example.org"
    webdriver.click(webdriver.find("#keyword-enabled"))
    webdriver.click(webdriver.find("#save-settings"))
    wait_for("the settings to be saved", lambda: webdriver.text(webdriver.find("#settings-message")) == "Saved.")
    saved = json.loads((tmp_path / "config" / "meeting-tray" / "settings.json").read_text())
    assert saved["meetings"]["keyword_enabled"] is False and saved["meetings"]["source"] == SOURCE, saved

    own_meeting(emulator, "Retro", 4, "@meet")
    patches_before = patches(emulator)
    menu.click("Refresh")
    webdriver.click(webdriver.find("#tab-agenda"))
    wait_for("the new meeting in the agenda", lambda: webdriver.execute("""
        return [...document.querySelectorAll('#panel-agenda article.meeting h3')].some(h => h.textContent === 'Retro');"""),
             timeout=60)
    time.sleep(3)  # a keyword run follows its sync at once; give it the time it takes
    assert patches(emulator) == patches_before, "nothing written while the keyword is off"
    retro = event(emulator, "Retro")
    assert retro["location"]["displayName"] == "@meet", retro
    assert "Meeting Tray" not in retro["body"]["content"], retro["body"]["content"]
