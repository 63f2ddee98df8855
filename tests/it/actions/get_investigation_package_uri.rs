//! get_investigation_package_uri against the emulator.

use defender_emulator::{ActionProgress, Config};
use serde_json::json;

const ACTION: &str = "get_investigation_package_uri";

super::scenarios! {
    action: "get_investigation_package_uri",
    unknown: json!({"action_id": "00000000-0000-4000-8000-000000000000"}),
    hostile: json!({"action_id": "b3e8a1f4-2c6d-4e7f-8a9b-0c1d2e3f4a5b/../../../indicators"}),
}

/// Starts a collection on ws-fin-042 and returns its ID.
async fn collect(harness: &Harness) -> String {
    let run = harness
        .run(
            "collect_investigation_package",
            example_input("collect_investigation_package"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    run.json["body"]["output"]["machine_action_response"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_collection_still_running_is_not_ready_yet() {
    let harness = Harness::with(Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    let id = collect(&harness).await;
    let run = harness
        .run("get_investigation_package_uri", json!({"action_id": id}))
        .await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains("not ready yet"), "{cause}");
    assert!(cause.contains("Pending"), "{cause}");
    let assistance = run.json["body"]["exception"]["assistance"]
        .as_str()
        .unwrap();
    assert!(assistance.contains("Wait for Completion"), "{assistance}");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_failed_collection_has_no_package() {
    let harness = Harness::with(Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    let id = collect(&harness).await;
    harness.emulator.set_action_status(&id, "Failed");
    let run = harness
        .run("get_investigation_package_uri", json!({"action_id": id}))
        .await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("ended with status Failed"),
        "{}",
        run.envelope
    );
}

#[tokio::test]
async fn an_action_that_is_not_a_collection_is_named() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_investigation_package_uri",
            json!({"action_id": "70ccec31-3571-410a-bc13-2d0d113db17d"}),
        )
        .await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("is a RunAntiVirusScan action"),
        "{}",
        run.envelope
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn the_link_comes_without_the_quotes_microsoft_wraps_it_in() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let uri = run.json["body"]["output"]["uri"].as_str().unwrap();
    assert!(
        uri.starts_with("https://emulator.invalid/WDATP_Investigation_Package.zip?token="),
        "{uri}"
    );
    assert!(!uri.contains('"'), "{uri}");
    assert!(url::Url::parse(uri).is_ok(), "{uri}");
}

#[tokio::test]
async fn the_link_is_neither_logged_nor_put_in_an_error() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let uri = run.json["body"]["output"]["uri"].as_str().unwrap();
    let token = uri.split("token=").nth(1).unwrap();
    assert!(!run.json["body"]["log"].as_str().unwrap().contains(token));
}

#[tokio::test]
async fn microsofts_two_a_minute_limit_is_reported_with_when_to_retry() {
    let harness = Harness::with(Config {
        rate_limit_per_minute: Some(100),
        ..Config::default()
    })
    .await;
    for _ in 0..2 {
        let run = harness.run(ACTION, example_input(ACTION)).await;
        assert!(run.ok, "{}", run.envelope);
    }
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(!run.ok, "{}", run.envelope);
    let assistance = run.json["body"]["exception"]["assistance"]
        .as_str()
        .unwrap();
    assert!(assistance.contains("Retry after"), "{assistance}");
    assert!(harness.api_requests().len() <= 2 + 6, "retries are bounded");
}
