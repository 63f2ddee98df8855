//! batch_update_alerts against the emulator.

use crate::harness::{example_input, refused_naming, stable, Harness};
use serde_json::{json, Value};

const FIN: &str = "da638402211706714560_-1915585947";
const DC: &str = "da638402659341605616_-1145312790";

/// The bodies of the batch updates sent, in order.
fn batch_bodies(harness: &Harness) -> Vec<Value> {
    harness.posted("/api/alerts/batchUpdate")
}

fn alert(harness: &Harness, id: &str) -> Value {
    harness
        .emulator
        .alerts()
        .into_iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[tokio::test]
async fn the_example_updates_both_alerts_in_one_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("batch_update_alerts", example_input("batch_update_alerts"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let bodies = batch_bodies(&harness);
    assert_eq!(bodies.len(), 1);
    assert_eq!(
        bodies[0],
        json!({"status": "InProgress", "assignedTo": "secops@contoso.com",
            "classification": "TruePositive", "determination": "Malware",
            "comment": "Confirmed by InsightConnect; the machine was isolated",
            "alertIds": ["da638402211706714560_-1915585947", "da638404957520747717_-2129901735"]})
    );
    let updated = alert(&harness, FIN);
    assert_eq!(updated["status"], "InProgress");
    assert_eq!(updated["determination"], "Malware");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn twelve_hundred_alerts_go_in_requests_of_500() {
    let harness = Harness::new().await;
    let template = alert(&harness, FIN);
    let ids: Vec<String> = (0..1_200)
        .map(|n| format!("da6385100000000{n:05}_1"))
        .collect();
    harness.emulator.add_alerts(ids.iter().map(|id| {
        let mut alert = template.clone();
        alert["id"] = json!(id);
        alert
    }));
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": ids, "status": "Resolved"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let sizes: Vec<usize> = batch_bodies(&harness)
        .iter()
        .map(|body| body["alertIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [500, 500, 200]);
    assert_eq!(run.json["body"]["output"]["alert_ids"], json!(ids));
    assert_eq!(alert(&harness, &ids[1_199])["status"], "Resolved");
}

#[tokio::test]
async fn an_alert_given_twice_is_sent_once() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": [DC, format!(" {FIN} "), DC], "comment": "seen"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(batch_bodies(&harness)[0]["alertIds"], json!([DC, FIN]));
    assert_eq!(run.json["body"]["output"]["alert_ids"], json!([DC, FIN]));
}

#[tokio::test]
async fn an_unknown_alert_fails_its_request_and_changes_none_of_its_alerts() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": [FIN, "da000000000000000000_1"], "status": "Resolved"}),
        )
        .await;
    assert!(!run.ok);
    assert_eq!(alert(&harness, FIN)["status"], "New");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_id_that_is_not_an_alert_id_is_refused_by_its_position_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": [FIN, "da638402211706714560'", DC], "status": "Resolved"}),
        )
        .await;
    refused_naming(&harness, &run, "Alert IDs (alert_ids) item 2");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn nothing_to_change_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": [FIN], "comment": "  "}),
        )
        .await;
    refused_naming(&harness, &run, "nothing to update");
}

#[tokio::test]
async fn more_alerts_than_a_step_takes_are_refused_before_any_request() {
    let harness = Harness::new().await;
    let ids: Vec<String> = (0..5_001).map(|n| format!("da{n}_1")).collect();
    let run = harness
        .run(
            "batch_update_alerts",
            json!({"alert_ids": ids, "status": "Resolved"}),
        )
        .await;
    refused_naming(&harness, &run, "Alert IDs (alert_ids) holds 5001 IDs");
}
