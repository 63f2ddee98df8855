//! A local emulator of the Microsoft Defender for Endpoint REST API.
//!
//! The emulator is a fake *server*: it serves the Azure AD token endpoints and the
//! `/api/...` surface of Defender for Endpoint on `127.0.0.1`, with seeded data, so that
//! the plugin (and its tests) can be exercised without a tenant. It reproduces the quirks
//! a client has to cope with (see `defender-api.md` §3b): OData filtering and paging with
//! optionally broken `@odata.nextLink`s, 401/403 with the real envelopes, duplicate
//! machine actions, asynchronous action lifecycles, throttling and injected faults. It also
//! serves, under `/blobs/liveresponse/`, the live response results that its download links
//! point to, as blob storage would: by a SAS-like query, without a bearer token, until the
//! link expires.
//!
//! Everything observable is reachable from [`Emulator`]: the requests it received, the
//! alerts and actions it holds, and hooks to inject faults or force state.
//!
//! Layout:
//! - `state`: the in-memory store and small shared helpers (time stamps, ids);
//! - `errors`: the API and AAD error envelopes;
//! - `auth`: token issuance, bearer validation and the permission table;
//! - `odata`: the `$filter` parser and the other query options;
//! - `inventory`: the software, vulnerabilities and security updates of the demo tenant;
//! - `kql`: the tiny KQL subset behind advanced hunting;
//! - `seed`: deterministic demo data and entity templates;
//! - `server`: the listener, fault injection, recording and dispatch;
//! - `routes`: one file per API area.

mod auth;
mod errors;
mod inventory;
mod kql;
mod odata;
mod routes;
mod seed;
mod server;
mod state;

#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use state::{Shared, State};

/// The only tenant the token endpoints accept.
pub const TENANT_ID: &str = "8f3a5c1e-2b4d-4e6f-9a0b-1c2d3e4f5a6b";
/// The only application (client) id the token endpoints accept.
pub const CLIENT_ID: &str = "3d9e1f2a-4b5c-4d6e-8f70-9a1b2c3d4e5f";
/// The secret of [`CLIENT_ID`]. Fake, so it may appear in logs and docs.
pub const CLIENT_SECRET: &str = "emulator-secret-value";

/// Every application permission the emulator knows; the default grant.
pub const ALL_ROLES: &[&str] = &[
    "Alert.Read.All",
    "Alert.ReadWrite.All",
    "Machine.Read.All",
    "Machine.ReadWrite.All",
    "Machine.Isolate",
    "Machine.Scan",
    "Machine.StopAndQuarantine",
    "Machine.RestrictExecution",
    "Machine.CollectForensics",
    "Machine.Offboard",
    "Machine.LiveResponse",
    "AdvancedQuery.Read.All",
    "Ti.ReadWrite",
    "Ti.ReadWrite.All",
    "File.Read.All",
    "Ip.Read.All",
    "URL.Read.All",
    "User.Read.All",
    "Library.Manage",
    "Software.Read.All",
    "Vulnerability.Read.All",
    "SecurityRecommendation.Read.All",
];

/// What a second action of the same type on the same machine gets while the first is
/// still `Pending`/`InProgress`. Defender has been seen doing both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateMode {
    /// 201 with the action already under way.
    ReturnExisting,
    /// 400 `ActiveRequestAlreadyExists` "Action is already in progress".
    #[default]
    Reject,
}

/// How `@odata.nextLink` is built when a collection does not fit in one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NextLinkMode {
    /// Same URL with `$skip` set to the next offset (the observed behaviour).
    #[default]
    Documented,
    /// Parameter names are dropped (`…/api/alerts?=10000`), as reported in
    /// microsoft-365-docs#8316; following it yields the first page again.
    Malformed,
    /// The link points back at the page just served, forever.
    Looping,
}

/// What a route does with a system query option its page does not document, such as
/// `$orderby` on `/api/alerts` (get-alerts.md documents `$filter`, `$top`, `$skip` and
/// `$expand=evidence`) or `$expand` on `/api/alerts/{id}` (get-alert-info-by-id.md documents
/// none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UndocumentedOptions {
    /// Honoured. The service is reported to accept `$orderby` on alerts (Rapid7's plugin and
    /// Microsoft's own connector send it), so this is the default.
    #[default]
    Accepted,
    /// 400 `ODataError`, as ASP.NET OData answers an option a route does not allow; lets a test
    /// check that a client uses only what the pages document, or falls back cleanly.
    Refused,
}

/// How machine actions move through `Pending → InProgress → Succeeded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionProgress {
    /// Every `n` reads of an action (by id, or in a returned page of the list) advance it
    /// one step; the read that reaches `n` already sees the new status. `0` acts as `1`.
    OnRead(u32),
    /// Like `OnRead`, but an action in progress ends `Failed`, as when the device is offline
    /// or the sensor refuses it.
    FailsOnRead(u32),
    /// Only [`Emulator::set_action_status`] changes statuses.
    Manual,
}

impl Default for ActionProgress {
    fn default() -> Self {
        ActionProgress::OnRead(1)
    }
}

/// Emulator settings. `Config::default()` mimics the real service.
#[derive(Debug, Clone)]
pub struct Config {
    /// `expires_in` of issued tokens; small values let tests exercise refresh.
    pub token_lifetime_secs: u64,
    /// Page size cap; `$top` above it is rejected, lists without `$top` are paged at it.
    pub max_page_size: usize,
    pub duplicate_mode: DuplicateMode,
    pub next_link_mode: NextLinkMode,
    pub undocumented_options: UndocumentedOptions,
    pub action_progress: ActionProgress,
    /// Application permissions put in every issued token.
    pub roles: Vec<String>,
    /// Load the deterministic demo data (machines, alerts, files, one finished action).
    pub seed: bool,
    /// v1 token answers carry numbers as strings, like Microsoft's 2018 sample.
    pub expires_in_as_string: bool,
    /// Per-endpoint sliding-window limit (requests per 60 s); `None` disables it.
    pub rate_limit_per_minute: Option<u32>,
    /// Advanced hunting queries the tenant's CPU quota allows; once spent, queries answer 429
    /// with a CPU-quota message and `Retry-After`. `None` never spends it.
    pub hunting_cpu_quota: Option<u32>,
    /// Largest advanced hunting result, in bytes of JSON; larger ones answer 400 with
    /// Microsoft's result-size message. Defender's limit is 124 MB.
    pub hunting_max_result_bytes: usize,
    /// How long a live response result link stays valid: 30 minutes per
    /// get-live-response-result.md; `0` hands out links that have already expired.
    pub live_response_link_secs: u64,
    /// Where the statistics' look-back (`lookBackHours`) ends; `None` is the wall clock. The
    /// default is the seeded tenant's present, [`SEEDED_PRESENT`], so the statistics of the
    /// seeded data do not change as the wall clock moves past it.
    pub statistics_until: Option<time::OffsetDateTime>,
}

/// The seeded tenant's present: a little after its newest alert, process event and machine
/// sighting (2026-11-22).
pub const SEEDED_PRESENT: time::OffsetDateTime = time::macros::datetime!(2026-11-22 18:00 UTC);

impl Default for Config {
    fn default() -> Self {
        Config {
            token_lifetime_secs: 3599,
            max_page_size: 10_000,
            duplicate_mode: DuplicateMode::default(),
            next_link_mode: NextLinkMode::default(),
            undocumented_options: UndocumentedOptions::default(),
            action_progress: ActionProgress::default(),
            roles: ALL_ROLES.iter().map(|r| r.to_string()).collect(),
            seed: true,
            expires_in_as_string: false,
            rate_limit_per_minute: None,
            hunting_cpu_quota: None,
            hunting_max_result_bytes: 124 * 1024 * 1024,
            live_response_link_secs: 30 * 60,
            statistics_until: Some(SEEDED_PRESENT),
        }
    }
}

/// A fault queued with [`Emulator::inject`].
///
/// A fault with `path_prefix: None` matches any API request (paths under `/api/`), never
/// the token endpoints, so that "throttle the next call" does not hit the token fetch
/// that precedes it. `Some(prefix)` matches any path starting with `prefix`, compared
/// ASCII-case-insensitively, token endpoints included. Each request consumes at most
/// one fault: the first matching one in injection order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 `TooManyRequests` with `Retry-After: retry_after_secs`.
    Throttle {
        path_prefix: Option<String>,
        retry_after_secs: u64,
        times: usize,
    },
    /// `status` (500 if not a valid status) with an `InternalServerError` body.
    ServerError {
        status: u16,
        path_prefix: Option<String>,
        times: usize,
    },
    /// Sleep `millis` before answering normally.
    Delay {
        path_prefix: Option<String>,
        millis: u64,
        times: usize,
    },
    /// Close the connection without sending any response bytes.
    DropConnection {
        path_prefix: Option<String>,
        times: usize,
    },
    /// The next API request answers 401 as if its token had expired, and that token
    /// really becomes expired, so the client has to fetch a new one.
    ExpireTokenOnce,
}

/// One request as the emulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// Path as sent (not percent-decoded).
    pub path: String,
    /// Raw query string without `?`; empty when absent.
    pub query: String,
    /// Header names lowercased, in arrival order. `authorization` is kept on purpose so
    /// tests can check where a token went.
    pub headers: Vec<(String, String)>,
    /// Body, lossily decoded as UTF-8.
    pub body: String,
    /// Status answered; `0` while still in flight or when the connection was dropped.
    pub status: u16,
}

impl RecordedRequest {
    /// First value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running emulator. Dropping it stops the server too, but [`Emulator::shutdown`]
/// waits for in-flight requests to finish.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts on `127.0.0.1` with a random free port.
    pub async fn start(config: Config) -> std::io::Result<Emulator> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts on `addr`; the server runs on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, config: Config) -> std::io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let mut state = State::default();
        if config.seed {
            seed::load(&mut state);
        }
        let shared = Arc::new(Shared::new(config, base_url, state));
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, shared.clone(), stopped));
        Ok(Emulator {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`; token endpoints and the API both live here.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration the emulator runs with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Stores an alert (replacing one with the same `id`), filling missing fields with
    /// defaults, and returns it as stored (with its evidence).
    pub fn add_alert(&self, alert: Value) -> Value {
        self.shared.lock().add_alert(alert)
    }

    /// Stores many alerts as [`Emulator::add_alert`] does, in one lock and linear time;
    /// returns how many were stored.
    pub fn add_alerts(&self, alerts: impl IntoIterator<Item = Value>) -> usize {
        self.shared.lock().add_alerts(alerts)
    }

    /// Stores a machine (replacing one with the same `id`), filling missing fields.
    pub fn add_machine(&self, machine: Value) -> Value {
        self.shared.lock().add_machine(machine)
    }

    /// Queues a fault; see [`Fault`] for matching rules.
    pub fn inject(&self, fault: Fault) {
        self.shared.lock().inject(fault);
    }

    /// Every token issued so far answers 401 from now on.
    pub fn expire_tokens(&self) {
        self.shared.lock().expire_tokens();
    }

    /// Issues a valid token with the configured roles, bypassing the token endpoint.
    pub fn issue_token(&self) -> String {
        let roles = self.shared.config.roles.clone();
        let lifetime = self.shared.config.token_lifetime_secs;
        self.shared
            .lock()
            .issue_token(roles, auth::DEFAULT_AUDIENCE, lifetime)
            .0
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The most requests (token requests included) the emulator was answering at once so far.
    pub fn most_in_flight(&self) -> usize {
        self.shared.lock().most_in_flight
    }

    /// Forces an action's status (e.g. `Failed`, `TimeOut`, `Cancelled`); unknown ids
    /// are ignored.
    pub fn set_action_status(&self, action_id: &str, status: &str) {
        self.shared.lock().set_action_status(action_id, status);
    }

    /// All machine actions, oldest first, as the API would show them.
    pub fn machine_actions(&self) -> Vec<Value> {
        self.shared
            .lock()
            .actions
            .iter()
            .map(|a| a.value.clone())
            .collect()
    }

    /// All alerts with their evidence, in insertion order.
    pub fn alerts(&self) -> Vec<Value> {
        self.shared.lock().alerts.clone()
    }

    /// All machines, in insertion order.
    pub fn machines(&self) -> Vec<Value> {
        self.shared.lock().machines.clone()
    }

    /// All indicators, in insertion order.
    pub fn indicators(&self) -> Vec<Value> {
        self.shared.lock().indicators.clone()
    }

    /// Appends indicators as they are, for a tenant near its cap of active indicators.
    pub fn add_indicators(&self, indicators: impl IntoIterator<Item = Value>) {
        self.shared.lock().indicators.extend(indicators);
    }

    /// The live response library's files as list-library-files.md shows them, oldest first.
    pub fn library_files(&self) -> Vec<Value> {
        self.shared
            .lock()
            .library
            .iter()
            .map(|f| f.entity.clone())
            .collect()
    }

    /// The bytes of a library file, by name (compared without regard to case).
    pub fn library_file_content(&self, name: &str) -> Option<Vec<u8>> {
        let state = self.shared.lock();
        state
            .library_index(name)
            .map(|i| state.library[i].content.clone())
    }

    /// Stores a file in the live response library (replacing one of the same name), as an
    /// upload by `createdBy` `name` would; returns its entity.
    pub fn add_library_file(
        &self,
        name: &str,
        content: &[u8],
        parameters_description: Option<&str>,
    ) -> Value {
        let file = state::LibraryFile::new(
            name,
            content.to_vec(),
            None,
            parameters_description,
            "tests@contoso.com",
            &state::now_stamp(),
        );
        let entity = file.entity.clone();
        let mut state = self.shared.lock();
        match state.library_index(name) {
            Some(i) => state.library[i] = file,
            None => state.library.push(file),
        }
        entity
    }

    /// Makes every later live response command on `subject` (a script, library file or path,
    /// compared without regard to case) fail with `error` as its `errors` text, which also
    /// fails its session and skips the commands after it.
    pub fn fail_live_response(&self, subject: &str, error: &str) {
        self.shared
            .lock()
            .live_failures
            .push((subject.to_owned(), error.to_owned()));
    }

    /// Stores the bytes GetFile collects from `path` on any machine.
    pub fn add_machine_file(&self, path: &str, content: &[u8]) {
        let mut state = self.shared.lock();
        state
            .machine_files
            .retain(|(p, _)| !p.eq_ignore_ascii_case(path));
        state
            .machine_files
            .push((path.to_owned(), content.to_vec()));
    }

    /// Stops accepting connections and waits for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Dropping the sender resolves the shutdown signal, so a forgotten emulator does
        // not keep serving for the rest of the runtime's life.
        self.stop.take();
    }
}
