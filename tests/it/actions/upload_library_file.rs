//! upload_library_file against the emulator.

use crate::harness::{call, example_input, stable, Harness};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use defender_emulator::Fault;
use serde_json::{json, Value};

const ACTION: &str = "upload_library_file";
const SCRIPT: &[u8] = b"Get-ChildItem C:\\Users -Recurse | Out-File C:\\triage\\files.txt\r\n";

fn input(name: &str, content: &str) -> Value {
    json!({"file": {"filename": name, "content": content}, "description": "Lists the users' files"})
}

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness
            .emulator
            .library_file_content("isolate-and-collect.ps1")
            .unwrap(),
        b"Write-Output 'collecting'\n"
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn the_library_holds_the_exact_bytes_and_lists_the_file() {
    let harness = Harness::new().await;
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let run = harness
        .run(ACTION, input("probe.exe", &STANDARD.encode(&binary)))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.emulator.library_file_content("probe.exe").unwrap(),
        binary
    );
    let output = &run.json["body"]["output"]["library_file"];
    assert_eq!(output["fileName"], "probe.exe");
    assert_eq!(output["description"], "Lists the users' files");
    assert_eq!(output["hasParameters"], false);
    let list = harness.run("list_library_files", json!({})).await;
    assert_eq!(list.json["body"]["output"]["library_files"][3], *output);
}

#[tokio::test]
async fn the_form_holds_the_fields_upload_library_md_documents() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"file": {"filename": "triage.ps1", "content": STANDARD.encode(SCRIPT)},
                "description": "Triage", "parameters_description": "-Deep: every drive",
                "override_if_exists": true}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(harness.api_calls(), [call("POST", "/api/libraryfiles")]);
    let post = harness.api_requests().pop().unwrap();
    let content_type = post.header("content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    for part in [
        "name=\"File\"; filename=\"triage.ps1\"\r\ncontent-type: application/octet-stream",
        "name=\"Description\"\r\n\r\nTriage\r\n",
        "name=\"ParametersDescription\"\r\n\r\n-Deep: every drive\r\n",
        "name=\"HasParameters\"\r\n\r\ntrue\r\n",
        "name=\"OverrideIfExists\"\r\n\r\ntrue\r\n",
    ] {
        assert!(post.body.contains(part), "{part:?} in {}", post.body);
    }
    let output = &run.json["body"]["output"]["library_file"];
    assert_eq!(output["hasParameters"], true);
    assert_eq!(output["parametersDescription"], "-Deep: every drive");
}

#[tokio::test]
async fn a_name_the_library_holds_is_defenders_400_without_the_override() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            input("collect-triage.ps1", &STANDARD.encode(SCRIPT)),
        )
        .await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains("already exists"), "{cause}");
    assert_ne!(
        harness
            .emulator
            .library_file_content("collect-triage.ps1")
            .unwrap(),
        SCRIPT
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn the_override_replaces_the_file_of_the_same_name() {
    let harness = Harness::new().await;
    let mut replace = input("collect-triage.ps1", &STANDARD.encode(SCRIPT));
    replace["override_if_exists"] = json!(true);
    let run = harness.run(ACTION, replace).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness
            .emulator
            .library_file_content("collect-triage.ps1")
            .unwrap(),
        SCRIPT
    );
    assert_eq!(harness.emulator.library_files().len(), 3);
}

#[tokio::test]
async fn a_retried_upload_sends_the_whole_file_again() {
    let harness = Harness::new().await;
    harness.emulator.inject(Fault::ServerError {
        status: 503,
        path_prefix: None,
        times: 1,
    });
    let run = harness
        .run(ACTION, input("triage.ps1", &STANDARD.encode(SCRIPT)))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let posts = harness.api_requests();
    assert_eq!(
        posts.iter().map(|r| r.status).collect::<Vec<_>>(),
        [503, 200]
    );
    assert_eq!(
        posts[0].body,
        posts[1]
            .body
            .replace(boundary(&posts[1]), boundary(&posts[0]))
    );
    assert_eq!(
        harness.emulator.library_file_content("triage.ps1").unwrap(),
        SCRIPT
    );
}

fn boundary(request: &defender_emulator::RecordedRequest) -> &str {
    request
        .header("content-type")
        .and_then(|ct| ct.split_once("boundary="))
        .map(|(_, boundary)| boundary)
        .unwrap()
}

/// Runs an input that must be refused before any request; the envelope.
async fn refused(input: Value) -> crate::harness::Run {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, input).await;
    assert!(!run.ok, "{}", run.envelope);
    assert_eq!(
        harness.emulator.requests().len(),
        0,
        "nothing may be sent for invalid input"
    );
    run
}

fn cause(run: &crate::harness::Run) -> &str {
    run.json["body"]["exception"]["cause"].as_str().unwrap()
}

#[tokio::test]
async fn a_name_with_a_path_is_refused_before_any_request() {
    let content = STANDARD.encode(SCRIPT);
    for name in [
        "scripts/triage.ps1",
        "..\\triage.ps1",
        "..",
        "a%2Fb.ps1",
        "tri\u{7}age.ps1",
        "c:triage.ps1",
    ] {
        let run = refused(input(name, &content)).await;
        assert!(
            cause(&run).starts_with("The input File "),
            "{}",
            cause(&run)
        );
    }
    let run = refused(input("../../api/machines", &content)).await;
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_file_without_a_name_is_refused_before_any_request() {
    for file in [
        json!({"content": STANDARD.encode(SCRIPT)}),
        json!({"filename": "  ", "content": STANDARD.encode(SCRIPT)}),
    ] {
        let run = refused(json!({ "file": file })).await;
        assert!(cause(&run).contains("has no file name"), "{}", cause(&run));
    }
}

#[tokio::test]
async fn content_that_is_not_base64_is_refused_before_any_request() {
    let run = refused(input("triage.ps1", "Get-Process | Out-File x.txt")).await;
    assert!(cause(&run).contains("not valid base64"), "{}", cause(&run));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_empty_file_is_refused_before_any_request() {
    for file in [
        json!({"filename": "triage.ps1", "content": ""}),
        json!({"filename": "triage.ps1"}),
    ] {
        let run = refused(json!({ "file": file })).await;
        assert!(cause(&run).contains("is empty"), "{}", cause(&run));
    }
}

#[tokio::test]
async fn a_file_over_20_mib_is_refused_before_any_request() {
    let over = STANDARD.encode(vec![b'x'; 20 * 1024 * 1024 + 1]);
    let run = refused(input("huge.bin", &over)).await;
    assert!(cause(&run).contains("20 MiB"), "{}", cause(&run));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
