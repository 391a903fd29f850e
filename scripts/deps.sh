#!/usr/bin/env bash
# Installs what building and testing need, only if missing: Debian packages and
# the UI's npm packages. Quiet when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # build
  build-essential pkg-config libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  libdbus-1-dev  # keyring talks to the Secret Service through libdbus
  nodejs npm
  # headless desktop for the end-to-end suite
  xvfb openbox wmctrl xdotool xclip dbus dbus-x11 gnome-keyring libsecret-tools
  python3-dbusmock python3-gi python3-pytest dunst webkit2gtk-driver imagemagick librsvg2-bin
  # make lint checks the GitHub Actions workflow's shape (scripts/check-workflow.py)
  python3-yaml
  # ... and serves cargo-deny the vendored advisory database from a local git repository
  git
  # make test-package checks the .deb's desktop entry ...
  desktop-file-utils
  # ... and reads the .rpm's header
  rpm
  # make bench compares the link detector with ripgrep
  ripgrep
  # make measure-alerts jumps the app's wall clock
  libfaketime
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere (e.g. nodesource or the machine image): accept those.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vite 7 needs Node.js 20.19 or newer; Debian 12's own nodejs is 18.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed for the UI build (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from nodejs.org or NodeSource, then run make again." >&2
  exit 1
fi

command -v cargo >/dev/null || { echo "cargo is missing: install Rust (https://rustup.rs), 1.90 or newer" >&2; exit 1; }

# make lint runs cargo-deny (scripts/check-deny.sh). Pinned: deny.toml's format
# and what it reports change only when we move the pin. A cold build from
# crates.io takes about 4 minutes on 2 cores.
deny_version=0.20.2
if [ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $deny_version" ]; then
  echo "Installing cargo-deny $deny_version from crates.io"
  # Built in a throw-away folder, not in a CARGO_TARGET_DIR kept for the project.
  env -u CARGO_TARGET_DIR nice -n 10 cargo install --locked --quiet cargo-deny --version "$deny_version"
fi

# npm ci only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi
