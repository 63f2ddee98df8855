//! get_investigation against the emulator.

use crate::harness::stable;
use serde_json::json;

super::scenarios! {
    action: "get_investigation",
    unknown: json!({"investigation_id": "99999"}),
    hostile: json!({"investigation_id": "63004/../../machines"}),
}

#[tokio::test]
async fn the_triggering_alert_id_finds_its_investigation() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_investigation",
            json!({"investigation_id": "da638402211706714560_-1915585947"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"]["investigation"]["id"], "63004");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_started_investigation_can_be_read_back() {
    let harness = Harness::new().await;
    let started = harness
        .run(
            "start_automated_investigation",
            json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "comment": "c"}),
        )
        .await;
    assert!(started.ok, "{}", started.envelope);
    let id = &started.json["body"]["output"]["investigation"]["id"];
    let run = harness
        .run("get_investigation", json!({"investigation_id": id}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["investigation"],
        started.json["body"]["output"]["investigation"]
    );
}
