"""The Settings tab's Desktop and Meeting links sections, end to end in the
real WebKit webview: the theme reaches the page and survives a restart, start
at login writes and removes the XDG autostart entry, the global shortcut
(a real X11 key grab, pressed through XTEST) joins the next meeting, and an
own meeting host makes an invitation joinable after a full re-read."""

import json
import subprocess
import time
from datetime import timedelta

import pytest

from conftest import app_env, emulator_env
from harness import add_meeting, app_binary, connect_dana, emulator_now, recording_browser, restart, wait_for

DARK_BG = "rgb(15, 23, 42)"


@pytest.fixture
def app_extra_env(tmp_path, emulator) -> dict[str, str]:
    connect_dana(app_env(tmp_path), emulator)
    recorder = recording_browser(tmp_path)
    # The autostart plugin writes to $HOME/.config/autostart (it does not read
    # XDG_CONFIG_HOME): the test's own HOME keeps the entry in tmp_path.
    # A dark desktop (GTK's dark variant): System must follow it and Light
    # must override it, or the theme checks below could not fail.
    return {**emulator_env(emulator), "MEETING_TRAY_BROWSER": recorder, "HOME": str(tmp_path),
            "GTK_THEME": "Adwaita:dark"}


def set_value(webdriver, css: str, value: str) -> None:
    """Types into an input as far as the page can tell (value, then input and change events)."""
    webdriver.execute("""
        const i = document.querySelector(arguments[0]);
        i.value = arguments[1];
        i.dispatchEvent(new Event('input', { bubbles: true }));
        i.dispatchEvent(new Event('change', { bubbles: true }));""", css, value)


def click(webdriver, css: str) -> None:
    """Clicks the element `css` finds (WebDriver.click brings it to the middle first)."""
    webdriver.click(webdriver.find(css))


def checked(webdriver, css: str) -> bool:
    return webdriver.execute("return document.querySelector(arguments[0]).checked", css)


def page_theme(webdriver) -> tuple[str, str]:
    return tuple(webdriver.execute("""
        return [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor];"""))


def save(webdriver) -> None:
    webdriver.click(webdriver.find("#save-settings"))
    shown: list[str] = []

    def saved() -> bool:
        shown.append(webdriver.text(webdriver.find("#settings-message")))
        return shown[-1] == "Saved."

    try:
        wait_for("Saved.", saved, timeout=20)
    except AssertionError as e:
        # Say what the form said instead (an error message, or nothing).
        raise AssertionError(f"{e}; the form said {shown[-3:]!r}") from None


def test_desktop_and_link_settings_take_effect_and_persist(webdriver, tmp_path, session_bus, emulator):
    now = emulator_now(emulator)
    add_meeting(emulator, "Acme all-hands", now + timedelta(hours=3), responseStatus={"response": "accepted"},
                body={"contentType": "text", "content": "Our own system: https://video.acme.example/room/4411"})
    autostart = tmp_path / ".config" / "autostart" / "Meeting Tray.desktop"
    webdriver.start(app_binary(), ["--show"])
    webdriver.click(webdriver.wait_find("#tab-settings", timeout=30))
    webdriver.wait_find("#desktop-settings")
    assert checked(webdriver, "#theme-system") and checked(webdriver, "#tray-panel-dark")
    assert wait_for("System to follow the dark desktop", lambda: page_theme(webdriver) == ("system", DARK_BG))
    assert not checked(webdriver, "#start-at-login") and not autostart.exists()
    assert webdriver.execute("return document.querySelector('#shortcut-wayland')") is None, "Xvfb is an X11 session"

    click(webdriver, "#theme-dark")
    click(webdriver, "#start-at-login")
    set_value(webdriver, "#join-shortcut", "Ctrl+Alt+J")
    click(webdriver, "#custom-add")
    set_value(webdriver, "[id^=custom-name-]", "Acme Video")
    set_value(webdriver, "[id^=custom-host-]", "video.acme.example")
    set_value(webdriver, "[id^=custom-path-]", "/room/")
    save(webdriver)

    # The theme reaches the page at once, through the theme-changed event.
    assert wait_for("the dark theme", lambda: page_theme(webdriver) == ("dark", DARK_BG) and True)
    saved = json.loads((tmp_path / "config" / "meeting-tray" / "settings.json").read_text())
    assert saved["desktop"] == {"theme": "dark", "tray_panel": "dark", "join_shortcut": "Ctrl+Alt+J"}, saved
    assert saved["links"]["custom"] == [{"name": "Acme Video", "host": "video.acme.example", "path_prefix": "/room/"}]
    assert "start_at_login" not in saved, "the OS keeps that one"
    entry = wait_for("the autostart entry", lambda: autostart.exists() and autostart.read_text())
    assert f"Exec={app_binary()}" in entry.replace('"', ""), entry

    # The own host is a meeting link after the full re-read the change started.
    webdriver.click(webdriver.find("#tab-agenda"))
    card = wait_for("the Acme meeting with its service", lambda: next(
        (c for c in webdriver.execute(
            "return [...document.querySelectorAll('#panel-agenda article.meeting')].map(a => a.textContent);")
         if "Acme all-hands" in c and "Acme Video" in c), None), timeout=30)
    assert "video.acme.example" in card, card

    # The shortcut is a real key grab: a key press from XTEST joins the next
    # meeting (the demo's Teams design review, starting within minutes).
    opened = tmp_path / "opened"
    assert not opened.exists()

    def joined(n: int) -> list[str]:
        lines = opened.read_text().split() if opened.exists() else []
        return lines if len(lines) >= n else []

    subprocess.run(["xdotool", "key", "ctrl+alt+j"], check=True, timeout=10)
    link = wait_for("the next meeting to be joined", lambda: joined(1))[0]
    assert link.startswith("https://teams.microsoft.com/l/meetup-join/"), link

    # After a restart: dark from the first paint, the entry and shortcut kept.
    restart(webdriver, session_bus)
    webdriver.wait_find("#tab-settings", timeout=30)
    assert page_theme(webdriver) == ("dark", DARK_BG)
    webdriver.click(webdriver.find("#tab-settings"))
    webdriver.wait_find("#desktop-settings")
    assert checked(webdriver, "#theme-dark") and checked(webdriver, "#start-at-login")
    assert webdriver.execute("return document.querySelector('#join-shortcut').value") == "Ctrl+Alt+J"
    # Registered again at start.
    subprocess.run(["xdotool", "key", "ctrl+alt+j"], check=True, timeout=10)
    assert wait_for("a join after the restart", lambda: joined(2))[1] == link

    # Off again: the entry goes; light wins over the dark desktop; a new
    # shortcut replaces the old one, which no longer joins anything.
    click(webdriver, "#start-at-login")
    click(webdriver, "#theme-light")
    set_value(webdriver, "#join-shortcut", "Ctrl+Alt+K")
    save(webdriver)
    wait_for("the autostart entry to go", lambda: not autostart.exists())
    assert wait_for("the light theme", lambda: (t := page_theme(webdriver))[0] == "light" and t[1] != DARK_BG)
    subprocess.run(["xdotool", "key", "ctrl+alt+j"], check=True, timeout=10)
    subprocess.run(["xdotool", "key", "ctrl+alt+k"], check=True, timeout=10)
    assert wait_for("a join by the new shortcut", lambda: joined(3)) == [link] * 3, "the old one joined too"
    time.sleep(1)  # a late join by the old one would show now
    assert len(joined(0)) == 3


def test_a_bad_shortcut_is_refused_with_a_message_and_nothing_is_saved(webdriver, tmp_path):
    webdriver.start(app_binary(), ["--show"])
    webdriver.click(webdriver.wait_find("#tab-settings", timeout=30))
    webdriver.wait_find("#desktop-settings")
    # Refused by the form at once …
    set_value(webdriver, "#join-shortcut", "J")
    webdriver.click(webdriver.find("#save-settings"))
    message = wait_for("a message", lambda: webdriver.text(webdriver.find("#settings-message")))
    assert message != "Saved." and message, message
    # … and a key the form cannot judge, by the backend's parser.
    set_value(webdriver, "#join-shortcut", "Ctrl+Banana")
    webdriver.click(webdriver.find("#save-settings"))
    assert "Ctrl+Banana" in wait_for("the backend's message", lambda: (
        m := webdriver.text(webdriver.find("#settings-message"))) != message and m)
    assert not (tmp_path / "config" / "meeting-tray" / "settings.json").exists()
