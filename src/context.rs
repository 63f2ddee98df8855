//! The context a step runs in: settings, time, warm clients and compiled schemas.
//!
//! It sits below everything that runs a step (`actions`, `triggers`, `http`, `dispatch`) and
//! above only the pieces it holds (`api`, `clock`, `validate`), so each of those takes it without
//! importing the others. The CLI, the one place that reads flags and the environment, turns them
//! into the values kept here.

use crate::api::{Client, ClientOptions};
use crate::clock::Time;
use crate::connection::Connection;
use crate::protocol::{Failure, PluginError};
use crate::spec::generated::StepSchemas;
use crate::validate::Schema;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest `$top` page a trigger poll asks for. Defender allows 10,000; four thousand
/// alerts with their evidence keep a page to a few tens of megabytes.
pub const DEFAULT_PAGE_SIZE: u32 = 4_000;

/// What a step runs with: paths, time, client settings, and what is kept warm across steps.
pub struct Ctx {
    /// The runtime's `/workspace`: trigger state in `cache/`, the stop flag in `tmp/`.
    pub workspace: PathBuf,
    pub time: Time,
    pub client_options: ClientOptions,
    /// `--debug`: trigger events go to the step's writer instead of the dispatcher.
    pub debug: bool,
    pub triggers: TriggerSettings,
    /// The time one action or connection test, or one trigger poll, may take in all: token,
    /// requests, retries and pages. `wait_for_completion` gets its `wait_timeout` on top.
    pub step_budget: Duration,
    /// `None` runs the plugin's own steps (`dispatch` holds them). Tests of the plugin's own
    /// bugs (a panic, an output of the wrong type) give steps that have them.
    pub routes: Option<Routes>,
    clients: Mutex<HashMap<String, Client>>,
    schemas: SchemaCache,
}

/// Trigger settings: the page size (tests shrink it to the emulator's) and the stop signal the
/// CLI raises on SIGTERM.
#[derive(Clone, Debug)]
pub struct TriggerSettings {
    pub page_size: u32,
    pub stop: StopSignal,
}

impl Default for TriggerSettings {
    fn default() -> TriggerSettings {
        TriggerSettings {
            page_size: DEFAULT_PAGE_SIZE,
            stop: StopSignal::default(),
        }
    }
}

impl Ctx {
    pub fn new(workspace: PathBuf, time: Time, client_options: ClientOptions, debug: bool) -> Ctx {
        Ctx {
            workspace,
            time,
            client_options,
            debug,
            triggers: TriggerSettings::default(),
            step_budget: crate::clock::DEFAULT_STEP_BUDGET,
            routes: None,
            clients: Mutex::new(HashMap::new()),
            schemas: SchemaCache::default(),
        }
    }

    /// The client for a connection, built once and reused, so that its token and its HTTP
    /// connections stay warm across steps (the runtime caches connections the same way).
    pub fn client(&self, connection: &Connection, raw: &Value) -> Result<Client, PluginError> {
        let key = crate::pyjson::compact(raw);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let client = Client::new(connection, self.client_options.clone(), self.time.clone())
            .map_err(|err| err.to_plugin_error(crate::api::Lookup::None))?;
        clients.insert(key, client.clone());
        Ok(client)
    }

    /// The schemas compiled so far, each at its first use.
    pub fn schemas(&self) -> &SchemaCache {
        &self.schemas
    }
}

/// Compiled schemas by their text. A schema compiles in tens of microseconds to milliseconds;
/// http mode would otherwise pay that three times per request.
#[derive(Default)]
pub struct SchemaCache(Mutex<HashMap<(usize, usize), Arc<Schema>>>);

impl SchemaCache {
    /// The compiled schema of `text`. Keyed by the text's address and length: the schemas are `'static` text generated from the
    /// spec, and two texts at the same place with the same length are the same text.
    pub fn get(&self, text: &'static str) -> Result<Arc<Schema>, String> {
        let key = (text.as_ptr() as usize, text.len());
        if let Some(schema) = self.lock().get(&key) {
            return Ok(schema.clone());
        }
        // Compiled outside the lock: two steps may both compile a schema once, neither waits.
        let schema = Arc::new(Schema::compile(text)?);
        Ok(self.lock().entry(key).or_insert(schema).clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(usize, usize), Arc<Schema>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One step's view of the context: the context and the connection's client, which carries the
/// step's deadline. Handlers read the time as `step.ctx.time`.
pub struct Step<'a> {
    pub ctx: &'a Ctx,
    pub client: Client,
}

/// An action's handler as the routing table holds it: JSON input that passed validation in,
/// JSON output (checked against its schema afterwards) out.
pub type ActionHandler =
    for<'a> fn(
        &'a Step<'a>,
        Value,
    ) -> Pin<Box<dyn Future<Output = Result<Value, Failure>> + Send + 'a>>;

/// The actions a context runs: each spec entry's schemas, and the handler of each name.
#[derive(Clone, Copy)]
pub struct Routes {
    pub schemas: &'static [StepSchemas],
    pub handlers: &'static [(&'static str, ActionHandler)],
}

/// A request to stop, shared between a signal handler and a trigger's loop.
#[derive(Clone)]
pub struct StopSignal(Arc<tokio::sync::watch::Sender<bool>>);

impl Default for StopSignal {
    fn default() -> StopSignal {
        StopSignal(Arc::new(tokio::sync::watch::channel(false).0))
    }
}

impl std::fmt::Debug for StopSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("StopSignal")
            .field(&self.is_requested())
            .finish()
    }
}

impl StopSignal {
    pub fn request(&self) {
        self.0.send_replace(true);
    }

    pub fn is_requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once a stop is requested.
    pub async fn requested(&self) {
        let mut receiver = self.0.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = receiver.wait_for(|stop| *stop).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_request_wakes_a_waiter() {
        let stop = StopSignal::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let waiter = tokio::spawn({
                let stop = stop.clone();
                async move { stop.requested().await }
            });
            tokio::task::yield_now().await;
            assert!(!stop.is_requested());
            stop.request();
            waiter.await.unwrap();
            assert!(stop.is_requested());
        });
    }

    #[test]
    fn a_schema_compiles_once_and_is_shared() {
        static TEXT: &str = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
        let cache = SchemaCache::default();
        let first = cache.get(TEXT).unwrap();
        let second = cache.get(TEXT).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(cache.get("{not json").is_err());
    }
}
