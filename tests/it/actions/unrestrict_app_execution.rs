//! unrestrict_app_execution against the emulator.

use serde_json::json;

super::scenarios! {
    action: "unrestrict_app_execution",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "comment": "c"}),
    hostile: json!({"machine_id": "ws-fin-042.contoso.local?$filter=x", "comment": "c"}),
}

#[tokio::test]
async fn sends_the_case_sensitive_body_defender_expects() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "unrestrict_app_execution",
            example_input("unrestrict_app_execution"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(
        path,
        "/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/unrestrictCodeExecution"
    );
    assert_eq!(
        body,
        json!({"Comment": "Restriction removed by InsightConnect after the investigation"})
    );
}

#[tokio::test]
async fn a_duplicate_refused_by_defender_returns_the_pending_action() {
    let harness = Harness::new().await;
    let first = harness
        .run(
            "unrestrict_app_execution",
            example_input("unrestrict_app_execution"),
        )
        .await;
    let second = harness
        .run(
            "unrestrict_app_execution",
            example_input("unrestrict_app_execution"),
        )
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_eq!(
        first.json["body"]["output"]["machine_action_response"]["id"],
        second.json["body"]["output"]["machine_action_response"]["id"]
    );
    let statuses: Vec<u16> = harness.api_requests().iter().map(|r| r.status).collect();
    assert!(statuses.contains(&400), "{statuses:?}");
}
