//! The command line, as the runtime's: `run`, `test`, `info`, `sample <name>` and `http`, with a
//! global `--debug` before the subcommand.
//!
//! The only module that reads flags and the environment: it turns them into the settings of the
//! context and of the http server, so that nothing below it needs to know where a value came
//! from.

use crate::api::ClientOptions;
use crate::clock::Time;
use crate::context::Ctx;
use crate::dispatch::{self, Mode};
use crate::spec::{self, Spec};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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

/// The context of the real process, for `run`, `test` and `http`: the runtime's workspace,
/// the system clock, the default client settings and the step budget.
fn process_ctx(debug: bool) -> Ctx {
    let mut ctx = Ctx::new(workspace(), Time::system(), ClientOptions::default(), debug);
    ctx.step_budget = step_budget();
    ctx
}

/// The http server's settings from the runtime's flags. Gunicorn serves `workers × threads`
/// requests at once with sync workers and `workers × worker_connections` with gevent; steps are
/// async here, so that product bounds the steps in flight while the thread count only needs to
/// cover the CPUs.
pub fn http_settings(args: &HttpArgs) -> crate::http::Settings {
    let workers = args.process_workers.max(1);
    let threads = args.threads_per_worker.max(1);
    let per_worker = if args.worker_class == "gevent" {
        args.worker_connections.clamp(1, 1000)
    } else {
        threads
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    crate::http::Settings {
        workers,
        threads,
        max_concurrent_steps: workers.saturating_mul(per_worker),
        runtime_threads: (workers.saturating_mul(threads)).clamp(1, cpus),
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        graceful_timeout: Duration::from_secs(args.graceful_timeout),
        max_connections: args.max_connections.max(1),
        header_read_timeout: crate::http::HEADER_READ_TIMEOUT,
        body_read_timeout: crate::http::BODY_READ_TIMEOUT,
        cloud: std::env::var("PLUGIN_RUNTIME_ENVIRONMENT").is_ok_and(|env| env == "cloud"),
    }
}

/// The workspace the runtime gives a plugin; `WORKSPACE_DIR` moves it for local runs and tests.
fn workspace() -> PathBuf {
    std::env::var_os("WORKSPACE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/workspace"))
}

/// The budget of one step or trigger poll: `PLUGIN_STEP_TIMEOUT` seconds (1 to 3600) for local
/// runs and tests, else the default; a value out of range is reported and ignored.
fn step_budget() -> Duration {
    step_budget_from(std::env::var_os("PLUGIN_STEP_TIMEOUT").as_deref())
}

fn step_budget_from(raw: Option<&std::ffi::OsStr>) -> Duration {
    let default = crate::clock::DEFAULT_STEP_BUDGET;
    let Some(raw) = raw else {
        return default;
    };
    match raw
        .to_str()
        .and_then(|text| text.trim().parse::<u64>().ok())
    {
        Some(seconds @ 1..=3600) => Duration::from_secs(seconds),
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
        Some(Command::Http(args)) => {
            let settings = http_settings(&args);
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(settings.runtime_threads);
            match runtime(builder) {
                Ok(runtime) => {
                    crate::http::serve_cli(runtime, args.port, settings, process_ctx(cli.debug))
                }
                Err(code) => code,
            }
        }
    }
}

/// A runtime from `builder` with timers and I/O, or the exit code of a process that has none.
fn runtime(mut builder: tokio::runtime::Builder) -> Result<tokio::runtime::Runtime, ExitCode> {
    builder.enable_all().build().map_err(|err| {
        eprintln!("cannot start the async runtime: {err}");
        ExitCode::FAILURE
    })
}

fn step(mode: Mode, debug: bool) -> ExitCode {
    let runtime = match runtime(tokio::runtime::Builder::new_current_thread()) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let ctx = process_ctx(debug);
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
fn stop_on_signals(runtime: &tokio::runtime::Runtime, stop: &crate::context::StopSignal) {
    let _entered = runtime.enter();
    let stop = stop.clone();
    crate::signals::on_first_signal(
        move || stop.request(),
        "Ctrl-C and the flag file still stop the trigger",
    );
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

    fn settings(flags: &[&str]) -> crate::http::Settings {
        let cli = Cli::try_parse_from(["windows_defender_atp", "http"].iter().chain(flags.iter()))
            .expect("the runtime's flags parse");
        match cli.command {
            Some(Command::Http(args)) => http_settings(&args),
            other => panic!("not http: {other:?}"),
        }
    }

    #[test]
    fn sync_workers_allow_workers_times_threads_steps_at_once() {
        let parsed = settings(&["--process_workers", "2", "--threads_per_worker", "8"]);
        assert_eq!(parsed.max_concurrent_steps, 16);
        assert_eq!((parsed.workers, parsed.threads), (2, 8));
        assert!(parsed.runtime_threads >= 1 && parsed.runtime_threads <= 16);
    }

    #[test]
    fn gevent_workers_allow_workers_times_connections_capped_as_gunicorn_is() {
        let parsed = settings(&["--worker_class", "gevent", "--worker_connections", "5000"]);
        assert_eq!(parsed.max_concurrent_steps, 1000);
        let defaults = settings(&[]);
        assert_eq!(defaults.max_concurrent_steps, 4);
        assert_eq!(defaults.graceful_timeout, Duration::from_secs(30));
        assert_eq!(defaults.request_timeout, Duration::from_secs(300));
        assert_eq!(defaults.max_connections, 512);
        assert_eq!(defaults.header_read_timeout, Duration::from_secs(10));
        assert_eq!(defaults.body_read_timeout, Duration::from_secs(30));
        assert_eq!(settings(&["--max_connections", "64"]).max_connections, 64);
    }

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
