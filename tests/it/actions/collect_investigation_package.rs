//! collect_investigation_package against the emulator.

use serde_json::json;

super::scenarios! {
    action: "collect_investigation_package",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "comment": "c"}),
    hostile: json!({"machine_id": "..", "comment": "c"}),
}

#[tokio::test]
async fn sends_the_case_sensitive_body_defender_expects() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "collect_investigation_package",
            example_input("collect_investigation_package"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(
        path,
        "/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/collectInvestigationPackage"
    );
    assert_eq!(
        body,
        json!({"Comment": "Forensics collected by InsightConnect after a high severity alert"})
    );
}

#[tokio::test]
async fn a_collection_already_running_is_returned_instead_of_failing() {
    let harness = Harness::new().await;
    let first = harness
        .run(
            "collect_investigation_package",
            example_input("collect_investigation_package"),
        )
        .await;
    let second = harness
        .run(
            "collect_investigation_package",
            example_input("collect_investigation_package"),
        )
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_eq!(
        first.json["body"]["output"]["machine_action_response"]["id"],
        second.json["body"]["output"]["machine_action_response"]["id"]
    );
    assert!(second.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("CollectInvestigationPackage action is already pending"));
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
