//! Microsoft Defender for Endpoint plugin for Rapid7 InsightConnect.
//!
//! The modules are private; `ARCHITECTURE.md` at the top of the repository holds the bird's-eye
//! view, the code map and the invariants that the tests pin. What an embedder (the binary, a
//! test, a benchmark) needs is re-exported here:
//!
//! - a step: [`read_message`] and [`MAX_MESSAGE_BYTES`] to read a start message, [`run_step`]
//!   in a [`Mode`] with a [`Ctx`] to run it, the [`Outcome`] (a [`Failure`], of which
//!   [`Internal`] is the plugin's own bug) it answers;
//! - what a step runs with: [`Ctx`], the injected clock ([`Time`], [`Clock`], [`Sleeper`],
//!   [`SystemClock`], [`DEFAULT_STEP_BUDGET`]), the API client's [`ClientOptions`] and their
//!   answer limits ([`DEFAULT_MAX_RESPONSE_BYTES`], [`DEFAULT_MAX_LARGE_RESPONSE_BYTES`]),
//!   [`init_logging`];
//! - the `http` mode: [`serve_http`] an [`HttpServer`] built from [`HttpSettings`], whose read
//!   timeouts default to [`HEADER_READ_TIMEOUT`] and [`BODY_READ_TIMEOUT`];
//! - [`TERMINATE_FLAG`], the file in the workspace that stops a trigger;
//! - [`main`], the command line, for the binary;
//! - [`spec`], the spec as data, for the code generator and the tests that compare code and spec.
//!
//! `internals` (hidden from the documentation) re-exports the few inner items the workspace's
//! fuzz targets, property tests and generator reach; it is not API. `tests/it/tidy.rs`
//! (`the_public_modules_are_the_documented_ones`) keeps the public modules to these two.

mod actions;
mod api;
mod cli;
mod clock;
mod connection;
mod context;
mod dispatch;
mod http;
#[doc(hidden)]
pub mod internals;
mod logging;
mod protocol;
mod pyjson;
mod redact;
mod signals;
pub mod spec;
mod triggers;
mod validate;
mod yaml;

pub use api::{ClientOptions, DEFAULT_MAX_LARGE_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES};
pub use cli::main;
pub use clock::{Clock, Sleeper, SystemClock, Time, DEFAULT_STEP_BUDGET};
pub use context::Ctx;
pub use dispatch::{read_message, run_step, Mode, MAX_MESSAGE_BYTES};
pub use http::{
    serve as serve_http, Server as HttpServer, Settings as HttpSettings, BODY_READ_TIMEOUT,
    HEADER_READ_TIMEOUT,
};
pub use logging::init_with as init_logging;
pub use protocol::{Failure, Internal, Outcome};
pub use triggers::TERMINATE_FLAG;
