#!/usr/bin/env bash
# `make symbol-order`: rewrites link/symbol-order.txt, the order in which the linker lays out the
# plugin's functions (see build.rs): the functions `make demo`'s steps and `info` execute, counted
# by callgrind on the release binary built with its symbols, those that more steps run first.
#
# Symbol names carry a hash of the crate, its dependencies, the toolchain and the build profile,
# so the file is made from the release profile itself (`-C strip=none` keeps the names without
# changing them) and is made again after a dependency or toolchain upgrade.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "symbol-order: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

work=$PWD/target/symbol-order
rm -rf "$work"
mkdir -p "$work/callgrind"

cargo rustc --release --locked --bin windows_defender_atp -- -C strip=none
cargo build --release --locked --bin demo
cp target/release/windows_defender_atp "$work/plugin"
cp target/release/demo "$work/demo"

# The demo runs the plugin that lies beside it: here, the plugin under callgrind.
cat > "$work/windows_defender_atp" <<WRAPPER
#!/bin/sh
exec valgrind -q --tool=callgrind --demangle=no --dump-instr=no --callgrind-out-file="$work/callgrind/%p" "$work/plugin" "\$@"
WRAPPER
chmod +x "$work/windows_defender_atp"

"$work/demo"
"$work/windows_defender_atp" info >/dev/null

python3 scripts/symbol-order.py "$work/plugin" "$work"/callgrind/* >link/symbol-order.txt.new
mv link/symbol-order.txt.new link/symbol-order.txt
echo "symbol-order: $(grep -vc '^#' link/symbol-order.txt) functions in link/symbol-order.txt"

# The release binary again, stripped, with the new order.
cargo build --release --locked --bin windows_defender_atp
