//! get_machine_alerts against the emulator (get-machine-related-alerts.md).

use serde_json::json;

super::related_to_a_machine!(action: "get_machine_alerts", segment: "alerts");

#[tokio::test]
async fn the_hr_workstation_has_its_two_alerts() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_alerts",
            json!({"machine_id": "ws-hr-017.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let alerts = run.json["body"]["output"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2);
    assert!(alerts
        .iter()
        .all(|a| a["machineId"] == "1818e811892f902bd23f0824128b2f330c5c7fd0"));
}

#[tokio::test]
async fn a_machine_without_alerts_is_an_empty_list() {
    let harness = Harness::new().await;
    let machine = harness
        .emulator
        .add_machine(json!({"computerDnsName": "ws-new-001.contoso.local"}));
    let run = harness
        .run("get_machine_alerts", json!({"machine_id": machine["id"]}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"alerts": []}));
}

#[tokio::test]
async fn every_page_is_read_by_its_next_link() {
    let harness = Harness::with(defender_emulator::Config {
        max_page_size: 1,
        ..defender_emulator::Config::default()
    })
    .await;
    let run = harness
        .run(
            "get_machine_alerts",
            json!({"machine_id": "1818e811892f902bd23f0824128b2f330c5c7fd0"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        run.json["body"]["output"]["alerts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1].query.contains("skip=1"),
        "{}",
        requests[1].query
    );
}
