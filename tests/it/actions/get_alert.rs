//! get_alert against the emulator.

use serde_json::json;

super::scenarios! {
    action: "get_alert",
    unknown: json!({"alert_id": "da000000000000000000_-1"}),
    hostile: json!({"alert_id": "x/../../machines"}),
}

#[tokio::test]
async fn returns_the_evidence_that_defender_leaves_out_by_default() {
    let harness = Harness::new().await;
    let run = harness.run("get_alert", example_input("get_alert")).await;
    assert!(run.ok, "{}", run.envelope);
    let evidence = run.json["body"]["output"]["alert"]["evidence"]
        .as_array()
        .unwrap();
    assert!(!evidence.is_empty());
    assert_eq!(harness.api_requests()[0].query, "%24expand=evidence");
}

#[tokio::test]
async fn a_missing_permission_is_named() {
    let harness = Harness::without_roles("Alert.").await;
    let run = harness.run("get_alert", example_input("get_alert")).await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("Alert.Read.All"),
        "{}",
        run.envelope
    );
}
