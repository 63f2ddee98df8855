//! The spec and what the plugin derives from it at run time: schemas and samples. The
//! generated Rust (`generated.rs`), its `info` text and `help.md` are written by the `codegen`
//! crate (`crates/codegen`), which the plugin does not depend on.

pub mod model;
pub mod sample;
pub mod schema;

#[rustfmt::skip]
pub mod generated;

pub use model::{Component, Field, Kind, Spec};

/// The runtime's own `file` type, `{filename, content}` with the content in base64; the spec
/// names it and insight-plugin defines it (neither property is required).
#[derive(
    Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct File {
    #[serde(default)]
    pub filename: String,
    #[serde(default)]
    pub content: String,
}
