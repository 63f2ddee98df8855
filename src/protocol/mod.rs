//! protocol
pub mod error;
