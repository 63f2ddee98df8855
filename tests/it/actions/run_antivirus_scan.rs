//! run_antivirus_scan against the emulator.

use serde_json::json;

super::scenarios! {
    action: "run_antivirus_scan",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "scan_type": "Quick", "comment": "c"}),
    hostile: json!({"machine_id": "%2e%2e%2fapi", "scan_type": "Quick", "comment": "c"}),
}

#[tokio::test]
async fn sends_the_scan_type() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "run_antivirus_scan",
            json!({"machine_id": "ws-hr-017.contoso.local", "scan_type": "Quick", "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (_, body) = harness.first_post();
    assert_eq!(body["ScanType"], "Quick", "{body}");
    assert_eq!(
        run.json["body"]["output"]["machine_action_response"]["scope"],
        "Quick"
    );
}

#[tokio::test]
async fn waits_for_the_scan_to_finish() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "run_antivirus_scan",
            json!({"machine_id": "ws-hr-017.contoso.local", "scan_type": "Full", "comment": "c", "wait_for_completion": true, "wait_timeout": 3600}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_action_response"]["status"],
        "Succeeded"
    );
}
