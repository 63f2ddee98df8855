//! http mode: every route, served on loopback in-process against the emulator, with the
//! runtime's status codes and body shapes; masking, limits and the graceful shutdown.

use crate::harness::{assert_no_secret, example_input, stable, Harness};
use defender_emulator::{Config, Fault};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use windows_defender_atp::spec::generated;
use windows_defender_atp::{serve_http, HttpServer as Server, HttpSettings as Settings};

struct Served {
    harness: Harness,
    server: Arc<Server>,
    base: String,
    client: reqwest::Client,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

fn settings() -> Settings {
    Settings {
        workers: 1,
        threads: 4,
        max_concurrent_steps: 4,
        runtime_threads: 2,
        request_timeout: Duration::from_secs(60),
        graceful_timeout: Duration::from_secs(20),
        max_connections: 512,
        header_read_timeout: Duration::from_secs(10),
        body_read_timeout: Duration::from_secs(30),
        cloud: false,
    }
}

async fn serve() -> Served {
    serve_with(Config::default(), settings()).await
}

async fn serve_with(config: Config, settings: Settings) -> Served {
    let harness = Harness::with(config).await;
    let server = Server::new(harness.ctx(false), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(serve_http(listener, server.clone()));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    Served {
        harness,
        server,
        base,
        client,
        handle,
    }
}

/// One answer: status, content type and body text.
struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|err| panic!("{err}: {}", self.text))
    }
}

impl Served {
    async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    async fn post(&self, path: &str, body: impl Into<reqwest::Body>) -> Answer {
        self.send(
            self.client
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/json")
                .body(body),
        )
        .await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = response.text().await.unwrap();
        assert_no_secret(&text, &self.harness.emulator);
        Answer {
            status,
            content_type,
            text,
        }
    }

    fn start(&self, kind: &str, name: &str, input: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "body": {kind: name, "meta": {"jobId": "job-1"}, "input": input, "connection": self.harness.connection()},
            "type": format!("{kind}_start"),
            "version": "v1",
        }))
        .unwrap()
    }
}

fn first_action() -> &'static str {
    generated::ACTIONS[0].name
}

/// The action whose example input the emulator answers from its seed, and which echoes a comment.
const ISOLATE: &str = "isolate_machine";

/// The URL in Flask errors names the ephemeral port.
fn flask_filters() -> insta::Settings {
    let mut settings = stable();
    settings.add_filter(r"http://\[emulator\]", "http://[server]");
    settings
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_lists_and_schemas_answer_as_the_runtime() {
    let served = serve().await;
    let status = served.get("/api/v1/status").await;
    assert_eq!(
        (status.status, status.text.as_str()),
        (200, r#"{"status":"Ready"}"#)
    );
    assert_eq!(status.content_type, "application/json");

    let actions: Vec<&str> = generated::ACTIONS.iter().map(|s| s.name).collect();
    let triggers: Vec<&str> = generated::TRIGGERS.iter().map(|s| s.name).collect();
    assert_eq!(served.get("/api/v1/actions").await.json(), json!(actions));
    assert_eq!(served.get("/api/v1/triggers").await.json(), json!(triggers));
    assert_eq!(served.get("/api/v1/tasks").await.json(), json!([]));

    let connection = served.get("/api/v1/connection").await;
    assert_eq!(connection.status, 200);
    let full: Value = serde_json::from_str(generated::CONNECTION_SCHEMA).unwrap();
    let reduced = connection.json();
    assert_eq!(
        reduced.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["properties", "required", "title", "type"]
    );
    assert_eq!(reduced["properties"], full["properties"]);
    assert_eq!(reduced["required"], full["required"]);

    let definitions = served.get("/api/v1/definitions/actions").await.json();
    let listed = definitions["actionsDefinitions"].as_array().unwrap();
    assert_eq!(listed.len(), generated::ACTIONS.len());
    for (entry, step) in listed.iter().zip(generated::ACTIONS) {
        assert_eq!(entry["identifier"], step.name);
        let schema: Value = serde_json::from_str(step.input).unwrap();
        assert_eq!(entry["inputJsonSchema"], schema);
    }

    assert_eq!(
        served.get("/api/v1/workers").await.json(),
        json!({"num_workers": 1})
    );
    let add = served.post("/api/v1/workers/add", "").await;
    assert_eq!(add.status, 422);
    assert!(add.json()["error"]
        .as_str()
        .unwrap()
        .contains("--process_workers"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_reports_the_spec_fields_and_the_workers() {
    let served = serve().await;
    let info = served.get("/api/v1/info").await;
    assert_eq!(info.status, 200);
    insta::assert_snapshot!(info.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spec_is_served_as_json_or_verbatim_yaml_and_other_formats_get_422() {
    let served = serve().await;
    let yaml = served.get("/api/v1/spec?format=yaml").await;
    assert_eq!(yaml.status, 200);
    assert_eq!(yaml.text, windows_defender_atp::spec::model::SPEC_YAML);
    let as_json = served.get("/api/v1/spec").await;
    assert_eq!(as_json.status, 200);
    let spec = as_json.json();
    assert_eq!(spec["name"], generated::NAME);
    assert_eq!(
        spec["actions"].as_object().unwrap().len(),
        generated::ACTIONS.len()
    );
    assert_eq!(served.get("/api/v1/spec?format=json").await.json(), spec);
    for format in ["xml", ""] {
        let refused = served.get(&format!("/api/v1/spec?format={format}")).await;
        assert_eq!(refused.status, 422);
        assert_eq!(
            refused.text,
            r#"{"error":"The specified format is not supported"}"#
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_document_describes_every_step_route_with_its_schemas() {
    let served = serve().await;
    let doc = served.get("/api/v1/api").await.json();
    assert_eq!(doc["swagger"], "2.0");
    assert_eq!(doc["info"]["title"], "InsightConnect Plugin Runtime API");
    let paths = doc["paths"].as_object().unwrap();
    for step in generated::ACTIONS {
        for path in [
            format!("/api/v1/actions/{}", step.name),
            format!("/actions/{}", step.name),
            format!("/api/v1/actions/{}/test", step.name),
        ] {
            assert!(paths[&path]["post"].is_object(), "{path} is documented");
        }
        assert!(paths[&format!("/api/v1/actions/{}", step.name)]["get"].is_object());
        // The body's input is the spec's input schema; every reference resolves in the document.
        let start = &doc["definitions"][format!("{}.start", step.name)];
        let input: Value = serde_json::from_str(step.input).unwrap();
        assert_eq!(
            start["properties"]["body"]["properties"]["input"]["properties"]
                .as_object()
                .map(|p| p.keys().collect::<Vec<_>>()),
            input["properties"]
                .as_object()
                .map(|p| p.keys().collect::<Vec<_>>())
        );
    }
    for step in generated::TRIGGERS {
        assert!(paths[&format!("/api/v1/triggers/{}/test", step.name)]["post"].is_object());
        assert!(
            !paths.contains_key(&format!("/api/v1/triggers/{}", step.name))
                || paths[&format!("/api/v1/triggers/{}", step.name)]
                    .get("post")
                    .is_none(),
            "triggers never run over HTTP"
        );
    }
    for route in [
        "/api/v1/status",
        "/api/v1/info",
        "/api/v1/spec",
        "/api/v1/api",
        "/api/v1/connection",
        "/api/v1/connection/{connection_test_type}",
        "/api/v1/definitions/actions",
        "/api/v1/admin/shutdown",
        "/api/v1/admin/status",
    ] {
        assert!(paths.contains_key(route), "{route} is documented");
    }
    let text = served.get("/api/v1/api").await.text;
    for reference in regex::Regex::new(r##""\$ref":"#/definitions/([^"]+)""##)
        .unwrap()
        .captures_iter(&text)
    {
        assert!(
            doc["definitions"].get(&reference[1]).is_some(),
            "{} resolves",
            &reference[1]
        );
    }
    let yaml = served.get("/api/v1/api?format=yaml").await;
    assert_eq!(yaml.status, 200);
    let parsed: Value = windows_defender_atp::internals::yaml_from_str(&yaml.text).unwrap();
    assert_eq!(parsed, doc);
    assert_eq!(served.get("/api/v1/api?format=toml").await.status, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_runs_through_run_step_and_answers_its_envelope() {
    let served = serve().await;
    let message = served.start("action", ISOLATE, example_input(ISOLATE));
    let answer = served
        .post(&format!("/api/v1/actions/{ISOLATE}"), message.clone())
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    stable().bind(|| insta::assert_snapshot!(answer.text));

    // The same bytes through the CLI's entry give the same output.
    let cli = served
        .harness
        .run_message(&message, windows_defender_atp::Mode::Run)
        .await;
    assert!(cli.ok);
    let http = answer.json();
    assert_eq!(http["body"]["status"], "ok");
    assert_eq!(
        http["body"]["output"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        cli.json["body"]["output"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>()
    );
    assert_eq!(http["body"]["meta"], json!({"jobId": "job-1"}));

    // The legacy blueprint at `/` runs actions too.
    let legacy = served.post(&format!("/actions/{ISOLATE}"), message).await;
    assert_eq!(legacy.status, 200, "{}", legacy.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_request_pays_for_one_api_call_and_no_token() {
    let served = serve().await;
    let input = json!({"action_id": "00000000-0000-4000-8000-000000000000"});
    let message = served.start("action", "get_machine_action", input);
    let first = served
        .post("/api/v1/actions/get_machine_action", message.clone())
        .await;
    assert!(first.status == 200 || first.status == 400, "{}", first.text);
    let tokens = served.harness.token_requests();
    let api = served.harness.api_requests().len();
    assert_eq!(tokens, 1);
    for _ in 0..3 {
        served
            .post("/api/v1/actions/get_machine_action", message.clone())
            .await;
    }
    assert_eq!(served.harness.token_requests(), 1, "the token is reused");
    assert_eq!(
        served.harness.api_requests().len(),
        api + 3,
        "one API call per warm request"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tests_of_actions_triggers_and_the_connection_answer_success() {
    let served = serve().await;
    let action = served.start("action", first_action(), json!({}));
    let answer = served
        .post(&format!("/api/v1/actions/{}/test", first_action()), action)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["body"]["output"], json!({"success": true}));

    for trigger in generated::TRIGGERS {
        let message = served.start("trigger", trigger.name, json!({}));
        for prefix in ["/api/v1", ""] {
            let answer = served
                .post(
                    &format!("{prefix}/triggers/{}/test", trigger.name),
                    message.clone(),
                )
                .await;
            assert_eq!(answer.status, 200, "{}", answer.text);
            assert_eq!(answer.json()["type"], "trigger_event");
        }
    }

    let connection_test = serde_json::to_vec(&json!({
        "body": {"connection": served.harness.connection()},
        "type": "connection_test",
        "version": "v1",
    }))
    .unwrap();
    for kind in ["test", "test_task"] {
        let answer = served
            .post(
                &format!("/api/v1/connection/{kind}"),
                connection_test.clone(),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.json()["body"]["output"], json!({"success": true}));
    }
    let other = served
        .post("/api/v1/connection/other", connection_test)
        .await;
    assert_eq!(other.status, 404);
    assert_eq!(
        other.text,
        r#"{"code":404,"error":"The requested endpoint is not available, only ['test', 'test_task'] are supported.","method":"POST","name":"Not Found"}"#
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_fails_the_connection_test_with_400_and_stays_hidden() {
    let served = serve().await;
    let mut connection = served.harness.connection();
    connection["application_secret"]["secretKey"] = json!("wrong-secret-value-123");
    let message = serde_json::to_vec(&json!({
        "body": {"connection": connection},
        "type": "connection_test",
        "version": "v1",
    }))
    .unwrap();
    let answer = served.post("/api/v1/connection/test", message).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert!(!answer.text.contains("wrong-secret-value-123"));
    assert!(answer.json()["body"]["exception"]["cause"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_and_plugin_errors_answer_400_with_the_envelope() {
    let served = serve().await;
    // A missing required input names the field.
    let mut input = example_input(ISOLATE);
    input.as_object_mut().unwrap().remove("machine_id");
    let missing = served
        .post(
            &format!("/api/v1/actions/{ISOLATE}"),
            served.start("action", ISOLATE, input),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert!(missing.json()["body"]["error"]
        .as_str()
        .unwrap()
        .contains("machine_id"));

    // A machine the API does not know is a PluginException: 400 with the exception block.
    let unknown = served
        .post(
            &format!("/api/v1/actions/{ISOLATE}"),
            served.start(
                "action",
                ISOLATE,
                json!({"machine_id": "0000000000000000000000000000000000000000", "isolation_type": "Full", "comment": "c"}),
            ),
        )
        .await;
    assert_eq!(unknown.status, 400);
    stable().bind(|| insta::assert_snapshot!(unknown.text));

    // Route and body agree on a name the plugin does not have.
    let nope = served
        .post(
            "/api/v1/actions/nope",
            served.start("action", "nope", json!({})),
        )
        .await;
    assert_eq!(nope.status, 400);
    assert_eq!(nope.json()["body"]["error"], r#"Unknown action "nope""#);

    // An unsupported version is the runtime's client error.
    let mut v2: Value =
        serde_json::from_slice(&served.start("action", ISOLATE, json!({}))).unwrap();
    v2["version"] = json!("v2");
    let version = served
        .post(&format!("/api/v1/actions/{ISOLATE}"), v2.to_string())
        .await;
    assert_eq!(version.status, 400);
    assert_eq!(
        version.json()["body"]["error"],
        "Unsupported version 'v2'. Only v1 is supported"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_too_large_to_read_is_a_step_error_naming_the_input() {
    let served = serve().await;
    let mut input = example_input(ISOLATE);
    input["wait_timeout"] = json!("NUMBER");
    let body = String::from_utf8(served.start("action", ISOLATE, input))
        .unwrap()
        .replacen("\"NUMBER\"", "1e400", 1);
    let answer = served
        .post(&format!("/api/v1/actions/{ISOLATE}"), body)
        .await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert_eq!(
        answer.json()["body"]["exception"]["cause"],
        "The input wait_timeout is 1e400, too large."
    );
    assert!(served.harness.api_requests().is_empty(), "nothing is sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_and_names_get_the_runtime_shapes() {
    let served = serve().await;
    let route = format!("/api/v1/actions/{ISOLATE}");
    let mismatch = served
        .post(
            "/api/v1/actions/other",
            served.start("action", ISOLATE, json!({})),
        )
        .await;
    assert_eq!(mismatch.status, 400);
    flask_filters().bind(|| insta::assert_snapshot!("name_mismatch", mismatch.text));

    for empty in ["{}", "null", "[]", "0", "\"\""] {
        let answer = served.post(&route, empty).await;
        assert_eq!(answer.status, 400, "{empty}");
        assert_eq!(answer.text, r#"{"error":"Empty input provided"}"#);
    }

    let not_json = served.post(&route, "{not json").await;
    assert_eq!(not_json.status, 400);
    flask_filters().bind(|| insta::assert_snapshot!("not_json", not_json.text));

    let list = served.post(&route, "[1]").await;
    assert_eq!(list.status, 400);
    assert!(list.json()["description"]
        .as_str()
        .unwrap()
        .contains("JSON object"));

    // A run route never starts a trigger: the message type must be the route's.
    let mut trigger: Value =
        serde_json::from_slice(&served.start("action", ISOLATE, json!({}))).unwrap();
    trigger["type"] = json!("trigger_start");
    let refused = served.post(&route, trigger.to_string()).await;
    assert_eq!(refused.status, 400);
    flask_filters().bind(|| insta::assert_snapshot!("type_mismatch", refused.text));
    assert!(served.harness.emulator.requests().is_empty());

    let nothing = served.get("/api/v1/nothing").await;
    assert_eq!(nothing.status, 404);
    flask_filters().bind(|| insta::assert_snapshot!("not_found", nothing.text));

    let wrong_method = served
        .send(served.client.put(format!("{}{route}", served.base)))
        .await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.json()["code"], 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_details_come_from_the_spec_and_unknown_names_get_400() {
    let served = serve().await;
    let details = served
        .get(&format!("/api/v1/actions/{}", first_action()))
        .await;
    assert_eq!(details.status, 200);
    let spec =
        windows_defender_atp::spec::Spec::parse_value(windows_defender_atp::spec::model::SPEC_YAML)
            .unwrap();
    let declared = &spec["actions"][first_action()];
    let body = details.json();
    for field in ["title", "description", "input", "output"] {
        assert_eq!(body[field], declared[field], "{field}");
    }
    let trigger = served
        .get(&format!("/api/v1/triggers/{}", generated::TRIGGERS[0].name))
        .await;
    assert_eq!(trigger.status, 200);
    for (path, text) in [
        (
            "/api/v1/actions/nope",
            r#"{"error":"Action nope does not exist"}"#,
        ),
        (
            "/api/v1/triggers/nope",
            r#"{"error":"Trigger nope does not exist"}"#,
        ),
        (
            "/api/v1/tasks/nope",
            r#"{"error":"Task nope does not exist"}"#,
        ),
    ] {
        let answer = served.get(path).await;
        assert_eq!((answer.status, answer.text.as_str()), (400, text));
    }
    let task = served
        .post(
            "/api/v1/tasks/nope",
            served.start("task", "nope", json!({})),
        )
        .await;
    assert_eq!(task.status, 400);
    assert_eq!(task.json()["body"]["error"], r#"Unknown task "nope""#);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_secrets_are_masked_as_the_runtime_masks_them() {
    let served = serve().await;
    let mut input = example_input(ISOLATE);
    // A comment that quotes the secret comes back in the action's answer and its log.
    input["comment"] = json!(format!(
        "isolated; key was {}",
        defender_emulator::CLIENT_SECRET
    ));
    let answer = served
        .post(
            &format!("/api/v1/actions/{ISOLATE}"),
            served.start("action", ISOLATE, input),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer.text.contains("key was ********"),
        "the echoed comment is masked: {}",
        answer.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_refused_with_413() {
    let served = serve().await;
    let big = vec![b' '; windows_defender_atp::MAX_MESSAGE_BYTES + 1];
    let answer = served
        .post(&format!("/api/v1/actions/{ISOLATE}"), big)
        .await;
    assert_eq!(answer.status, 413);
    assert!(answer.json()["description"]
        .as_str()
        .unwrap()
        .contains("smaller start message"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_over_the_request_timeout_is_cancelled_with_504() {
    let served = serve_with(
        Config::default(),
        Settings {
            request_timeout: Duration::from_secs(1),
            ..settings()
        },
    )
    .await;
    served.harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/".into()),
        millis: 5_000,
        times: 1,
    });
    let answer = served
        .post(
            &format!("/api/v1/actions/{ISOLATE}"),
            served.start("action", ISOLATE, example_input(ISOLATE)),
        )
        .await;
    assert_eq!(answer.status, 504, "{}", answer.text);
    assert_eq!(served.server.active_steps(), 0);
}

impl Served {
    /// The listening address, for raw sockets.
    fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }

    /// A connection that sends nothing.
    async fn idle_socket(&self) -> tokio::net::TcpStream {
        tokio::net::TcpStream::connect(self.addr()).await.unwrap()
    }
}

/// How long until the server closes `socket` (a read gives end of file or a reset), if it does
/// within `limit`; what the server sent before closing is appended to `received`.
async fn closed_within(
    socket: &mut tokio::net::TcpStream,
    limit: Duration,
    received: &mut Vec<u8>,
) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, socket.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
        }
    }
}

fn short_timeouts() -> Settings {
    Settings {
        header_read_timeout: Duration::from_secs(1),
        body_read_timeout: Duration::from_secs(1),
        ..settings()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_idle_sockets_neither_starve_a_request_nor_stay_open() {
    let served = serve_with(Config::default(), short_timeouts()).await;
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(served.idle_socket().await);
    }
    let started = std::time::Instant::now();
    let answer = served.get("/api/v1/status").await;
    assert_eq!(answer.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "answered in {:?} beside 300 idle sockets",
        started.elapsed()
    );
    for socket in &mut idle {
        let closed = closed_within(socket, Duration::from_secs(5), &mut Vec::new()).await;
        assert!(
            closed.is_some(),
            "an idle socket is closed after the head timeout"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_its_head_slowly_is_disconnected_after_the_head_timeout() {
    use tokio::io::AsyncWriteExt;
    let served = serve_with(Config::default(), short_timeouts()).await;
    let mut socket = served.idle_socket().await;
    let started = std::time::Instant::now();
    socket
        .write_all(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // A header byte every 200 ms keeps the connection busy but never completes the head.
    let mut closed = false;
    for _ in 0..25 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if socket.write_all(b"X").await.is_err() {
            closed = true;
            break;
        }
    }
    let closed = closed
        || closed_within(&mut socket, Duration::from_secs(1), &mut Vec::new())
            .await
            .is_some();
    assert!(closed, "the slow head is cut");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_is_refused_with_408_after_the_body_timeout() {
    use tokio::io::AsyncWriteExt;
    let served = serve_with(Config::default(), short_timeouts()).await;
    let mut socket = served.idle_socket().await;
    let head = format!(
        "POST /api/v1/actions/{ISOLATE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"body\""
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let closed = closed_within(&mut socket, Duration::from_secs(5), &mut received).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("did not arrive within 1 seconds"), "{text}");
    assert!(
        closed.is_some_and(|took| took < Duration::from_secs(3)),
        "{closed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_wait_until_one_closes() {
    let served = Arc::new(
        serve_with(
            Config::default(),
            Settings {
                max_connections: 2,
                ..settings()
            },
        )
        .await,
    );
    let first = served.idle_socket().await;
    let _second = served.idle_socket().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let waiting = {
        let served = served.clone();
        tokio::spawn(async move { served.get("/api/v1/status").await.status })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "a third connection waits at the cap"
    );
    drop(first);
    let status = tokio::time::timeout(Duration::from_secs(3), waiting)
        .await
        .expect("answered once a slot is free")
        .unwrap();
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_more_steps_run_at_once_than_the_limit() {
    let served = Arc::new(
        serve_with(
            Config::default(),
            Settings {
                max_concurrent_steps: 2,
                ..settings()
            },
        )
        .await,
    );
    served.harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/".into()),
        millis: 300,
        times: 6,
    });
    let mut requests = Vec::new();
    for _ in 0..6 {
        let served = served.clone();
        requests.push(tokio::spawn(async move {
            let message = served.start("action", ISOLATE, example_input(ISOLATE));
            served
                .post(&format!("/api/v1/actions/{ISOLATE}"), message)
                .await
                .status
        }));
    }
    let mut peak = 0;
    for _ in 0..6_000 {
        if requests.iter().all(|r| r.is_finished()) {
            break;
        }
        peak = peak.max(served.server.active_steps());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for request in requests {
        let status = request.await.unwrap();
        assert!(status == 200 || status == 400, "{status}");
    }
    assert!((1..=2).contains(&peak), "peak of {peak} steps at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_shutdown_refuses_new_work_finishes_work_in_flight_then_stops() {
    let served = Arc::new(serve().await);
    served.harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/".into()),
        millis: 1_500,
        times: 1,
    });
    let in_flight = {
        let served = served.clone();
        tokio::spawn(async move {
            let message = served.start("action", ISOLATE, example_input(ISOLATE));
            served
                .post(&format!("/api/v1/actions/{ISOLATE}"), message)
                .await
        })
    };
    for _ in 0..2_000 {
        if served.server.active_steps() > 0 || in_flight.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(served.server.active_steps(), 1, "the slow step is running");
    let before = served.get("/api/v1/admin/status").await.json();
    assert_eq!(
        before,
        json!({"active_work": 1, "shutdown_initiated": false, "shutdown_safe": false})
    );
    let accepted = served.post("/api/v1/admin/shutdown", "").await;
    assert_eq!(
        (accepted.status, accepted.text.as_str()),
        (200, r#"{"message":"Shutdown request accepted."}"#)
    );
    let refused = served
        .post(
            &format!("/api/v1/actions/{ISOLATE}"),
            served.start("action", ISOLATE, example_input(ISOLATE)),
        )
        .await;
    assert_eq!(
        (refused.status, refused.text.as_str()),
        (
            503,
            r#"{"error":"Shutdown in progress. No new work can be accepted."}"#
        )
    );
    let status = served.get("/api/v1/admin/status").await.json();
    assert_eq!(status["shutdown_initiated"], true);

    let finished = in_flight.await.unwrap();
    assert_eq!(finished.status, 200, "{}", finished.text);
    let served = Arc::into_inner(served).expect("no other holder");
    tokio::time::timeout(Duration::from_secs(30), served.handle)
        .await
        .expect("the server stops once the work in flight is done")
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_cloud_mode_there_is_no_shutdown_route() {
    let served = serve_with(
        Config::default(),
        Settings {
            cloud: true,
            ..settings()
        },
    )
    .await;
    assert_eq!(served.post("/api/v1/admin/shutdown", "").await.status, 404);
    let doc = served.get("/api/v1/api").await.json();
    assert!(doc["paths"].get("/api/v1/admin/shutdown").is_none());
}

/// The binary: `http --port N` serves, and SIGTERM lets the step in flight finish before it exits 0.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_and_sigterm_drains_then_exits_zero() {
    let harness = Harness::new().await;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let workspace = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_windows_defender_atp"))
        .args([
            "http",
            "--port",
            &port.to_string(),
            "--graceful_timeout",
            "20",
        ])
        .env("WORKSPACE_DIR", workspace.path())
        .env_remove("SSL_CERT_FILE")
        .env_remove("PLUGIN_RUNTIME_ENVIRONMENT")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut ready = None;
    for _ in 0..200 {
        match client.get(format!("{base}/api/v1/status")).send().await {
            Ok(response) => {
                ready = Some(response.status().as_u16());
                break;
            }
            Err(_) if child.try_wait().unwrap().is_none() => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Err(err) => {
                let mut stderr = String::new();
                use std::io::Read;
                let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
                panic!("the server ended: {err}: {stderr}")
            }
        }
    }
    assert_eq!(ready, Some(200), "the server came up");

    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/".into()),
        millis: 1_500,
        times: 1,
    });
    let message = harness.message(ISOLATE, example_input(ISOLATE));
    let step = tokio::spawn({
        let client = client.clone();
        let url = format!("{base}/api/v1/actions/{ISOLATE}");
        async move { client.post(url).body(message).send().await }
    });
    for _ in 0..2_000 {
        let reached = harness
            .emulator
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/api/"));
        if reached || step.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        !step.is_finished(),
        "the step is still in flight when SIGTERM comes"
    );
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let response = step.await.unwrap().expect("the step in flight is answered");
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert_no_secret(&text, &harness.emulator);
    let mut exit = None;
    for _ in 0..600 {
        exit = child.try_wait().unwrap();
        if exit.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let Some(exit) = exit else {
        let _ = child.kill();
        panic!("the server did not exit within 30 s of SIGTERM");
    };
    assert_eq!(exit.code(), Some(0));
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_no_secret(&stderr, &harness.emulator);
}
