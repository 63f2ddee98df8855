//! get_user_related_alerts against the emulator (get-user-related-alerts.md).

use super::assert_refused_before_any_request;
use crate::harness::{call, example_input, stable, Harness};
use serde_json::json;

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_user_related_alerts",
            example_input("get_user_related_alerts"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn every_alert_naming_the_user_is_returned_whatever_the_case() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_user_related_alerts", json!({"user_name": "JDoe"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let alerts = run.json["body"]["output"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2);
    assert_eq!(harness.api_calls(), [call("GET", "/api/users/JDoe/alerts")]);
}

#[tokio::test]
async fn an_unknown_user_is_an_empty_list_as_defender_answers() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_user_related_alerts", json!({"user_name": "nobody"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"alerts": []}));
}

#[tokio::test]
async fn a_name_with_a_space_is_percent_encoded_into_one_segment() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_user_related_alerts",
            json!({"user_name": "john smith"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [call("GET", "/api/users/john%20smith/alerts")]
    );
}

#[tokio::test]
async fn a_upn_a_domain_or_a_path_is_refused_naming_the_field() {
    for bad in [
        "user1@contoso.com",
        "CONTOSO\\user1",
        "../../api/indicators",
        "user1/../../machines",
        "..",
        ".",
        "user1?x=1",
        "user1#x",
        "user%2e%2e",
        "user\u{7}1",
        "line\nbreak",
        " ",
        "a-name-longer-than-sixty-four-characters-which-entra-id-never-gives",
    ] {
        let harness = Harness::new().await;
        let run = harness
            .run("get_user_related_alerts", json!({"user_name": bad}))
            .await;
        assert_refused_before_any_request(&harness, &run, "user name");
    }
}

#[tokio::test]
async fn a_upn_is_refused_with_the_name_to_give_instead() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_user_related_alerts",
            json!({"user_name": "user1@contoso.com"}),
        )
        .await;
    assert!(!run.ok);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
