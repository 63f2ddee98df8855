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
