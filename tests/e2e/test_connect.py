"""Connecting a calendar from the command line: the real sign-in flow against
the Microsoft 365 emulator (the browser played by urllib), the refresh token
in the real Secret Service (gnome-keyring in the test session), and no token in
any file the app wrote."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path

from conftest import app_env, emulator_env
from harness import app_binary, browse, login_collection, stop, unlock_keychain

DANA = "dana.reyes@contoso.example"
KEYCHAIN_ENTRY = ["service", "meeting-tray", "username", "refresh-token:microsoft"]


def env_for(home: Path, emu: dict | None) -> dict[str, str]:
    env = app_env(home)
    env.pop("DISPLAY", None)
    if emu:
        env.update(emulator_env(emu))
    return env


def cli(home: Path, emu: dict | None, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(app_binary()), *args], env=env_for(home, emu), capture_output=True, text=True,
                          timeout=60)


def keychain_token() -> str:
    r = subprocess.run(["secret-tool", "lookup", *KEYCHAIN_ENTRY], capture_output=True, text=True, timeout=30)
    return r.stdout.strip()


def connect(home: Path, emu: dict, **env_changes: str) -> subprocess.CompletedProcess:
    env = env_for(home, emu)
    env.update(env_changes)
    proc = subprocess.Popen([str(app_binary()), "connect", "--no-browser", "--timeout", "60"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        url = ""
        while not url.startswith("http"):
            line = proc.stdout.readline()
            assert line, f"connect ended before printing the address: {proc.stderr.read() if proc.stderr else ''}"
            url = line.strip()
        page = browse(url)
        assert "You can close this tab" in page
        out, err = proc.communicate(timeout=60)
    finally:
        stop(proc)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_connect_keeps_the_token_in_the_keychain_and_nowhere_else(tmp_path, emulator):
    done = connect(tmp_path, emulator)
    assert done.returncode == 0, done.stderr
    assert f"Connected as {DANA}" in done.stdout

    status = cli(tmp_path, emulator, "status", "--json")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["state"] == "connected"
    assert info["username"] == DANA
    assert info["reconnect_by"], "the 30-day policy gives a date"

    token = keychain_token()
    assert len(token) > 20, "the refresh token is in the Secret Service"
    written = files_under(tmp_path)
    assert any(p.name == "account.json" for p in written)
    for path in written:
        data = path.read_bytes()
        assert token.encode() not in data, f"{path} holds the refresh token"
        assert b"eyJ" not in data, f"{path} holds something like a JWT (access or ID token)"
    assert token not in status.stdout + done.stdout + done.stderr

    tested = cli(tmp_path, emulator, "test-connection")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    lines = tested.stdout.splitlines()
    assert len(lines) == 4 and all(line.startswith("✓") for line in lines), tested.stdout
    assert "Calendars.ReadWrite" in tested.stdout

    gone = cli(tmp_path, emulator, "disconnect")
    assert gone.returncode == 0, gone.stderr
    assert keychain_token() == ""
    tested = cli(tmp_path, emulator, "test-connection")
    assert tested.returncode == 2 and "not connected" in tested.stderr, tested.stderr
    assert json.loads(cli(tmp_path, emulator, "status", "--json").stdout)["state"] == "not_connected"


def test_status_without_an_app_registration_says_what_to_do(tmp_path):
    r = cli(tmp_path, None, "status", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["state"] == "not_configured"
    assert "(client) ID" in info["problem"] and "docs/CONNECT.md" in info["problem"]
    r = cli(tmp_path, None, "connect", "--no-browser")
    assert r.returncode == 2
    assert "MEETING_TRAY_CLIENT_ID" in r.stderr and "panicked" not in r.stderr


def test_admin_consent_url_for_a_tenant(tmp_path):
    r = cli(tmp_path, None, "admin-consent-url", "--tenant", "contoso.example",
            "--client-id", "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f")
    assert r.returncode == 0, r.stderr
    url = urllib.parse.urlparse(r.stdout.strip())
    assert (url.scheme, url.netloc, url.path) == ("https", "login.microsoftonline.com",
                                                  "/contoso.example/v2.0/adminconsent")
    q = urllib.parse.parse_qs(url.query)
    assert q["redirect_uri"] == ["http://localhost/adminconsent"]
    assert "https://graph.microsoft.com/Calendars.ReadWrite" in q["scope"][0].split(" ")
    r = cli(tmp_path, None, "admin-consent-url", "--tenant", "common", "--client-id",
            "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f")
    assert r.returncode == 2 and "not \"common\"" in r.stderr


def test_a_locked_keychain_gives_a_clear_error_and_loses_nothing(tmp_path, emulator, session_bus):
    assert connect(tmp_path, emulator).returncode == 0
    token = keychain_token()
    secret, collection = login_collection(session_bus)
    secret.Lock([collection])
    try:
        gone = cli(tmp_path, emulator, "disconnect")
        assert gone.returncode == 2, gone.stdout + gone.stderr
        assert "keychain is locked" in gone.stderr and "panicked" not in gone.stderr
        # Using the account needs the refresh token: a clear message, not a crash.
        used = cli(tmp_path, emulator, "sync")
        assert used.returncode == 2 and "keychain is locked" in used.stderr, used.stderr
        status = cli(tmp_path, emulator, "status", "--json")
        assert json.loads(status.stdout)["state"] == "attention", "the problem is on record"
    finally:
        unlock_keychain(session_bus, secret, collection)
    assert keychain_token() == token, "nothing was lost"
    assert cli(tmp_path, emulator, "sync").returncode == 0, "it works again once unlocked"
    assert json.loads(cli(tmp_path, emulator, "status", "--json").stdout)["state"] == "connected"
    assert cli(tmp_path, emulator, "disconnect").returncode == 0


def test_without_a_keychain_service_sign_in_stops_before_the_browser(tmp_path, emulator):
    env = env_for(tmp_path, emulator)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/no-bus"
    done = subprocess.run([str(app_binary()), "connect", "--no-browser", "--timeout", "10"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "No keychain service is running" in done.stderr, done.stderr
    assert "never falls back to a plain-text file" in done.stderr
    assert "http" not in done.stdout, "the sign-in did not start: nothing to throw away later"
    for path in files_under(tmp_path):
        assert b"eyJ" not in path.read_bytes(), path
    assert not (tmp_path / "config" / "meeting-tray" / "account.json").exists()


def test_connect_opens_the_browser_named_by_meeting_tray_browser(tmp_path, emulator):
    """The demo's path: `connect` hands the address to MEETING_TRAY_BROWSER
    (here the demo's scripted browser, which signs in as Dana)."""
    demo_browser = Path(__file__).resolve().parents[2] / "scripts" / "demo-browser.py"
    env = env_for(tmp_path, emulator)
    env.update(MEETING_TRAY_BROWSER=str(demo_browser), MEETING_TRAY_DEMO_CONTROL=emulator["control"])
    done = subprocess.run([str(app_binary()), "connect", "--timeout", "30"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "demo-browser: signed in as dana.reyes@contoso.example" in done.stdout
    assert f"Connected as {DANA}" in done.stdout
    assert cli(tmp_path, emulator, "disconnect").returncode == 0
