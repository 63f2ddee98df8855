//! The command line, as the runtime's: `run`, `test`, `info`, `sample <name>` and `http`, with a
//! global `--debug` before the subcommand.

use crate::dispatch::{self, Ctx, Mode};
use crate::spec::{self, Spec};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "windows_defender_atp",
    about = "Microsoft Defender for Endpoint plugin for Rapid7 InsightConnect",
    disable_version_flag = true
)]
pub struct Cli {
    /// Log events to stdout (trigger events are printed instead of dispatched)
    #[arg(long, global = false)]
    pub debug: bool,
    /// Accepted for compatibility with the runtime, which ignores it too
    #[arg(long)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Anything after `--` is accepted and ignored, as the runtime does
    #[arg(last = true, hide = true)]
    pub rest: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the step whose start message is on stdin
    Run,
    /// Run the connection test for the start message on stdin
    Test,
    /// Display plugin info (triggers and actions)
    Info,
    /// Show a sample start message for the provided trigger or action
    Sample {
        /// trigger or action name
        name: String,
    },
    /// Run a server
    Http(HttpArgs),
}

#[derive(Debug, clap::Args)]
pub struct HttpArgs {
    #[arg(long, default_value_t = 10001)]
    pub port: u16,
    /// The number of child processes to spawn (mapped onto worker threads)
    #[arg(long = "process_workers", default_value_t = 1)]
    pub process_workers: usize,
    /// The number of threads per worker process
    #[arg(long = "threads_per_worker", default_value_t = 4)]
    pub threads_per_worker: usize,
    /// The type of the worker to run
    #[arg(long = "worker_class", default_value = "sync", value_parser = ["sync", "gevent"])]
    pub worker_class: String,
    /// The number of connections to support for 'gevent' worker class (up to 1000)
    #[arg(long = "worker_connections", default_value_t = 200)]
    pub worker_connections: usize,
    /// Time in seconds to wait for in-flight requests to complete after SIGTERM
    #[arg(long = "graceful_timeout", default_value_t = 30)]
    pub graceful_timeout: u64,
    /// Time in seconds one step may take, retries included, before it is cancelled (not a flag of
    /// the Python runtime, whose gunicorn timeout kills the whole worker instead)
    #[arg(long = "request_timeout", default_value_t = 300)]
    pub request_timeout: u64,
    /// Connections open at once; more wait until one closes (not a flag of the Python runtime)
    #[arg(long = "max_connections", default_value_t = 512)]
    pub max_connections: usize,
}

/// The workspace the runtime gives a plugin; `WORKSPACE_DIR` moves it for local runs and tests.
pub fn workspace() -> PathBuf {
    std::env::var_os("WORKSPACE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/workspace"))
}

/// The budget of one step or trigger poll: `PLUGIN_STEP_TIMEOUT` seconds (1 to 3600) for local
/// runs and tests, else the default; a value out of range is reported and ignored.
pub fn step_budget() -> std::time::Duration {
    step_budget_from(std::env::var_os("PLUGIN_STEP_TIMEOUT").as_deref())
}

fn step_budget_from(raw: Option<&std::ffi::OsStr>) -> std::time::Duration {
    let default = crate::clock::DEFAULT_STEP_BUDGET;
    let Some(raw) = raw else {
        return default;
    };
    match raw
        .to_str()
        .and_then(|text| text.trim().parse::<u64>().ok())
    {
        Some(seconds @ 1..=3600) => std::time::Duration::from_secs(seconds),
        _ => {
            tracing::warn!(
                "PLUGIN_STEP_TIMEOUT is {raw:?}, not a number of seconds from 1 to 3600; using {} s",
                default.as_secs()
            );
            default
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::logging::init(cli.debug);
    match cli.command {
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            ExitCode::SUCCESS
        }
        Some(Command::Info) => {
            print_flush(spec::generated::INFO);
            ExitCode::SUCCESS
        }
        Some(Command::Sample { name }) => {
            match spec::sample::start_message(Spec::embedded(), &name) {
                Some(message) => {
                    print_flush(&crate::pyjson::compact(&message));
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("ValueError: Invalid trigger, action or task name.");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Run) => step(Mode::Run, cli.debug),
        Some(Command::Test) => step(Mode::Test, cli.debug),
        Some(Command::Http(args)) => crate::http::serve_cli(args, cli.debug),
    }
}

fn step(mode: Mode, debug: bool) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let ctx = Ctx::for_process(debug);
    let mut stdout = std::io::stdout();
    let outcome = match dispatch::read_message(std::io::stdin().lock()) {
        Ok(message) => {
            if mode == Mode::Run && is_trigger_start(&message) {
                stop_on_signals(&runtime, &ctx.triggers.stop);
            }
            runtime.block_on(dispatch::run_step(&message, mode, &ctx, &mut stdout))
        }
        Err(error) => dispatch::unreadable(error),
    };
    print_flush(&outcome.to_wire());
    if outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn is_trigger_start(message: &[u8]) -> bool {
    crate::protocol::parse(message)
        .is_ok_and(|start| start.message_type == crate::protocol::MessageType::TriggerStart)
}

/// Turns SIGTERM (and Ctrl-C) into a stop request, so that a running trigger saves its state and
/// ends with its final envelope. Only trigger runs install it: an action keeps the default, which
/// ends the process at once. A second signal ends the process without waiting.
fn stop_on_signals(runtime: &tokio::runtime::Runtime, stop: &crate::triggers::StopSignal) {
    let _entered = runtime.enter();
    #[cfg(unix)]
    let terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        Ok(terminate) => terminate,
        Err(err) => {
            tracing::warn!("Cannot handle SIGTERM ({err}); the flag file still stops the trigger");
            return;
        }
    };
    let stop = stop.clone();
    runtime.spawn(async move {
        #[cfg(unix)]
        let mut terminate = terminate;
        let mut received = false;
        loop {
            #[cfg(unix)]
            tokio::select! {
                _ = terminate.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
            if received {
                std::process::exit(143);
            }
            received = true;
            stop.request();
        }
    });
}

fn print_flush(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed stdout (the orchestrator went away) is not worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::time::Duration;

    #[test]
    fn the_step_budget_comes_from_plugin_step_timeout_within_bounds() {
        let budget = |raw: Option<&str>| step_budget_from(raw.map(OsStr::new));
        assert_eq!(budget(None), Duration::from_secs(120));
        assert_eq!(budget(Some("15")), Duration::from_secs(15));
        assert_eq!(budget(Some(" 3600 ")), Duration::from_secs(3600));
        for bad in ["0", "3601", "-1", "2.5", "soon", ""] {
            assert_eq!(budget(Some(bad)), Duration::from_secs(120), "{bad}");
        }
    }
}
