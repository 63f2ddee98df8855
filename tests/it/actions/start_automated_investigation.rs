//! start_automated_investigation against the emulator.

use crate::harness::stable;
use serde_json::json;

super::scenarios! {
    action: "start_automated_investigation",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "comment": "c"}),
    hostile: json!({"machine_id": "a6a3/../../indicators", "comment": "c"}),
}

const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";

#[tokio::test]
async fn a_dns_name_is_resolved_and_the_investigation_started_on_its_id() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "start_automated_investigation",
            json!({"machine_id": "ws-hr-017.contoso.local", "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let calls: Vec<(String, String)> = harness
        .api_requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(
        calls,
        [
            (
                "GET".to_string(),
                "/api/machines/ws-hr-017.contoso.local".to_string()
            ),
            (
                "POST".to_string(),
                format!("/api/machines/{HR}/startInvestigation")
            ),
        ]
    );
    let (_, body) = harness.first_post();
    assert_eq!(body, json!({"Comment": "c"}));
    assert_eq!(run.json["body"]["output"]["investigation"]["machineId"], HR);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}
