//! isolate_machine against the emulator.

use crate::harness::{call, Run};
use defender_emulator::Fault;
use defender_emulator::{ActionProgress, Config, DuplicateMode};
use serde_json::json;

super::scenarios! {
    action: "isolate_machine",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "isolation_type": "Full", "comment": "c"}),
    hostile: json!({"machine_id": "a6a3/../../indicators", "isolation_type": "Full", "comment": "c"}),
}

#[tokio::test]
async fn a_dns_name_is_resolved_to_its_id_before_the_action_is_posted() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Selective", "comment": "c"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let action = &run.json["body"]["output"]["machine_isolation_response"];
    assert_eq!(
        action["machineId"],
        "a6a3a4506513270e269e0d37f2a74de452e6b438"
    );
    assert_eq!(action["scope"], "Selective");
    assert_eq!(
        harness.api_calls(),
        [
            call("GET", "/api/machines/ws-fin-042.contoso.local"),
            call(
                "POST",
                "/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/isolate"
            ),
        ]
    );
}

#[tokio::test]
async fn a_machine_id_is_posted_without_a_lookup() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [call(
            "POST",
            "/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/isolate"
        )]
    );
}

#[tokio::test]
async fn an_unknown_dns_name_is_reported_by_name_and_nothing_is_posted() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", json!({"machine_id": "ws-gone.contoso.local", "isolation_type": "Full", "comment": "c"}))
        .await;
    assert!(!run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["exception"]["cause"],
        "No machine named \"ws-gone.contoso.local\" was found."
    );
    assert_eq!(
        harness.api_calls(),
        [call("GET", "/api/machines/ws-gone.contoso.local")]
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_duplicate_on_a_named_machine_looks_up_the_pending_action_by_id() {
    let harness = Harness::new().await;
    let input =
        json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Full", "comment": "c"});
    let first = harness.run("isolate_machine", input.clone()).await;
    let second = harness.run("isolate_machine", input).await;
    assert!(second.ok, "{}", second.envelope);
    assert_eq!(
        first.json["body"]["output"]["machine_isolation_response"]["id"],
        second.json["body"]["output"]["machine_isolation_response"]["id"]
    );
    let lookup = harness
        .api_requests()
        .into_iter()
        .find(|r| r.path == "/api/machineactions")
        .expect("the pending action is looked up");
    let filter: String = url::form_urlencoded::parse(lookup.query.as_bytes())
        .find(|(k, _)| k == "$filter")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(
        filter.starts_with("machineId eq 'a6a3a4506513270e269e0d37f2a74de452e6b438' and "),
        "{filter}"
    );
}

#[tokio::test]
async fn a_duplicate_answered_with_the_pending_action_is_passed_through() {
    let harness = Harness::with(Config {
        duplicate_mode: DuplicateMode::ReturnExisting,
        ..Config::default()
    })
    .await;
    let first = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let second = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert_eq!(
        first.json["body"]["output"]["machine_isolation_response"]["id"],
        second.json["body"]["output"]["machine_isolation_response"]["id"]
    );
}

#[tokio::test]
async fn an_unsupported_os_quotes_microsofts_message() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", json!({"machine_id": "6cad4a268d116ece1738f7d93d9c172411e20b8f", "isolation_type": "Full", "comment": "c"}))
        .await;
    assert!(!run.ok);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn waits_for_the_isolation_to_succeed() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "isolate_machine",
            json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Full", "comment": "c", "wait_for_completion": true}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let action = &run.json["body"]["output"]["machine_isolation_response"];
    assert_eq!(action["status"], "Succeeded");
    let polls: Vec<_> = harness
        .api_requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/api/machineactions/"))
        .collect();
    assert_eq!(polls.len(), 2, "Pending, then InProgress, then Succeeded");
    assert!(run.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("reached the final status Succeeded"));
}

/// Isolates the seeded machine by its name with `wait_for_completion`, the emulator's actions
/// progressing as `progress` says, waiting `wait_timeout` seconds (else the default).
async fn isolate_and_wait(progress: ActionProgress, wait_timeout: Option<u64>) -> (Harness, Run) {
    let harness = Harness::with(Config {
        action_progress: progress,
        ..Config::default()
    })
    .await;
    let mut input = json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Full", "comment": "c", "wait_for_completion": true});
    if let Some(seconds) = wait_timeout {
        input["wait_timeout"] = json!(seconds);
    }
    let run = harness.run("isolate_machine", input).await;
    (harness, run)
}

#[tokio::test]
async fn a_wait_that_times_out_returns_the_pending_action_with_a_log_line() {
    let (harness, run) = isolate_and_wait(ActionProgress::Manual, Some(60)).await;
    assert!(run.ok, "a timeout is not an error: {}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_isolation_response"]["status"],
        "Pending"
    );
    let secs: Vec<u64> = harness.sleeps().iter().map(|d| d.as_secs()).collect();
    assert_eq!(secs, [5, 10, 20, 25], "backoff, clipped to the timeout");
    assert!(run.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("still Pending after waiting 60 seconds"));
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_wait_returns_a_failed_action_as_it_ended() {
    let (_, run) = isolate_and_wait(ActionProgress::FailsOnRead(1), None).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_isolation_response"]["status"],
        "Failed"
    );
    assert!(run.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("reached the final status Failed"));
}

#[tokio::test]
async fn a_wait_caps_the_number_of_polls() {
    let (harness, run) = isolate_and_wait(ActionProgress::Manual, Some(3600)).await;
    assert!(run.ok, "{}", run.envelope);
    let slept: u64 = harness.sleeps().iter().map(|d| d.as_secs()).sum();
    assert_eq!(slept, 3600);
    assert!(harness.sleeps().len() <= 100);
}

#[tokio::test]
async fn a_status_request_that_hangs_ends_the_wait_at_its_timeout() {
    use std::time::{Duration, Instant};
    use windows_defender_atp::internals::STATUS_GRACE;
    let harness = Harness::with(Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/machineactions".into()),
        millis: 600_000,
        times: 5,
    });
    let started = Instant::now();
    let run = tokio::time::timeout(
        Duration::from_secs(120),
        harness.run(
            "isolate_machine",
            json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Full", "comment": "c", "wait_for_completion": true, "wait_timeout": 10}),
        ),
    )
    .await
    .expect("the step ends");
    let took = started.elapsed();
    assert!(run.ok, "the action was created: {}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_isolation_response"]["status"],
        "Pending"
    );
    let log = run.json["body"]["log"].as_str().unwrap();
    assert!(
        log.contains("no complete answer within the wait_timeout of 10 s"),
        "{log}"
    );
    assert!(
        took < Duration::from_secs(10) + STATUS_GRACE + Duration::from_secs(2),
        "the wait ends at its timeout plus the grace of a status request, took {took:?}"
    );
}
