//! delete_library_file against the emulator.

use crate::harness::{call, stable};
use serde_json::json;

const ACTION: &str = "delete_library_file";

super::scenarios! {
    action: "delete_library_file",
    unknown: json!({"file_name": "not-in-the-library.ps1"}),
    hostile: json!({"file_name": "../machines"}),
}

fn listed(harness: &Harness) -> Vec<String> {
    harness
        .emulator
        .library_files()
        .iter()
        .map(|file| file["fileName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_deleted_file_is_no_longer_listed() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [call("DELETE", "/api/libraryfiles/get-autoruns.ps1")]
    );
    assert_eq!(harness.api_requests()[0].status, 204);
    assert_eq!(listed(&harness), ["collect-triage.ps1", "memdump.exe"]);
    let list = harness.run("list_library_files", json!({})).await;
    assert!(
        !list.envelope.contains("get-autoruns.ps1"),
        "{}",
        list.envelope
    );
}

#[tokio::test]
async fn a_name_that_could_reach_another_path_is_refused_before_any_request() {
    for name in [
        "scripts/collect.ps1",
        "..\\collect.ps1",
        "..",
        "%2F",
        "..%2Fmachines",
        "collect\n.ps1",
        "collect\t.ps1",
        "",
    ] {
        let harness = Harness::new().await;
        let run = harness.run(ACTION, json!({ "file_name": name })).await;
        assert!(!run.ok, "{name:?}: {}", run.envelope);
        assert_eq!(harness.emulator.requests().len(), 0, "{name:?}");
    }
}

#[tokio::test]
async fn a_refused_name_is_an_input_error_naming_the_field() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"file_name": "scripts/collect.ps1"}))
        .await;
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.starts_with("The input File Name "), "{cause}");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_name_with_spaces_goes_percent_encoded_as_one_segment() {
    let harness = Harness::new().await;
    harness
        .emulator
        .add_library_file("Triage script (v2).ps1", b"Get-Process\n", None);
    let run = harness
        .run(ACTION, json!({"file_name": "Triage script (v2).ps1"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [call(
            "DELETE",
            "/api/libraryfiles/Triage%20script%20(v2).ps1"
        )]
    );
    assert_eq!(
        listed(&harness),
        ["collect-triage.ps1", "get-autoruns.ps1", "memdump.exe"]
    );
}
