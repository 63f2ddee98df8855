//! unisolate_machine against the emulator.

use serde_json::json;

super::scenarios! {
    action: "unisolate_machine",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "comment": "c"}),
    hostile: json!({"machine_id": "a b", "comment": "c"}),
}

#[tokio::test]
async fn waits_for_the_release_to_finish() {
    let harness = Harness::new().await;
    let mut input = example_input("unisolate_machine");
    input["wait_for_completion"] = serde_json::Value::Bool(true);
    let run = harness.run("unisolate_machine", input).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["machine_isolation_response"]["status"],
        "Succeeded"
    );
}
