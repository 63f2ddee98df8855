//! run_advanced_hunting_query against the emulator, with the hunting API's own limits.

use crate::harness::{example_input, Harness, Run};
use defender_emulator::{Config, Fault};
use serde_json::json;
use windows_defender_atp::{run_step, Mode};
use windows_defender_atp::{DEFAULT_MAX_LARGE_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES};

const ACTION: &str = "run_advanced_hunting_query";

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(
        output["results"][0]["DeviceName"],
        "ws-fin-042.contoso.local"
    );
    assert_eq!(output["schema"][0]["Name"], "Timestamp");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn posts_the_query_in_the_case_defender_expects() {
    let harness = Harness::new().await;
    let query = "DeviceInfo | where DeviceName == 'it''s' | take 1";
    let run = harness.run(ACTION, json!({"query": query})).await;
    assert!(!run.ok, "the emulator's KQL has no doubled quotes");
    let post = harness.api_requests().pop().unwrap();
    assert_eq!(post.path, "/api/advancedqueries/run");
    let body: serde_json::Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(body, json!({"Query": query}));
}

#[tokio::test]
async fn a_blank_query_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"query": "   "})).await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
    assert!(run.envelope.contains("Query"), "{}", run.envelope);
}

#[tokio::test]
async fn a_syntax_error_quotes_microsofts_message() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"query": "DeviceInfo | summarize count()"}))
        .await;
    assert!(!run.ok);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_result_over_the_size_limit_says_how_to_narrow_the_query() {
    let harness = Harness::with(Config {
        hunting_max_result_bytes: 200,
        ..Config::default()
    })
    .await;
    let run = harness.run(ACTION, json!({"query": "DeviceInfo"})).await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains("124 MB"), "{cause}");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_spent_cpu_quota_is_told_apart_from_the_request_quota() {
    let harness = Harness::with(Config {
        hunting_cpu_quota: Some(0),
        ..Config::default()
    })
    .await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains("CPU quota"), "{cause}");
    assert_eq!(
        harness.api_requests().len(),
        1,
        "a 15-minute Retry-After is past the retry budget: reported, not waited for"
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_spent_request_quota_names_the_hunting_limits() {
    let harness = Harness::new().await;
    harness.emulator.inject(Fault::Throttle {
        path_prefix: None,
        retry_after_secs: 30,
        times: 50,
    });
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(!run.ok);
    let exception = &run.json["body"]["exception"];
    assert!(
        exception["cause"]
            .as_str()
            .unwrap()
            .contains("request quota"),
        "{}",
        run.envelope
    );
    assert!(exception["assistance"]
        .as_str()
        .unwrap()
        .starts_with("Retry after 30 seconds. Advanced hunting allows 45 calls per minute"));
}

/// Runs the spec example with the given client limits on the answers it reads.
async fn with_limits(max_response_bytes: usize, max_large_response_bytes: usize) -> Run {
    let harness = Harness::new().await;
    let mut ctx = harness.ctx(false);
    ctx.client_options.max_response_bytes = max_response_bytes;
    ctx.client_options.max_large_response_bytes = max_large_response_bytes;
    let message = harness.message(ACTION, example_input(ACTION));
    let outcome = run_step(&message, Mode::Run, &ctx, &mut Vec::new()).await;
    let envelope = outcome.to_wire();
    Run {
        json: serde_json::from_str(&envelope).unwrap(),
        ok: outcome.is_ok(),
        envelope,
    }
}

#[tokio::test]
async fn results_may_be_larger_than_other_answers() {
    // Far less than the example's result, but only for the other answers (the token's included).
    let run = with_limits(600, DEFAULT_MAX_LARGE_RESPONSE_BYTES).await;
    assert!(run.ok, "{}", run.envelope);
}

#[tokio::test]
async fn a_result_larger_than_the_plugin_reads_says_how_to_narrow_the_query() {
    let run = with_limits(DEFAULT_MAX_RESPONSE_BYTES, 100).await;
    assert!(!run.ok);
    let exception = &run.json["body"]["exception"];
    assert_eq!(
        exception["cause"],
        "The query result is larger than 100 bytes, the most the plugin reads."
    );
    assert!(exception["assistance"]
        .as_str()
        .unwrap()
        .contains("project only the columns"));
}
