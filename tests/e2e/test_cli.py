"""The command line runs without a display and tells the truth."""

import json
import os
import subprocess

from conftest import app_env
from harness import app_binary, cargo_version


def run(*args, home, **kw):
    env = app_env(home)
    env.pop("DISPLAY", None)  # subcommands must not need one
    return subprocess.run([str(app_binary()), *args], env=env, capture_output=True, text=True, timeout=30, **kw)


def test_version_is_the_workspace_version(tmp_path):
    r = run("--version", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"meeting-tray {cargo_version()}"


def test_help_describes_the_app_and_its_subcommands(tmp_path):
    r = run("--help", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Usage: meeting-tray [OPTIONS] [COMMAND]" in r.stdout
    assert "paths" in r.stdout and "--show" in r.stdout


def test_paths_follow_the_xdg_folders(tmp_path):
    r = run("paths", "--json", home=tmp_path)
    assert r.returncode == 0, r.stderr
    paths = json.loads(r.stdout)
    assert paths == {
        "config_dir": str(tmp_path / "config" / "meeting-tray"),
        "log_dir": str(tmp_path / "state" / "meeting-tray" / "logs"),
        "data_dir": str(tmp_path / "data" / "meeting-tray"),
    }
    assert not os.path.exists(paths["log_dir"]), "a read-only command must not create folders"


def test_unknown_arguments_fail_with_usage(tmp_path):
    r = run("--frobnicate", home=tmp_path)
    assert r.returncode == 2
    assert "unexpected argument '--frobnicate'" in r.stderr


TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZQ%40thread.v2/0?context=%7b%7d"


def test_detect_reads_a_graph_event_and_prints_the_link(tmp_path):
    event = {
        "subject": "Planning",
        "onlineMeeting": {"joinUrl": TEAMS},
        "body": {"contentType": "html", "content": "<p>Old: https://zoom.us/j/123456789?pwd=x</p>"},
    }
    f = tmp_path / "event.json"
    f.write_text(json.dumps(event))
    r = run("detect", str(f), home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Microsoft Teams: {TEAMS}"
    r = run("detect", str(f), "--json", home=tmp_path)
    out = json.loads(r.stdout)
    assert out["url"] == TEAMS and out["service"] == "teams"
    assert out["native_url"] == "msteams://" + TEAMS.split("://", 1)[1]
    assert [c["service"] for c in out["candidates"]] == ["teams", "zoom"]


def test_detect_reads_a_body_from_stdin(tmp_path):
    body = "Join Zoom Meeting\n<https://us02web.zoom.us/j/81234567890?pwd=abc.1>\n"
    r = run("detect", "-", "--json", home=tmp_path, input=body)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["url"] == "https://us02web.zoom.us/j/81234567890?pwd=abc.1"


def test_detect_without_a_link_and_with_unreadable_input(tmp_path):
    r = run("detect", "--json", home=tmp_path, input="Lunch at noon. https://zoom.us.evil.example/j/1")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"url": None, "service": None, "native_url": None, "candidates": []}
    r = run("detect", home=tmp_path, input="nothing here")
    assert r.stdout.strip() == "no join link found"
    r = run("detect", str(tmp_path / "missing.json"), home=tmp_path)
    assert r.returncode == 2
    assert "cannot read" in r.stderr and "missing.json" in r.stderr
