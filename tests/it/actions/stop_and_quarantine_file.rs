//! stop_and_quarantine_file against the emulator.

use serde_json::json;

super::scenarios! {
    action: "stop_and_quarantine_file",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "sha1": "f29d0da9953f48f1a09f76b5a170b33839263059", "comment": "c"}),
    hostile: json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "sha1": "not-a-hash", "comment": "c"}),
}

#[tokio::test]
async fn names_the_file_in_the_related_file_info() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "stop_and_quarantine_file",
            example_input("stop_and_quarantine_file"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["stop_and_quarantine_response"]["relatedFileInfo"],
        json!({"fileIdentifier": "f29d0da9953f48f1a09f76b5a170b33839263059", "fileIdentifierType": "Sha1"})
    );
}

#[tokio::test]
async fn a_wait_timeout_out_of_range_is_refused_without_sending_any_request() {
    let harness = Harness::new().await;
    let mut input = example_input("stop_and_quarantine_file");
    input["wait_for_completion"] = serde_json::Value::Bool(true);
    input["wait_timeout"] = serde_json::Value::from(5);
    let run = harness.run("stop_and_quarantine_file", input).await;
    assert!(!run.ok);
    assert!(run.envelope.contains("from 10 to 3600"), "{}", run.envelope);
    assert_eq!(harness.emulator.requests().len(), 0);
}
