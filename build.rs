//! Lays out the release binary's functions in the order `link/symbol-order.txt` gives: every
//! function a workflow step runs, side by side at the start of the code. The kernel maps a
//! program's code in 64 KiB windows around each page it faults in, so a step that runs 1.5 MB of
//! code scattered over 8.5 MB had nearly all of it resident; packed together, a step's peak RSS
//! drops from about 12 MiB to about 7 (`make bench`). The order changes no instruction.
//!
//! The file is written by `make symbol-order` (see `scripts/symbol-order.sh`) from the functions
//! `make demo`'s steps execute. Names the binary no longer has (after a dependency or toolchain
//! upgrade) are skipped without a warning: a stale file costs memory, never correctness, and
//! `make bench`'s peak RSS shows it.
//!
//! Only where the linker is LLVM's lld, which Rust uses by default on x86_64 Linux since 1.90;
//! `WINDOWS_DEFENDER_ATP_SYMBOL_ORDER=0` turns it off for another linker.

use std::path::Path;

const ORDER: &str = "link/symbol-order.txt";
const SWITCH: &str = "WINDOWS_DEFENDER_ATP_SYMBOL_ORDER";

fn main() {
    println!("cargo:rerun-if-changed={ORDER}");
    println!("cargo:rerun-if-env-changed={SWITCH}");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let release = var("PROFILE") == "release";
    let lld_by_default = var("TARGET") == "x86_64-unknown-linux-gnu";
    let switched_off = var(SWITCH) == "0";
    let order = Path::new(&var("CARGO_MANIFEST_DIR")).join(ORDER);
    if release && lld_by_default && !switched_off && order.is_file() {
        let bin = "windows_defender_atp";
        println!(
            "cargo:rustc-link-arg-bin={bin}=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bin={bin}=-Wl,--no-warn-symbol-ordering");
    }
}
