//! list_isolated_machines against the emulator.

use crate::harness::{example_input, Harness};
use defender_emulator::{ActionProgress, Config};
use serde_json::json;

fn machines(run: &crate::harness::Run) -> Vec<(String, String)> {
    run.json["body"]["output"]["isolated_machines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|machine| {
            (
                machine["computerDnsName"].as_str().unwrap().to_string(),
                machine["isolationState"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn lists_the_machine_still_isolated_in_the_seeded_tenant() {
    let harness = Harness::new().await;
    let run = harness.run("list_isolated_machines", json!({})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        machines(&run),
        [(
            "srv-dc-01.contoso.local".to_string(),
            "isolated".to_string()
        )]
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn includes_pending_isolations_and_releases_newest_first() {
    let harness = Harness::with(Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    harness
        .run(
            "unisolate_machine",
            json!({"machine_id": "srv-dc-01.contoso.local", "comment": "c"}),
        )
        .await;
    let run = harness.run("list_isolated_machines", json!({})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        machines(&run),
        [
            (
                "srv-dc-01.contoso.local".to_string(),
                "release_pending".to_string()
            ),
            (
                "ws-fin-042.contoso.local".to_string(),
                "isolation_pending".to_string()
            ),
        ]
    );
    let isolated_now = harness
        .run(
            "list_isolated_machines",
            json!({"include_pending_isolations": false}),
        )
        .await;
    assert_eq!(
        machines(&isolated_now),
        [(
            "srv-dc-01.contoso.local".to_string(),
            "release_pending".to_string()
        )]
    );
}

#[tokio::test]
async fn an_empty_tenant_has_no_isolated_machines() {
    let harness = Harness::with(Config {
        seed: false,
        ..Config::default()
    })
    .await;
    let run = harness.run("list_isolated_machines", json!({})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(machines(&run), Vec::<(String, String)>::new());
}
