//! The spec and what the plugin derives from it at run time: schemas and samples. The
//! generated Rust (`generated.rs`), its `info` text and `help.md` are written by the `codegen`
//! crate (`crates/codegen`), which the plugin does not depend on.

mod file;
pub mod model;
pub mod sample;
pub mod schema;

#[rustfmt::skip]
pub mod generated;

pub use file::FileObject;
pub use model::{Component, Field, Kind, Spec};
