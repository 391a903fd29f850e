#!/usr/bin/env bash
# make fuzz: runs each cargo-fuzz target (fuzz/) for FUZZ_SECONDS (default 60)
# on the nightly toolchain, then prints one table of executions per target.
# Not part of make test. Exits 1 when a target crashed (the input is under
# fuzz/artifacts/<target>/), 0 without a nightly toolchain.
#
# New inputs go to a work corpus beside the build (FUZZ_WORK), never into
# fuzz/corpus/: the committed corpus only seeds the run. FUZZ_TARGETS picks
# targets (default: all).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"detect graph_event delta_page cache_file redirect"}
target_dir=${CARGO_TARGET_DIR:-$root/target}
work=${FUZZ_WORK:-$target_dir/fuzz-work}

# cargo-fuzz instruments with flags only nightly rustc accepts.
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "make fuzz: no nightly Rust toolchain, so nothing was fuzzed."
  echo "  cargo-fuzz needs one: rustup toolchain install nightly, then make fuzz again."
  exit 0
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "make fuzz: installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

cd "$root/fuzz"
# One build for every target first, so each target's time is spent fuzzing.
cargo +nightly fuzz build

rows=()
crashed=0
for t in $targets; do
  mkdir -p "$work/$t"
  log="$work/$t.log"
  echo "make fuzz: $t for ${seconds}s (log: $log)"
  status=ok
  # The work corpus first: libFuzzer adds what it finds to the first folder.
  if ! cargo +nightly fuzz run "$t" "$work/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    status="CRASH (fuzz/artifacts/$t/)"
    crashed=1
    grep -E 'panicked at|^SUMMARY|Test unit written' "$log" | head -5 || true
  fi
  # libFuzzer's last status line, "#N DONE cov: … exec/s: M …" (or the last
  # pulse before a crash) and its final stats.
  last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  [ -n "$rate" ] || rate=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")
  entries=$(find "$work/$t" -type f | wc -l)
  rows+=("$(printf '%-12s %8s %14s %9s %9s  %s' "$t" "${seconds}s" "${runs:-?}" "${rate:-?}" "$entries" "$status")")
done

echo
printf '%-12s %8s %14s %9s %9s  %s\n' target time executions exec/s corpus result
for r in "${rows[@]}"; do echo "$r"; done
exit "$crashed"
