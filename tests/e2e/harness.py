"""Small helpers the end-to-end tests share: processes, waiting, D-Bus, WebDriver.

Everything here talks to real parts: Xvfb, a D-Bus session, the built app,
WebKitWebDriver. Nothing is mocked except the notification server, which is
python-dbusmock's notification-daemon template (a real D-Bus service).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

import dbus

ROOT = Path(__file__).resolve().parents[2]


def app_binary() -> Path:
    """The binary under test: MEETING_TRAY_BIN, else the workspace's debug build."""
    if env := os.environ.get("MEETING_TRAY_BIN"):
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "meeting-tray"


def cargo_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    m = re.search(r'^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    assert m, "workspace version not found in Cargo.toml"
    return m.group(1)


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 20.0, interval: float = 0.1) -> Any:
    """Poll `probe` until it returns something truthy; fail with `what` on timeout."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except Exception as e:  # the thing may not be up yet
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate a process we started, then kill it if it does not go."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


def start_display() -> tuple[subprocess.Popen, subprocess.Popen]:
    """Xvfb on a free display number (DISPLAY is set) with openbox: always-on-top is a WM hint."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    # Read up to the newline before closing: Xvfb writes the number and the
    # newline separately, and dies ("Cannot write display number") if the
    # pipe closes between the two.
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            break
        data += chunk
    os.close(read_fd)
    number = data.decode().strip()
    assert number, "Xvfb did not start"
    os.environ["DISPLAY"] = f":{number}"
    wm = subprocess.Popen(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for("openbox to manage the display",
             lambda: subprocess.run(["wmctrl", "-m"], capture_output=True).returncode == 0, timeout=30, interval=0.3)
    return xvfb, wm


# --- D-Bus ---------------------------------------------------------------

def start_keyring(bus: dbus.Bus, log: Path) -> subprocess.Popen:
    """gnome-keyring's Secret Service in our D-Bus session, unlocked, checked by a round trip.

    Run in the foreground as our child: a daemonizing `--unlock` returns before the
    daemon owns its bus name, and our bus has no service activation to cover the gap
    (CI lost that race once).
    """
    proc = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    assert proc.stdin is not None
    proc.stdin.write(b"e2e-password")
    proc.stdin.close()

    def owned() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"gnome-keyring-daemon exited with {proc.returncode}: {log.read_text(errors='replace')}")
        return bool(bus_daemon(bus).NameHasOwner("org.freedesktop.secrets"))

    wait_for("gnome-keyring on D-Bus (org.freedesktop.secrets)", owned)
    attrs = ["service", "meeting-tray-e2e", "check", "1"]
    store = subprocess.run(["secret-tool", "store", "--label=e2e check", *attrs], input=b"s3cret",
                           capture_output=True, timeout=30)
    assert store.returncode == 0, f"secret-tool store failed: {store.stderr.decode(errors='replace')}"
    got = subprocess.run(["secret-tool", "lookup", *attrs], capture_output=True, timeout=30).stdout
    assert got == b"s3cret", "the Secret Service round trip failed"
    return proc


@contextlib.contextmanager
def desktop() -> Iterator[dbus.Bus]:
    """For scripts outside pytest: Xvfb with openbox and an unlocked keyring in
    the current D-Bus session; yields the session bus, stops all on exit."""
    xvfb, wm = start_display()
    bus = dbus.SessionBus()
    keyring = start_keyring(bus, Path(tempfile.mkdtemp()) / "gnome-keyring.log")
    try:
        yield bus
    finally:
        stop(keyring)
        stop(wm)
        stop(xvfb)


def login_collection(bus: dbus.Bus) -> tuple[dbus.Interface, str]:
    """The Secret Service and its default collection (gnome-keyring's login keyring)."""
    service = bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets")
    secret = dbus.Interface(service, "org.freedesktop.Secret.Service")
    return secret, str(secret.ReadAlias("default"))


def unlock_keychain(bus: dbus.Bus, secret: dbus.Interface, collection: str) -> None:
    """Unlocks `collection` with the suite's password, through gnome-keyring's
    test interface (no prompt)."""
    _, session = secret.OpenSession("plain", dbus.String("", variant_level=1))
    internal = dbus.Interface(bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets"),
                              "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
    internal.UnlockWithMasterPassword(collection, dbus.Struct(
        (session, dbus.ByteArray(b""), dbus.ByteArray(b"e2e-password"), "text/plain"), signature="oayays"))


def bus_daemon(bus: dbus.Bus) -> dbus.Interface:
    return dbus.Interface(bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"), "org.freedesktop.DBus")


def connections_of(bus: dbus.Bus, pid: int) -> list[str]:
    daemon = bus_daemon(bus)
    names = []
    for name in daemon.ListNames():
        if not name.startswith(":"):
            continue
        try:
            if int(daemon.GetConnectionUnixProcessID(name)) == pid:
                names.append(str(name))
        except dbus.DBusException:
            pass  # the connection went away meanwhile
    return names


def find_object(bus: dbus.Bus, pid: int, interface: str) -> tuple[str, str] | None:
    """(bus name, object path) of the first object of process `pid` that implements `interface`."""

    def walk(name: str, path: str) -> str | None:
        try:
            xml = bus.get_object(name, path, introspect=False).Introspect(
                dbus_interface="org.freedesktop.DBus.Introspectable", timeout=2
            )
        except dbus.DBusException:
            return None  # not every connection of the app serves introspection
        node = ET.fromstring(str(xml))
        if any(i.get("name") == interface for i in node.findall("interface")):
            return path
        for child in node.findall("node"):
            found = walk(name, path.rstrip("/") + "/" + child.get("name", ""))
            if found:
                return found
        return None

    for name in connections_of(bus, pid):
        path = walk(name, "/")
        if path:
            return name, path
    return None


class TrayMenu:
    """The app's tray menu as libayatana exports it over D-Bus (com.canonical.dbusmenu)."""

    IFACE = "com.canonical.dbusmenu"

    def __init__(self, bus: dbus.Bus, name: str, path: str) -> None:
        self.proxy = dbus.Interface(bus.get_object(name, path, introspect=False), self.IFACE)
        self.sni_path = path.rsplit("/", 1)[0]
        self.bus, self.name = bus, name

    def items(self) -> list[tuple[int, str, dict]]:
        """(id, label, properties) of the top-level items, separators included as '---'."""
        _rev, layout = self.proxy.GetLayout(0, -1, dbus.Array([], signature="s"), timeout=5)
        out = []
        for child in layout[2]:
            item_id, props = int(child[0]), dict(child[1])
            if props.get("type") == "separator":
                out.append((item_id, "---", props))
            else:
                out.append((item_id, str(props.get("label", "")), props))
        return out

    def labels(self) -> list[str]:
        return [label for _, label, _ in self.items()]

    def children(self, *path: str) -> list[tuple[int, str]]:
        """(id, label) of the items in the submenu reached through the labels of `path`."""
        _rev, node = self.proxy.GetLayout(0, -1, dbus.Array([], signature="s"), timeout=5)
        for label in path:
            found = [c for c in node[2] if str(dict(c[1]).get("label", "")).replace("_", "") == label]
            if not found:
                raise AssertionError(f"no submenu {label!r} on the way to {path!r}")
            node = found[0]
        return [(int(c[0]), "---" if dict(c[1]).get("type") == "separator" else str(dict(c[1]).get("label", "")))
                for c in node[2]]

    def click_child(self, *path: str) -> None:
        """Clicks the item whose label is the last of `path`, in the submenu the others lead to."""
        *parents, label = path
        for item_id, item_label in self.children(*parents):
            if item_label.replace("_", "") == label:
                self.proxy.Event(item_id, "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0), timeout=5)
                return
        raise AssertionError(f"no item {label!r} under {parents!r}")

    def click(self, label: str) -> None:
        for item_id, item_label, _ in self.items():
            if item_label.replace("_", "") == label:
                self.proxy.Event(item_id, "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0), timeout=5)
                return
        raise AssertionError(f"no menu item {label!r} in {self.labels()}")

    def sni_property(self, prop: str) -> Any:
        props = dbus.Interface(self.bus.get_object(self.name, self.sni_path, introspect=False), "org.freedesktop.DBus.Properties")
        return props.Get("org.kde.StatusNotifierItem", prop, timeout=5)


def recording_browser(folder: Path) -> str:
    """A stand-in browser (for MEETING_TRAY_BROWSER) that appends each URL it
    is given to `folder`/opened, one per line; returns its path."""
    recorder = folder / "browser.sh"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{folder}/opened"\n')
    recorder.chmod(0o755)
    return str(recorder)


def icon_pixel(icon: str, x: int, y: int) -> str:
    """The RGB hex of one pixel of the icon file AppIndicator exports."""
    out = subprocess.run(["convert", icon, "-format", f"%[hex:p{{{x},{y}}}]", "info:"],
                         capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().upper()[:6]


# --- X11 windows ---------------------------------------------------------

def window_ids(title: str) -> list[str]:
    """X window ids of visible top-level windows with exactly this title (via the WM's list)."""
    out = subprocess.run(["wmctrl", "-l"], capture_output=True, text=True, check=True).stdout
    ids = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[3] == title:
            ids.append(parts[0])
    return ids


# --- The browser's part of a sign-in ---------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - urllib's signature
        return None


def browse(url: str, user: str = "dana.reyes@contoso.example") -> str:
    """What a browser and a user do: open the sign-in page, pick the account,
    accept, follow the redirect to the app's loopback listener."""
    html = urllib.request.urlopen(url, timeout=10).read().decode()
    q = re.search(r'name="q" value="([^"]*)"', html).group(1).replace("&amp;", "&")
    action = re.search(r'<form method="post" action="([^"]*)"', html).group(1)
    form = urllib.parse.urlencode({"q": q, "user": user, "action": "accept"}).encode()
    try:
        urllib.request.build_opener(_NoRedirect).open(urllib.parse.urljoin(url, action), form, timeout=10)
        raise AssertionError("the sign-in page did not redirect")
    except urllib.error.HTTPError as e:
        assert e.code == 302, e.code
        location = e.headers["Location"]
    assert location.startswith("http://localhost:"), location
    return urllib.request.urlopen(location.replace("localhost", "127.0.0.1", 1), timeout=10).read().decode()



# --- WebDriver (W3C, just what the tests use) -----------------------------

class WebDriver:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session: str | None = None
        self.driver_pid: int | None = None

    def app_pid(self) -> int:
        """The app the driver launched (its child process)."""
        out = subprocess.run(["pgrep", "-P", str(self.driver_pid)], capture_output=True, text=True).stdout.split()
        assert out, "WebDriver has not launched the app"
        return int(out[0])

    def _call(self, method: str, path: str, body: Any = None, timeout: float = 60) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"null").get("value")
        except urllib.error.HTTPError as e:
            raise AssertionError(f"WebDriver {method} {path}: {e.code} {e.read().decode(errors='replace')}") from e

    def start(self, binary: Path, args: list[str]) -> None:
        caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": str(binary), "args": args}}}}
        self.session = self._call("POST", "/session", caps, timeout=90)["sessionId"]

    def s(self, path: str) -> str:
        assert self.session, "no WebDriver session"
        return f"/session/{self.session}{path}"

    def title(self) -> str:
        return self._call("GET", self.s("/title"))

    def find(self, css: str) -> str:
        value = self._call("POST", self.s("/element"), {"using": "css selector", "value": css})
        return next(iter(value.values()))

    def wait_find(self, css: str, timeout: float = 20) -> str:
        return wait_for(f"element {css}", lambda: self.find(css), timeout)

    def text(self, element: str) -> str:
        return self._call("GET", self.s(f"/element/{element}/text"))

    ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

    def click(self, element: str) -> None:
        # WebKitWebDriver scrolls an element only until it touches the
        # viewport's edge, and a click there is sometimes lost under Xvfb
        # (the Settings tab's Save button, last in a long form, then never
        # submitted): bring it to the middle first.
        self.execute("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", {self.ELEMENT: element})
        self._call("POST", self.s(f"/element/{element}/click"), {})

    def switch_to_window(self, title: str, timeout: float = 30) -> None:
        """Makes the window titled `title` the one commands go to, once it exists
        (a window the app opens later is not switched to by itself)."""
        def find() -> bool:
            for handle in self._call("GET", self.s("/window/handles")):
                self._call("POST", self.s("/window"), {"handle": handle})
                if self.title() == title:
                    return True
            return False

        wait_for(f"the window {title!r}", find, timeout)

    def execute(self, script: str, *args: Any) -> Any:
        return self._call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def quit(self) -> None:
        if self.session:
            try:
                self._call("DELETE", self.s(""), timeout=15)
            finally:
                self.session = None


DANA = "dana.reyes@contoso.example"


def control(emu: dict, method: str, path: str, body: dict | None = None) -> Any:
    """A call to the emulator's control API."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(emu["control"] + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def add_dana(emu: dict) -> None:
    """Dana's mailbox in an emulator started empty."""
    control(emu, "POST", "/users", {"upn": DANA, "display_name": "Dana Reyes", "job_title": None, "time_zone": "UTC",
                                     "locale": "en-US", "is_admin": False, "has_mailbox": True})


def emulator_now(emu: dict) -> datetime:
    return datetime.fromisoformat(control(emu, "GET", "/clock")["now"].replace("Z", "+00:00"))


def clear_of_midnight(margin: timedelta = timedelta(minutes=4)) -> None:
    """Waits for the local day to turn when it is about to: the demo mailbox
    puts its first meeting two minutes after the emulator starts, and tests
    that expect it under Today (the tray's day list, today's availability)
    would find it tomorrow when started just before midnight."""
    now = datetime.now().astimezone()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight - now < margin:
        time.sleep((midnight - now).total_seconds() + 2)


def add_meeting(emu: dict, subject: str, start: datetime, minutes: int = 30, **extra: Any) -> dict:
    """An invitation to Dana from Sam, not yet answered unless `extra` says otherwise."""
    def at(t: datetime) -> dict:
        return {"dateTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"}

    spec = {
        "subject": subject, "start": at(start), "end": at(start + timedelta(minutes=minutes)),
        "organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam.lee@fabrikam.example"}},
        "responseStatus": {"response": "notResponded"},
        **extra,
    }
    return control(emu, "POST", f"/users/{DANA}/events", spec)


def connect_dana(env: dict[str, str], emu: dict) -> dict[str, str]:
    """Signs Dana in with the command line and the demo's scripted browser;
    returns the environment that points the app at the emulator."""
    env = {**env, "MEETING_TRAY_AUTHORITY": emu["authority"], "MEETING_TRAY_GRAPH": emu["graph"],
           "MEETING_TRAY_CLIENT_ID": emu["client_id"], "MEETING_TRAY_BROWSER": str(ROOT / "scripts" / "demo-browser.py"),
           "MEETING_TRAY_DEMO_CONTROL": emu["control"]}
    done = subprocess.run([str(app_binary()), "connect", "--timeout", "30"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return env


def restart(webdriver: WebDriver, bus: dbus.Bus) -> None:
    """Ends the app the driver launched and starts it again in a new session,
    once the old one has let go of its single-instance name (else the new one
    would hand over to it and exit)."""
    pid = webdriver.app_pid()
    webdriver.quit()
    os.kill(pid, signal.SIGTERM)
    wait_for("the old app to let go of its name",
             lambda: not bus_daemon(bus).NameHasOwner("io.github.meetingtray.MeetingTray.SingleInstance"))
    webdriver.start(app_binary(), ["--show"])
