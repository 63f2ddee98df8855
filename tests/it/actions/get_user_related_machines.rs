//! get_user_related_machines against the emulator (get-user-related-machines.md).

use super::assert_refused_before_any_request;
use crate::harness::{call, example_input, stable, Harness};
use serde_json::json;

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_user_related_machines",
            example_input("get_user_related_machines"),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn each_machine_the_user_logged_on_to_is_returned_once() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_user_related_machines", json!({"user_name": "mlopez"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let machines = run.json["body"]["output"]["machines"].as_array().unwrap();
    let names: Vec<&str> = machines
        .iter()
        .map(|m| m["computerDnsName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ws-hr-017.contoso.local"]);
    assert_eq!(
        harness.api_calls(),
        [call("GET", "/api/users/mlopez/machines")]
    );
}

#[tokio::test]
async fn an_unknown_user_is_an_empty_list_as_defender_answers() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_user_related_machines", json!({"user_name": "nobody"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"machines": []}));
}

#[tokio::test]
async fn a_hostile_name_cannot_steer_the_path() {
    for bad in ["../machines", "x/../../indicators", "CONTOSO\\x", "x@y"] {
        let harness = Harness::new().await;
        let run = harness
            .run("get_user_related_machines", json!({"user_name": bad}))
            .await;
        assert_refused_before_any_request(&harness, &run, "user name");
    }
}
