"""Connecting from the window: the app opens "the browser" (a script that hands
the address to the test), the test signs in on the emulator's page, and the
window, the tray and the keychain all show the result."""

import subprocess
from pathlib import Path

import pytest

from conftest import emulator_env
from harness import TrayMenu, app_binary, browse, find_object, wait_for

DANA = "dana.reyes@contoso.example"


@pytest.fixture
def app_extra_env(tmp_path: Path, emulator: dict) -> dict[str, str]:
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{tmp_path}/sign-in-url.tmp" && '
                       f'mv "{tmp_path}/sign-in-url.tmp" "{tmp_path}/sign-in-url"\n')
    browser.chmod(0o755)
    return {**emulator_env(emulator), "MEETING_TRAY_BROWSER": str(browser)}


def test_connect_test_and_disconnect_from_the_window(webdriver, tmp_path, session_bus):
    webdriver.start(app_binary(), ["--show"])
    assert webdriver.text(webdriver.wait_find("#account-title")) == "Not connected"
    webdriver.click(webdriver.find("#connect"))
    assert webdriver.text(webdriver.find("#connect-message")) == "Finish signing in in your browser…"

    url_file = tmp_path / "sign-in-url"
    url = wait_for("the app to open the sign-in page", lambda: url_file.exists() and url_file.read_text())
    assert "code_challenge_method=S256" in url and "redirect_uri=http%3A%2F%2Flocalhost%3A" in url
    assert "You can close this tab" in browse(url)

    wait_for("the window to show the account",
             lambda: webdriver.text(webdriver.find("#account-title")) == "Connected", timeout=30)
    assert DANA in webdriver.text(webdriver.find("#account-name"))

    found = wait_for("the tray menu", lambda: find_object(session_bus, webdriver.app_pid(), TrayMenu.IFACE),
                     timeout=30, interval=0.3)
    menu = TrayMenu(session_bus, *found)
    wait_for("the tray's account line", lambda: f"Connected as {DANA}" in menu.labels())

    # The app logged the sign-in; neither its logs nor its files hold a token.
    token = subprocess.run(["secret-tool", "lookup", "service", "meeting-tray", "username", "refresh-token:microsoft"],
                           capture_output=True, text=True, timeout=30).stdout.strip()
    assert len(token) > 20
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written), written
    for path in written:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue  # WebKit's shader cache renames its temp files as we go
        assert token.encode() not in data and b"eyJ" not in data, f"{path} holds a token"

    # Connecting starts the first sync: the encrypted cache appears.
    cache = tmp_path / "data" / "meeting-tray" / "calendar-microsoft.cache"
    wait_for("the first sync to write the cache", cache.exists, timeout=30)
    assert b"Design review" not in cache.read_bytes()
    assert "Refresh" in menu.labels()
    menu.click("Refresh")
    wait_for("a second sync from Refresh", lambda: sum(
        p.read_text().count("calendar synced") for p in (tmp_path / "state").rglob("*.log")) >= 2, timeout=30)

    webdriver.click(webdriver.find("#test-connection"))
    wait_for("four passed checks", lambda: webdriver.text(webdriver.find("#connect-message")) == "Every permission works.",
             timeout=30)
    assert webdriver.text(webdriver.find("#checks")).count("✓") == 4

    bar = "return document.querySelector('#agenda-availability') !== null"
    wait_for("today's availability in the agenda", lambda: webdriver.execute(bar), timeout=30)
    webdriver.click(webdriver.find("#disconnect"))
    wait_for("the window to show Not connected",
             lambda: webdriver.text(webdriver.find("#account-title")) == "Not connected")
    wait_for("the tray's account line to go back",
             lambda: any("Connect your calendar" in label for label in menu.labels()))
    assert not cache.exists(), "disconnect removes the calendar cache"
    wait_for("the availability to go with the account", lambda: not webdriver.execute(bar), timeout=70)
