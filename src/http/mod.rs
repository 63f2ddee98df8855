//! `http` mode: the plugin as a long-running service, serving the runtime's routes (protocol.md §4)
//! under `/` (steps only, the runtime's legacy blueprint) and `/api/v1`.
//!
//! Every step route goes through `dispatch::run_step` with one shared `Ctx`, so a connection's
//! client (its token and its pooled HTTP connections) is built once and reused by later requests.
//! Answers are Flask's `jsonify` bytes (sorted keys, tight separators) with the runtime's status
//! codes, and connection secrets masked as the runtime masks them (`mask`).
//!
//! Limits: a request body of at most `dispatch::MAX_MESSAGE_BYTES`, a bounded number of steps
//! running at once (more wait their turn), a per-step timeout; and, in `connections`, a bounded
//! number of open connections and timeouts for a request's head, its body and an idle
//! connection. Shutdown (SIGTERM, Ctrl-C or
//! `POST /api/v1/admin/shutdown`) refuses new steps with the runtime's 503, lets the steps in
//! flight finish for up to `--graceful_timeout` seconds, then closes the listener.

pub mod apidoc;
mod connections;
pub mod mask;
mod routes;

use crate::context::Ctx;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify, Semaphore};

pub use routes::router;

/// A request head is a few hundred bytes: a client that has not sent one in this long is idle
/// or hostile. Longer than gunicorn's 2 s keep-alive, which orchestrators' pools are used to.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Enough for a 32 MiB start message at about a megabyte a second.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How the server runs; the CLI makes it from the runtime's flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `--process_workers`, reported by `/api/v1/info` and `/api/v1/workers`.
    pub workers: usize,
    /// `--threads_per_worker`, reported by `/api/v1/info`.
    pub threads: usize,
    /// Steps that may run at once; later ones wait for a slot.
    pub max_concurrent_steps: usize,
    /// Threads of the tokio runtime.
    pub runtime_threads: usize,
    /// One step's time limit, retries included.
    pub request_timeout: Duration,
    /// Time the steps in flight get to finish once shutdown has begun.
    pub graceful_timeout: Duration,
    /// Connections open at once; more wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// Time a client has to send a request's head once the connection waits for one: after
    /// connecting, and between the requests of a kept-alive connection (so also the idle
    /// timeout).
    pub header_read_timeout: Duration,
    /// Time a client has to send a whole request body once its head has arrived.
    pub body_read_timeout: Duration,
    /// `PLUGIN_RUNTIME_ENVIRONMENT=cloud`: as in the runtime, no `/api/v1/admin/shutdown`.
    pub cloud: bool,
}

/// The state every request shares.
pub struct Server {
    pub ctx: Ctx,
    pub settings: Settings,
    slots: Semaphore,
    active: AtomicUsize,
    idle: Notify,
    shutdown: watch::Sender<bool>,
}

impl Server {
    pub fn new(ctx: Ctx, settings: Settings) -> Arc<Server> {
        Arc::new(Server {
            slots: Semaphore::new(settings.max_concurrent_steps.max(1)),
            ctx,
            settings,
            active: AtomicUsize::new(0),
            idle: Notify::new(),
            shutdown: watch::channel(false).0,
        })
    }

    /// Refuses new steps from now on and starts the graceful shutdown.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Steps running now (waiting for a slot not included).
    pub fn active_steps(&self) -> usize {
        self.active.load(Ordering::SeqCst)
    }

    async fn shutdown_requested(&self) {
        let mut receiver = self.shutdown.subscribe();
        // The sender lives as long as `self`, so this only ends when the flag is set.
        let _ = receiver.wait_for(|stopping| *stopping).await;
    }

    async fn drained(&self) {
        loop {
            // Registered before the check, so a step that ends in between still wakes us.
            let idle = self.idle.notified();
            if self.active_steps() == 0 {
                return;
            }
            idle.await;
        }
    }

    fn start_step(&self) -> ActiveStep<'_> {
        self.active.fetch_add(1, Ordering::SeqCst);
        ActiveStep(self)
    }
}

/// Counts a running step; dropping it (the step ended, or timed out and was cancelled) wakes
/// the shutdown when it was the last one.
struct ActiveStep<'a>(&'a Server);

impl Drop for ActiveStep<'_> {
    fn drop(&mut self) {
        if self.0.active.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Serves until shutdown: after it begins, new steps get 503, steps in flight get
/// `graceful_timeout` to finish, then the listener closes and open connections are ended.
pub async fn serve(listener: tokio::net::TcpListener, server: Arc<Server>) -> std::io::Result<()> {
    let app = router(server.clone());
    let draining = server.clone();
    let graceful = async move {
        draining.shutdown_requested().await;
        tracing::info!(
            "Shutdown: refusing new steps, waiting for {} in flight",
            draining.active_steps()
        );
        if tokio::time::timeout(draining.settings.graceful_timeout, draining.drained())
            .await
            .is_err()
        {
            tracing::warn!(
                "Shutdown: {} steps still running after the graceful timeout are abandoned",
                draining.active_steps()
            );
        }
    };
    let serving = async {
        connections::serve(listener, app, &server.settings, graceful).await;
        Ok(())
    };
    // A client that keeps a connection busy must not hold the process past the graceful timeout.
    let deadline = async {
        server.shutdown_requested().await;
        tokio::time::sleep(server.settings.graceful_timeout + Duration::from_secs(2)).await;
    };
    tokio::select! {
        served = serving => served,
        () = deadline => Ok(()),
    }
}

/// `windows_defender_atp http`: binds `0.0.0.0:<port>` as the runtime does and serves until
/// SIGTERM, Ctrl-C or `/api/v1/admin/shutdown`.
pub fn serve_cli(
    runtime: tokio::runtime::Runtime,
    port: u16,
    settings: Settings,
    ctx: Ctx,
) -> ExitCode {
    let server = Server::new(ctx, settings);
    runtime.block_on(async move {
        let address = SocketAddr::from(([0, 0, 0, 0], port));
        let listener = match tokio::net::TcpListener::bind(address).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("cannot listen on {address}: {err}: choose another --port");
                return ExitCode::FAILURE;
            }
        };
        let stopping = server.clone();
        crate::signals::on_first_signal(
            move || stopping.begin_shutdown(),
            "Ctrl-C and the admin route still stop the server",
        );
        tracing::info!(
            "Listening at: http://{address} ({} steps at once, {} connections)",
            server.settings.max_concurrent_steps,
            server.settings.max_connections
        );
        match serve(listener, server).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("the http server stopped: {err}");
                ExitCode::FAILURE
            }
        }
    })
}
