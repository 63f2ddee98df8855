//! update_alert against the emulator.

use serde_json::json;

super::scenarios! {
    action: "update_alert",
    unknown: json!({"alert_id": "da000000000000000000_-1", "status": "Resolved"}),
    hostile: json!({"alert_id": "da638402211706714560_-1915585947/../x", "status": "Resolved"}),
}

const ALERT: &str = "da638402211706714560_-1915585947";

#[tokio::test]
async fn sends_only_the_fields_given_in_camel_case() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "update_alert",
            json!({"alert_id": ALERT, "status": "Resolved", "assigned_to": "  ", "classification": "FalsePositive", "comment": ""}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let patch = harness.api_requests().pop().unwrap();
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, format!("/api/alerts/{ALERT}"));
    let body: serde_json::Value = serde_json::from_str(&patch.body).unwrap();
    assert_eq!(
        body,
        json!({"status": "Resolved", "classification": "FalsePositive"})
    );
    let alert = &run.json["body"]["output"]["alert"];
    assert_eq!(alert["status"], "Resolved");
    assert!(alert["resolvedTime"].is_string());
}

#[tokio::test]
async fn the_full_example_updates_every_field_and_adds_the_comment() {
    let harness = Harness::new().await;
    let run = harness
        .run("update_alert", example_input("update_alert"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let alert = &run.json["body"]["output"]["alert"];
    assert_eq!(alert["assignedTo"], "secops@contoso.com");
    assert_eq!(alert["determination"], "Malware");
    let comments = alert["comments"].as_array().unwrap();
    assert_eq!(
        comments.last().unwrap()["comment"],
        "Confirmed by InsightConnect; the machine was isolated"
    );
}

#[tokio::test]
async fn nothing_to_update_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("update_alert", json!({"alert_id": ALERT, "comment": " "}))
        .await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_enum_value_outside_the_list_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "update_alert",
            json!({"alert_id": ALERT, "determination": "Apt"}),
        )
        .await;
    assert!(!run.ok);
    assert!(run.envelope.contains("determination"), "{}", run.envelope);
    assert_eq!(harness.emulator.requests().len(), 0);
}
