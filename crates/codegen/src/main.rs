//! Regenerates everything derived from `plugin.spec.yaml`: `schemas/`, `src/spec/generated.rs`
//! and `help.md`. Run from the repository root: `cargo run --bin generate`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let spec_text = match std::fs::read_to_string(root.join("plugin.spec.yaml")) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("generate: cannot read plugin.spec.yaml: {err}");
            return ExitCode::FAILURE;
        }
    };
    let files = match codegen::artifacts(&spec_text) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("generate: {err}");
            return ExitCode::FAILURE;
        }
    };
    for (relative, content) in files {
        let path = root.join(&relative);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(err) = std::fs::write(&path, content) {
            eprintln!("generate: cannot write {relative}: {err}");
            return ExitCode::FAILURE;
        }
        eprintln!("generate: wrote {relative}");
    }
    ExitCode::SUCCESS
}
