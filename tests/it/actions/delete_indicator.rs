//! delete_indicator against the emulator.

use serde_json::json;

super::scenarios! {
    action: "delete_indicator",
    unknown: json!({"indicator_id": "999999"}),
    hostile: json!({"indicator_id": "5001/../../machines"}),
}

#[tokio::test]
async fn deletes_the_indicator() {
    let harness = Harness::new().await;
    let run = harness
        .run("delete_indicator", example_input("delete_indicator"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let delete = harness.api_requests().pop().unwrap();
    assert_eq!((delete.method.as_str(), delete.status), ("DELETE", 204));
    assert_eq!(delete.path, "/api/indicators/5001");
    assert!(harness
        .emulator
        .indicators()
        .iter()
        .all(|indicator| indicator["id"] != "5001"));
    let again = harness
        .run("delete_indicator", example_input("delete_indicator"))
        .await;
    assert!(!again.ok, "a second delete finds nothing");
}
