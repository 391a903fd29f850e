"""The tray menu against the emulator's demo mailbox, read over D-Bus (the
dbusmenu the app exports): the next meeting with Join first, today's and
tomorrow's meetings by day with their service (choosing one joins it),
"Meeting actions" with a submenu per meeting (Join, Copy join link, the
answers), and the account line."""

import subprocess
from datetime import datetime, timedelta

import pytest

from conftest import app_env
from harness import (DANA, add_meeting, clear_of_midnight, connect_dana, control, emulator_now, icon_pixel,
                     recording_browser, wait_for)


@pytest.fixture(autouse=True)
def _clear_of_midnight() -> None:
    """Before the emulator starts (autouse fixtures come first)."""
    clear_of_midnight()


def test_menu_lists_the_days_meetings_copies_a_link_and_answers(launch, tmp_path, emulator):
    env = connect_dana(app_env(tmp_path), emulator)
    add_meeting(emulator, "Budget review (please answer)", emulator_now(emulator) + timedelta(hours=2),
                bodyFixture="zoom")
    recorder = recording_browser(tmp_path)
    app = launch(extra_env={**{k: v for k, v in env.items() if k.startswith("MEETING_TRAY_")},
                            "MEETING_TRAY_BROWSER": recorder})
    menu = app.menu
    def with_days() -> list[str] | None:
        ls = menu.labels()
        return ls if any(label.startswith("Today — ") for label in ls) else None

    labels = wait_for("the day's meetings in the menu", with_days, timeout=30)
    assert labels[0].startswith("Join “Design review: tray pop-up” ("), labels
    assert labels[1] == "---"
    today = datetime.now().astimezone().strftime("%a %-d %b")
    assert f"Today — {today}" in labels
    tomorrow_at = next(i for i, label in enumerate(labels) if label.startswith("Tomorrow — "))
    today_rows = labels[labels.index(f"Today — {today}") + 1:tomorrow_at]
    review = next(r for r in today_rows if "Design review: tray pop-up" in r)
    assert review.endswith(" · Microsoft Teams") and review[2] == ":", review
    assert f"Connected as {DANA}" in labels
    # Under today's heading, getSchedule's answer: the demo's meeting in
    # progress makes the user busy until it ends.
    def under_today() -> str | None:
        ls = menu.labels()
        line = ls[ls.index(f"Today — {today}") + 1]
        return line if line.startswith("Busy until ") else None

    status = wait_for("today's availability", under_today, timeout=30)
    assert status.startswith("Busy until ") and status[-3] == ":", status
    # A meeting within 15 minutes: the icon carries the blue "soon" dot.
    wait_for("the blue dot on the tray icon", lambda: icon_pixel(menu.sni_property("IconName"), 44, 50) == "3B82F6")
    assert labels[-1] == "Quit" and "Settings…" in labels and "Refresh" in labels
    # Titles are cut to 40 characters; nothing cancelled is listed.
    assert not any("Canceled:" in label for label in labels)

    # Choosing a meeting's row joins it.
    menu.click(review)
    opened = tmp_path / "opened"
    wait_for("the meeting to be joined", lambda: opened.exists() and opened.read_text().strip())
    assert opened.read_text().startswith("https://teams.microsoft.com/l/meetup-join/"), opened.read_text()

    # Its submenu under "Meeting actions": Join with its service, Copy join link.
    assert labels.index("Meeting actions") > tomorrow_at, labels
    items = [label for _, label in menu.children("Meeting actions", review)]
    assert items[:2] == ["Join with Microsoft Teams", "Copy join link"], items
    menu.click_child("Meeting actions", review, "Copy join link")
    app.wait_log("join link copied")
    copied = subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True, text=True,
                            timeout=10).stdout
    assert copied.startswith("https://teams.microsoft.com/l/meetup-join/"), copied

    # An unanswered invitation offers the answers; Accept reaches the emulator.
    rows = [label for label in labels if " · " in label]
    open_rows = [r for r in rows if "Accept" in [c for _, c in menu.children("Meeting actions", r)]]
    assert len(open_rows) == 1 and "Budget review (please answer) · Zoom" in open_rows[0], rows
    open_row = open_rows[0]
    assert [c for _, c in menu.children("Meeting actions", open_row)][-3:] == ["Accept", "Tentative", "Decline"]
    menu.click_child("Meeting actions", open_row, "Accept")

    def answered() -> bool:
        events = control(emulator, "GET", f"/users/{DANA}/events")
        return any(e["subject"] == "Budget review (please answer)" and e["responseStatus"]["response"] == "accepted"
                   for e in events)

    wait_for("the answer to reach the emulator", answered, timeout=30)
    wait_for("the menu to drop the answers",
             lambda: "Accept" not in [c for _, c in menu.children("Meeting actions", open_row)])
