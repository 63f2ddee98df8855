//! get_machine_security_recommendations against the emulator (get-security-recommendations.md).

use serde_json::json;

super::related_to_a_machine!(
    action: "get_machine_security_recommendations",
    segment: "recommendations",
);

#[tokio::test]
async fn the_developer_workstation_is_told_to_update_git_as_microsofts_example_is() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_security_recommendations",
            json!({"machine_id": "ws-dev-112.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let found = &run.json["body"]["output"]["recommendations"];
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], "va-_-git-scm-_-git");
    assert_eq!(
        found[0]["recommendationName"],
        "Update Git to version 2.24.1"
    );
    assert_eq!(found[0]["remediationType"], "Update");
    // Two machines run git; only this one has a version below the fix.
    assert_eq!(found[0]["totalMachineCount"], 2);
    assert_eq!(found[0]["exposedMachinesCount"], 1);
}

#[tokio::test]
async fn an_up_to_date_machine_is_an_empty_list() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_security_recommendations",
            json!({"machine_id": "ws-hr-017.contoso.local"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"recommendations": []}));
}
