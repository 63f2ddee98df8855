//! get_machine_vulnerabilities against the emulator (get-discovered-vulnerabilities.md).

use serde_json::json;

super::related_to_a_machine!(action: "get_machine_vulnerabilities", segment: "vulnerabilities");

#[tokio::test]
async fn the_legacy_workstation_is_exposed_to_bluekeep() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_vulnerabilities",
            json!({"machine_id": "ws-legacy-007.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let found = &run.json["body"]["output"]["vulnerabilities"];
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], "CVE-2019-0708");
    assert_eq!(found[0]["severity"], "Critical");
    assert_eq!(found[0]["cvssV3"], 9.8);
    assert_eq!(found[0]["exploitInKit"], true);
}

#[tokio::test]
async fn an_up_to_date_machine_is_an_empty_list() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_vulnerabilities",
            json!({"machine_id": "ws-hr-017.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"vulnerabilities": []}));
}
