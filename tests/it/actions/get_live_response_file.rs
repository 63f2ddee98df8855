//! get_live_response_file against the emulator.

use super::assert_refused_before_any_request;
use base64::Engine;
use serde_json::json;

super::scenarios! {
    action: "get_live_response_file",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "path": "C:\\x.txt", "comment": "c"}),
    hostile: json!({"machine_id": "..", "path": "C:\\x.txt", "comment": "c"}),
}

const M_FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

#[tokio::test]
async fn a_small_file_is_returned_inline_with_its_link() {
    let harness = Harness::new().await;
    let bytes = b"PK\x03\x04\x00\xffbinary";
    harness
        .emulator
        .add_machine_file("C:\\Windows\\Temp\\triage.zip", bytes);
    let run = harness
        .run(
            "get_live_response_file",
            json!({"machine_id": M_FIN, "path": "C:\\Windows\\Temp\\triage.zip", "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(output["file"]["filename"], "triage.zip");
    let content = base64::engine::general_purpose::STANDARD
        .decode(output["file"]["content"].as_str().unwrap())
        .unwrap();
    assert_eq!(content, bytes);
    assert!(output["download_link"]
        .as_str()
        .unwrap()
        .contains("/blobs/liveresponse/"));
    assert!(output["link_expires"].as_str().unwrap().ends_with('Z'));
    let (_, body) = harness.first_post();
    assert_eq!(
        body["Commands"],
        json!([{"type": "GetFile", "params": [{"key": "Path", "value": "C:\\Windows\\Temp\\triage.zip"}]}])
    );
}

#[tokio::test]
async fn a_file_larger_than_max_file_size_returns_the_link_only_with_a_log_line() {
    let harness = Harness::new().await;
    harness
        .emulator
        .add_machine_file("/var/log/syslog", &[b'x'; 64]);
    let run = harness
        .run(
            "get_live_response_file",
            json!({"machine_id": M_FIN, "path": "/var/log/syslog", "comment": "c", "max_file_size": 16}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert!(output.get("file").is_none(), "{output}");
    assert!(output["download_link"].is_string());
    assert!(run.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("larger than Max File Size (16 bytes); returning its download link only"));
}

#[tokio::test]
async fn a_path_that_is_not_absolute_is_refused_without_any_request() {
    for path in ["Windows\\Temp\\x.zip", "x.txt", "\\\\server\\share\\x"] {
        let harness = Harness::new().await;
        let run = harness
            .run(
                "get_live_response_file",
                json!({"machine_id": M_FIN, "path": path, "comment": "c"}),
            )
            .await;
        assert_refused_before_any_request(&harness, &run, "The input path");
        if path == "x.txt" {
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }
    }
}

#[tokio::test]
async fn a_file_size_limit_out_of_range_is_refused_without_any_request() {
    for limit in [0, 64 * 1024 * 1024 + 1] {
        let harness = Harness::new().await;
        let run = harness
            .run(
                "get_live_response_file",
                json!({"machine_id": M_FIN, "path": "C:\\x.txt", "comment": "c", "max_file_size": limit}),
            )
            .await;
        assert_refused_before_any_request(&harness, &run, "max_file_size");
        if limit == 0 {
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }
    }
}

#[tokio::test]
async fn without_waiting_returns_the_pending_action_without_a_link() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_live_response_file",
            json!({"machine_id": M_FIN, "path": "C:\\x.txt", "comment": "c", "wait_for_completion": false}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(output["machine_action_response"]["status"], "Pending");
    assert!(output.get("download_link").is_none(), "{output}");
}
