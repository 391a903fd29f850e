#!/usr/bin/env python3
"""The demo's stand-in for a browser when there is no display: it signs in as
the demo user on the emulator's page and hands the result to Meeting Tray's
loopback listener, as a person in a browser would.

Usage (by Meeting Tray, through MEETING_TRAY_BROWSER): demo-browser.py URL
Needs MEETING_TRAY_DEMO_CONTROL (the emulator's control URL)."""

import json
import os
import sys
import urllib.error
import urllib.request

url = sys.argv[1]
control = os.environ["MEETING_TRAY_DEMO_CONTROL"]
user = os.environ.get("MEETING_TRAY_DEMO_USER", "dana.reyes@contoso.example")
# Script the next sign-in: this user picks their account and accepts.
req = urllib.request.Request(f"{control}/authorize-outcome", method="POST",
                             data=json.dumps({"outcome": "success", "user": user}).encode(),
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


try:
    urllib.request.build_opener(NoRedirect).open(url, timeout=10)
    sys.exit("demo-browser: the sign-in page did not redirect")
except urllib.error.HTTPError as e:
    location = e.headers["Location"]
# Meeting Tray listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
page = urllib.request.urlopen(location.replace("//localhost:", "//127.0.0.1:", 1), timeout=10).read().decode()
print(f"demo-browser: signed in as {user}" if "You can close this tab" in page else page)
