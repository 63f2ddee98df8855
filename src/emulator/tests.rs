//! End-to-end tests of the emulator over HTTP.
