"""The packages that `make package` builds. The .deb is installed into this
machine with dpkg (apt-get fills in missing dependencies), checked from the
installed paths (version, desktop entry, the tray app starting under Xvfb),
then removed. The .rpm cannot be installed on Debian: its header (name,
version, dependencies) and file list are read with `rpm`. Run by `make
test-package` (marker `package`), after the bundles are built; the rest of
the suite deselects it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import App, app_env
from harness import ROOT, cargo_version, stop

pytestmark = pytest.mark.package

INSTALLED = Path("/usr/bin/meeting-tray")


def root(*cmd: str) -> list[str]:
    """`cmd` as root: dpkg and apt-get need it."""
    return list(cmd) if os.geteuid() == 0 else ["sudo", *cmd]


def bundle(kind: str) -> Path:
    """The newest package of `kind` (deb, rpm) that the bundler made."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    found = sorted((target / "release" / "bundle" / kind).glob(f"*.{kind}"), key=lambda p: p.stat().st_mtime)
    assert found, f"no .{kind} under {target}/release/bundle/{kind}: run `make package` first"
    return found[-1]


def the_deb() -> Path:
    return bundle("deb")


def test_the_rpm_names_its_dependencies_and_holds_the_app():
    rpm = bundle("rpm")
    query = subprocess.run(["rpm", "-qp", "--nosignature", "--queryformat", "%{NAME} %{VERSION}\\n", str(rpm)],
                           capture_output=True, text=True, check=True).stdout
    requires = subprocess.run(["rpm", "-qpR", "--nosignature", str(rpm)], capture_output=True, text=True,
                              check=True).stdout.split("\n")
    files = subprocess.run(["rpm", "-qpl", "--nosignature", str(rpm)], capture_output=True, text=True,
                           check=True).stdout.split("\n")
    print(f"\n{rpm.name}: {rpm.stat().st_size / 1e6:.1f} MB\n{query}requires: {', '.join(r for r in requires if r)}")
    assert query.strip() == f"meeting-tray {cargo_version()}", query
    # Fedora's names: the tray library is loaded at run time, so it must be named.
    assert "libayatana-appindicator-gtk3" in requires, requires
    # The bundler adds the libraries it linked, as sonames.
    assert any(r.startswith("libwebkit2gtk-4.1.so") for r in requires), requires
    assert str(INSTALLED) in files, files
    assert any(f.startswith("/usr/share/applications/") and f.endswith(".desktop") for f in files), files
    assert any(f.startswith("/usr/share/icons/hicolor/") for f in files), files


def test_the_deb_installs_runs_from_the_installed_path_and_removes(tmp_path, session_bus):
    deb = the_deb()
    fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version", "Depends"],
                            capture_output=True, text=True, check=True).stdout
    print(f"\n{deb.name}: {deb.stat().st_size / 1e6:.1f} MB\n{fields}")
    assert "Package: meeting-tray" in fields, fields
    # The tray icon goes through libayatana-appindicator, which Tauri loads at
    # run time, so the bundler cannot see it: the package must name it.
    assert "libayatana-appindicator3-1" in fields and "libwebkit2gtk-4.1-0" in fields, fields
    assert not INSTALLED.exists(), f"{INSTALLED} is there before the test: remove the package first"

    installed = subprocess.run(root("dpkg", "-i", str(deb)), capture_output=True, text=True)
    if installed.returncode != 0:
        # Missing dependencies: apt-get installs them and finishes the configuration.
        fixed = subprocess.run(root("apt-get", "-f", "install", "-y", "-qq"), capture_output=True, text=True,
                               env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        assert fixed.returncode == 0, installed.stderr + fixed.stderr
    try:
        listed = subprocess.run(["dpkg", "-L", "meeting-tray"], capture_output=True, text=True, check=True).stdout
        print(listed)
        assert str(INSTALLED) in listed.splitlines()
        version = subprocess.run([str(INSTALLED), "--version"], capture_output=True, text=True, timeout=30)
        assert version.stdout.strip() == f"meeting-tray {cargo_version()}", version.stdout + version.stderr

        desktop_files = [line for line in listed.splitlines()
                         if line.startswith("/usr/share/applications/") and line.endswith(".desktop")]
        assert len(desktop_files) == 1, desktop_files
        entry = Path(desktop_files[0]).read_text()
        assert "Exec=meeting-tray" in entry and "Icon=meeting-tray" in entry, entry
        valid = subprocess.run(["desktop-file-validate", desktop_files[0]], capture_output=True, text=True)
        assert valid.returncode == 0 and not valid.stdout.strip(), valid.stdout + valid.stderr
        assert any(line.startswith("/usr/share/icons/hicolor/") for line in listed.splitlines()), listed

        # The installed app starts and shows its tray menu (the release build
        # loads its pages from the binary, not from a dev server).
        proc = subprocess.Popen([str(INSTALLED)], env=app_env(tmp_path),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            labels = App(proc, tmp_path, session_bus).menu.labels()
            assert "Quit" in labels and "Open Meeting Tray" in labels, labels
        finally:
            stop(proc)
    finally:
        removed = subprocess.run(root("dpkg", "-r", "meeting-tray"), capture_output=True, text=True)
        assert removed.returncode == 0, removed.stderr
    assert not INSTALLED.exists() and shutil.which("meeting-tray") != str(INSTALLED)
