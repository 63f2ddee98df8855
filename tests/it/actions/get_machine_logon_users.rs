//! get_machine_logon_users against the emulator (get-machine-log-on-users.md).

use serde_json::json;

super::related_to_a_machine!(action: "get_machine_logon_users", segment: "logonusers");

#[tokio::test]
async fn the_domain_controller_names_its_administrator() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_logon_users",
            json!({"machine_id": "srv-dc-01.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let users = run.json["body"]["output"]["users"].as_array().unwrap();
    let admin = users
        .iter()
        .find(|u| u["accountName"] == "svc-backup")
        .unwrap_or_else(|| panic!("{}", run.envelope));
    assert_eq!(admin["isDomainAdmin"], true);
    assert_eq!(admin["logonTypes"], "RemoteInteractive");
    assert_eq!(admin["id"], "contoso\\svc-backup");
}

#[tokio::test]
async fn a_machine_nobody_logged_on_to_is_an_empty_list() {
    let harness = Harness::new().await;
    let machine = harness
        .emulator
        .add_machine(json!({"computerDnsName": "ws-new-001.contoso.local"}));
    let run = harness
        .run(
            "get_machine_logon_users",
            json!({"machine_id": machine["id"]}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"users": []}));
}
