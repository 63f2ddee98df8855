//! The triggers against the emulator, with a recording dispatcher: one file per trigger, named
//! as in the spec, plus the property test of the poll logic.
//!
//! A trigger runs until told to stop, so each test runs it next to a script: the script adds
//! alerts and waits for what the dispatcher receives, then the runner drops the runtime's stop
//! flag and waits for the final envelope. The sleeper is instant, so the loop polls as fast as
//! the emulator answers; everything sits under a real-time timeout, so a test cannot hang.

mod get_alerts;
mod get_alerts_matching_key;
mod process;
mod properties;
mod query_options;
mod state_file;

use crate::harness::Harness;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use defender_emulator::{Config, RecordedRequest};
use serde_json::{json, Value};
use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use windows_defender_atp::{run_step, Mode};

/// The longest a trigger test may take in real time.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A dispatcher on `127.0.0.1:0` that records each POSTed event, and can be told to answer 503
/// to the next few.
pub struct Dispatcher {
    pub url: String,
    shared: Arc<Recorded>,
}

#[derive(Default)]
struct Recorded {
    bodies: Mutex<Vec<String>>,
    content_types: Mutex<Vec<String>>,
    failures_left: AtomicUsize,
    attempts: AtomicUsize,
}

async fn receive(
    State(shared): State<Arc<Recorded>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    shared.attempts.fetch_add(1, Ordering::SeqCst);
    let failing = shared
        .failures_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if failing {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    shared
        .content_types
        .lock()
        .unwrap()
        .push(content_type.to_owned());
    shared.bodies.lock().unwrap().push(body);
    StatusCode::OK
}

impl Dispatcher {
    pub async fn start() -> Dispatcher {
        let shared = Arc::new(Recorded::default());
        let app = axum::Router::new()
            .route("/", axum::routing::post(receive))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Dispatcher { url, shared }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The next `n` POSTs get 503.
    pub fn fail_next(&self, n: usize) {
        self.shared.failures_left.store(n, Ordering::SeqCst);
    }

    pub fn attempts(&self) -> usize {
        self.shared.attempts.load(Ordering::SeqCst)
    }

    /// The raw bodies of the accepted events.
    pub fn bodies(&self) -> Vec<String> {
        self.shared.bodies.lock().unwrap().clone()
    }

    pub fn content_types(&self) -> Vec<String> {
        self.shared.content_types.lock().unwrap().clone()
    }

    pub fn events(&self) -> Vec<Value> {
        self.bodies()
            .iter()
            .map(|body| serde_json::from_str(body).unwrap())
            .collect()
    }

    /// The IDs of every alert received, in order, across events.
    pub fn alert_ids(&self) -> Vec<String> {
        alert_ids(&self.events())
    }
}

/// The alert IDs of a list of event envelopes, in order.
pub fn alert_ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .flat_map(|event| {
            event["body"]["output"]["results"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|alert| alert["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A writer the test can read while the trigger writes to it (`--debug` events).
#[derive(Clone, Default)]
pub struct SharedWriter(Arc<Mutex<Vec<u8>>>);

impl Write for SharedWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedWriter {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// An emulator without seed data, a dispatcher, and the trigger's page size.
pub struct TriggerTest {
    pub harness: Harness,
    pub dispatcher: Dispatcher,
    pub page_size: u32,
    pub trigger_id: Option<String>,
}

/// A finished trigger run.
pub struct Finished {
    /// The final envelope.
    pub envelope: String,
    pub ok: bool,
    pub json: Value,
    /// What `--debug` wrote.
    pub written: String,
}

impl TriggerTest {
    pub async fn new() -> TriggerTest {
        TriggerTest::with(Config {
            seed: false,
            ..Config::default()
        })
        .await
    }

    pub async fn with(config: Config) -> TriggerTest {
        let page_size = config.max_page_size.min(1000) as u32;
        TriggerTest {
            harness: Harness::with(config).await,
            dispatcher: Dispatcher::start().await,
            page_size,
            trigger_id: Some("trigger-1".into()),
        }
    }

    pub fn message(&self, trigger: &str, input: Value) -> Vec<u8> {
        let meta = match &self.trigger_id {
            Some(id) => json!({"triggerId": id}),
            None => json!({}),
        };
        serde_json::to_vec(&json!({
            "body": {
                "trigger": trigger,
                "meta": meta,
                "input": input,
                "dispatcher": {"url": self.dispatcher.url(), "webhook_url": ""},
                "connection": self.harness.connection(),
            },
            "type": "trigger_start",
            "version": "v1",
        }))
        .unwrap()
    }

    /// Runs the trigger next to `script`; when the script ends, drops the stop flag and waits
    /// for the trigger to end.
    pub async fn run<F: Future<Output = ()>>(
        &self,
        trigger: &str,
        input: Value,
        script: F,
    ) -> Finished {
        self.run_message(&self.message(trigger, input), false, script)
            .await
    }

    pub async fn run_message<F: Future<Output = ()>>(
        &self,
        message: &[u8],
        debug: bool,
        script: F,
    ) -> Finished {
        let mut ctx = self.harness.ctx(debug);
        ctx.triggers.page_size = self.page_size;
        let writer = SharedWriter::default();
        let mut events = writer.clone();
        let flag = self.harness.workspace().join("tmp");
        let step = run_step(message, Mode::Run, &ctx, &mut events);
        let stopper = async {
            script.await;
            std::fs::create_dir_all(&flag).unwrap();
            std::fs::write(flag.join("terminate_trigger.flag"), b"").unwrap();
        };
        let (outcome, ()) = tokio::time::timeout(TIMEOUT, async { tokio::join!(step, stopper) })
            .await
            .expect("the trigger stops in time");
        let envelope = outcome.to_wire();
        crate::harness::assert_no_secret(&envelope, &self.harness.emulator);
        crate::harness::assert_no_secret(&writer.text(), &self.harness.emulator);
        for body in self.dispatcher.bodies() {
            crate::harness::assert_no_secret(&body, &self.harness.emulator);
        }
        Finished {
            json: serde_json::from_str(&envelope).unwrap(),
            ok: outcome.is_ok(),
            envelope,
            written: writer.text(),
        }
    }

    /// Requests for the alert list, in order.
    pub fn alert_requests(&self) -> Vec<RecordedRequest> {
        self.harness
            .api_requests()
            .into_iter()
            .filter(|request| request.path == "/api/alerts")
            .collect()
    }

    /// Waits until `done` holds, then for `extra_polls` more alert requests (to show that later
    /// polls add nothing).
    pub async fn wait_for(&self, done: impl Fn() -> bool, extra_polls: usize) {
        while !done() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let seen = self.alert_requests().len();
        while self.alert_requests().len() < seen + extra_polls {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until the dispatcher holds `n` alerts in all, then for two more polls.
    pub async fn wait_for_alerts(&self, n: usize) {
        self.wait_for(|| self.dispatcher.alert_ids().len() >= n, 2)
            .await;
    }

    /// Waits for `n` alert requests.
    pub async fn wait_for_polls(&self, n: usize) {
        self.wait_for(|| self.alert_requests().len() >= n, 0).await;
    }

    /// Adds an alert created `minutes_ago` minutes ago.
    pub fn add_alert(&self, id: &str, minutes_ago: i64, fields: Value) -> Value {
        let created = OffsetDateTime::now_utc() - time::Duration::minutes(minutes_ago);
        self.add_alert_at(id, created, fields)
    }

    pub fn add_alert_at(&self, id: &str, created: OffsetDateTime, fields: Value) -> Value {
        let mut alert = json!({
            "id": id,
            "incidentId": 4242,
            "alertCreationTime": emulator_time(created),
        });
        if let (Some(alert), Value::Object(fields)) = (alert.as_object_mut(), fields) {
            alert.extend(fields);
        }
        self.harness.emulator.add_alert(alert)
    }

    /// The state file of the trigger.
    pub fn state_file(&self) -> std::path::PathBuf {
        self.harness.workspace().join("cache").join(format!(
            "{}.json",
            self.trigger_id.as_deref().unwrap_or("none")
        ))
    }
}

/// A time as Defender writes it: UTC, seven fractional digits.
pub fn emulator_time(t: OffsetDateTime) -> String {
    windows_defender_atp::internals::odata_time(t)
}

/// The decoded query parameters of a recorded request.
pub fn query(request: &RecordedRequest) -> Vec<(String, String)> {
    url::form_urlencoded::parse(request.query.as_bytes())
        .into_owned()
        .collect()
}

/// One query parameter of a recorded request.
pub fn param(request: &RecordedRequest, name: &str) -> Option<String> {
    query(request)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// Each ID once, in the order given.
pub fn assert_each_once(ids: &[String], expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|id| id.to_string()).collect();
    assert_eq!(ids, expected.as_slice());
}

#[test]
fn every_spec_trigger_has_exactly_one_handler() {
    let spec = windows_defender_atp::spec::Spec::embedded();
    let mut handled: Vec<&str> = windows_defender_atp::internals::PLANNERS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut declared: Vec<&str> = spec.triggers.keys().map(String::as_str).collect();
    handled.sort();
    declared.sort();
    assert_eq!(handled, declared);
}

#[test]
fn run_step_stays_sendable_for_the_http_mode() {
    fn assert_send<T: Send>(_: &T) {}
    let ctx = windows_defender_atp::Ctx::new(
        std::env::temp_dir(),
        windows_defender_atp::Time::system(),
        windows_defender_atp::ClientOptions::default(),
        false,
    );
    let mut events = Vec::new();
    let step = run_step(b"{}", Mode::Run, &ctx, &mut events);
    assert_send(&step);
}
