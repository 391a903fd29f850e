"""A minimal StatusNotifierWatcher (the D-Bus service a desktop panel runs),
so a tray app registers its icon as it would on a real desktop.

Prints one JSON line per registration, with the time on CLOCK_MONOTONIC
(the same clock as time.monotonic() in any other process here):
    {"t": 1234.567, "item": ":1.42/org/ayatana/NotificationItem/main", "sender": ":1.42"}
Run inside the D-Bus session of the app under test; stops on SIGTERM.
"""

import json
import signal
import sys
import time

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

IFACE = "org.kde.StatusNotifierWatcher"


class Watcher(dbus.service.Object):
    def __init__(self, bus: dbus.Bus) -> None:
        super().__init__(bus, "/StatusNotifierWatcher")
        self.items: list[str] = []

    @dbus.service.method(IFACE, in_signature="s", out_signature="", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service: str, sender: str | None = None) -> None:  # noqa: N802 - D-Bus name
        # An item names either its bus name or its object path (then the sender is the bus name).
        item = f"{sender}{service}" if service.startswith("/") else str(service)
        now = time.monotonic()
        self.items.append(item)
        print(json.dumps({"t": now, "item": item, "sender": str(sender)}), flush=True)
        self.StatusNotifierItemRegistered(item)

    @dbus.service.method(IFACE, in_signature="s", out_signature="")
    def RegisterStatusNotifierHost(self, service: str) -> None:  # noqa: N802
        pass

    @dbus.service.signal(IFACE, signature="s")
    def StatusNotifierItemRegistered(self, item: str) -> None:  # noqa: N802
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface: str, prop: str):  # noqa: N802, ANN201
        return self.GetAll(interface)[prop]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface: str):  # noqa: N802, ANN201
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }


def main() -> None:
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    watcher = Watcher(bus)
    name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print(json.dumps({"ready": True}), flush=True)
    loop.run()
    del watcher, name
    sys.exit(0)


if __name__ == "__main__":
    main()
