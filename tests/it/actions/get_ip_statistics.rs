//! get_ip_statistics against the emulator, whose look-back ends at the seeded tenant's
//! present.

use super::enrichment::{only_request, refused, BAD_IPS};
use crate::harness::{example_input, stable, Harness};
use serde_json::json;

const ACTION: &str = "get_ip_statistics";

#[tokio::test]
async fn counts_the_machines_that_connected_to_the_address() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["ip_statistics"]["organizationPrevalence"],
        2
    );
    let (_, path, query) = only_request(&harness);
    assert_eq!(path, "/api/ips/10.20.4.42/stats");
    assert_eq!(query, "lookBackHours=720");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_address_never_seen_has_a_prevalence_of_0_and_no_error() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"ip_address": "198.51.100.7"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["ip_statistics"],
        json!({"ipAddress": "198.51.100.7", "organizationPrevalence": 0})
    );
}

#[tokio::test]
async fn an_ipv6_address_goes_into_one_path_segment_and_is_found() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"ip_address": "fd00::42"})).await;
    assert!(run.ok, "{}", run.envelope);
    // A colon is a path character (RFC 3986 pchar), so it may be sent as it is.
    assert_eq!(only_request(&harness).1, "/api/ips/fd00::42/stats");
}

#[tokio::test]
async fn a_look_back_outside_1_to_720_hours_is_refused_without_a_request() {
    for hours in [0, 721] {
        refused(
            ACTION,
            json!({"ip_address": "10.20.4.42", "lookback_hours": hours}),
            "Look-back Hours",
        )
        .await;
    }
}

#[tokio::test]
async fn refuses_a_value_that_is_no_single_address_naming_the_field_without_a_request() {
    for bad in BAD_IPS {
        refused(ACTION, json!({"ip_address": bad}), "IP Address").await;
    }
    let run = refused(ACTION, json!({"ip_address": "10.0.0.1/24"}), "IP Address").await;
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
