//! collect_investigation_package against the emulator.

use serde_json::json;

super::scenarios! {
    action: "collect_investigation_package",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "comment": "c"}),
    hostile: json!({"machine_id": "..", "comment": "c"}),
}

#[tokio::test]
async fn waiting_for_completion_makes_the_package_link_available() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "collect_investigation_package",
            json!({"machine_id": "ws-fin-042.contoso.local", "comment": "c", "wait_for_completion": true, "wait_timeout": 900}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let action = &run.json["body"]["output"]["machine_action_response"];
    assert_eq!(action["status"], "Succeeded");
    let uri = harness
        .run(
            "get_investigation_package_uri",
            json!({"action_id": action["id"]}),
        )
        .await;
    assert!(uri.ok, "{}", uri.envelope);
    assert!(uri.json["body"]["output"]["uri"]
        .as_str()
        .unwrap()
        .contains("WDATP_Investigation_Package.zip"));
}
