//! get_isolation_state against the emulator.

use defender_emulator::{ActionProgress, Config};
use serde_json::json;

super::scenarios! {
    action: "get_isolation_state",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000"}),
    hostile: json!({"machine_id": "srv-dc-01.contoso.local/../../alerts"}),
}

fn state(run: &crate::harness::Run) -> (String, bool, bool) {
    let output = &run.json["body"]["output"];
    (
        output["isolation_state"].as_str().unwrap().to_string(),
        output["isolated"].as_bool().unwrap(),
        output["pending"].as_bool().unwrap(),
    )
}

#[tokio::test]
async fn a_machine_released_after_isolation_is_not_isolated() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_isolation_state",
            json!({"machine_id": "ws-hr-017.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(state(&run), ("not_isolated".to_string(), false, false));
    assert_eq!(
        run.json["body"]["output"]["machine_action"]["type"],
        "Unisolate"
    );
    let never = harness
        .run(
            "get_isolation_state",
            json!({"machine_id": "lnx-web-03.contoso.local"}),
        )
        .await;
    assert_eq!(state(&never), ("not_isolated".to_string(), false, false));
    assert!(never.json["body"]["output"].get("machine_action").is_none());
}

#[tokio::test]
async fn follows_an_isolation_and_a_release_through_their_pending_states() {
    let harness = Harness::with(Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    let fin = json!({"machine_id": "ws-fin-042.contoso.local"});
    let isolate = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let isolate_id = isolate.json["body"]["output"]["machine_isolation_response"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = harness.run("get_isolation_state", fin.clone()).await;
    assert_eq!(state(&run), ("isolation_pending".to_string(), false, true));
    harness.emulator.set_action_status(&isolate_id, "Succeeded");
    let run = harness.run("get_isolation_state", fin.clone()).await;
    assert_eq!(state(&run), ("isolated".to_string(), true, false));
    harness
        .run("unisolate_machine", example_input("unisolate_machine"))
        .await;
    let run = harness.run("get_isolation_state", fin.clone()).await;
    assert_eq!(state(&run), ("release_pending".to_string(), true, true));
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn asks_only_for_the_machines_isolate_and_release_actions() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_isolation_state", example_input("get_isolation_state"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let list = harness
        .api_requests()
        .into_iter()
        .find(|r| r.path == "/api/machineactions")
        .unwrap();
    let filter: Vec<String> = url::form_urlencoded::parse(list.query.as_bytes())
        .filter(|(key, _)| key == "$filter")
        .map(|(_, value)| value.into_owned())
        .collect();
    assert_eq!(
        filter,
        ["machineId eq '81e74ef5e8e25d940ed904759531985d5d9dc9f8' and (type eq 'Isolate' or type eq 'Unisolate')"]
    );
}
