//! list_indicators against the emulator.

use crate::harness::{example_input, Harness};
use serde_json::json;

const ACTION: &str = "list_indicators";

fn ids(run: &crate::harness::Run) -> Vec<String> {
    run.json["body"]["output"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(ids(&run), ["5001"]);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn no_filter_lists_every_indicator_up_to_the_limit() {
    let harness = Harness::new().await;
    let all = harness.run(ACTION, json!({})).await;
    assert_eq!(ids(&all), ["5001", "5002"]);
    let one = harness.run(ACTION, json!({"limit": 1})).await;
    assert_eq!(ids(&one), ["5001"]);
}

#[tokio::test]
async fn a_hostile_value_stays_one_literal() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"indicator_value": "x' or indicatorType eq 'FileSha256"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(ids(&run).is_empty());
}

#[tokio::test]
async fn a_limit_out_of_range_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"limit": -5})).await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}
