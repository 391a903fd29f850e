"""Security checks of the whole app (issue 10): no token in any file it
writes or any line it logs or prints, and the held-back list of malicious
links (crates/links/tests/corpus/neg-lookalikes.html: look-alike hosts, a
userinfo trick, an IDN homograph, javascript: and file:) never opened by any
path a user can take."""

from __future__ import annotations

import json
import re
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from conftest import alive, app_env, emulator_env
from harness import (
    ROOT,
    add_meeting,
    app_binary,
    connect_dana,
    control,
    emulator_now,
    recording_browser,
    wait_for,
)

HELD_BACK = ROOT / "crates" / "links" / "tests" / "corpus" / "neg-lookalikes.html"


def fragments(token: str) -> list[str]:
    """The token and pieces of it long enough to be unmistakable: a log that
    cut or wrapped a token still shows one of them."""
    pieces = [token]
    if token.count(".") == 2:  # a JWT: its signature is the secret part
        pieces.append(token.rsplit(".", 1)[1][:32])
    pieces += [token[i:i + 32] for i in range(0, max(len(token) - 32, 1), 96)]
    return [p for p in pieces if len(p) >= 24]


def test_no_file_log_or_output_of_the_app_holds_a_token(launch, tmp_path, empty_emulator):
    emu = empty_emulator
    # Debug logging: the strictest setting a user would turn on to report a bug.
    env = {**connect_dana(app_env(tmp_path), emu), "RUST_LOG": "debug"}
    add_meeting(emu, "Token hygiene", emulator_now(emu) + timedelta(hours=1), bodyFixture="teams-2024",
                responseStatus={"response": "accepted"})
    printed = []
    for args in (["sync"], ["agenda", "--json"], ["status", "--json"], ["next"]):
        done = subprocess.run([str(app_binary()), *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        printed.append(done.stdout + done.stderr)
    app = launch(extra_env={**emulator_env(emu), "RUST_LOG": "debug"})
    wait_for("the meeting in the tray", lambda: any("Token hygiene" in label for label in app.menu.labels()), 30)
    # Two hours on, Graph refuses the access token: the app refreshes (the
    # refresh token rotates) and syncs again.
    control(emu, "POST", "/clock", {"seconds": 2 * 3600})
    synced = app.log().count("calendar synced")
    app.menu.click("Refresh")
    wait_for("a sync with a refreshed token", lambda: app.log().count("calendar synced") > synced, timeout=30)
    assert alive(app.proc.pid)
    app.proc.terminate()
    out, _ = app.proc.communicate(timeout=15)
    printed.append(out.decode(errors="replace"))

    tokens = control(emu, "GET", "/tokens")
    assert len(tokens["access"]) >= 3 and len(tokens["refresh"]) >= 2, "sign-in, CLI and app refreshes issued tokens"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert any(n.startswith("meeting-tray.") and n.endswith(".log") for n in names), names
    assert any(n.startswith("calendar-") for n in names), names
    assert "account.json" in names, names
    leaks = []
    for token in tokens["access"] + tokens["refresh"]:
        for piece in fragments(token):
            leaks += [str(p) for p in files if piece.encode() in p.read_bytes()]
            leaks += ["output" for text in printed if piece in text]
    assert not leaks, f"a token is in {sorted(set(leaks))}"
    # The log does say what happened, so the search covered real content.
    assert "calendar synced" in app.log()


def test_the_held_back_malicious_links_are_never_opened(launch, tmp_path, empty_emulator, notifications):
    emu = empty_emulator
    held_back = HELD_BACK.read_text()
    hrefs = re.findall(r'href="([^"]+)"', held_back)
    assert len(hrefs) == 6 and {"javascript", "file"} <= {h.split(":")[0] for h in hrefs}, hrefs
    env = connect_dana(app_env(tmp_path), emu)
    settings = tmp_path / "config" / "meeting-tray" / "settings.json"
    settings.write_text(json.dumps({"alerts": {"style": "both", "alert_without_link": True}}))
    subject = "Re-validate your meeting access"
    meeting = add_meeting(emu, subject, emulator_now(emu) + timedelta(seconds=75),
                          body={"contentType": "html", "content": held_back},
                          location={"displayName": "https://zoom.us@login-zoom.example/j/81234567890"},
                          responseStatus={"response": "accepted"})
    recorder = recording_browser(tmp_path)
    env["MEETING_TRAY_BROWSER"] = recorder

    # Each link alone, as the detector reads a body: none is a join link.
    for href in hrefs:
        found = subprocess.run([str(app_binary()), "detect", "--json", "-"], input=href, env=env,
                               capture_output=True, text=True, timeout=30)
        assert found.returncode == 0, found.stderr
        answer = json.loads(found.stdout)
        assert answer["url"] is None, (href, found.stdout)
        assert all(c["safety"]["status"] != "joinable" for c in answer["candidates"]), (href, found.stdout)
    # The command line: synced, listed without a link, and join refuses.
    assert subprocess.run([str(app_binary()), "sync"], env=env, capture_output=True, timeout=60).returncode == 0
    agenda = json.loads(subprocess.run([str(app_binary()), "agenda", "--json"], env=env, capture_output=True,
                                       text=True, timeout=60).stdout)
    item = next(i for i in agenda["items"] if i["subject"] == subject)
    assert item["join"] is None, item
    joined = subprocess.run([str(app_binary()), "join", meeting["id"]], env=env, capture_output=True, text=True,
                            timeout=60)
    assert joined.returncode != 0, joined.stdout

    # The app: the tray offers no Join for it, the alert has no Join button.
    app = launch(extra_env={**emulator_env(emu), "MEETING_TRAY_BROWSER": recorder})
    wait_for("the meeting in the tray", lambda: any(subject in label for label in app.menu.labels()), 30)
    assert not any(label.startswith("Join") for label in app.menu.labels()), app.menu.labels()
    submenu = next(label for label in app.menu.labels() if subject in label).replace("_", "")
    assert not any("Join" in label or "Copy" in label for _, label in app.menu.children(submenu))
    shown = wait_for("the alert", lambda: [n for n in notifications.notifications() if subject in n["summary"]],
                     timeout=90)
    assert "join" not in dict(shown[0]["actions"]), shown[0]["actions"]
    # The notification's Join action, forged: still nothing opens.
    notifications.invoke_action(shown[0]["id"], "join")
    time.sleep(2)  # a negative check: give a wrong open time to happen
    assert alive(app.proc.pid)
    assert not (tmp_path / "opened").exists(), (tmp_path / "opened").read_text()
