//! find_machines against the emulator.

use crate::harness::{example_input, Harness};
use serde_json::json;

const ACTION: &str = "find_machines";

fn names(run: &crate::harness::Run) -> Vec<String> {
    run.json["body"]["output"]["machines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["computerDnsName"].as_str().unwrap().to_string())
        .collect()
}

/// The `$filter` the plugin sent, decoded.
fn sent_filter(harness: &Harness) -> String {
    let query = harness.api_requests().pop().unwrap().query;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "$filter")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn succeeds_with_the_spec_example_input() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(names(&run), ["ws-fin-042.contoso.local"]);
    assert_eq!(
        sent_filter(&harness),
        "startswith(computerDnsName,'ws-fin') and lastIpAddress eq '10.20.4.42' and healthStatus eq 'Active' and riskScore eq 'High' and machineTags/any(tag: tag eq 'Finance') and osPlatform eq 'Windows10'"
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn no_filter_lists_machines_up_to_the_limit() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"limit": 4})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(names(&run).len(), 4);
    let query = harness.api_requests().pop().unwrap().query;
    assert!(query.contains("%24top=4"), "{query}");
    assert!(!query.contains("filter"), "{query}");
}

#[tokio::test]
async fn empty_inputs_are_not_filters() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"name_prefix": "", "ip_address": " ", "tag": "", "os_platform": ""}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(names(&run).len(), 6);
}

#[tokio::test]
async fn filters_by_risk_and_health() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            ACTION,
            json!({"risk_score": "High", "health_status": "Active"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        names(&run),
        ["ws-fin-042.contoso.local", "srv-dc-01.contoso.local"]
    );
}

#[tokio::test]
async fn a_hostile_name_prefix_stays_one_literal() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"name_prefix": "ws' or 1 eq 1 or 'x"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        names(&run),
        Vec::<String>::new(),
        "no machine has that name"
    );
    assert_eq!(
        sent_filter(&harness),
        "startswith(computerDnsName,'ws'' or 1 eq 1 or ''x')"
    );
}

#[tokio::test]
async fn a_tag_is_looked_for_among_each_machines_tags() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"tag": "VIP"})).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(names(&run), ["ws-fin-042.contoso.local"]);
    assert_eq!(sent_filter(&harness), "machineTags/any(tag: tag eq 'VIP')");
}

#[tokio::test]
async fn a_hostile_tag_stays_one_literal() {
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"tag": "VIP') or (machineTags eq 'HR"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(names(&run).is_empty());
}

#[tokio::test]
async fn bad_inputs_are_refused_before_any_request() {
    for input in [
        json!({"ip_address": "10.0.0.0/8"}),
        json!({"ip_address": "10.20.4.42' or '1"}),
        json!({"os_platform": "Windows10' or 'x"}),
        json!({"name_prefix": "ws\nfin"}),
        json!({"limit": 0}),
        json!({"limit": 10001}),
    ] {
        let harness = Harness::new().await;
        let run = harness.run(ACTION, input.clone()).await;
        assert!(!run.ok, "{input}: {}", run.envelope);
        assert_eq!(harness.emulator.requests().len(), 0, "{input}");
    }
    let harness = Harness::new().await;
    let run = harness
        .run(ACTION, json!({"ip_address": "10.0.0.0/8"}))
        .await;
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_unknown_platform_finds_nothing_rather_than_failing() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, json!({"os_platform": "Plan9"})).await;
    assert!(run.ok, "{}", run.envelope);
    assert!(names(&run).is_empty());
}

#[tokio::test]
async fn a_limit_above_one_page_is_read_page_by_page() {
    let harness = Harness::new().await;
    for n in 0..1_100 {
        harness.emulator.add_machine(json!({
            "id": format!("{n:040x}"),
            "computerDnsName": format!("lab-{n:04}.contoso.local"),
            "machineTags": ["Lab"],
        }));
    }
    let run = harness
        .run(ACTION, json!({"tag": "Lab", "limit": 1050}))
        .await;
    assert!(run.ok);
    assert_eq!(names(&run).len(), 1050);
    let pages: Vec<String> = harness
        .api_requests()
        .iter()
        .map(|r| {
            url::form_urlencoded::parse(r.query.as_bytes())
                .filter(|(key, _)| key == "$top" || key == "$skip")
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect();
    assert_eq!(pages, ["$top=1000&$skip=0", "$top=1000&$skip=1000"]);
}

#[tokio::test]
async fn an_odata_error_says_to_check_the_filters() {
    // An emulator whose page size is smaller than the plugin's stands in for a service that
    // refuses the query.
    let harness = Harness::with(defender_emulator::Config {
        max_page_size: 10,
        ..Default::default()
    })
    .await;
    let run = harness.run(ACTION, json!({"limit": 50})).await;
    assert!(!run.ok);
    assert!(
        run.json["body"]["exception"]["cause"]
            .as_str()
            .unwrap()
            .contains("ODataError"),
        "{}",
        run.envelope
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_tenant_without_recent_machines_finds_none() {
    let harness = Harness::with(defender_emulator::Config {
        seed: false,
        ..Default::default()
    })
    .await;
    let run = harness.run(ACTION, json!({})).await;
    assert!(run.ok, "{}", run.envelope);
    assert!(names(&run).is_empty());
}
