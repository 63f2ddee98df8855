//! Microsoft Defender for Endpoint plugin for Rapid7 InsightConnect.
//!
//! Modules in reading order; `ARCHITECTURE.md` at the top of the repository holds the
//! bird's-eye view and the invariants that the tests pin.

pub mod actions;
pub mod api;
pub mod cli;
pub mod clock;
pub mod connection;
pub mod context;
pub mod dispatch;
pub mod http;
pub mod logging;
pub mod protocol;
pub mod pyjson;
mod redact;
mod signals;
pub mod spec;
pub mod triggers;
pub mod validate;
pub mod yaml;
