//! Everything generated from `plugin.spec.yaml`: `schemas/`, `src/spec/generated.rs` and
//! `help.md`. `cargo run --bin generate` writes them; the drift tests (`tests/drift.rs`) fail when
//! a committed file differs from what the spec generates now.
//!
//! The plugin does not depend on this crate: it reads the generated files, never the generator.
//! The schema rules themselves stay in the plugin (`windows_defender_atp::spec::schema`), whose
//! `sample` command builds start messages from them at run time.

pub mod help;
pub mod info;
pub mod rust;

use windows_defender_atp::spec::model::SpecError;
use windows_defender_atp::spec::{schema, Spec};

/// Every file generated from the spec, as (path relative to the repository, content).
pub fn artifacts(spec_text: &str) -> Result<Vec<(String, String)>, SpecError> {
    let spec = Spec::parse(spec_text)?;
    let mut files = Vec::new();
    for (stem, schema) in schema::all(&spec) {
        files.push((
            format!("schemas/{stem}.json"),
            windows_defender_atp::internals::pyjson::pretty_sorted(&schema),
        ));
    }
    files.push((
        "src/spec/generated.rs".to_string(),
        rust::generated_rs(&spec),
    ));
    files.push((
        "help.md".to_string(),
        help::render(&Spec::parse_value(spec_text)?),
    ));
    Ok(files)
}
