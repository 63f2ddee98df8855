//! Microsoft Defender for Endpoint plugin for Rapid7 InsightConnect.
//!
//! Modules in reading order; `ARCHITECTURE.md` at the top of the repository holds the
//! bird's-eye view and the invariants that the tests pin.

pub mod protocol;
pub mod yaml;
pub mod pyjson;
pub mod spec;
pub mod validate;
pub mod connection;
pub mod clock;
pub mod logging;
pub mod dispatch;
pub mod actions;
pub mod triggers;
pub mod api;
pub mod emulator;
pub mod cli;
