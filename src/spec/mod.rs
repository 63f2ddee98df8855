//! Spec
