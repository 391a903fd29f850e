#!/usr/bin/env bash
# Refreshes the vendored RustSec advisory database (deny/advisory-db) that
# `make lint` checks Cargo.lock against. Needs GitHub, so it runs on a
# developer's machine, not here or in CI:
#
#   scripts/update-advisory-db.sh               # clones rustsec/advisory-db
#   scripts/update-advisory-db.sh ~/advisory-db # or uses a clone you have
#
# For every crates.io crate in Cargo.lock it takes upstream's advisories:
# the TOML front matter (the facts cargo-deny matches on) replaces ours, our
# own summary below it stays. A new advisory gets a placeholder summary and is
# listed at the end: write its summary in your own words before committing.
# Entries for crates that left Cargo.lock, or that upstream dropped, go.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ge 1 ]; then
  upstream=$1
else
  upstream=$(mktemp -d)
  trap 'rm -rf "$upstream"' EXIT
  git clone --quiet --depth 1 https://github.com/rustsec/advisory-db "$upstream"
fi
[ -d "$upstream/crates" ] || { echo "$upstream has no crates/ folder: not an advisory-db clone" >&2; exit 1; }
commit=$(git -C "$upstream" rev-parse --short HEAD 2>/dev/null || echo unknown)

/usr/bin/python3 - "$upstream" "$commit" <<'PY'
import datetime, pathlib, re, shutil, sys, tomllib

upstream, commit = pathlib.Path(sys.argv[1]), sys.argv[2]
ours = pathlib.Path("deny/advisory-db")
lock = tomllib.load(open("Cargo.lock", "rb"))
names = sorted({p["name"] for p in lock["package"] if p.get("source", "").startswith("registry+")})

# An advisory file is a ```toml block, then Markdown.
front = re.compile(r"\A```toml\n(.*?)\n```\n?", re.S)

def split(text):
    m = front.match(text)
    if not m:
        raise SystemExit("no TOML front matter")
    return m.group(1), text[m.end():]

kept, new, gone = 0, [], []
wanted = set()
for name in names:
    src = upstream / "crates" / name
    for path in sorted(src.glob("RUSTSEC-*.md")) if src.is_dir() else []:
        if path.name.startswith("RUSTSEC-0000-"):
            continue  # drafts without an id yet
        toml_text, _ = split(path.read_text())
        meta = tomllib.loads(toml_text)["advisory"]
        dest = ours / "crates" / name / path.name
        wanted.add(dest)
        if dest.exists():
            _, body = split(dest.read_text())
            kept += 1
        else:
            kind = meta.get("informational", "vulnerability")
            body = (f"\n# {meta['id']}: {kind} in {name} (summary to be written)\n\n"
                    f"Read https://rustsec.org/advisories/{meta['id']} and summarise it here.\n")
            new.append(str(dest))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f"```toml\n{toml_text}\n```\n{body}")

for path in sorted((ours / "crates").glob("*/*.md")):
    if path not in wanted:
        gone.append(str(path))
        path.unlink()
for folder in (ours / "crates").iterdir():
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()

coverage = ours / "coverage.txt"
header = [l for l in coverage.read_text().splitlines() if l.startswith("#")
          and not l.startswith(("# refreshed:", "# source:"))]
header += [f"# refreshed: {datetime.date.today().isoformat()}",
           f"# source: rustsec/advisory-db at {commit}"]
coverage.write_text("\n".join(header + names) + "\n")

print(f"{len(names)} crates looked up: {kept} advisories refreshed, {len(new)} new, {len(gone)} removed")
for p in gone:
    print(f"  removed {p}")
for p in new:
    print(f"  NEW, write its summary in your own words: {p}")
PY
