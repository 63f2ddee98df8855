//! create_alert_by_reference against the emulator.

use crate::harness::{example_input, refused_naming, stable, Harness};
use serde_json::{json, Value};

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

fn with(changes: Value) -> Value {
    let mut input = example_input("create_alert_by_reference");
    for (key, value) in changes.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

#[tokio::test]
async fn the_example_raises_an_alert_on_the_hunted_event() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "create_alert_by_reference",
            example_input("create_alert_by_reference"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(path, "/api/alerts/CreateAlertByReference");
    assert_eq!(
        body,
        json!({"machineId": FIN, "severity": "High",
            "title": "PowerShell dropper run from a user's temporary folder",
            "description": "Raised by InsightConnect from an advanced hunting match on invoke-update.ps1",
            "recommendedAction": "Isolate the machine and collect an investigation package",
            "eventTime": "2026-11-20T08:10:58.0000000Z", "reportId": "20000",
            "category": "Execution"})
    );
    let alert = &run.json["body"]["output"]["alert"];
    assert_eq!(alert["machineId"], FIN);
    assert_eq!(alert["status"], "New");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_open_alert_of_the_same_title_on_the_machine_takes_the_event() {
    let harness = Harness::new().await;
    let first = harness
        .run(
            "create_alert_by_reference",
            example_input("create_alert_by_reference"),
        )
        .await;
    // The event after it on the same machine, given by DNS name, in another offset and to the
    // millisecond, which goes out with the seven digits of the advanced hunting Timestamp.
    let second = harness
        .run(
            "create_alert_by_reference",
            with(json!({"machine_id": "ws-fin-042.contoso.local",
                "event_time": "2026-11-20T09:11:05.223+01:00", "report_id": "20001"})),
        )
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_eq!(
        first.json["body"]["output"]["alert"]["id"],
        second.json["body"]["output"]["alert"]["id"]
    );
    let bodies = harness.posted("/api/alerts/CreateAlertByReference");
    assert_eq!(bodies[1]["machineId"], FIN);
    assert_eq!(bodies[1]["eventTime"], "2026-11-20T08:11:05.2230000Z");
}

#[tokio::test]
async fn an_event_defender_cannot_find_is_an_error_naming_it() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "create_alert_by_reference",
            with(json!({"report_id": "99"})),
        )
        .await;
    assert!(!run.ok);
    assert!(harness
        .emulator
        .alerts()
        .iter()
        .all(|a| a["title"] != "PowerShell dropper run from a user's temporary folder"));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_input_that_breaks_its_rule_is_refused_by_name_before_any_request() {
    for (changes, field) in [
        (json!({"report_id": "20001 or 1"}), "Report ID (report_id)"),
        (
            json!({"event_time": "this morning"}),
            "Event Time (event_time)",
        ),
        (
            json!({"recommended_action": "  "}),
            "Recommended Action (recommended_action)",
        ),
        (json!({"title": "   "}), "Title (title)"),
    ] {
        let harness = Harness::new().await;
        let run = harness
            .run("create_alert_by_reference", with(changes))
            .await;
        refused_naming(&harness, &run, field);
    }
}
