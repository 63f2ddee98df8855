//! get_ip_related_alerts against the emulator.

use super::enrichment::{only_request, refused, BAD_IPS};
use crate::harness::{example_input, stable, Harness};
use serde_json::json;

const ACTION: &str = "get_ip_related_alerts";

#[tokio::test]
async fn returns_the_alerts_with_the_address_in_their_evidence() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let alerts = run.json["body"]["output"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(only_request(&harness).1, "/api/ips/10.20.4.42/alerts");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_address_never_seen_has_no_alerts_and_that_is_no_error() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"ip_address": "198.51.100.7"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"]["alerts"], json!([]));
}

#[tokio::test]
async fn refuses_a_value_that_is_no_single_address_naming_the_field_without_a_request() {
    for bad in BAD_IPS {
        refused(ACTION, json!({"ip_address": bad}), "IP Address").await;
    }
}
