//! get_machine_information against the emulator.

use defender_emulator::Fault;
use serde_json::json;

super::scenarios! {
    action: "get_machine_information",
    unknown: json!({"machine": "0000000000000000000000000000000000000000"}),
    hostile: json!({"machine": "ws-fin-042/../../indicators"}),
}

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

fn machine_of(run: &crate::harness::Run) -> &serde_json::Value {
    &run.json["body"]["output"]["machine"]
}

#[tokio::test]
async fn finds_a_machine_by_its_id() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_machine_information", json!({"machine": FIN}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        machine_of(&run)["computerDnsName"],
        "ws-fin-042.contoso.local"
    );
    let paths: Vec<String> = harness
        .api_requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(paths, [format!("/api/machines/{FIN}")]);
}

#[tokio::test]
async fn finds_a_machine_by_its_host_name_alone() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_machine_information", json!({"machine": "ws-fin-042"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(machine_of(&run)["id"], FIN);
    let filters: Vec<String> = harness
        .api_requests()
        .iter()
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(filters.len(), 2, "the full name first, then the host name");
    assert!(filters[1].contains("startswith"), "{filters:?}");
}

#[tokio::test]
async fn finds_a_machine_by_its_last_ip_address() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_machine_information", json!({"machine": "10.20.4.42"}))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(machine_of(&run)["id"], FIN);
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].query.contains("lastIpAddress"),
        "{}",
        requests[0].query
    );
}

#[tokio::test]
async fn an_unknown_ip_address_is_also_looked_up_by_findbyip() {
    let harness = Harness::new().await;
    let run = harness
        .run("get_machine_information", json!({"machine": "10.99.0.1"}))
        .await;
    assert!(!run.ok);
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1]
            .path
            .starts_with("/api/machines/findbyip(ip='10.99.0.1',timestamp="),
        "{}",
        requests[1].path
    );
    let timestamp = regex::Regex::new(r"timestamp=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$").unwrap();
    assert!(
        timestamp.is_match(&requests[1].path),
        "a timestamp in whole seconds: {}",
        requests[1].path
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_name_shared_by_two_machines_names_both() {
    let harness = Harness::new().await;
    let twin = "00000000000000000000000000000000000000aa";
    harness.emulator.add_machine(
        json!({"id": twin, "computerDnsName": "ws-fin-042.contoso.local", "lastSeen": "2026-11-01T10:00:00Z"}),
    );
    let run = harness
        .run(
            "get_machine_information",
            json!({"machine": "ws-fin-042.contoso.local"}),
        )
        .await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains(FIN) && cause.contains(twin), "{cause}");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_ip_address_shared_by_two_machines_names_both() {
    let harness = Harness::new().await;
    let twin = "00000000000000000000000000000000000000bb";
    harness.emulator.add_machine(
        json!({"id": twin, "computerDnsName": "ws-new-001.contoso.local", "lastIpAddress": "10.20.4.42"}),
    );
    let run = harness
        .run("get_machine_information", json!({"machine": "10.20.4.42"}))
        .await;
    assert!(!run.ok);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(
        cause.contains("2 machines") && cause.contains(twin),
        "{cause}"
    );
}

#[tokio::test]
async fn address_shaped_values_that_are_not_addresses_are_refused_before_any_request() {
    for bad in [
        "10.0.0.0/8",
        "010.20.4.42",
        "10.20.4",
        "10.20.4.42:443",
        "fe80::1%eth0",
    ] {
        let harness = Harness::new().await;
        let run = harness
            .run("get_machine_information", json!({"machine": bad}))
            .await;
        assert!(!run.ok, "{bad}: {}", run.envelope);
        assert!(
            run.json["body"]["exception"]["cause"]
                .as_str()
                .unwrap()
                .contains("Machine"),
            "{bad}: {}",
            run.envelope
        );
        assert_eq!(harness.emulator.requests().len(), 0, "{bad}");
    }
}

#[tokio::test]
async fn a_name_with_a_quote_cannot_reach_the_filter() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "get_machine_information",
            json!({"machine": "ws' or 1 eq 1 or 'x"}),
        )
        .await;
    assert!(!run.ok);
    assert_eq!(harness.emulator.requests().len(), 0);
}

#[tokio::test]
async fn an_address_of_another_adapter_is_found_by_findbyip() {
    let harness = Harness::new().await;
    let laptop = "00000000000000000000000000000000000000cc";
    harness.emulator.add_machine(json!({
        "id": laptop,
        "computerDnsName": "lt-sales-007.contoso.local",
        "lastIpAddress": "10.50.0.1",
        "ipAddresses": [
            {"ipAddress": "10.50.0.1", "operationalStatus": "Up"},
            {"ipAddress": "192.168.1.23", "operationalStatus": "Up"},
        ],
    }));
    let run = harness
        .run(
            "get_machine_information",
            json!({"machine": "192.168.1.23"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(machine_of(&run)["id"], laptop);
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 2, "the last-address filter, then findbyip");
    assert!(requests[1].path.contains("findbyip"));
}

#[tokio::test]
async fn an_api_that_accepts_and_never_answers_fails_the_step_within_its_budget() {
    let mut harness = Harness::new().await;
    harness.step_budget = std::time::Duration::from_secs(2);
    // Longer than the client's 60 s request timeout, five times over: without a step budget,
    // five attempts would hold the step for five minutes.
    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/machines".into()),
        millis: 600_000,
        times: 5,
    });
    let started = std::time::Instant::now();
    let run = harness
        .run("get_machine_information", json!({"machine": FIN}))
        .await;
    let took = started.elapsed();
    assert!(!run.ok, "{}", run.envelope);
    let host = harness.emulator.base_url().replace("http://", "");
    assert_eq!(
        run.json["body"]["exception"]["cause"],
        format!("GET {host}/api/machines/{FIN}: no complete answer within the step's 2 s budget.")
    );
    assert!(
        took < std::time::Duration::from_secs(4),
        "the step ends with its budget, took {took:?}"
    );
}
