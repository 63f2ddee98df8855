//! list_investigations against the emulator.

use crate::harness::{stable, Harness, Run};
use serde_json::json;

/// The `$filter` of the one list request sent.
fn list_filter(harness: &Harness) -> Option<String> {
    harness
        .api_requests()
        .into_iter()
        .find(|r| r.path == "/api/investigations")
        .and_then(|r| {
            url::form_urlencoded::parse(r.query.as_bytes())
                .find(|(key, _)| key == "$filter")
                .map(|(_, value)| value.into_owned())
        })
}

/// The IDs of the investigations a run listed, in order.
fn listed_ids(run: &Run) -> Vec<&str> {
    run.json["body"]["output"]["investigations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn every_investigation_is_listed_without_filters() {
    let harness = Harness::new().await;
    let run = harness.run("list_investigations", json!({})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(listed_ids(&run), ["63004", "63017", "63042"]);
    assert_eq!(list_filter(&harness), None);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_machine_by_dns_name_and_a_state_become_one_filter() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_investigations",
            json!({"machine_id": "ws-hr-017.contoso.local", "state": "Benign"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        list_filter(&harness).as_deref(),
        Some("machineId eq '1818e811892f902bd23f0824128b2f330c5c7fd0' and state eq 'Benign'")
    );
    assert_eq!(listed_ids(&run).len(), 1);
}

#[tokio::test]
async fn the_limit_stops_the_reading() {
    let harness = Harness::new().await;
    let run = harness
        .run("list_investigations", json!({"limit": 2}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(listed_ids(&run).len(), 2);
}

#[tokio::test]
async fn started_after_keeps_the_investigations_started_since_then() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_investigations",
            json!({"started_after": "2026-11-21T12:00:00+01:00"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        list_filter(&harness).as_deref(),
        Some("startTime ge 2026-11-21T11:00:00.0000000Z")
    );
    assert_eq!(listed_ids(&run), ["63017", "63042"]);
}

#[tokio::test]
async fn a_start_that_is_not_a_date_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("list_investigations", json!({"started_after": "last week"}))
        .await;
    assert!(!run.ok);
    assert!(harness.api_requests().is_empty());
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
