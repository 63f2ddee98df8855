//! isolate_machines against the emulator: the fan-out every action on many machines shares
//! (`actions::many_machines`) is tested here, through the isolation.

use crate::harness::{call, refused_without_a_request, stable, Run};
use defender_emulator::Fault;
use serde_json::{json, Value};
use std::time::Duration;

super::scenarios! {
    action: "isolate_machines",
    unknown: json!({"machines": ["0000000000000000000000000000000000000000"], "isolation_type": "Full", "comment": "c"}),
    hostile: json!({"machines": ["a6a3a4506513270e269e0d37f2a74de452e6b438", "a6a3/../../indicators"], "isolation_type": "Full", "comment": "c"}),
}

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";
const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";
const UNKNOWN: &str = "0000000000000000000000000000000000000000";

fn isolate(machines: Value) -> Value {
    json!({"machines": machines, "isolation_type": "Full", "comment": "c"})
}

fn results(run: &Run) -> &Vec<Value> {
    run.json["body"]["output"]["results"]
        .as_array()
        .expect("results")
}

/// The path of every POST, in the order the emulator received them.
fn posts(harness: &Harness) -> Vec<String> {
    harness
        .api_requests()
        .into_iter()
        .filter(|request| request.method == "POST" && request.status == 201)
        .map(|request| request.path)
        .collect()
}

/// The results the data of a failed step holds.
fn failed_results(run: &Run) -> Vec<Value> {
    let data = run.json["body"]["exception"]["data"]
        .as_str()
        .expect("data");
    let data: Value = serde_json::from_str(data).expect("the data is JSON");
    data["results"].as_array().expect("results").clone()
}

#[tokio::test]
async fn one_machine_failing_does_not_fail_the_others() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "isolate_machines",
            isolate(json!([FIN, UNKNOWN, "ws-gone.contoso.local", HR])),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(
        (output["succeeded"].as_i64(), output["failed"].as_i64()),
        (Some(2), Some(2))
    );
    let results = results(&run);
    assert_eq!(results[0]["machineAction"]["machineId"], FIN);
    assert!(
        results[1]["error"].as_str().unwrap().contains("was found"),
        "{}",
        results[1]
    );
    assert_eq!(results[1]["machineId"], UNKNOWN);
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .contains("ws-gone.contoso.local"),
        "{}",
        results[2]
    );
    assert_eq!(results[2].get("machineId"), None);
    assert_eq!(results[3]["machineAction"]["machineId"], HR);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn every_machine_failing_fails_the_step_and_lists_each_machines_error() {
    let harness = Harness::new().await;
    let other = "1111111111111111111111111111111111111111";
    let run = harness
        .run(
            "isolate_machines",
            isolate(json!([UNKNOWN, other, "ws-gone.contoso.local"])),
        )
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(
        cause.contains("No Isolate action was created on any of the 3 machines"),
        "{cause}"
    );
    let results = failed_results(&run);
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|result| result["error"].is_string()));
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_machine_given_by_id_and_by_name_is_isolated_once() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "isolate_machines",
            isolate(json!([
                FIN,
                FIN.to_uppercase(),
                " ws-fin-042.contoso.local",
                "WS-FIN-042.contoso.local "
            ])),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        harness.api_calls(),
        [
            call("GET", "/api/machines/ws-fin-042.contoso.local"),
            call("POST", &format!("/api/machines/{FIN}/isolate")),
        ]
    );
    let results = results(&run);
    let machines: Vec<&str> = results
        .iter()
        .map(|r| r["machine"].as_str().unwrap())
        .collect();
    assert_eq!(machines, [FIN, "ws-fin-042.contoso.local"]);
    assert_eq!(results[0]["machineAction"], results[1]["machineAction"]);
    assert_eq!(run.json["body"]["output"]["succeeded"], 2);
}

#[tokio::test]
async fn an_ip_address_is_resolved_to_the_machine_that_last_had_it() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machines", isolate(json!(["10.20.4.42"])))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let requests = harness.api_requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/api/machines")
    );
    assert!(
        requests[0].query.contains("lastIpAddress"),
        "{}",
        requests[0].query
    );
    assert_eq!(posts(&harness), [format!("/api/machines/{FIN}/isolate")]);
    assert_eq!(results(&run)[0]["machineId"], FIN);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_ip_address_two_machines_share_is_that_values_error_only() {
    let harness = Harness::new().await;
    let twin = "2222222222222222222222222222222222222222";
    harness.emulator.add_machine(
        json!({"id": twin, "computerDnsName": "ws-twin.contoso.local", "lastIpAddress": "10.20.4.42"}),
    );
    let run = harness
        .run("isolate_machines", isolate(json!(["10.20.4.42", HR])))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let results = results(&run);
    let error = results[0]["error"].as_str().unwrap();
    assert!(error.contains(FIN) && error.contains(twin), "{error}");
    assert_eq!(results[1]["machineAction"]["machineId"], HR);
    assert_eq!(posts(&harness), [format!("/api/machines/{HR}/isolate")]);
}

#[tokio::test]
async fn more_than_500_machines_are_refused_without_a_request() {
    let harness = Harness::new().await;
    // Counted as given: 501 copies of one machine are still 501 items.
    let run = harness
        .run("isolate_machines", isolate(json!(vec![FIN; 501])))
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn an_empty_list_is_refused_without_a_request() {
    let harness = Harness::new().await;
    let run = harness.run("isolate_machines", isolate(json!([]))).await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_blank_item_is_refused_without_a_request() {
    let harness = Harness::new().await;
    let run = harness
        .run("isolate_machines", isolate(json!([FIN, "  "])))
        .await;
    refused_without_a_request(&harness, &run);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_429_is_waited_out_for_every_machine_and_all_end_isolated() {
    let harness = Harness::new().await;
    harness.emulator.inject(Fault::Throttle {
        path_prefix: None,
        retry_after_secs: 7,
        times: 2,
    });
    let run = harness
        .run("isolate_machines", isolate(json!([FIN, HR])))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let statuses: Vec<u16> = harness.api_requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 429, 201, 201]);
    // Both requests were in flight together, and each waited the Retry-After once.
    assert_eq!(harness.sleeps(), [Duration::from_secs(7); 2]);
    assert_eq!(run.json["body"]["output"]["succeeded"], 2);
}

#[tokio::test]
async fn a_pending_isolation_is_returned_for_its_machine() {
    let harness = Harness::new().await;
    let first = harness
        .run(
            "isolate_machine",
            json!({"machine_id": FIN, "isolation_type": "Full", "comment": "c"}),
        )
        .await;
    assert!(first.ok, "{}", first.envelope);
    let pending = first.json["body"]["output"]["machine_isolation_response"]["id"].clone();
    let run = harness
        .run("isolate_machines", isolate(json!([FIN, HR])))
        .await;
    assert!(run.ok, "{}", run.envelope);
    let results = results(&run);
    assert_eq!(results[0]["machineAction"]["id"], pending);
    assert_ne!(results[1]["machineAction"]["id"], pending);
    assert_eq!(run.json["body"]["output"]["failed"], 0);
}

#[tokio::test]
async fn machines_whose_turn_comes_after_the_budget_are_reported_not_sent() {
    let mut harness = Harness::new().await;
    harness.step_budget = Duration::from_secs(2);
    let ids: Vec<String> = (1..=12).map(|n| format!("{n:040x}")).collect();
    for (n, id) in ids.iter().enumerate() {
        harness.emulator.add_machine(
            json!({"id": id, "computerDnsName": format!("ws-slow-{n:02}.contoso.local")}),
        );
    }
    // The first ten requests (all that are in flight) outlast the budget.
    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/machines/".into()),
        millis: 4000,
        times: 10,
    });
    let run = harness.run("isolate_machines", isolate(json!(ids))).await;
    assert!(!run.ok, "{}", run.envelope);
    let results = failed_results(&run);
    assert_eq!(results.len(), 12);
    let not_sent: Vec<bool> = results
        .iter()
        .map(|r| {
            r["error"]
                .as_str()
                .unwrap()
                .starts_with("Not sent: the step's 2 s budget ran out")
        })
        .collect();
    assert_eq!(not_sent, [[false; 10].as_slice(), &[true; 2]].concat());
    assert!(results[11]["error"]
        .as_str()
        .unwrap()
        .contains("PLUGIN_STEP_TIMEOUT"));
    assert_eq!(
        harness.api_requests().len(),
        10,
        "the last two were never sent"
    );
}

#[tokio::test]
async fn at_most_ten_requests_are_in_flight_at_once() {
    let harness = Harness::new().await;
    let ids: Vec<String> = (1..=25).map(|n| format!("{n:040x}")).collect();
    for (n, id) in ids.iter().enumerate() {
        harness.emulator.add_machine(
            json!({"id": id, "computerDnsName": format!("ws-busy-{n:02}.contoso.local")}),
        );
    }
    // Slow answers, so that every request the plugin lets out overlaps the others.
    harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/machines/".into()),
        millis: 300,
        times: 25,
    });
    let run = harness.run("isolate_machines", isolate(json!(ids))).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"]["succeeded"], 25);
    assert_eq!(posts(&harness).len(), 25);
    assert_eq!(harness.emulator.most_in_flight(), 10);
}

#[tokio::test]
async fn waits_for_every_isolation_to_succeed() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "isolate_machines",
            json!({"machines": [FIN, HR], "isolation_type": "Full", "comment": "c", "wait_for_completion": true, "wait_timeout": 60}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    for result in results(&run) {
        assert_eq!(result["machineAction"]["status"], "Succeeded", "{result}");
    }
}
