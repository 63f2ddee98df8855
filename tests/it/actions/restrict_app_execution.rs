//! restrict_app_execution against the emulator.

use serde_json::json;

super::scenarios! {
    action: "restrict_app_execution",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "comment": "c"}),
    hostile: json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438/../../indicators", "comment": "c"}),
}

#[tokio::test]
async fn waits_for_completion_when_asked() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "restrict_app_execution",
            json!({"machine_id": "ws-fin-042.contoso.local", "comment": "c", "wait_for_completion": true}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_action_response"]["status"],
        "Succeeded"
    );
    assert_eq!(
        harness.sleeps(),
        [
            std::time::Duration::from_secs(5),
            std::time::Duration::from_secs(10)
        ],
        "two polls, backing off"
    );
}

#[tokio::test]
async fn a_wait_timeout_out_of_range_is_refused_without_sending_any_request() {
    let harness = Harness::new().await;
    for timeout in [0, 9, 3601, -5] {
        let run = harness
            .run(
                "restrict_app_execution",
                json!({"machine_id": "ws-fin-042.contoso.local", "comment": "c", "wait_for_completion": true, "wait_timeout": timeout}),
            )
            .await;
        assert!(!run.ok, "{}", run.envelope);
        assert!(run.envelope.contains("wait_timeout"), "{}", run.envelope);
    }
    assert_eq!(harness.emulator.requests().len(), 0);
    let run = harness
        .run(
            "restrict_app_execution",
            json!({"machine_id": "ws-fin-042.contoso.local", "comment": "c", "wait_timeout": 7200}),
        )
        .await;
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}
