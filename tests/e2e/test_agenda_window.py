"""The main window's Agenda and Settings tabs against the emulator's demo
mailbox, through WebDriver in the real WebKit webview: the week by day with
the meetings, Join from a card opening the right link, and a settings change
that survives a restart."""

import json
import subprocess
from datetime import timedelta

import pytest

from conftest import app_env, emulator_env
from harness import (
    TrayMenu,
    add_meeting,
    app_binary,
    clear_of_midnight,
    connect_dana,
    emulator_now,
    find_object,
    recording_browser,
    restart,
    wait_for,
    window_ids,
)


@pytest.fixture(autouse=True)
def _clear_of_midnight() -> None:
    """Before the emulator starts (autouse fixtures come first)."""
    clear_of_midnight()


@pytest.fixture
def app_extra_env(tmp_path, emulator) -> dict[str, str]:
    connect_dana(app_env(tmp_path), emulator)
    recorder = recording_browser(tmp_path)
    return {**emulator_env(emulator), "MEETING_TRAY_BROWSER": recorder}


def day_headings(webdriver) -> list[str]:
    return webdriver.execute("return [...document.querySelectorAll('#panel-agenda h2')].map(h => h.textContent);")


def test_agenda_lists_the_week_joins_and_settings_persist(webdriver, tmp_path, session_bus):
    webdriver.start(app_binary(), ["--show"])
    wait_for("the agenda tab", lambda: webdriver.execute(
        "return document.querySelector('#tab-agenda')?.getAttribute('aria-selected')") == "true", timeout=30)
    headings = wait_for("seven days", lambda: len(h := day_headings(webdriver)) == 7 and h)
    assert headings[0].startswith("Today — ") and headings[1].startswith("Tomorrow — "), headings
    # The first sync lands after the window opened: the agenda follows it.
    cards = wait_for("the synced meetings", lambda: webdriver.execute("""
        return [...document.querySelectorAll('#panel-agenda article.meeting')].map(a => a.textContent);"""),
                     timeout=30)
    assert any("Design review: tray pop-up" in c and "Microsoft Teams" in c for c in cards), cards
    assert not any("Canceled: Quarterly planning" in c for c in cards), "cancelled meetings are hidden by default"
    # Today's availability from getSchedule: a slot per half hour, the
    # demo's meeting in progress busy.
    slots = wait_for("today's availability bar", lambda: webdriver.execute("""
        return [...document.querySelectorAll('#agenda-availability span.slot')].map(s => s.className);"""))
    assert 46 <= len(slots) <= 50, slots
    assert "slot busy" in slots, slots

    # Join from the card opens the meeting's Teams link.
    join = webdriver.find('#panel-agenda article.meeting button.join')
    webdriver.click(join)
    opened = tmp_path / "opened"
    wait_for("a link to be opened", lambda: opened.exists() and opened.read_text().strip())
    assert opened.read_text().split()[0].startswith("https://"), opened.read_text()

    # Settings… in the tray menu brings the window to its Settings tab.
    found = wait_for("the tray menu", lambda: find_object(session_bus, webdriver.app_pid(), TrayMenu.IFACE),
                     timeout=30, interval=0.3)
    TrayMenu(session_bus, *found).click("Settings…")
    wait_for("the Settings tab", lambda: webdriver.execute(
        "return document.querySelector('#tab-settings').getAttribute('aria-selected')") == "true")

    # Settings: alert 5 and 1 minutes before; saved to settings.json and kept across a restart.
    five = webdriver.wait_find("#lead-5")
    assert webdriver.execute("return document.querySelector('#lead-1').checked") is True
    webdriver.click(five)
    webdriver.click(webdriver.find("#save-settings"))
    wait_for("Saved.", lambda: webdriver.text(webdriver.find("#settings-message")) == "Saved.")
    saved = json.loads((tmp_path / "config" / "meeting-tray" / "settings.json").read_text())
    assert sorted(saved["alerts"]["lead_minutes"]) == [1, 5], saved

    restart(webdriver, session_bus)
    webdriver.click(webdriver.wait_find("#tab-settings", timeout=30))
    webdriver.wait_find("#lead-5")
    assert webdriver.execute("return document.querySelector('#lead-5').checked") is True


def test_czech_chosen_in_settings_reaches_the_window_and_the_tray(webdriver, tmp_path, session_bus):
    webdriver.start(app_binary(), ["--show"])
    webdriver.click(webdriver.wait_find("#tab-settings", timeout=30))
    webdriver.wait_find("#language")
    webdriver.execute("""
        const s = document.querySelector('#language');
        s.value = 'cs';
        s.dispatchEvent(new Event('change', { bubbles: true }));""")
    webdriver.click(webdriver.find("#save-settings"))

    def tabs() -> list[str]:
        return webdriver.execute("return [...document.querySelectorAll('[role=tab]')].map(t => t.textContent);")

    wait_for("the window in Czech", lambda: tabs() == ["Program", "Nastavení", "Účet"], timeout=30)
    assert webdriver.execute("return document.documentElement.lang") == "cs"
    agenda = webdriver.execute("return document.querySelector('#panel-agenda').textContent")
    assert "Dnes — " in agenda, agenda
    found = wait_for("the tray menu", lambda: find_object(session_bus, webdriver.app_pid(), TrayMenu.IFACE),
                     timeout=30, interval=0.3)
    menu = TrayMenu(session_bus, *found)
    wait_for("the tray in Czech", lambda: {"Obnovit", "Nastavení…", "Ukončit"} <= set(menu.labels()))
    assert json.loads((tmp_path / "config" / "meeting-tray" / "settings.json").read_text())["language"] == "cs"


def test_show_details_from_the_tray_marks_the_meeting_in_the_agenda(webdriver, emulator, session_bus):
    start = emulator_now(emulator) + timedelta(hours=2)
    add_meeting(emulator, "Walk with the team (no link)", start, responseStatus={"response": "accepted"},
                body={"contentType": "text", "content": "Meet at the front door."})
    # The driver needs a window to start with; closing it leaves the tray,
    # so "Show details" below opens a new window.
    webdriver.start(app_binary(), ["--show"])
    window = wait_for("the main window", lambda: window_ids("Meeting Tray"))
    subprocess.run(["wmctrl", "-i", "-c", window[0]], check=True)
    wait_for("the window to close", lambda: window_ids("Meeting Tray") == [])
    found = wait_for("the tray menu", lambda: find_object(session_bus, webdriver.app_pid(), TrayMenu.IFACE),
                     timeout=30, interval=0.3)
    menu = TrayMenu(session_bus, *found)
    row = wait_for("the meeting in the menu", lambda: next(
        (label for label in menu.labels() if "Walk with the team (no link)" in label), None), timeout=30)
    # A meeting without a link: its row shows it (there is nothing to join).
    menu.click(row)
    webdriver.switch_to_window("Meeting Tray")
    def focused_card() -> str | None:
        # The focus stays on the card (the ring fades after a few seconds).
        return webdriver.execute("""
            const a = document.activeElement;
            return a && a.matches('#panel-agenda article.meeting') && !document.querySelector('#panel-agenda').hidden
              ? a.querySelector('.subject').textContent : null;""")

    assert wait_for("the meeting focused in the agenda", focused_card, timeout=30) == "Walk with the team (no link)"
    assert webdriver.execute("return location.hash") == "#agenda", "shown once: a reload does not show it again"
    # Again through "Meeting actions", with the window already open.
    webdriver.execute("document.activeElement.blur()")
    menu.click_child("Meeting actions", row, "Show details")
    assert wait_for("the meeting focused again", focused_card) == "Walk with the team (no link)"
