//! The integration tests: one binary, one module per concern.

mod harness;
mod support;

mod actions;
mod cli;
mod connection_test;
mod corpus;
mod documented_fields;
mod envelopes;
mod examples;
mod http;
mod internal;
mod reference_tools;
mod spec_types;
mod tidy;
mod triggers;
