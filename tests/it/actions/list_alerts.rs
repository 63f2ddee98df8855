//! list_alerts against the emulator.

use crate::harness::{example_input, refused_naming, stable, Harness};
use serde_json::{json, Value};

const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";

/// The `$filter`, `$top` and `$skip` of each list request sent, in order.
fn list_queries(harness: &Harness) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    harness
        .api_requests()
        .into_iter()
        .filter(|r| r.path == "/api/alerts")
        .map(|r| {
            let get = |name: &str| {
                url::form_urlencoded::parse(r.query.as_bytes())
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.into_owned())
            };
            (get("$filter"), get("$top"), get("$skip"))
        })
        .collect()
}

fn ids(output: &Value) -> Vec<&str> {
    output["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn every_documented_filter_goes_into_one_filter_and_the_machine_is_matched_on_the_alerts_read(
) {
    let harness = Harness::new().await;
    let run = harness
        .run("list_alerts", example_input("list_alerts"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let queries = list_queries(&harness);
    assert_eq!(queries.len(), 1);
    assert_eq!(
        queries[0].0.as_deref(),
        Some(
            "severity eq 'High' and status eq 'InProgress' and category eq 'CredentialAccess' \
             and detectionSource eq 'WindowsDefenderAv' \
             and alertCreationTime ge 2026-11-20T00:00:00.0000000Z \
             and lastUpdateTime ge 2026-11-21T00:00:00.0000000Z"
        )
    );
    assert_eq!(
        ids(&run.json["body"]["output"]),
        ["da638402659341605616_-1145312790"]
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_machine_by_dns_name_keeps_only_its_alerts() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_alerts",
            json!({"machine_id": "ws-hr-017.contoso.local", "limit": 1}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let alerts = run.json["body"]["output"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["machineId"], HR);
    // get-alerts.md has no machineId filter: nothing about the machine goes to Defender, and
    // a page is a full one whatever the limit, since few of its alerts may be the machine's.
    let queries = list_queries(&harness);
    assert_eq!(
        queries,
        [(None, Some("1000".to_owned()), Some("0".to_owned()))]
    );
}

#[tokio::test]
async fn every_page_is_read_up_to_the_limit() {
    let harness = Harness::new().await;
    let template = harness.emulator.alerts()[0].clone();
    harness.emulator.add_alerts((0..2_500).map(|n| {
        let mut alert = template.clone();
        alert["id"] = json!(format!("da6385000000000{n:05}_1"));
        alert["severity"] = json!("Low");
        alert
    }));
    let run = harness
        .run("list_alerts", json!({"severity": "Low", "limit": 2_200}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["alerts"]
            .as_array()
            .unwrap()
            .len(),
        2_200
    );
    let pages: Vec<(Option<String>, Option<String>)> = list_queries(&harness)
        .into_iter()
        .map(|(filter, top, skip)| {
            assert_eq!(filter.as_deref(), Some("severity eq 'Low'"));
            (top, skip)
        })
        .collect();
    let page = |skip: &str| (Some("1000".to_owned()), Some(skip.to_owned()));
    assert_eq!(pages, [page("0"), page("1000"), page("2000")]);
}

#[tokio::test]
async fn no_matching_alert_is_an_empty_list() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "list_alerts",
            json!({"detection_source": "CustomDetection", "status": "Resolved"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"]["alerts"], json!([]));
}

#[tokio::test]
async fn a_creation_date_that_is_not_a_date_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("list_alerts", json!({"created_after": "last week"}))
        .await;
    refused_naming(&harness, &run, "Created After (created_after)");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_category_that_cannot_be_a_literal_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("list_alerts", json!({"category": "Malware\u{7}"}))
        .await;
    refused_naming(&harness, &run, "Category (category)");
}
