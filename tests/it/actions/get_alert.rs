//! get_alert against the emulator.

use defender_emulator::{Config, UndocumentedOptions};
use serde_json::json;

super::scenarios! {
    action: "get_alert",
    unknown: json!({"alert_id": "da000000000000000000_-1"}),
    hostile: json!({"alert_id": "x/../../machines"}),
}

#[tokio::test]
async fn returns_the_evidence_that_defender_leaves_out_by_default() {
    let harness = Harness::new().await;
    let run = harness.run("get_alert", example_input("get_alert")).await;
    assert!(run.ok, "{}", run.envelope);
    let evidence = run.json["body"]["output"]["alert"]["evidence"]
        .as_array()
        .unwrap();
    assert!(!evidence.is_empty());
}

#[tokio::test]
async fn uses_only_the_query_options_microsoft_documents() {
    let harness = Harness::with(Config {
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    })
    .await;
    let run = harness.run("get_alert", example_input("get_alert")).await;
    assert!(run.ok, "{}", run.envelope);
    let alert = &run.json["body"]["output"]["alert"];
    assert_eq!(alert["id"], example_input("get_alert")["alert_id"]);
    assert!(!alert["evidence"].as_array().unwrap().is_empty());
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/api/alerts");
    let query: Vec<(String, String)> = url::form_urlencoded::parse(requests[0].query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        query,
        [
            (
                "$filter".to_string(),
                format!("id eq '{}'", alert["id"].as_str().unwrap())
            ),
            ("$expand".to_string(), "evidence".to_string()),
        ]
    );
}
