#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ one after the other, each for FUZZ_SECONDS (default 60),
# and prints each one's executions per second. FUZZ_TARGETS picks some of them.
#
# Needs the nightly toolchain; cargo-fuzz is installed from crates.io when missing. The targets
# do no I/O (no network, no files but the corpus). New inputs go to fuzz/corpus/<target> (not
# committed); fuzz/seeds/<target> holds the committed seeds and fuzz/dicts/<target>.dict, if
# any, the tokens worth splicing in. A crash stops the run, its input
# is in fuzz/artifacts/<target>/, and it becomes a regular test in the main crate.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-start_message error_body alerts_page token_answer json_writer}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io (once)" >&2
  cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz build -O

summary=()
for target in $targets; do
  mkdir -p "corpus/$target" "seeds/$target"
  log=$(mktemp)
  echo "== $target: ${seconds} s"
  dict=()
  if [ -f "dicts/$target.dict" ]; then dict=(-dict="dicts/$target.dict"); fi
  status=0
  cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
    echo "fuzz: $target found a crash (exit $status); the input is in fuzz/artifacts/$target/" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  line=$(printf '%-14s %10s runs  %7s exec/s  corpus %s' "$target" "${runs:-?}" "${rate:-?}" \
    "$(find "corpus/$target" -type f | wc -l)")
  echo "$line"
  summary+=("$line")
done
echo "== fuzz: no crash in ${seconds} s per target"
printf '%s\n' "${summary[@]}"
