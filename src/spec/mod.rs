//! The spec and everything derived from it: schemas, samples, info, generated Rust and help.

pub mod codegen;
pub mod help;
pub mod info;
pub mod model;
pub mod sample;
pub mod schema;

#[rustfmt::skip]
pub mod generated;

pub use model::{Component, Field, Kind, Spec};

/// Every file generated from the spec, as (path relative to the repository, content).
///
/// `cargo run --bin generate` writes them; the drift test compares them with the committed files.
pub fn artifacts(spec_text: &str) -> Result<Vec<(String, String)>, model::SpecError> {
    let spec = Spec::parse(spec_text)?;
    let mut files = Vec::new();
    for (stem, schema) in schema::all(&spec) {
        files.push((
            format!("schemas/{stem}.json"),
            crate::pyjson::pretty_sorted(&schema),
        ));
    }
    files.push((
        "src/spec/generated.rs".to_string(),
        codegen::generated_rs(&spec),
    ));
    files.push((
        "help.md".to_string(),
        help::render(&Spec::parse_value(spec_text)?),
    ));
    Ok(files)
}
