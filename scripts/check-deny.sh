#!/usr/bin/env bash
# cargo-deny (deny.toml: advisories, bans, licences, sources) against the
# vendored RustSec advisory database in deny/advisory-db, with no network but
# crates.io. Then once more against a copy of the database holding a made-up
# advisory for a crate version in Cargo.lock: that run must fail, or the
# vendored database is not what cargo-deny reads.
#
# DENY_LOG_LEVEL=warn also lists the warnings (duplicate crate versions …)
# that are otherwise only counted.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url=https://github.com/rustsec/advisory-db # as in deny.toml's db-urls
vendored=deny/advisory-db
work="${CARGO_TARGET_DIR:-target}/deny"
[[ $work = /* ]] || work="$PWD/$work"
rm -rf "$work"
mkdir -p "$work"

# cargo-deny only reads advisories from a git clone of a db-urls repository
# (and takes its fetch time as the database's age), so the vendored files
# become a throw-away local repository, and git is told to clone that one
# whenever it is asked for GitHub's. GIT_ALLOW_PROTOCOL makes any other
# address fail at once instead of reaching out.
make_db() { # make_db <name>: a repository of the vendored files at $work/<name>
  local repo="$work/$1"
  mkdir -p "$repo"
  cp -R "$vendored/." "$repo/"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=check-deny -c user.email=check-deny@localhost \
    -c commit.gpgsign=false commit -q -m "vendored advisory database"
}

deny() { # deny <repository> <db folder> <cargo-deny arguments…>
  local repo=$1 dbs=$2
  shift 2
  env GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.file://$repo.insteadOf" \
    GIT_CONFIG_VALUE_0="$db_url" GIT_ALLOW_PROTOCOL=file \
    DENY_ADVISORY_DBS="$dbs" cargo deny "$@"
}

check_with() { # check_with <repository> <cargo-deny check arguments…>
  local repo=$1 dbs="$1-clones"
  shift
  deny "$repo" "$dbs" --locked fetch db
  # --frozen: cargo metadata stays offline and Cargo.lock may not change.
  deny "$repo" "$dbs" --frozen --log-level "${DENY_LOG_LEVEL:-error}" check "$@"
}

# cargo metadata needs every platform's crates on disk, not just Linux's.
cargo fetch --locked --quiet

# How old the copy is and which crates of Cargo.lock it never looked at: both
# only need a refresh (scripts/update-advisory-db.sh), which CI cannot do.
/usr/bin/python3 - "$vendored/coverage.txt" <<'PY'
import datetime, sys, tomllib
lines = open(sys.argv[1]).read().splitlines()
stamp = next(l.split(":", 1)[1].strip() for l in lines if l.startswith("# refreshed:"))
covered = {l.strip() for l in lines if l.strip() and not l.startswith("#")}
lock = tomllib.load(open("Cargo.lock", "rb"))
used = sorted({p["name"] for p in lock["package"] if p.get("source", "").startswith("registry+")})
missing = [n for n in used if n not in covered]
age = (datetime.date.today() - datetime.date.fromisoformat(stamp)).days
print(f"advisory database: vendored copy of {stamp} ({age} days old), "
      f"{len(used) - len(missing)} of {len(used)} registry crates in Cargo.lock looked up")
if missing:
    shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
    print(f"  not looked up when the copy was made ({len(missing)}): {shown}")
PY

make_db db
check_with "$work/db" --hide-inclusion-graph --show-stats

# The proof: a vulnerability "published" against the serde_json version in
# Cargo.lock. Only advisories are checked, which is what the proof is about.
make_db fixture
version=$(/usr/bin/python3 -c 'import tomllib; print(next(p["version"] for p in tomllib.load(open("Cargo.lock", "rb"))["package"] if p["name"] == "serde_json"))')
mkdir -p "$work/fixture/crates/serde_json"
cat >"$work/fixture/crates/serde_json/RUSTSEC-9999-0001.md" <<EOF
\`\`\`toml
[advisory]
id = "RUSTSEC-9999-0001"
package = "serde_json"
date = "2099-01-01"

[versions]
patched = ["> $version"]
unaffected = ["< $version"]
\`\`\`

# Check fixture: made up by scripts/check-deny.sh, not a real advisory
EOF
git -C "$work/fixture" add -A
git -C "$work/fixture" -c user.name=check-deny -c user.email=check-deny@localhost \
  -c commit.gpgsign=false commit -q -m "fixture advisory"
if check_with "$work/fixture" advisories >"$work/fixture.log" 2>&1; then
  cat "$work/fixture.log"
  echo "cargo-deny passed with an advisory against serde_json $version: is deny/advisory-db read at all?" >&2
  exit 1
fi
if ! grep -q 'RUSTSEC-9999-0001' "$work/fixture.log"; then
  cat "$work/fixture.log"
  echo "cargo-deny failed, but not on the fixture advisory RUSTSEC-9999-0001 (above)" >&2
  exit 1
fi
echo "advisory database is read: a made-up advisory against serde_json $version fails the check"
