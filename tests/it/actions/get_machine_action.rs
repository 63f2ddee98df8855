//! get_machine_action against the emulator.

use defender_emulator::Fault;
use serde_json::json;

super::scenarios! {
    action: "get_machine_action",
    unknown: json!({"action_id": "00000000-0000-4000-8000-000000000000"}),
    hostile: json!({"action_id": "../machines/a6a3a4506513270e269e0d37f2a74de452e6b438/offboard"}),
}

#[tokio::test]
async fn follows_an_isolation_until_it_succeeds() {
    let harness = Harness::new().await;
    let created = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let id = created.json["body"]["output"]["machine_isolation_response"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let run = harness
            .run("get_machine_action", json!({"action_id": id}))
            .await;
        assert!(run.ok, "{}", run.envelope);
        statuses.push(
            run.json["body"]["output"]["machine_action_response"]["status"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(
        statuses,
        ["InProgress", "Succeeded", "Succeeded", "Succeeded"]
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let mut harness = Harness::new().await;
    harness.request_timeout = std::time::Duration::from_millis(300);
    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/machineactions".into()),
        millis: 2_000,
        times: 1,
    });
    let run = harness
        .run("get_machine_action", example_input("get_machine_action"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.sleeps().len(),
        1,
        "one backoff between the timed-out attempt and the retry"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let harness = Harness::new().await;
    harness.emulator.inject(Fault::DropConnection {
        path_prefix: Some("/api/machineactions".into()),
        times: 1,
    });
    let run = harness
        .run("get_machine_action", example_input("get_machine_action"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let statuses: Vec<u16> = harness.api_requests().iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [0, 200],
        "the dropped request is recorded with status 0"
    );
}

#[tokio::test]
async fn throttling_that_never_ends_is_reported_with_when_to_retry() {
    let harness = Harness::new().await;
    harness.emulator.inject(Fault::Throttle {
        path_prefix: None,
        retry_after_secs: 20,
        times: 50,
    });
    let run = harness
        .run("get_machine_action", example_input("get_machine_action"))
        .await;
    assert!(!run.ok);
    assert!(harness.api_requests().len() <= 6, "retries are bounded");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}
