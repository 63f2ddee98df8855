//! import_indicators against the emulator.

use crate::harness::{example_input, refused_naming, stable, Harness};
use serde_json::{json, Value};

/// The `Indicators` of each request sent, in order.
fn imports(harness: &Harness) -> Vec<Vec<Value>> {
    let lists = harness.posted("/api/indicators/import").into_iter();
    lists
        .map(|body| body["Indicators"].as_array().unwrap().clone())
        .collect()
}

fn blocked_address(n: usize) -> Value {
    json!({"indicator_value": format!("10.{}.{}.{}", n / 65_536, (n / 256) % 256, n % 256),
        "indicator_type": "IpAddress", "action": "Block", "title": "Campaign address",
        "description": "Imported by InsightConnect"})
}

/// Fills the tenant with dummy indicators up to `count`, so that it reaches Defender's cap
/// of 15,000 active indicators.
fn fill_tenant_to(harness: &Harness, count: usize) {
    let held = harness.emulator.indicators().len();
    harness.emulator.add_indicators((held..count).map(|n| {
        json!({"id": (100_000 + n).to_string(), "indicatorValue": format!("filler{n}.example.org"),
                "indicatorType": "DomainName", "action": "Warn"})
    }));
}

#[tokio::test]
async fn the_example_imports_both_indicators_in_one_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("import_indicators", example_input("import_indicators"))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let sent = imports(&harness);
    assert_eq!(sent.len(), 1);
    // Submit Indicator's body for each, with its defaults.
    assert_eq!(
        sent[0][1],
        json!({"indicatorValue": "invoke-update.example.net", "indicatorType": "DomainName",
            "action": "Warn", "title": "Payload host of the invoke-update.ps1 dropper",
            "description": "Submitted by InsightConnect from the Emotet investigation",
            "severity": "Informational", "generateAlert": false})
    );
    let output = &run.json["body"]["output"];
    assert_eq!(output["succeeded"], 2);
    assert_eq!(output["failed"], 0);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_thousand_and_one_indicators_go_in_requests_of_500() {
    let harness = Harness::new().await;
    let indicators: Vec<Value> = (0..1_001).map(blocked_address).collect();
    let run = harness
        .run("import_indicators", json!({"indicators": indicators}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let sizes: Vec<usize> = imports(&harness).iter().map(Vec::len).collect();
    assert_eq!(sizes, [500, 500, 1]);
    let output = &run.json["body"]["output"];
    assert_eq!(output["succeeded"], 1_001);
    assert_eq!(output["results"][1_000]["indicator_value"], "10.0.3.232");
    assert!(output["results"][1_000]["id"].is_string());
}

#[tokio::test]
async fn one_indicator_breaking_a_rule_refuses_the_whole_list_before_any_request() {
    let harness = Harness::new().await;
    let mut indicators: Vec<Value> = (0..1_001).map(blocked_address).collect();
    indicators[1_000]["indicator_value"] = json!("10.0.0.0/8");
    let run = harness
        .run("import_indicators", json!({"indicators": indicators}))
        .await;
    refused_naming(&harness, &run, "Indicators (indicators) item 1001");
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn audit_without_an_alert_is_refused_by_its_position() {
    let harness = Harness::new().await;
    let mut audit = blocked_address(1);
    audit["action"] = json!("Audit");
    let run = harness
        .run(
            "import_indicators",
            json!({"indicators": [blocked_address(0), audit]}),
        )
        .await;
    refused_naming(&harness, &run, "Indicators (indicators) item 2");
}

#[tokio::test]
async fn an_indicator_defender_refuses_is_its_result_and_the_others_are_imported() {
    let harness = Harness::new().await;
    // Room for one more: the second indicator is over the tenant's 15,000.
    fill_tenant_to(&harness, 14_999);
    let run = harness
        .run(
            "import_indicators",
            json!({"indicators": [blocked_address(0), blocked_address(1)]}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(
        (output["succeeded"].clone(), output["failed"].clone()),
        (json!(1), json!(1))
    );
    assert!(output["results"][0]["id"].is_string());
    assert!(output["results"][1].get("id").is_none());
    assert!(output["results"][1]["error"]
        .as_str()
        .unwrap()
        .contains("maximum of 15000"));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn every_indicator_refused_fails_the_step_with_each_result() {
    let harness = Harness::new().await;
    fill_tenant_to(&harness, 15_000);
    let run = harness
        .run(
            "import_indicators",
            json!({"indicators": [blocked_address(0), blocked_address(1)]}),
        )
        .await;
    assert!(!run.ok);
    let data = run.json["body"]["exception"]["data"].as_str().unwrap();
    let results: Value = serde_json::from_str(data).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 2);
}
