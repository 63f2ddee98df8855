//! list_machine_actions against the emulator.

use defender_emulator::{Config, UndocumentedOptions};
use serde_json::json;

super::scenarios! {
    action: "list_machine_actions",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000"}),
    hostile: json!({"machine_id": "x' or type eq 'Isolate"}),
}

fn ids(run: &crate::harness::Run) -> Vec<String> {
    run.json["body"]["output"]["machine_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| action["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn filters_by_machine_type_and_status_in_one_quoted_filter() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_machine_actions",
            json!({"machine_id": "ws-hr-017.contoso.local", "type": "Isolate", "status": "Succeeded", "limit": 5}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(ids(&run), ["2f1c7d9e-5b4a-4c3e-9d8f-6a7b8c9d0e1f"]);
    let list = harness
        .api_requests()
        .into_iter()
        .find(|r| r.path == "/api/machineactions")
        .unwrap();
    let query: Vec<(String, String)> = url::form_urlencoded::parse(list.query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        query,
        [
            (
                "$filter".to_string(),
                "machineId eq '1818e811892f902bd23f0824128b2f330c5c7fd0' and type eq 'Isolate' and status eq 'Succeeded'".to_string()
            ),
            ("$top".to_string(), "5".to_string()),
        ]
    );
}

#[tokio::test]
async fn without_filters_lists_every_action_newest_first_up_to_the_limit() {
    let harness = Harness::new().await;
    let run = harness
        .run("list_machine_actions", json!({"limit": 2}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        ids(&run),
        [
            "e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f",
            "c4d9b2a5-3e7f-4a8b-9c0d-1e2f3a4b5c6d"
        ]
    );
    let all = harness.run("list_machine_actions", json!({})).await;
    assert_eq!(ids(&all).len(), 6);
    let none = harness
        .run("list_machine_actions", json!({"status": "TimeOut"}))
        .await;
    assert_eq!(ids(&none), Vec::<String>::new());
}

#[tokio::test]
async fn uses_only_the_query_options_microsoft_documents() {
    let harness = Harness::with(Config {
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    })
    .await;
    let run = harness
        .run("list_machine_actions", json!({"limit": 2}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        ids(&run),
        [
            "e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f",
            "c4d9b2a5-3e7f-4a8b-9c0d-1e2f3a4b5c6d"
        ]
    );
    assert_eq!(harness.api_requests().len(), 1);
}

#[tokio::test]
async fn a_limit_out_of_range_is_refused_without_sending_any_request() {
    let harness = Harness::new().await;
    for limit in [0, -1, 10_001] {
        let run = harness
            .run("list_machine_actions", json!({"limit": limit}))
            .await;
        assert!(!run.ok);
        assert!(run.envelope.contains("limit"), "{}", run.envelope);
    }
    assert_eq!(harness.emulator.requests().len(), 0);
    let run = harness
        .run("list_machine_actions", json!({"limit": 0}))
        .await;
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_type_outside_the_enum_is_refused_without_sending_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_machine_actions",
            json!({"type": "Isolate' or status eq 'Failed"}),
        )
        .await;
    assert!(!run.ok);
    assert!(run.envelope.contains("type"), "{}", run.envelope);
    assert_eq!(harness.emulator.requests().len(), 0);
}
