//! add_machine_tag against the emulator.

use crate::harness::{call, refused_without_a_request, stable};
use serde_json::{json, Value};

super::scenarios! {
    action: "add_machine_tag",
    unknown: json!({"machines": ["0000000000000000000000000000000000000000"], "tag": "Contained"}),
    hostile: json!({"machines": ["a6a3/../../indicators"], "tag": "Contained"}),
}

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";
const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";
const BULK: &str = "/api/machines/AddOrRemoveTagForMultipleMachines";

#[tokio::test]
async fn one_machine_is_tagged_with_one_call_and_a_later_read_shows_the_tag() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN], "tag": "Contained"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(path, format!("/api/machines/{FIN}/tags"));
    assert_eq!(body, json!({"Value": "Contained", "Action": "Add"}));
    assert_eq!(harness.api_calls().len(), 1);
    assert_eq!(
        harness.machine_tags(FIN),
        json!(["Finance", "VIP", "Contained"])
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_dns_name_is_resolved_to_its_id_before_the_tag_is_posted() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": ["ws-hr-017.contoso.local"], "tag": "Contained"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [
            call("GET", "/api/machines/ws-hr-017.contoso.local"),
            call("POST", &format!("/api/machines/{HR}/tags")),
        ]
    );
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_machine_given_by_id_and_by_name_is_tagged_once() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN, FIN.to_uppercase(), "ws-fin-042.contoso.local"], "tag": "Contained"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [
            call("GET", "/api/machines/ws-fin-042.contoso.local"),
            call("POST", &format!("/api/machines/{FIN}/tags")),
        ]
    );
    assert_eq!(
        run.json["body"]["output"]["machines"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn two_machines_are_tagged_in_one_bulk_call() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN, HR], "tag": "Contained"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(path, BULK);
    assert_eq!(
        body,
        json!({"Value": "Contained", "Action": "Add", "MachineIds": [FIN, HR]})
    );
    assert_eq!(harness.api_calls().len(), 1);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn more_than_500_machines_are_tagged_in_calls_of_at_most_500() {
    let harness = Harness::new().await;
    let ids: Vec<String> = (1..=501).map(|n| format!("{n:040x}")).collect();
    for (n, id) in ids.iter().enumerate() {
        harness.emulator.add_machine(json!({
            "id": id,
            "computerDnsName": format!("ws-bulk-{n:03}.contoso.local"),
            "machineTags": ["Bulk"],
        }));
    }
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": ids, "tag": "Contained"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let posts: Vec<Value> = harness
        .api_requests()
        .into_iter()
        .map(|request| {
            assert_eq!(
                (request.method.as_str(), request.path.as_str()),
                ("POST", BULK)
            );
            serde_json::from_str(&request.body).unwrap()
        })
        .collect();
    let sizes: Vec<usize> = posts
        .iter()
        .map(|body| body["MachineIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [500, 1]);
    let sent: Vec<&str> = posts
        .iter()
        .flat_map(|body| body["MachineIds"].as_array().unwrap())
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(sent, ids, "every machine once, in the order given");
    let machines = run.json["body"]["output"]["machines"].as_array().unwrap();
    assert_eq!(machines.len(), 501);
    for (machine, id) in machines.iter().zip(&ids) {
        assert_eq!(machine["id"], id.as_str());
        assert_eq!(machine["machineTags"], json!(["Bulk", "Contained"]));
    }
}

#[tokio::test]
async fn an_unknown_machine_among_several_fails_the_call_and_changes_nothing() {
    let harness = Harness::new().await;
    let unknown = "0000000000000000000000000000000000000000";
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN, unknown], "tag": "Contained"}),
        )
        .await;
    assert!(!run.ok, "{}", run.envelope);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains(unknown),
        "{}",
        run.envelope
    );
    assert_eq!(harness.machine_tags(FIN), json!(["Finance", "VIP"]));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_blank_tag_is_refused_naming_the_field_and_nothing_is_sent() {
    let harness = Harness::new().await;
    let run = harness
        .run("add_machine_tag", json!({"machines": [FIN], "tag": "   "}))
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_tag_over_200_characters_is_refused_naming_the_field_and_nothing_is_sent() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN], "tag": "x".repeat(201)}),
        )
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_tag_of_200_characters_is_sent() {
    let harness = Harness::new().await;
    let tag = "é".repeat(200);
    let run = harness
        .run("add_machine_tag", json!({"machines": [FIN], "tag": tag}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(harness.first_post().1["Value"], tag.as_str());
}

#[tokio::test]
async fn a_tag_with_a_control_character_is_refused_naming_the_field_and_nothing_is_sent() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [FIN], "tag": "Con\ntained"}),
        )
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_empty_list_of_machines_is_refused_naming_the_field_and_nothing_is_sent() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": [], "tag": "Contained"}),
        )
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_hostile_machine_after_a_good_one_is_refused_before_any_request() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "add_machine_tag",
            json!({"machines": ["ws-fin-042.contoso.local", "../indicators"], "tag": "Contained"}),
        )
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
