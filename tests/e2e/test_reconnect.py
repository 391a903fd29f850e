"""The re-authorization policy seen from the desktop: near the deadline the
tray says "Reconnect by …" and a notification offers a one-click Reconnect,
which opens the sign-in page with the password prompt forced."""

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import app_env, emulator_env
from harness import app_binary, browse, wait_for

DEMO_BROWSER = Path(__file__).resolve().parents[2] / "scripts" / "demo-browser.py"

DANA = "dana.reyes@contoso.example"


def has_badge(icon: str) -> bool:
    """Whether the tray icon file (AppIndicator exports a PNG path) shows the orange badge."""
    pixel = subprocess.run(["convert", icon, "-format", "%[hex:p{44,50}]", "info:"],
                           capture_output=True, text=True, timeout=30)
    assert pixel.returncode == 0, pixel.stderr
    return pixel.stdout.strip().upper().startswith("F59E0B")


def fake_browser(tmp_path: Path) -> Path:
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{tmp_path}/url.tmp" && mv "{tmp_path}/url.tmp" "{tmp_path}/url"\n')
    script.chmod(0o755)
    return script


def test_reconnect_reminder_with_one_click_reconnect(launch, tmp_path, emulator, notifications):
    env = {**app_env(tmp_path), **emulator_env(emulator), "MEETING_TRAY_BROWSER": str(DEMO_BROWSER),
           "MEETING_TRAY_DEMO_CONTROL": emulator["control"]}
    done = subprocess.run([str(app_binary()), "connect"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # As if that sign-in was 27 days ago under the default 30-day policy: inside the warning period.
    record_file = tmp_path / "config" / "meeting-tray" / "account.json"
    record = json.loads(record_file.read_text())
    record["signed_in_at"] = (datetime.now(timezone.utc) - timedelta(days=27)).isoformat()
    record_file.write_text(json.dumps(record))
    app = launch(extra_env={**emulator_env(emulator), "MEETING_TRAY_BROWSER": str(fake_browser(tmp_path))})

    shown = wait_for("the reconnect reminder", lambda: [
        n for n in notifications.notifications() if n["summary"].startswith("Reconnect Meeting Tray by ")])
    assert shown[0]["actions"] == [("reconnect", "Reconnect")]
    wait_for("the tray's Reconnect by line", lambda: any(label.startswith("Reconnect by ") for label in app.menu.labels()))
    assert has_badge(app.menu.sni_property("IconName")), "the tray icon carries the attention badge"

    notifications.invoke_action(shown[0]["id"], "reconnect")
    url = wait_for("the sign-in page to open", lambda: (tmp_path / "url").exists() and (tmp_path / "url").read_text())
    assert "prompt=login" in url, "the policy forces the password page"
    assert "login_hint=dana.reyes%40contoso.example" in url
    assert "You can close this tab" in browse(url)
    wait_for("the tray to show the new sign-in", lambda: f"Connected as {DANA}" in app.menu.labels(), timeout=30)
    wait_for("the tray icon to lose its badge", lambda: not has_badge(app.menu.sni_property("IconName")))
    # (Once a day at most is the core's rule, unit-tested with set dates.)
    assert len([n for n in notifications.notifications() if n["summary"].startswith("Reconnect")]) == 1
