//! Inner items for the workspace's own tools, not API: the fuzz targets (`fuzz/`), the property
//! and corpus tests (`tests/it/`) and the code generator (`crates/codegen`) reach past the public
//! surface of `lib.rs` here, and only here. Each item says who needs it; an item nobody needs any
//! more goes.

// The routing tables, which `tests/it/spec_types.rs` and `tests/it/triggers/mod.rs` compare
// with the spec's actions and triggers.
pub use crate::actions::HANDLERS;
pub use crate::triggers::PLANNERS;

// `tests/it/actions/isolate_machine.rs` waits out the grace of a machine action's status.
pub use crate::actions::machine_action::STATUS_GRACE;

// Handlers of a test's own (`Ctx::routes`), to provoke the failures only a bug causes
// (`tests/it/internal.rs`).
pub use crate::context::{ActionHandler, Routes, Step};

// The connection's Rust type, which `tests/it/spec_types.rs` compares with its schema.
pub use crate::connection::Connection;

// Every check of a start message before a client is built (fuzz target `start_message`).
pub use crate::dispatch::check_message;

// The start message's parser (fuzz target `start_message`).
pub use crate::protocol::parse;

// The decoding of Defender's answers: `tests/it/documented_fields.rs` and `tests/it/corpus.rs`
// decode Microsoft's published examples; the fuzz targets `error_body`, `token_answer` and
// `alerts_page` feed it arbitrary bodies.
pub use crate::api::auth::{parse_token_response, refresh_at, token_error};
pub use crate::api::entities::{decode, Entity};
pub use crate::api::error::{api_error, MAX_BODY};
pub use crate::api::paging::read_collection;
pub use crate::api::{ApiError, Continuation, Page};

// The trigger's pure poll, its fetch loop and its saved state, for the exactly-once property
// test (`tests/it/triggers/properties.rs`), the state-file tests and fuzz target `alerts_page`.
pub use crate::triggers::fetch::{read_round, AlertSource};
pub use crate::triggers::poll::{odata_time, RawAlert, Round, State};
pub use crate::triggers::state;

// Output checks against a step's output schema (`tests/it/corpus.rs`).
pub use crate::validate::{check_output, Schema};

// JSON text as Python writes it, a Python `repr` of a string and the one YAML parser: the
// generator writes `schemas/` and `help.md` with them, and tests and fuzz target `json_writer`
// compare bytes.
pub use crate::protocol::pyrepr::repr_str;
pub mod pyjson {
    //! JSON text as Python's `json.dumps` writes it.
    pub use crate::pyjson::{compact, flask, pretty_sorted};
}
pub use crate::yaml::from_str as yaml_from_str;
