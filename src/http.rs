//! `http` mode: the plugin as a long-running service (issue 7).

use crate::cli::HttpArgs;
use std::process::ExitCode;

/// Until the service lands, `http` says so instead of pretending to serve.
pub fn serve_cli(args: HttpArgs, _debug: bool) -> ExitCode {
    eprintln!(
        "http mode (port {}) is not available in this version yet: use `run` or `test` with a start message on stdin",
        args.port
    );
    ExitCode::FAILURE
}
