//! `test`: a token and one authenticated call; a failure says whether the secret, the tenant or a
//! permission is wrong.

use crate::harness::{example_input, Harness};
use serde_json::json;
use windows_defender_atp::Mode;

fn test_message(harness: &Harness, connection: serde_json::Value) -> Vec<u8> {
    let mut message: serde_json::Value = serde_json::from_slice(
        &harness.message("isolate_machine", example_input("isolate_machine")),
    )
    .unwrap();
    message["body"]["connection"] = connection;
    serde_json::to_vec(&message).unwrap()
}

#[tokio::test]
async fn a_working_connection_passes_without_running_the_action() {
    let harness = Harness::new().await;
    let run = harness
        .run_message(&test_message(&harness, harness.connection()), Mode::Test)
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(
        harness.api_requests().iter().all(|r| r.method == "GET"),
        "test must not isolate anything"
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_wrong_secret_is_named() {
    let harness = Harness::new().await;
    let mut connection = harness.connection();
    connection["application_secret"]["secretKey"] = json!("not-the-secret");
    let run = harness
        .run_message(&test_message(&harness, connection), Mode::Test)
        .await;
    assert!(!run.ok);
    assert!(run.json["body"]["error"]
        .as_str()
        .unwrap()
        .starts_with("Connection test failed!"));
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_unknown_tenant_is_named() {
    let harness = Harness::new().await;
    let mut connection = harness.connection();
    connection["directory_id"] = json!("00000000-0000-4000-8000-000000000000");
    let run = harness
        .run_message(&test_message(&harness, connection), Mode::Test)
        .await;
    assert!(!run.ok);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_missing_read_permission_is_named() {
    let harness = Harness::without_roles("Machine.Read").await;
    let run = harness
        .run_message(&test_message(&harness, harness.connection()), Mode::Test)
        .await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["error"]
            .as_str()
            .unwrap()
            .contains("Machine.Read.All"),
        "{}",
        run.envelope
    );
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let mut connection = harness.connection();
    connection["api_url"] = json!("http://api.example.com");
    let run = harness
        .run(
            "get_machine_action",
            json!({"action_id": "70ccec31-3571-410a-bc13-2d0d113db17d"}),
        )
        .await;
    assert!(run.ok);
    let mut message: serde_json::Value = serde_json::from_slice(&harness.message(
        "get_machine_action",
        json!({"action_id": "70ccec31-3571-410a-bc13-2d0d113db17d"}),
    ))
    .unwrap();
    message["body"]["connection"] = connection;
    let before = harness.emulator.requests().len();
    let run = harness
        .run_message(&serde_json::to_vec(&message).unwrap(), Mode::Run)
        .await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), before);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

/// The API URL with a path that nothing serves: the call after the token is answered 404
/// without Defender's error body.
fn with_wrong_api_path(harness: &Harness) -> serde_json::Value {
    let mut connection = harness.connection();
    connection["api_url"] = json!(format!("{}/defender", harness.emulator.base_url()));
    connection
}

#[tokio::test]
async fn an_api_url_whose_path_serves_nothing_fails_the_test_and_names_the_url() {
    let harness = Harness::new().await;
    let run = harness
        .run_message(
            &test_message(&harness, with_wrong_api_path(&harness)),
            Mode::Test,
        )
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let error = run.json["body"]["error"].as_str().unwrap();
    assert!(error.contains("/defender/api/machines"), "{error}");
    assert!(error.contains("(api_url)"), "{error}");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_tenant_without_machines_still_passes_the_test() {
    // get-machines.md: "If there are no recent machines, you see 404 Not Found", in
    // Defender's error body; the credentials work.
    let harness = Harness::with(defender_emulator::Config {
        seed: false,
        ..Default::default()
    })
    .await;
    let run = harness
        .run_message(&test_message(&harness, harness.connection()), Mode::Test)
        .await;
    assert!(run.ok, "{}", run.envelope);
}

#[tokio::test]
async fn a_lookup_through_a_wrong_api_path_blames_the_url_not_the_id() {
    let harness = Harness::new().await;
    let mut message: serde_json::Value = serde_json::from_slice(&harness.message(
        "get_machine_action",
        json!({"action_id": "70ccec31-3571-410a-bc13-2d0d113db17d"}),
    ))
    .unwrap();
    message["body"]["connection"] = with_wrong_api_path(&harness);
    let run = harness
        .run_message(&serde_json::to_vec(&message).unwrap(), Mode::Run)
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.starts_with("The API URL looks wrong"), "{cause}");
    assert!(!cause.contains("No machine action"), "{cause}");
}

#[tokio::test]
async fn a_login_url_whose_path_serves_nothing_is_named() {
    let harness = Harness::new().await;
    let mut connection = harness.connection();
    connection["login_url"] = json!(format!("{}/nowhere", harness.emulator.base_url()));
    let run = harness
        .run_message(&test_message(&harness, connection), Mode::Test)
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let error = run.json["body"]["error"].as_str().unwrap();
    assert!(error.contains("(login_url)"), "{error}");
}
