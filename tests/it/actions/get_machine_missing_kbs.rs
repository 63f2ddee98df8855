//! get_machine_missing_kbs against the emulator (get-missing-kbs-machine.md).

use serde_json::json;

super::related_to_a_machine!(action: "get_machine_missing_kbs", segment: "getmissingkbs");

#[tokio::test]
async fn the_finance_workstation_misses_the_november_update() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_missing_kbs",
            json!({"machine_id": "ws-fin-042.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let found = &run.json["body"]["output"]["missing_kbs"];
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], "5032189");
    assert_eq!(found[0]["productsNames"], json!(["windows_10"]));
    assert_eq!(found[0]["cveAddressed"], 1);
}

#[tokio::test]
async fn a_linux_machine_misses_no_kb() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_missing_kbs",
            json!({"machine_id": "lnx-web-03.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"missing_kbs": []}));
}
