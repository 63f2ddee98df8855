#!/usr/bin/env bash
# `make bench-compare BASE=<rev>`: `make bench` on the plugin built at BASE and on the working
# tree's, one after the other with the same bench binary and emulator, so that a change's cost is
# read on one machine in one run. Reports go to target/bench-compare/{base,head}.md.
#
# The base plugin is built in a temporary worktree with a target directory of its own, kept in
# target/bench-compare/ so that a second comparison against the same base builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${BASE:?set BASE to the git revision to compare with, e.g. make bench-compare BASE=main}
base_rev=$(git rev-parse --verify "$base^{commit}")
out=target/bench-compare
mkdir -p "$out/base" "$out/head"

cargo build --release --locked --bin windows_defender_atp --bin bench

tree=$(mktemp -d)
cleanup() { git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"; }
trap cleanup EXIT
git worktree add --detach --quiet "$tree" "$base_rev"
CARGO_TARGET_DIR="$PWD/$out/base-target" \
  cargo build --release --locked --manifest-path "$tree/Cargo.toml" --bin windows_defender_atp

# `bench` runs the plugin that lies beside it, so each side gets its own copy of the same bench.
cp "$out/base-target/release/windows_defender_atp" "$out/base/"
cp target/release/windows_defender_atp "$out/head/"
cp target/release/bench "$out/base/"
cp target/release/bench "$out/head/"

echo "== base: $base ($base_rev)"
BENCH_OUT="$out/base.md" "$out/base/bench"
echo
echo "== head: the working tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes'))"
BENCH_OUT="$out/head.md" "$out/head/bench"
