//! Running steps against the in-process emulator, with a sleeper that records instead of waiting.

use async_trait::async_trait;
use defender_emulator::{Config, Emulator, RecordedRequest};
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use windows_defender_atp::spec::Spec;
use windows_defender_atp::ClientOptions;
use windows_defender_atp::Ctx;
use windows_defender_atp::{run_step, Mode};
use windows_defender_atp::{Sleeper, SystemClock, Time};

/// Records every requested sleep and returns at once, so retry tests take no wall time.
#[derive(Default)]
pub struct RecordingSleeper(pub Mutex<Vec<Duration>>);

#[async_trait]
impl Sleeper for RecordingSleeper {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
        tokio::task::yield_now().await;
    }
}

pub struct Harness {
    pub emulator: Emulator,
    pub sleeper: Arc<RecordingSleeper>,
    /// Per-request timeout of the client; tests of slow answers shrink it.
    pub request_timeout: Duration,
    /// The budget of a step or a trigger poll; tests of answers that never come shrink it.
    pub step_budget: Duration,
    workspace: tempfile::TempDir,
}

/// One finished step.
pub struct Run {
    pub envelope: String,
    pub ok: bool,
    pub json: Value,
}

impl Harness {
    pub async fn new() -> Harness {
        Harness::with(Config::default()).await
    }

    /// A harness whose app registration holds every role except those whose names start with
    /// `prefix` (`"Machine.Isolate"`, or `"Alert."` for all alert roles).
    pub async fn without_roles(prefix: &str) -> Harness {
        let roles = defender_emulator::ALL_ROLES
            .iter()
            .filter(|role| !role.starts_with(prefix))
            .map(|role| role.to_string())
            .collect();
        Harness::with(Config {
            roles,
            ..Config::default()
        })
        .await
    }

    pub async fn with(config: Config) -> Harness {
        windows_defender_atp::init_logging(false, false);
        Harness {
            emulator: Emulator::start(config).await.expect("the emulator starts"),
            sleeper: Arc::new(RecordingSleeper::default()),
            request_timeout: Duration::from_secs(60),
            step_budget: windows_defender_atp::DEFAULT_STEP_BUDGET,
            workspace: tempfile::tempdir().unwrap(),
        }
    }

    pub fn connection(&self) -> Value {
        json!({
            "application_id": defender_emulator::CLIENT_ID,
            "application_secret": {"secretKey": defender_emulator::CLIENT_SECRET},
            "directory_id": defender_emulator::TENANT_ID,
            "api_url": self.emulator.base_url(),
            "login_url": self.emulator.base_url(),
        })
    }

    pub fn message(&self, action: &str, input: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "body": {"action": action, "meta": {"jobId": "job-1"}, "input": input, "connection": self.connection()},
            "type": "action_start",
            "version": "v1",
        }))
        .unwrap()
    }

    /// Runs a step as the CLI does: a fresh context, so no token is carried over.
    pub async fn run(&self, action: &str, input: Value) -> Run {
        self.run_message(&self.message(action, input), Mode::Run)
            .await
    }

    /// A fresh context as the CLI builds one, with the recording sleeper and a seeded jitter.
    pub fn ctx(&self, debug: bool) -> Ctx {
        let time = Time {
            clock: Arc::new(SystemClock),
            sleeper: self.sleeper.clone(),
        };
        let options = ClientOptions {
            rng_seed: Some(7),
            request_timeout: self.request_timeout,
            ssl_cert_file: None,
            use_system_proxy: false,
            ..ClientOptions::default()
        };
        let mut ctx = Ctx::new(self.workspace.path().to_path_buf(), time, options, debug);
        ctx.step_budget = self.step_budget;
        ctx
    }

    /// The step's `/workspace`: trigger state in `cache/`, the stop flag in `tmp/`.
    pub fn workspace(&self) -> &std::path::Path {
        self.workspace.path()
    }

    pub async fn run_message(&self, message: &[u8], mode: Mode) -> Run {
        let ctx = self.ctx(false);
        let mut events = Vec::new();
        let outcome = run_step(message, mode, &ctx, &mut events).await;
        let envelope = outcome.to_wire();
        let json = serde_json::from_str(&envelope).unwrap();
        assert_no_secret(&envelope, &self.emulator);
        Run {
            envelope,
            ok: outcome.is_ok(),
            json,
        }
    }

    /// Requests to the API, leaving out the token endpoint.
    pub fn api_requests(&self) -> Vec<RecordedRequest> {
        self.emulator
            .requests()
            .into_iter()
            .filter(|request| request.path.starts_with("/api"))
            .collect()
    }

    /// The path and JSON body of the first POST the API received.
    pub fn first_post(&self) -> (String, Value) {
        let post = self
            .api_requests()
            .into_iter()
            .find(|request| request.method == "POST")
            .expect("the API received a POST");
        let body = serde_json::from_str(&post.body).expect("the POST body is JSON");
        (post.path, body)
    }

    /// The JSON bodies of the POSTs to `path`, in order.
    pub fn posted(&self, path: &str) -> Vec<Value> {
        self.api_requests()
            .into_iter()
            .filter(|request| request.method == "POST" && request.path == path)
            .map(|request| serde_json::from_str(&request.body).expect("the POST body is JSON"))
            .collect()
    }

    /// `(method, path)` of every API request, in order (compare with [`call`]).
    pub fn api_calls(&self) -> Vec<(String, String)> {
        self.api_requests()
            .into_iter()
            .map(|request| (request.method, request.path))
            .collect()
    }

    /// The tags the emulator holds for machine `id`.
    pub fn machine_tags(&self, id: &str) -> Value {
        self.emulator
            .machines()
            .into_iter()
            .find(|machine| machine["id"] == id)
            .map(|machine| machine["machineTags"].clone())
            .expect("a seeded machine")
    }

    pub fn token_requests(&self) -> usize {
        self.emulator
            .requests()
            .iter()
            .filter(|request| request.path.contains("/oauth2/"))
            .count()
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeper.0.lock().unwrap().clone()
    }
}

/// The run failed with an input error, and nothing reached the API.
pub fn refused_without_a_request(harness: &Harness, run: &Run) {
    assert!(!run.ok, "{}", run.envelope);
    assert_eq!(
        harness.emulator.requests().len(),
        0,
        "nothing may be sent for invalid input"
    );
}

/// [`refused_without_a_request`], with an input error whose cause names `field`.
pub fn refused_naming(harness: &Harness, run: &Run, field: &str) {
    refused_without_a_request(harness, run);
    let cause = run.json["body"]["exception"]["cause"].as_str();
    assert!(
        cause.is_some_and(|cause| cause.contains(field)),
        "the error names {field}: {}",
        run.envelope
    );
}

/// One expected entry of [`Harness::api_calls`].
pub fn call(method: &str, path: &str) -> (String, String) {
    (method.to_string(), path.to_string())
}

/// Neither the application secret nor any bearer token the emulator saw may appear in `text`.
pub fn assert_no_secret(text: &str, emulator: &Emulator) {
    assert!(
        !text.contains(defender_emulator::CLIENT_SECRET),
        "the application secret leaked: {text}"
    );
    for request in emulator.requests() {
        if let Some(token) = request
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
        {
            assert!(!text.contains(token), "a bearer token leaked: {text}");
        }
    }
}

/// The input the spec documents as the action's example.
pub fn example_input(action: &str) -> Value {
    let spec = Spec::embedded();
    let component = spec
        .actions
        .get(action)
        .or_else(|| spec.triggers.get(action))
        .unwrap();
    let mut input = Map::new();
    for (name, field) in &component.input {
        if let Some(example) = &field.example {
            input.insert(name.clone(), example.clone());
        }
    }
    Value::Object(input)
}

/// Snapshot settings that hide what changes from run to run: new GUIDs and time stamps.
pub fn stable() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[guid]",
    );
    settings.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[time]");
    settings.add_filter(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", "[time]");
    settings.add_filter(r"127\.0\.0\.1:\d+", "[emulator]");
    settings
}
