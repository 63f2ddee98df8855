//! submit_indicator against the emulator: Defender's indicator rules are checked before sending.

use crate::harness::{example_input, Harness};
use serde_json::{json, Value};

const ACTION: &str = "submit_indicator";

fn with(changes: Value) -> Value {
    let mut input = example_input(ACTION);
    for (key, value) in changes.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn sends_the_camel_case_body_defender_expects() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let post = harness.api_requests().pop().unwrap();
    assert_eq!(
        (post.method.as_str(), post.path.as_str()),
        ("POST", "/api/indicators")
    );
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        body,
        json!({
            "indicatorValue": "185.220.101.47",
            "indicatorType": "IpAddress",
            "action": "Block",
            "title": "Tor exit node used by the Emotet campaign",
            "description": "Submitted by InsightConnect from the Emotet investigation",
            "severity": "High",
            "generateAlert": true,
            "expirationTime": "2027-01-31T00:00:00Z",
            "recommendedActions": "Isolate the machine and reset the password of the user",
        })
    );
}

#[tokio::test]
async fn submitting_again_updates_the_same_indicator() {
    let harness = Harness::new().await;
    let first = harness.run(ACTION, example_input(ACTION)).await;
    let second = harness
        .run(ACTION, with(json!({"title": "Tor exit node"})))
        .await;
    assert!(second.ok, "{}", second.envelope);
    let id = |run: &crate::harness::Run| run.json["body"]["output"]["indicator"]["id"].clone();
    assert_eq!(id(&first), id(&second));
    assert_eq!(
        second.json["body"]["output"]["indicator"]["title"],
        "Tor exit node"
    );
}

#[tokio::test]
async fn audit_without_an_alert_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            with(json!({"action": "Audit", "generate_alert": false})),
        )
        .await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_cidr_range_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, with(json!({"indicator_value": "185.220.101.0/24"})))
        .await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn values_that_do_not_fit_their_type_are_refused_before_any_request() {
    let sha256 = "923a736994e3bf911a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38";
    for (kind, value) in [
        ("FileSha1", sha256),
        ("FileSha256", "f29d0da9953f48f1a09f76b5a170b33839263059"),
        ("FileMd5", sha256),
        ("CertificateThumbprint", "not-a-thumbprint"),
        ("IpAddress", "evil.example.com"),
        ("DomainName", "https://evil.example.com/x"),
        ("Url", "javascript:alert(1)"),
    ] {
        let harness = Harness::new().await;
        let run = harness
            .run(
                ACTION,
                with(json!({"indicator_type": kind, "indicator_value": value})),
            )
            .await;
        assert!(!run.ok, "{kind} {value}");
        assert!(
            run.json["body"]["exception"]["cause"]
                .as_str()
                .unwrap()
                .contains("Indicator Value"),
            "{}",
            run.envelope
        );
        assert_eq!(harness.emulator.requests().len(), 0, "{kind} {value}");
    }
}

#[tokio::test]
async fn other_rules_are_checked_before_any_request() {
    for changes in [
        json!({"action": "BlockAndRemediate"}),
        json!({"expiration_time": "2020-01-01T00:00:00Z"}),
        json!({"expiration_time": "next week"}),
        json!({"title": "  "}),
    ] {
        let harness = Harness::new().await;
        let run = harness.run(ACTION, with(changes.clone())).await;
        assert!(!run.ok, "{changes}");
        assert_eq!(harness.emulator.requests().len(), 0, "{changes}");
    }
}

#[tokio::test]
async fn a_file_hash_can_be_blocked_and_remediated() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            with(json!({"indicator_type": "FileSha1", "indicator_value": "F29D0DA9953F48F1A09F76B5A170B33839263059", "action": "BlockAndRemediate"})),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
}
