//! delete_indicators against the emulator.

use crate::harness::{example_input, refused_naming, stable, Harness};
use serde_json::{json, Value};

/// The `IndicatorIds` of each request sent, in order.
fn batch_deletes(harness: &Harness) -> Vec<Vec<Value>> {
    let lists = harness.posted("/api/indicators/BatchDelete").into_iter();
    lists
        .map(|body| body["IndicatorIds"].as_array().unwrap().clone())
        .collect()
}

fn held(harness: &Harness, id: &str) -> bool {
    harness.emulator.indicators().iter().any(|i| i["id"] == id)
}

#[tokio::test]
async fn the_example_deletes_the_indicator() {
    let harness = Harness::new().await;
    let run = harness
        .run("delete_indicators", example_input("delete_indicators"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(batch_deletes(&harness), [vec![json!("5001")]]);
    assert!(!held(&harness, "5001"));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn twelve_hundred_indicators_go_in_requests_of_500() {
    let harness = Harness::new().await;
    let ids: Vec<String> = (0..1_200).map(|n| (200_000 + n).to_string()).collect();
    harness.emulator.add_indicators(ids.iter().map(|id| {
        json!({"id": id, "indicatorValue": format!("d{id}.example.org"),
            "indicatorType": "DomainName", "action": "Warn"})
    }));
    let run = harness
        .run("delete_indicators", json!({"indicator_ids": ids}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let sizes: Vec<usize> = batch_deletes(&harness).iter().map(Vec::len).collect();
    assert_eq!(sizes, [500, 500, 200]);
    assert!(!held(&harness, "201199"));
    assert_eq!(run.json["body"]["output"]["indicator_ids"], json!(ids));
}

#[tokio::test]
async fn an_unknown_id_is_defenders_not_found_and_nothing_of_its_request_is_deleted() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "delete_indicators",
            json!({"indicator_ids": ["5001", "999999"]}),
        )
        .await;
    assert!(!run.ok);
    assert!(held(&harness, "5001"));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_id_that_is_not_an_indicator_id_is_refused_by_its_position_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "delete_indicators",
            json!({"indicator_ids": ["5001", "5002", "1 or 1"]}),
        )
        .await;
    refused_naming(&harness, &run, "Indicator IDs (indicator_ids) item 3");
}
