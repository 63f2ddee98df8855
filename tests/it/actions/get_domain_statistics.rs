//! get_domain_statistics against the emulator, whose look-back ends at the seeded tenant's
//! present.

use super::enrichment::{only_request, refused, BAD_DOMAINS};
use crate::harness::{example_input, stable, Harness};
use serde_json::json;

const ACTION: &str = "get_domain_statistics";

#[tokio::test]
async fn counts_the_machines_that_communicated_with_the_domain() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["domain_statistics"]["organizationPrevalence"],
        1
    );
    let (_, path, query) = only_request(&harness);
    assert_eq!(path, "/api/domains/invoice-portal.example/stats");
    assert_eq!(query, "lookBackHours=720");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_look_back_that_ends_before_the_sighting_counts_nothing() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"domain": "invoice-portal.example", "lookback_hours": 1}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["domain_statistics"],
        json!({"host": "invoice-portal.example", "organizationPrevalence": 0})
    );
}

#[tokio::test]
async fn a_domain_never_seen_has_a_prevalence_of_0_and_no_error() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"domain": "contoso.example"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["domain_statistics"]["organizationPrevalence"],
        0
    );
}

#[tokio::test]
async fn a_look_back_outside_1_to_720_hours_is_refused_without_a_request() {
    for hours in [0, 721] {
        refused(
            ACTION,
            json!({"domain": "invoice-portal.example", "lookback_hours": hours}),
            "Look-back Hours",
        )
        .await;
    }
}

#[tokio::test]
async fn refuses_a_value_that_is_no_domain_name_naming_the_field_without_a_request() {
    for bad in BAD_DOMAINS {
        refused(ACTION, json!({"domain": bad}), "Domain").await;
    }
    let run = refused(ACTION, json!({"domain": "https://example.com"}), "Domain").await;
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
