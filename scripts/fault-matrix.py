#!/usr/bin/env python3
"""Prints the fault matrix at the end of `make test` (issue 10): the rows the
sync engine's tests (crates/core/tests/fault_matrix.rs) and the running
app's tests (tests/e2e/test_fault_matrix.py) wrote into the target folder's
tmp/ during this run. Fails when a fault the matrix must cover has no row,
so a test that stopped recording cannot go unnoticed.

Usage: fault-matrix.py TARGET_TMP_DIR [--clean]
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

FILES = ["fault-matrix-engine.json", "fault-matrix-storage-and-clock.json", "fault-matrix-app.json"]

# Every fault the issue names, as words its row's name holds.
REQUIRED = [
    "Retry-After: 1 (seconds)", "Retry-After: 1.5 (decimal)", "Retry-After: HTTP date",
    "503 with Retry-After", "503 without", "504 with Retry-After", "504 without",
    "past the client's timeout", "connection dropped", "truncated JSON", "wrong shape", "HTML page",
    "410 SyncStateNotFound", "401 in the middle of paging", "refresh: 503", "AADSTS50076", "AADSTS700016",
    "AADSTS53003", "AADSTS65001", "AADSTS90094", "revoked (AADSTS50173)", "consent revoked", "network down for 10 minutes",
    "keychain locked", "keychain locked under the running app", "cache file corrupted", "cache file tampered",
    "cache file damaged while the network is down", "settings file invalid", "disk full",
    "notification server missing", "clock jumps", "wall clock jumps", "time zone changes",
    "Graph sends an HTML page to every poll", "time zone changes under the running app",
]


def main() -> int:
    folder = Path(sys.argv[1])
    if "--clean" in sys.argv[2:]:
        for name in FILES:
            (folder / name).unlink(missing_ok=True)
        return 0
    rows = []
    missing_files = [name for name in FILES if not (folder / name).exists()]
    for name in FILES:
        if (folder / name).exists():
            rows += json.loads((folder / name).read_text())
    width = max(len(r["fault"]) for r in rows) if rows else 10
    print(f"\nFault matrix: {len(rows)} faults (fault × result)\n")
    for level in dict.fromkeys(r["level"] for r in rows):
        print(f"[{level}]")
        for r in (r for r in rows if r["level"] == level):
            lines = textwrap.wrap(r["result"], 110) or [""]
            print(f"  {r['fault']:<{width}}  {lines[0]}")
            for more in lines[1:]:
                print(f"  {'':<{width}}  {more}")
        print()
    names = [r["fault"] for r in rows]
    missing = [w for w in REQUIRED if not any(w in n for n in names)]
    if missing_files or missing:
        print(f"fault matrix incomplete: no file {missing_files}, no row for {missing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
