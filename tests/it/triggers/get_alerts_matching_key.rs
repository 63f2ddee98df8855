//! get_alerts_matching_key against the emulator and a recording dispatcher.

use super::{assert_each_once, param, TriggerTest};
use serde_json::{json, Value};

const TRIGGER: &str = "get_alerts_matching_key";

/// Runs the trigger with `key` and `value` over `alerts` (ID, fields), until `expected` arrived.
async fn run_matching(
    key: &str,
    value: &str,
    alerts: &[(&str, Value)],
    expected: &[&str],
) -> TriggerTest {
    let t = TriggerTest::new().await;
    for (i, (id, fields)) in alerts.iter().enumerate() {
        t.add_alert(id, 10 - i as i64, fields.clone());
    }
    let script = async {
        if expected.is_empty() {
            t.wait_for_polls(3).await;
        } else {
            t.wait_for_alerts(expected.len()).await;
        }
    };
    let run = t
        .run(
            TRIGGER,
            json!({"key": key, "value": value, "backfill_minutes": 30}),
            script,
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), expected);
    t
}

fn filter(t: &TriggerTest) -> String {
    param(&t.alert_requests()[0], "$filter").unwrap()
}

/// A key the alerts API filters on goes into `$filter` (a string as a literal, a number as a
/// number); any other key, nested or through a list, is matched by the plugin and adds nothing
/// to the query.
#[tokio::test]
async fn a_key_is_matched_by_the_api_when_it_can_filter_on_it_else_by_the_plugin() {
    // (key, value, alerts, the alerts sent, the clause added to `$filter`)
    type Alerts = Vec<(&'static str, Value)>;
    let rows: [(&str, &str, Alerts, &str, Option<&str>); 4] = [
        (
            "severity",
            "High",
            vec![
                ("da-k-high", json!({"severity": "High"})),
                ("da-k-low", json!({"severity": "Low"})),
            ],
            "da-k-high",
            Some("(severity eq 'High')"),
        ),
        (
            "incidentId",
            "77",
            vec![
                ("da-k-77", json!({"incidentId": 77})),
                ("da-k-78", json!({"incidentId": 78})),
            ],
            "da-k-77",
            Some("(incidentId eq 77)"),
        ),
        (
            "relatedUser.userName",
            "JDOE",
            vec![
                (
                    "da-k-jdoe",
                    json!({"relatedUser": {"userName": "jdoe", "domainName": "contoso"}}),
                ),
                (
                    "da-k-other",
                    json!({"relatedUser": {"userName": "asmith", "domainName": "contoso"}}),
                ),
                ("da-k-nouser", json!({"relatedUser": null})),
            ],
            "da-k-jdoe",
            None,
        ),
        (
            "mitreTechniques",
            "T1105",
            vec![
                (
                    "da-k-mitre",
                    json!({"mitreTechniques": ["T1059.001", "T1105"]}),
                ),
                ("da-k-mitre-no", json!({"mitreTechniques": ["T1059.001"]})),
            ],
            "da-k-mitre",
            None,
        ),
    ];
    for (key, value, alerts, sent, clause) in rows {
        let t = run_matching(key, value, &alerts, &[sent]).await;
        let filter = filter(&t);
        match clause {
            Some(clause) => assert!(filter.ends_with(&format!(" and {clause}")), "{filter}"),
            None => assert!(
                !filter.contains(" and "),
                "{key}: nothing is pushed to the API: {filter}"
            ),
        }
    }
}

#[tokio::test]
async fn a_key_through_the_evidence_list_matches_any_element() {
    let sha1 = "654f19c41d9662cf86be21bf0af5a88c38c56a9d";
    let t = run_matching(
        "evidence.sha1",
        sha1,
        &[
            (
                "da-k-ev",
                json!({"evidence": [
                    {"entityType": "User", "accountName": "jdoe"},
                    {"entityType": "File", "sha1": sha1, "fileName": "a.exe"}
                ]}),
            ),
            (
                "da-k-ev-other",
                json!({"evidence": [{"entityType": "File", "sha1": "0000000000000000000000000000000000000000"}]}),
            ),
        ],
        &["da-k-ev"],
    )
    .await;
    assert_eq!(
        param(&t.alert_requests()[0], "$expand").as_deref(),
        Some("evidence")
    );
    let event = &t.dispatcher.events()[0];
    assert_eq!(
        event["body"]["output"]["results"][0]["evidence"][1]["sha1"], sha1,
        "the evidence goes out with the alert"
    );
}

#[tokio::test]
async fn a_hostile_value_stays_one_string_literal() {
    let hostile = "x' or severity eq 'High";
    let t = run_matching(
        "assignedTo",
        hostile,
        &[
            (
                "da-k-high",
                json!({"severity": "High", "assignedTo": "secops@contoso.com"}),
            ),
            (
                "da-k-literal",
                json!({"severity": "Low", "assignedTo": hostile}),
            ),
            ("da-k-x", json!({"severity": "High", "assignedTo": "x"})),
        ],
        &["da-k-literal"],
    )
    .await;
    let filter = filter(&t);
    let (_, clause) = filter.split_once(" and ").unwrap();
    assert_eq!(clause, "(assignedTo eq 'x'' or severity eq ''High')");
    for request in t.alert_requests() {
        let filter = param(&request, "$filter").unwrap();
        assert!(filter.ends_with(clause), "{filter}");
    }
}

#[tokio::test]
async fn a_hostile_key_is_refused_before_any_request() {
    let t = TriggerTest::new().await;
    let run = t
        .run(
            TRIGGER,
            json!({"key": "severity eq 'High' or id", "value": "x"}),
            async {},
        )
        .await;
    assert!(!run.ok);
    assert_eq!(
        run.json["body"]["exception"]["cause"],
        "The key \"severity eq 'High' or id\" is not an alert field name."
    );
    assert!(t.harness.api_requests().is_empty());
}

#[tokio::test]
async fn a_value_that_cannot_be_an_incident_id_is_refused() {
    let t = TriggerTest::new().await;
    let run = t
        .run(
            TRIGGER,
            json!({"key": "incidentId", "value": "1 or 1 eq 1"}),
            async {},
        )
        .await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("which is a number"),
        "{}",
        run.envelope
    );
    assert!(t.harness.api_requests().is_empty());
}
