"""Out of office in the running app: automatic replies scheduled around now,
set in Pacific time as Outlook would for a Los Angeles mailbox, turn the tray
icon's badge into a violet moon and add "Out of office until …" to the menu;
a meeting's alert is muted meanwhile, and comes when the user opts in."""

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from conftest import app_env
from harness import DANA, add_meeting, connect_dana, control, emulator_now, icon_pixel, wait_for

LA = ZoneInfo("America/Los_Angeles")


def pacific(t: datetime) -> dict:
    return {"dateTime": t.astimezone(LA).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "Pacific Standard Time"}


def schedule_replies(emu: dict, start: datetime, end: datetime) -> None:
    """Automatic replies on from `start` to `end`, written in Pacific time."""
    control(emu, "PATCH", f"/users/{DANA}/mailbox-settings", {"automaticRepliesSetting": {
        "status": "scheduled", "externalAudience": "all",
        "scheduledStartDateTime": pacific(start), "scheduledEndDateTime": pacific(end),
    }})


def test_out_of_office_shows_and_mutes_alerts_unless_opted_in(launch, tmp_path, empty_emulator, notifications):
    emu = empty_emulator
    env = connect_dana(app_env(tmp_path), emu)
    now = emulator_now(emu)
    end = now + timedelta(hours=2)
    schedule_replies(emu, now - timedelta(hours=1), end)
    # Due at once: its only alert is 5 minutes before a start 3 minutes away.
    add_meeting(emu, "Vendor call", now + timedelta(minutes=3), bodyFixture="zoom",
                responseStatus={"response": "accepted"})
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"alerts": {"style": "notification", "lead_minutes": [5]}}))
    app_vars = {k: v for k, v in env.items() if k.startswith("MEETING_TRAY_")}

    app = launch(extra_env=app_vars)
    menu = app.menu
    line = wait_for("the out-of-office line in the menu",
                    lambda: next((l for l in menu.labels() if l.startswith("Out of office until ")), None), timeout=30)
    # The end as the computer's clock shows it (the test runs in UTC).
    assert end.astimezone().strftime("%-d %b") in line or end.astimezone().strftime("%b %-d") in line, line
    assert any(l.startswith("Vendor call") or "Vendor call" in l for l in menu.labels())
    wait_for("the violet moon on the tray icon",
             lambda: icon_pixel(menu.sni_property("IconName"), 56, 50) == "7C3AED", timeout=30)
    # The planner ran on the synced calendar: the alert stays muted.
    time.sleep(3)
    assert not [n for n in notifications.notifications() if "Vendor call" in n["summary"] + n["body"]], \
        notifications.notifications()
    app.proc.terminate()
    app.proc.wait(timeout=30)

    # Opted in: the same alert comes.
    settings.write_text(json.dumps({"alerts": {"style": "notification", "lead_minutes": [5],
                                               "quiet_when_out_of_office": False}}))
    launch(extra_env=app_vars)
    wait_for("the alert after opting in",
             lambda: [n for n in notifications.notifications() if "Vendor call" in n["summary"] + n["body"]], timeout=40)


def test_the_tray_turns_out_of_office_when_the_window_starts(launch, tmp_path, empty_emulator):
    emu = empty_emulator
    env = connect_dana(app_env(tmp_path), emu)
    now = emulator_now(emu)
    starts = now + timedelta(seconds=25)
    schedule_replies(emu, starts, now + timedelta(hours=3))
    app = launch(extra_env={k: v for k, v in env.items() if k.startswith("MEETING_TRAY_")})
    menu = app.menu
    wait_for("the first sync", lambda: f"Connected as {DANA}" in menu.labels(), timeout=30)
    assert not any(label.startswith("Out of office") for label in menu.labels()), menu.labels()
    # No sync is due for minutes: the tray changes at the window's start by itself.
    line = wait_for("the out-of-office line at the window's start",
                    lambda: next((l for l in menu.labels() if l.startswith("Out of office until ")), None), timeout=60)
    assert datetime.now(tz=LA) >= starts - timedelta(seconds=2), line
    wait_for("the violet moon", lambda: icon_pixel(menu.sni_property("IconName"), 56, 50) == "7C3AED", timeout=10)
