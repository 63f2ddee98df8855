//! get_file_information against the emulator.

use super::enrichment::{refused, BAD_HASHES, POWERSHELL_SHA1, POWERSHELL_SHA256, UNKNOWN_SHA256};
use crate::harness::{example_input, stable, Harness};
use serde_json::json;

const ACTION: &str = "get_file_information";

#[tokio::test]
async fn returns_the_file_named_by_its_sha1() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"]["file"]["sha1"], POWERSHELL_SHA1);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn returns_the_same_file_named_by_its_sha256() {
    let harness = Harness::new().await;
    let by_sha1 = harness.run(ACTION, json!({"hash": POWERSHELL_SHA1})).await;
    let by_sha256 = harness
        .run(ACTION, json!({"hash": POWERSHELL_SHA256}))
        .await;
    assert!(by_sha256.ok, "{}", by_sha256.envelope);
    assert_eq!(
        by_sha1.json["body"]["output"],
        by_sha256.json["body"]["output"]
    );
    assert_eq!(
        harness.api_calls().last().unwrap().1,
        format!("/api/files/{POWERSHELL_SHA256}")
    );
}

#[tokio::test]
async fn reports_an_unknown_hash_as_not_found_naming_the_hash() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"hash": UNKNOWN_SHA256})).await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert_eq!(
        cause,
        format!("No file with ID \"{UNKNOWN_SHA256}\" was found.")
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn refuses_a_value_that_is_no_sha1_or_sha256_naming_the_field_without_a_request() {
    for bad in BAD_HASHES {
        refused(ACTION, json!({"hash": bad}), "Hash").await;
    }
    let run = refused(ACTION, json!({"hash": BAD_HASHES[0]}), "Hash").await;
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
