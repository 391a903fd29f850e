"""The command line runs without a display and tells the truth."""

import json
import os
import subprocess

from conftest import app_env
from harness import app_binary, cargo_version


def run(*args, home, lang=None, **kw):
    """The binary with `args`; `lang` sets LANG (unsetting LC_ALL and LC_MESSAGES, which come first)."""
    env = app_env(home)
    env.pop("DISPLAY", None)  # subcommands must not need one
    if lang:
        env = {k: v for k, v in env.items() if k not in ("LC_ALL", "LC_MESSAGES")} | {"LANG": lang}
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


CS, DE = "cs_CZ.UTF-8", "de_DE.UTF-8"
NO_CALENDAR = {
    "C.UTF-8": "No calendar data yet: connect (`meeting-tray connect`), then run `meeting-tray sync` or start Meeting Tray.",
    CS: "Zatím nejsou k dispozici žádná data kalendáře: připojte se (`meeting-tray connect`), potom spusťte "
        "`meeting-tray sync` nebo aplikaci Meeting Tray.",
    DE: "Noch keine Kalenderdaten: Verbinden Sie Ihren Kalender (`meeting-tray connect`) und führen Sie dann "
        "`meeting-tray sync` aus oder starten Sie Meeting Tray.",
}


def write_settings(home, text: str) -> None:
    settings = home / "config" / "meeting-tray" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(text)


def test_without_a_connection_the_cli_speaks_the_system_language_unless_the_setting_says_otherwise(tmp_path):
    for lang, text in NO_CALENDAR.items():
        for command in ("agenda", "next"):
            r = run(command, home=tmp_path, lang=lang)
            assert r.returncode == 0, r.stderr
            assert r.stdout == text + "\n", (lang, command)
    assert run("detect", home=tmp_path, lang=CS, input="nic").stdout == "odkaz ke schůzce nebyl nalezen\n"
    bar = json.loads(run("next", "--waybar", home=tmp_path, lang=DE).stdout)
    assert bar == {"text": "Nicht synchronisiert", "tooltip": "Nicht synchronisiert", "class": ["none"]}
    joined = run("join", home=tmp_path, lang=CS)
    assert joined.returncode == 2
    assert joined.stderr == ("meeting-tray: v uloženém kalendáři není probíhající ani další schůzka, "
                             "ke které se lze připojit\n")
    unreadable = run("detect", str(tmp_path / "chybí.json"), home=tmp_path, lang=CS)
    assert unreadable.returncode == 2 and unreadable.stderr.startswith(f"meeting-tray: nelze přečíst {tmp_path}/chybí.json: ")
    assert "\n  příčina: " in unreadable.stderr
    paths = run("paths", home=tmp_path, lang=DE).stdout.splitlines()
    assert paths == [f"Einstellungen: {tmp_path}/config/meeting-tray/settings.json",
                     f"Protokolle:    {tmp_path}/state/meeting-tray/logs",
                     f"Daten:         {tmp_path}/data/meeting-tray"]

    # The language setting comes before the system's.
    write_settings(tmp_path, '{"language": "de"}')
    assert run("agenda", home=tmp_path, lang=CS).stdout == NO_CALENDAR[DE] + "\n"
    assert run("detect", home=tmp_path, lang=CS, input="nichts").stdout == "kein Link zum Beitreten gefunden\n"


def test_json_output_is_the_same_in_every_language(tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"subject": "Planning", "onlineMeeting": {"joinUrl": TEAMS}}))
    commands = [("paths", "--json"), ("detect", str(event), "--json"), ("agenda", "--json"), ("next", "--json"),
                ("status", "--json")]
    for command in commands:
        outputs = {lang: run(*command, home=tmp_path, lang=lang) for lang in NO_CALENDAR}
        write_settings(tmp_path, '{"language": "cs"}')
        outputs["setting cs"] = run(*command, home=tmp_path, lang=DE)
        (tmp_path / "config" / "meeting-tray" / "settings.json").unlink()
        assert all(r.returncode == 0 for r in outputs.values()), {k: r.stderr for k, r in outputs.items()}
        assert len({r.stdout for r in outputs.values()}) == 1, {k: r.stdout for k, r in outputs.items()}
    # Machine output is English: `message` is for a person reading a script's log.
    message = json.loads(run("agenda", "--json", home=tmp_path, lang=CS).stdout)["message"]
    assert message == NO_CALENDAR["C.UTF-8"]
