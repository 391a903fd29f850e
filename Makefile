# Every target installs what is missing first (scripts/deps.sh), so a fresh
# Debian 12 machine needs nothing but these commands.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: deps ui build release package demo test test-rust test-ui test-e2e test-package lint measure measure-alerts screenshots bench fuzz

deps:
	@scripts/deps.sh

ui: deps
	@npm --prefix ui run --silent build -- --logLevel warn

build: ui
	$(CARGO) build -p meeting-tray -p msgraph-emulator

# Plain cargo needs tauri/custom-protocol for release, or the window looks for a dev server.
release: ui
	$(CARGO) build --release -p meeting-tray --features tauri/custom-protocol

# The .deb and the .rpm, by Tauri's bundler (the UI's @tauri-apps/cli). No
# AppImage: its tools would be downloaded from GitHub during the build.
package: ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm --ci

demo: build
	@scripts/demo.sh

lint: ui
	/usr/bin/python3 scripts/check-workflow.py
	$(CARGO) fmt --all --check
	scripts/check-deny.sh
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	npm --prefix ui run --silent check

test-rust: ui
	$(CARGO) test --workspace

test-ui: deps
	npm --prefix ui run --silent check
	npm --prefix ui test

test-e2e: build
	tests/e2e/run.sh -q -m "not package"

# Installs the .deb into this machine (dpkg, apt-get for missing
# dependencies), checks it from the installed paths, and removes it.
test-package: package
	tests/e2e/run.sh -q -s -m package

# Ends with the fault matrix (issue 10): the rows the engine's and the app's
# fault tests wrote during this run, and a failure if a fault has none.
test: fault-matrix-reset lint test-rust test-ui test-e2e test-package
	@/usr/bin/python3 scripts/fault-matrix.py "$(TARGET_DIR)/tmp"

# Rows of an earlier run must not stand in for this one's.
.PHONY: fault-matrix-reset
fault-matrix-reset:
	@/usr/bin/python3 scripts/fault-matrix.py "$(TARGET_DIR)/tmp" --clean

# Each cargo-fuzz target for FUZZ_SECONDS on nightly, then a table of
# executions (scripts/fuzz.sh); not part of test.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# Memory of the release app (PSS over all its processes): tray only, window
# shown, window closed again; also refreshes the README's screenshot.
measure: release deps
	cd tests/e2e && HOME=$$(mktemp -d) NO_AT_BRIDGE=1 dbus-run-session --config-file=session-bus.conf -- \
	  /usr/bin/python3 measure_memory.py "$${CARGO_TARGET_DIR:-$(CURDIR)/target}/release/meeting-tray" $(CURDIR)/docs/main-window.png

# Alert precision (20 alerts, and after a clock jump under libfaketime) and
# the idle CPU of the release app over IDLE_SECONDS (default 600).
IDLE_SECONDS ?= 600
measure-alerts: release build
	cd tests/e2e && HOME=$$(mktemp -d) NO_AT_BRIDGE=1 dbus-run-session --config-file=session-bus.conf -- \
	  /usr/bin/python3 measure_alerts.py "$${CARGO_TARGET_DIR:-$(CURDIR)/target}/release/meeting-tray" $(IDLE_SECONDS)

# The README's screenshots: agenda, settings and pop-up in English and Czech,
# light and dark (docs/screenshots/).
screenshots: build
	cd tests/e2e && HOME=$$(mktemp -d) NO_AT_BRIDGE=1 dbus-run-session --config-file=session-bus.conf -- \
	  /usr/bin/python3 screenshots.py $(CURDIR)/docs/screenshots


# One table of figures against the budgets (tests/bench/table.py; exits 1 when
# one is missed): link detection (criterion), sync traffic, the release app's
# idle memory beside a bare Tauri tray app, idle CPU over BENCH_IDLE_SECONDS,
# (twice: quiet, and with the tray countdown ticking), start-up to the tray,
# alert precision, package sizes. About 25 minutes when the builds are warm.
BENCH_IDLE_SECONDS ?= 300
TARGET_DIR = $${CARGO_TARGET_DIR:-$(CURDIR)/target}
bench: package build
	$(CARGO) build --release -p bare-tray-app --features tauri/custom-protocol
	$(CARGO) bench -p meeting-tray-links --bench detect
	mkdir -p "$(TARGET_DIR)/bench"
	BENCH_FIGURES="$(TARGET_DIR)/bench/sync.json" $(CARGO) bench -p meeting-tray-core --bench sync
	cd tests/e2e && HOME=$$(mktemp -d) NO_AT_BRIDGE=1 dbus-run-session --config-file=session-bus.conf -- \
	  /usr/bin/python3 ../bench/app_figures.py --app "$(TARGET_DIR)/release/meeting-tray" \
	  --bare "$(TARGET_DIR)/release/bare-tray-app" --emulator "$(TARGET_DIR)/debug/msgraph-emulator" \
	  --idle-seconds $(BENCH_IDLE_SECONDS) --out "$(TARGET_DIR)/bench/app.json"
	/usr/bin/python3 tests/bench/table.py --criterion "$(TARGET_DIR)/criterion" \
	  --sync "$(TARGET_DIR)/bench/sync.json" --app "$(TARGET_DIR)/bench/app.json" \
	  --bundle "$(TARGET_DIR)/release/bundle"
