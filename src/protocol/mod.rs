//! The InsightConnect wire protocol: start messages in, event envelopes out.
//!
//! Pure types and formatting, no I/O: what the runtime accepts and the exact bytes it writes.

pub mod envelope;
pub mod error;
pub mod numbers;
pub mod output;
pub mod pyrepr;

pub use envelope::{parse, MessageType, StartMessage};
pub use error::{shortened, shown, PluginError};
pub use output::{Failure, Internal, Outcome};
