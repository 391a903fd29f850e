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
        "cache_dir": str(tmp_path / "cache" / "meeting-tray"),
    }
    assert not os.path.exists(paths["log_dir"]), "a read-only command must not create folders"


def test_unknown_arguments_fail_with_usage(tmp_path):
    r = run("--frobnicate", home=tmp_path)
    assert r.returncode == 2
    assert "unexpected argument '--frobnicate'" in r.stderr
