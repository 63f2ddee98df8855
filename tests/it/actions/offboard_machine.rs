//! offboard_machine against the emulator.

use crate::harness::{call, stable, Run};
use serde_json::json;

super::scenarios! {
    action: "offboard_machine",
    unknown: json!({
        "machine_id": "ffffffffffffffffffffffffffffffffffffffff",
        "confirm_machine_id": "ffffffffffffffffffffffffffffffffffffffff",
        "comment": "c",
    }),
    hostile: json!({"machine_id": "..", "confirm_machine_id": "..", "comment": "c"}),
}

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";
const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";

/// The run failed with an input error naming `confirm_machine_id`.
fn refused_naming_the_confirmation(run: &Run) {
    assert!(!run.ok, "{}", run.envelope);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("confirm_machine_id"),
        "{}",
        run.envelope
    );
}

#[tokio::test]
async fn a_confirmation_naming_another_machine_is_refused_and_nothing_is_sent() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "offboard_machine",
            json!({"machine_id": FIN, "confirm_machine_id": HR, "comment": "c"}),
        )
        .await;
    refused_naming_the_confirmation(&run);
    assert_eq!(harness.emulator.requests().len(), 0);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_confirmation_that_is_no_machine_id_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "offboard_machine",
            json!({"machine_id": "ws-fin-042.contoso.local", "confirm_machine_id": "ws-fin-042.contoso.local", "comment": "c"}),
        )
        .await;
    refused_naming_the_confirmation(&run);
    assert_eq!(harness.emulator.requests().len(), 0);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_dns_name_with_a_mismatching_confirmation_is_only_looked_up() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "offboard_machine",
            json!({"machine_id": "ws-hr-017.contoso.local", "confirm_machine_id": FIN, "comment": "c"}),
        )
        .await;
    refused_naming_the_confirmation(&run);
    assert_eq!(
        harness.api_calls(),
        [call("GET", "/api/machines/ws-hr-017.contoso.local")]
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_dns_name_is_resolved_and_the_confirmation_compared_without_regard_to_case() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "offboard_machine",
            json!({"machine_id": "ws-hr-017.contoso.local", "confirm_machine_id": HR.to_uppercase(), "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [
            call("GET", "/api/machines/ws-hr-017.contoso.local"),
            call("POST", &format!("/api/machines/{HR}/offboard")),
        ]
    );
    let (_, body) = harness.first_post();
    assert_eq!(body, json!({"Comment": "c"}));
    assert_eq!(
        run.json["body"]["output"]["machine_action_response"]["type"],
        "Offboard"
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn offboarding_a_machine_already_offboarded_fails_with_defenders_answer() {
    let harness = Harness::new().await;
    let input = json!({"machine_id": FIN, "confirm_machine_id": FIN, "comment": "c"});
    let first = harness.run("offboard_machine", input.clone()).await;
    assert!(first.ok, "{}", first.envelope);
    let id = first.json["body"]["output"]["machine_action_response"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    harness.emulator.set_action_status(&id, "Succeeded");
    let again = harness.run("offboard_machine", input).await;
    assert!(!again.ok, "{}", again.envelope);
    assert!(
        again.envelope.contains("already offboarded"),
        "{}",
        again.envelope
    );
    stable().bind(|| insta::assert_snapshot!(again.envelope));
}
