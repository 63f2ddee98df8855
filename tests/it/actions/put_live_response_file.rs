//! put_live_response_file against the emulator.

use super::assert_refused_before_any_request;
use serde_json::json;

super::scenarios! {
    action: "put_live_response_file",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "file_name": "memdump.exe", "comment": "c"}),
    hostile: json!({"machine_id": "..", "file_name": "memdump.exe", "comment": "c"}),
}

const M_FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

#[tokio::test]
async fn puts_a_library_file_and_follows_the_session() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "put_live_response_file",
            json!({"machine_id": M_FIN, "file_name": "memdump.exe", "comment": "c", "wait_for_completion": true}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let action = &run.json["body"]["output"]["machine_action_response"];
    assert_eq!(action["status"], "Succeeded");
    assert_eq!(action["commands"][0]["commandStatus"], "Completed");
    let (path, body) = harness.first_post();
    assert_eq!(path, format!("/api/machines/{M_FIN}/runliveresponse"));
    assert_eq!(
        body["Commands"],
        json!([{"type": "PutFile", "params": [{"key": "FileName", "value": "memdump.exe"}]}])
    );
}

#[tokio::test]
async fn a_file_missing_from_the_library_reports_defenders_error() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "put_live_response_file",
            json!({"machine_id": M_FIN, "file_name": "nope.exe", "comment": "c"}),
        )
        .await;
    assert!(!run.ok, "{}", run.envelope);
    assert!(
        run.envelope
            .contains("File 'nope.exe' does not exist in the live response library"),
        "{}",
        run.envelope
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_file_name_with_a_path_is_refused_without_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "put_live_response_file",
            json!({"machine_id": M_FIN, "file_name": "..\\..\\evil.exe", "comment": "c"}),
        )
        .await;
    assert_refused_before_any_request(&harness, &run, "file_name");
}
