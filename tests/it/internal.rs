//! A bug of the plugin (no handler, input or output of the wrong type, a schema that does not
//! compile, a panic) is a typed failure: on stdin the runtime's unexpected-exception envelope
//! (`error` only), in http mode a 500.

use serde_json::{json, Value};
use std::sync::Arc;
use windows_defender_atp::internals::{ActionHandler, Routes, Step};
use windows_defender_atp::spec::generated::StepSchemas;
use windows_defender_atp::Ctx;
use windows_defender_atp::{run_step, Mode};
use windows_defender_atp::{Failure, Internal};
use windows_defender_atp::{HttpServer as Server, HttpSettings as Settings};

const OPEN: &str = "{}";
const OUTPUT: &str = r#"{"type": "object", "properties": {"n": {"type": "integer"}}}"#;

const SCHEMAS: &[StepSchemas] = &[
    StepSchemas {
        name: "unrouted",
        input: OPEN,
        output: OPEN,
    },
    StepSchemas {
        name: "panics",
        input: OPEN,
        output: OPEN,
    },
    StepSchemas {
        name: "bad_output",
        input: OPEN,
        output: OUTPUT,
    },
    StepSchemas {
        name: "bad_input",
        input: OPEN,
        output: OPEN,
    },
    StepSchemas {
        name: "bad_schema",
        input: "{not json",
        output: OPEN,
    },
];

fn panics<'a>(
    _: &'a Step<'a>,
    _: Value,
) -> futures_util::future::BoxFuture<'a, Result<Value, Failure>> {
    Box::pin(async { panic!("handler exploded") })
}

fn bad_output<'a>(
    _: &'a Step<'a>,
    _: Value,
) -> futures_util::future::BoxFuture<'a, Result<Value, Failure>> {
    Box::pin(async { Ok(json!({"n": "not a number"})) })
}

fn bad_input<'a>(
    _: &'a Step<'a>,
    input: Value,
) -> futures_util::future::BoxFuture<'a, Result<Value, Failure>> {
    Box::pin(async move {
        let typed: Result<u8, _> = serde_json::from_value(input);
        typed.map(|_| json!({})).map_err(|err| {
            Failure::Internal(Internal::Input {
                kind: "action",
                detail: err.to_string(),
            })
        })
    })
}

const HANDLERS: &[(&str, ActionHandler)] = &[
    ("panics", panics),
    ("bad_output", bad_output),
    ("bad_input", bad_input),
    ("bad_schema", bad_output),
];

fn ctx() -> (Ctx, tempfile::TempDir) {
    let (mut ctx, workspace) = crate::support::ctx();
    ctx.routes = Some(Routes {
        schemas: SCHEMAS,
        handlers: HANDLERS,
    });
    (ctx, workspace)
}

fn message(action: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "body": {"action": action, "meta": {"jobId": "j1"}, "input": {"a": 1}, "connection": {
            "application_id": "app", "application_secret": {"secretKey": "s3cr3t-value"},
            "directory_id": "contoso.onmicrosoft.com", "api_url": "http://127.0.0.1:9", "login_url": "http://127.0.0.1:9",
        }},
        "type": "action_start",
        "version": "v1",
    }))
    .unwrap()
}

const KINDS: &[(&str, &str)] = &[
    ("unrouted", "The action unrouted has no handler."),
    (
        "panics",
        "The plugin hit an internal error (handler exploded).",
    ),
    ("bad_output", "is not of type"),
    (
        "bad_input",
        "The input passed validation but does not fit the action's input type",
    ),
    ("bad_schema", "A schema of the plugin does not compile"),
];

#[tokio::test]
async fn every_kind_of_plugin_bug_is_an_internal_failure_written_as_an_unexpected_exception() {
    let (ctx, _workspace) = ctx();
    for (action, text) in KINDS {
        let mut events = Vec::new();
        let outcome = run_step(&message(action), Mode::Run, &ctx, &mut events).await;
        let failure = outcome.result.as_ref().unwrap_err();
        assert!(failure.is_internal(), "{action}: {failure:?}");
        let envelope = outcome.to_value();
        let error = envelope["body"]["error"].as_str().unwrap();
        assert!(error.contains(text), "{action}: {error}");
        // The runtime writes an unexpected exception with `error` only.
        assert!(
            envelope["body"].get("exception").is_none(),
            "{action}: {envelope}"
        );
        assert_eq!(envelope["body"]["status"], "error");
        assert!(!outcome.to_wire().contains("s3cr3t-value"));
    }
}

#[tokio::test]
async fn every_kind_of_plugin_bug_is_answered_500_over_http() {
    let (ctx, _workspace) = ctx();
    let settings = Settings {
        workers: 1,
        threads: 1,
        max_concurrent_steps: 4,
        runtime_threads: 1,
        request_timeout: std::time::Duration::from_secs(30),
        graceful_timeout: std::time::Duration::from_secs(1),
        max_connections: 8,
        header_read_timeout: windows_defender_atp::HEADER_READ_TIMEOUT,
        body_read_timeout: windows_defender_atp::BODY_READ_TIMEOUT,
        cloud: false,
    };
    let server: Arc<Server> = Server::new(ctx, settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(windows_defender_atp::serve_http(listener, server));
    let client = reqwest::Client::new();
    for (action, text) in KINDS {
        let response = client
            .post(format!("http://{address}/api/v1/actions/{action}"))
            .header("content-type", "application/json")
            .body(message(action))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500, "{action}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["body"]["error"].as_str().unwrap().contains(text),
            "{action}: {body}"
        );
    }
}
