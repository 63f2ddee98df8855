//! get_machine_software against the emulator (get-installed-software.md).

use serde_json::json;

super::related_to_a_machine!(action: "get_machine_software", segment: "software");

#[tokio::test]
async fn the_web_server_lists_each_package_with_the_organization_wide_counts() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_software",
            json!({"machine_id": "6b0d549b6f03675a1600a35a099950d836f675cc"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let software = run.json["body"]["output"]["software"].as_array().unwrap();
    let ids: Vec<&str> = software.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "apache-_-log4j",
            "haxx-_-curl",
            "openssl-_-openssl",
            "git-scm-_-git"
        ]
    );
    // The web server's git is fixed, but the developer's is not: the counts are the tenant's.
    let git = &software[3];
    assert_eq!(git["exposedMachines"], 1);
    assert_eq!(git["weaknesses"], 1);
}

#[tokio::test]
async fn a_machine_without_an_inventory_is_an_empty_list() {
    let harness = Harness::new().await;
    let machine = harness
        .emulator
        .add_machine(json!({"computerDnsName": "ws-new-001.contoso.local"}));
    let run = harness
        .run("get_machine_software", json!({"machine_id": machine["id"]}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"software": []}));
}
