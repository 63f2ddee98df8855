//! The application secret and the tokens never appear in stdout, stderr, the log or an error,
//! whatever happens: success, not found, a wrong secret, a missing permission, a refreshed token.

use crate::harness::{assert_no_secret, Harness};
use crate::support::{binary, binary_with_env};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use defender_emulator::Fault;
use serde_json::json;
use std::time::Duration;
use windows_defender_atp::internals::pyjson;
use windows_defender_atp::Mode;
use windows_defender_atp::{serve_http, HttpServer, HttpSettings};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_or_token_reaches_stdout_stderr_or_the_log() {
    let harness = Harness::without_roles("Machine.Scan").await;
    let workspace = tempfile::tempdir().unwrap();
    let isolate = json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "isolation_type": "Full", "comment": "c"});
    let mut wrong_secret = harness.connection();
    wrong_secret["application_secret"]["secretKey"] = json!("wrong-secret-value-123");
    let cases = vec![
        ("run", harness.message("isolate_machine", isolate.clone()), None),
        ("run", harness.message("get_machine_action", json!({"action_id": "00000000-0000-4000-8000-000000000000"})), None),
        ("run", harness.message("run_antivirus_scan", json!({"machine_id": "ws-hr-017.contoso.local", "scan_type": "Full", "comment": "c"})), None),
        ("run", harness.message("get_machine_id_from_alert", json!({"alert_id": "da638402211706714560_-1915585947"})), Some(Fault::ExpireTokenOnce)),
        ("test", harness.message("isolate_machine", isolate.clone()), None),
        ("run", with_connection(harness.message("isolate_machine", isolate.clone()), &wrong_secret), None),
        ("test", with_connection(harness.message("isolate_machine", isolate), &wrong_secret), None),
    ];
    for (command, message, fault) in cases {
        if let Some(fault) = fault {
            harness.emulator.inject(fault);
        }
        let dir = workspace.path().to_str().unwrap().to_string();
        let out = tokio::task::spawn_blocking(move || {
            binary_with_env(&["--debug", command], &message, &[("WORKSPACE_DIR", &dir)])
        })
        .await
        .unwrap();
        for text in [&out.stdout, &out.stderr] {
            assert_no_secret(text, &harness.emulator);
            assert!(
                !text.contains("wrong-secret-value-123"),
                "the wrong secret leaked: {text}"
            );
        }
        let envelope: serde_json::Value =
            serde_json::from_str(&out.stdout).expect("stdout is one envelope");
        assert!(envelope["body"]["status"].is_string());
    }
    assert!(
        harness.token_requests() >= 6,
        "the cases reached the token endpoint"
    );
}

fn with_connection(message: Vec<u8>, connection: &serde_json::Value) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(&message).unwrap();
    value["body"]["connection"] = connection.clone();
    serde_json::to_vec(&value).unwrap()
}

/// A secret with every character that an encoding changes, and some that none does.
const ECHOED_SECRET: &str = "Sup3r~S3cret!*'()+/=%\" \\ \u{e9}\u{1F600}-end";

/// A token endpoint that refuses every request and echoes it back, as a wrong `login_url` or a
/// proxy may: `/raw/…` answers the form body as text, `/json/…` an Entra-shaped JSON error
/// (Python's `ensure_ascii` escaping) that quotes the form body, the secret and a basic-auth value
/// made from it, and `/utf8/…` the same JSON with non-ASCII left as it is. Returns its base URL.
async fn echoing_token_endpoint() -> String {
    use axum::http::{StatusCode, Uri};
    async fn echo(uri: Uri, body: String) -> (StatusCode, String) {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let field = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        let secret = field("client_secret");
        let basic = STANDARD.encode(format!("{}:{secret}", field("client_id")));
        let answer = json!({
            "error": "invalid_client",
            "error_description": format!("AADSTS7000215: Invalid client secret provided: {secret}\r\nTrace ID: 1"),
            "error_codes": [7000215],
            "request": body,
            "client_secret": secret,
            "authorization": format!("Basic {basic}"),
        });
        match uri.path().split('/').nth(1) {
            Some("raw") => (StatusCode::BAD_REQUEST, format!("cannot route: {body}")),
            Some("utf8") => (
                StatusCode::UNAUTHORIZED,
                serde_json::to_string(&answer).unwrap(),
            ),
            _ => (StatusCode::UNAUTHORIZED, pyjson::compact(&answer)),
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, axum::Router::new().fallback(echo))
            .await
            .unwrap()
    });
    base
}

/// Each form the echoes above carry the secret in; none may leave the process.
fn assert_no_form_of_the_secret(text: &str) {
    let form: String = url::form_urlencoded::byte_serialize(ECHOED_SECRET.as_bytes()).collect();
    let json = serde_json::to_string(ECHOED_SECRET).unwrap();
    let ascii = pyjson::compact(&json!(ECHOED_SECRET));
    let basic = STANDARD.encode(format!("{}:{ECHOED_SECRET}", defender_emulator::CLIENT_ID));
    // The base64 characters that only the secret decides (it starts 37 bytes in).
    let (start, end) = (
        (8 * 37usize).div_ceil(6),
        8 * (37 + ECHOED_SECRET.len()) / 6,
    );
    for leak in [
        ECHOED_SECRET,
        &form,
        &json[1..json.len() - 1],
        &ascii[1..ascii.len() - 1],
        &basic[start..end],
        // In every text form, whatever the escaping around it.
        "S3cret",
    ] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
}

fn echoing_connection(harness: &Harness, login_url: String) -> serde_json::Value {
    let mut connection = harness.connection();
    connection["application_secret"]["secretKey"] = json!(ECHOED_SECRET);
    connection["login_url"] = json!(login_url);
    connection
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_echoed_in_any_encoding_is_redacted_from_stdout_and_stderr() {
    let harness = Harness::new().await;
    let echo = echoing_token_endpoint().await;
    let isolate = json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "isolation_type": "Full", "comment": "c"});
    for style in ["raw", "json", "utf8"] {
        let connection = echoing_connection(&harness, format!("{echo}/{style}/"));
        for command in ["run", "test"] {
            let message = with_connection(
                harness.message("isolate_machine", isolate.clone()),
                &connection,
            );
            let out = tokio::task::spawn_blocking(move || binary(&["--debug", command], &message))
                .await
                .unwrap();
            assert_no_form_of_the_secret(&out.stdout);
            assert_no_form_of_the_secret(&out.stderr);
            let envelope: serde_json::Value =
                serde_json::from_str(&out.stdout).expect("stdout is one envelope");
            let body = &envelope["body"];
            assert_eq!(body["status"], "error", "{style} {command}");
            // The echo reached every channel, redacted rather than dropped.
            for text in [&body["error"], &body["exception"]["data"], &body["log"]] {
                assert!(
                    text.as_str().unwrap().contains("[redacted]"),
                    "{style} {command}: {text}"
                );
            }
            assert!(
                out.stderr.contains("[redacted]"),
                "{style} {command}: {}",
                out.stderr
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_echoed_in_any_encoding_is_redacted_from_http_answers() {
    let harness = Harness::new().await;
    let echo = echoing_token_endpoint().await;
    let settings = HttpSettings {
        workers: 1,
        threads: 2,
        max_concurrent_steps: 2,
        runtime_threads: 2,
        request_timeout: Duration::from_secs(60),
        graceful_timeout: Duration::from_secs(5),
        max_connections: 16,
        header_read_timeout: Duration::from_secs(10),
        body_read_timeout: Duration::from_secs(30),
        cloud: false,
    };
    let server = HttpServer::new(harness.ctx(false), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve_http(listener, server));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for style in ["raw", "json", "utf8"] {
        let connection = echoing_connection(&harness, format!("{echo}/{style}/"));
        let message =
            json!({"body": {"connection": connection}, "type": "connection_test", "version": "v1"});
        let answer = client
            .post(format!("{base}/api/v1/connection/test"))
            .json(&message)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{style}");
        let text = answer.text().await.unwrap();
        assert_no_form_of_the_secret(&text);
        let envelope: serde_json::Value = serde_json::from_str(&text).unwrap();
        let data = envelope["body"]["exception"]["data"].as_str().unwrap();
        assert!(data.contains("[redacted]"), "{style}: {data}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_letter_secret_is_redacted_without_breaking_the_envelope() {
    let harness = Harness::new().await;
    let mut connection = harness.connection();
    connection["application_secret"]["secretKey"] = json!("e");
    let isolate = json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "isolation_type": "Full", "comment": "c"});
    let message = with_connection(harness.message("isolate_machine", isolate), &connection);
    let run = harness.run_message(&message, Mode::Run).await;
    let body = &run.json["body"];
    assert_eq!(
        (&run.json["type"], &run.json["version"], &body["status"]),
        (&json!("action_event"), &json!("v1"), &json!("error"))
    );
    let error = body["error"].as_str().unwrap();
    let cause = body["exception"]["cause"].as_str().unwrap();
    assert!(
        error.starts_with("An error occurred during plugin execution! "),
        "{error}"
    );
    let outside_the_marks = cause.replace("[redacted]", "");
    assert!(
        cause.contains("[redacted]") && !outside_the_marks.contains('e'),
        "{cause}"
    );
    assert_eq!(body["meta"], json!({"jobId": "job-1"}));
    // Each text is redacted once: no mark is redacted again.
    let log = body["log"].as_str().unwrap();
    assert!(
        log.contains("[redacted]") && !log.contains("[r[redacted]"),
        "{log}"
    );
}
