//! The integration tests: one binary, one module per concern.

mod support;

mod cli;
mod drift;
mod envelopes;
mod reference_tools;
mod spec_types;
