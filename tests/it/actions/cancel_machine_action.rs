//! cancel_machine_action against the emulator.

use serde_json::json;

super::scenarios! {
    action: "cancel_machine_action",
    unknown: json!({"action_id": "00000000-0000-4000-8000-000000000000", "comment": "c"}),
    hostile: json!({"action_id": "e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f?x=1", "comment": "c"}),
}

#[tokio::test]
async fn sends_the_comment_and_returns_the_cancelled_action() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "cancel_machine_action",
            example_input("cancel_machine_action"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(
        path,
        "/api/machineactions/e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f/cancel"
    );
    assert_eq!(
        body,
        json!({"Comment": "Cancelled by InsightConnect, the alert was a false positive"})
    );
    let action = &run.json["body"]["output"]["machine_action_response"];
    assert_eq!(action["status"], "Cancelled");
    assert_eq!(
        action["cancellationComment"],
        "Cancelled by InsightConnect, the alert was a false positive"
    );
}

#[tokio::test]
async fn an_action_already_final_cannot_be_cancelled() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "cancel_machine_action",
            json!({"action_id": "70ccec31-3571-410a-bc13-2d0d113db17d", "comment": "c"}),
        )
        .await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(
        cause.contains("already ended with status Succeeded"),
        "{cause}"
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn cancelling_a_new_isolation_leaves_the_machine_not_isolated() {
    let harness = Harness::new().await;
    let isolate = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let id = &isolate.json["body"]["output"]["machine_isolation_response"]["id"];
    let run = harness
        .run(
            "cancel_machine_action",
            json!({"action_id": id, "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let state = harness
        .run(
            "get_isolation_state",
            json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438"}),
        )
        .await;
    assert_eq!(
        state.json["body"]["output"]["isolation_state"], "not_isolated",
        "{}",
        state.envelope
    );
}
