//! get_machine_action against the emulator.

use serde_json::json;

super::scenarios! {
    action: "get_machine_action",
    unknown: json!({"action_id": "00000000-0000-4000-8000-000000000000"}),
    hostile: json!({"action_id": "../machines/a6a3a4506513270e269e0d37f2a74de452e6b438/offboard"}),
}

#[tokio::test]
async fn follows_an_isolation_until_it_succeeds() {
    let harness = Harness::new().await;
    let created = harness
        .run("isolate_machine", example_input("isolate_machine"))
        .await;
    let id = created.json["body"]["output"]["machine_isolation_response"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let run = harness
            .run("get_machine_action", json!({"action_id": id}))
            .await;
        assert!(run.ok, "{}", run.envelope);
        statuses.push(
            run.json["body"]["output"]["machine_action_response"]["status"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(
        statuses,
        ["InProgress", "Succeeded", "Succeeded", "Succeeded"]
    );
}
