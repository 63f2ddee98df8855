//! isolate_machine against the emulator.

use serde_json::json;
use windows_defender_atp::emulator::{Config, DuplicateMode};

super::scenarios! {
    action: "isolate_machine",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "isolation_type": "Full", "comment": "c"}),
    hostile: json!({"machine_id": "a6a3/../../indicators", "isolation_type": "Full", "comment": "c"}),
}

#[tokio::test]
async fn sends_the_case_sensitive_body_defender_expects() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let post = harness
        .api_requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(
        post.path,
        "/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/isolate"
    );
    let body: serde_json::Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        body,
        json!({"Comment": "Isolated by InsightConnect after a high severity alert", "IsolationType": "Full"})
    );
}

#[tokio::test]
async fn accepts_a_computer_dns_name() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", json!({"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Selective", "comment": "c"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let action = &run.json["body"]["output"]["machine_isolation_response"];
    assert_eq!(
        action["machineId"],
        "a6a3a4506513270e269e0d37f2a74de452e6b438"
    );
    assert_eq!(action["scope"], "Selective");
}

#[tokio::test]
async fn a_duplicate_while_pending_returns_the_pending_action() {
    let harness = Harness::new().await;
    let first = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let second = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert!(second.ok, "{}", second.envelope);
    let id = |run: &crate::harness::Run| {
        run.json["body"]["output"]["machine_isolation_response"]["id"].clone()
    };
    assert_eq!(id(&first), id(&second));
    assert!(second.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("already pending"));
    crate::harness::stable().bind(|| insta::assert_snapshot!(second.envelope));
}

#[tokio::test]
async fn a_duplicate_answered_with_the_pending_action_is_passed_through() {
    let harness = Harness::with(Config {
        duplicate_mode: DuplicateMode::ReturnExisting,
        ..Config::default()
    })
    .await;
    let first = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let second = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert_eq!(
        first.json["body"]["output"]["machine_isolation_response"]["id"],
        second.json["body"]["output"]["machine_isolation_response"]["id"]
    );
}

#[tokio::test]
async fn a_missing_permission_is_named() {
    let roles = windows_defender_atp::emulator::ALL_ROLES
        .iter()
        .filter(|role| **role != "Machine.Isolate")
        .map(|role| role.to_string())
        .collect();
    let harness = Harness::with(Config {
        roles,
        ..Config::default()
    })
    .await;
    let run = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["error"]
            .as_str()
            .unwrap()
            .contains("Machine.Isolate"),
        "{}",
        run.envelope
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_unsupported_os_quotes_microsofts_message() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machine", json!({"machine_id": "6cad4a268d116ece1738f7d93d9c172411e20b8f", "isolation_type": "Full", "comment": "c"}))
        .await;
    assert!(!run.ok);
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}
