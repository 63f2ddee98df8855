//! get_file_statistics against the emulator, whose look-back ends at the seeded tenant's
//! present.

use super::enrichment::{only_request, refused, BAD_HASHES, POWERSHELL_SHA256, UNKNOWN_SHA1};
use crate::harness::{example_input, stable, Harness};
use serde_json::json;

const ACTION: &str = "get_file_statistics";

#[tokio::test]
async fn counts_the_machines_that_saw_the_file_over_the_default_30_days() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let statistics = &run.json["body"]["output"]["file_statistics"];
    assert_eq!(statistics["organizationPrevalence"], 2);
    assert_eq!(statistics["topFileNames"], json!(["powershell.exe"]));
    let (_, path, query) = only_request(&harness);
    assert!(path.ends_with("/stats"), "{path}");
    assert_eq!(query, "lookBackHours=720");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_shorter_look_back_counts_only_the_recent_sightings() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"hash": POWERSHELL_SHA256, "lookback_hours": 24}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let statistics = &run.json["body"]["output"]["file_statistics"];
    assert_eq!(statistics["organizationPrevalence"], 1, "{statistics}");
    assert_eq!(only_request(&harness).2, "lookBackHours=24");
}

#[tokio::test]
async fn reports_an_unknown_hash_as_not_found_naming_the_hash() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"hash": UNKNOWN_SHA1})).await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert_eq!(
        cause,
        format!("No file with ID \"{UNKNOWN_SHA1}\" was found.")
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_look_back_outside_1_to_720_hours_is_refused_without_a_request() {
    for hours in [0, -1, 721, 100_000] {
        refused(
            ACTION,
            json!({"hash": POWERSHELL_SHA256, "lookback_hours": hours}),
            "Look-back Hours",
        )
        .await;
    }
    let run = refused(
        ACTION,
        json!({"hash": POWERSHELL_SHA256, "lookback_hours": 721}),
        "Look-back Hours",
    )
    .await;
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn refuses_a_value_that_is_no_sha1_or_sha256_naming_the_field_without_a_request() {
    for bad in BAD_HASHES {
        refused(ACTION, json!({"hash": bad}), "Hash").await;
    }
}
