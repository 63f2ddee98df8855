//! run_live_response_script against the emulator.

use super::assert_refused_before_any_request;
use defender_emulator::Config;
use serde_json::{json, Value};

super::scenarios! {
    action: "run_live_response_script",
    unknown: json!({"machine_id": "ffffffffffffffffffffffffffffffffffffffff", "script_name": "get-autoruns.ps1", "comment": "c"}),
    hostile: json!({"machine_id": "..", "script_name": "get-autoruns.ps1", "comment": "c"}),
}

const M_FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

/// A run of `script` on the finance workstation, waiting for it.
fn on_fin(script: &str) -> Value {
    json!({"machine_id": M_FIN, "script_name": script, "comment": "c"})
}

#[tokio::test]
async fn returns_the_script_output_read_from_the_result_link_without_the_bearer_token() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "run_live_response_script",
            json!({"machine_id": "ws-fin-042.contoso.local", "script_name": "collect-triage.ps1", "args": "-Scope quick", "comment": "c"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(output["machine_action_response"]["status"], "Succeeded");
    assert_eq!(output["exit_code"], 0);
    assert_eq!(output["script_errors"], "");
    let script_output = output["script_output"].as_str().unwrap();
    assert!(
        script_output.contains("collect-triage.ps1")
            && script_output.contains("arguments: -Scope quick"),
        "{script_output}"
    );
    let (_, body) = harness.first_post();
    assert_eq!(
        body,
        json!({"Commands": [{"type": "RunScript", "params": [
            {"key": "ScriptName", "value": "collect-triage.ps1"},
            {"key": "Args", "value": "-Scope quick"}]}],
            "Comment": "c"})
    );
    let blobs: Vec<_> = harness
        .emulator
        .requests()
        .into_iter()
        .filter(|request| request.path.starts_with("/blobs/"))
        .collect();
    assert_eq!(blobs.len(), 1);
    assert_eq!(blobs[0].header("authorization"), None);
    assert!(harness
        .api_requests()
        .iter()
        .all(|request| request.header("authorization").is_some()));
    assert!(
        !run.json["body"]["log"].as_str().unwrap().contains("sig="),
        "the link's signature was logged"
    );
}

#[tokio::test]
async fn without_waiting_returns_the_pending_action_without_output() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "run_live_response_script",
            json!({"machine_id": M_FIN, "script_name": "get-autoruns.ps1", "comment": "c", "wait_for_completion": false}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let output = &run.json["body"]["output"];
    assert_eq!(output["machine_action_response"]["status"], "Pending");
    assert!(output.get("script_output").is_none(), "{output}");
    assert_eq!(harness.api_requests().len(), 1, "only the POST is sent");
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_second_session_on_a_machine_returns_the_running_one() {
    let harness = Harness::new().await;
    let input = |script: &str| json!({"machine_id": M_FIN, "script_name": script, "comment": "c", "wait_for_completion": false});
    let first = harness
        .run("run_live_response_script", input("get-autoruns.ps1"))
        .await;
    let second = harness
        .run("run_live_response_script", input("collect-triage.ps1"))
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_eq!(
        first.json["body"]["output"]["machine_action_response"]["id"],
        second.json["body"]["output"]["machine_action_response"]["id"]
    );
    let live: Vec<_> = harness
        .emulator
        .machine_actions()
        .into_iter()
        .filter(|action| action["type"] == "LiveResponse")
        .collect();
    assert_eq!(live.len(), 1);
}

#[tokio::test]
async fn a_failed_command_reports_defenders_error_text() {
    let harness = Harness::new().await;
    harness
        .emulator
        .fail_live_response("get-autoruns.ps1", "Script execution failed: access denied");
    let run = harness
        .run("run_live_response_script", on_fin("get-autoruns.ps1"))
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(
        cause.contains("RunScript") && cause.contains("Script execution failed: access denied"),
        "{cause}"
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_script_name_with_a_path_is_refused_without_any_request() {
    for script in ["..\\x.ps1", "a/b.ps1", "scripts\\x.ps1"] {
        let harness = Harness::new().await;
        let run = harness
            .run("run_live_response_script", on_fin(script))
            .await;
        assert_refused_before_any_request(&harness, &run, "script_name");
        if script == "a/b.ps1" {
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }
    }
}

#[tokio::test]
async fn an_expired_result_link_is_a_clear_error() {
    let harness = Harness::with(Config {
        live_response_link_secs: 0,
        ..Config::default()
    })
    .await;
    let run = harness
        .run("run_live_response_script", on_fin("get-autoruns.ps1"))
        .await;
    assert!(!run.ok, "{}", run.envelope);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(
        cause.contains("HTTP 403, AuthenticationFailed") && cause.contains("expired"),
        "{cause}"
    );
    assert!(
        !run.envelope.contains("sig="),
        "the link leaked: {}",
        run.envelope
    );
    crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_running_session_of_other_commands_is_returned_without_their_result() {
    let harness = Harness::new().await;
    let mut first = on_fin("get-autoruns.ps1");
    first["wait_for_completion"] = json!(false);
    let first = harness.run("run_live_response_script", first).await;
    let second = harness
        .run("run_live_response_script", on_fin("collect-triage.ps1"))
        .await;
    assert!(second.ok, "{}", second.envelope);
    let output = &second.json["body"]["output"];
    assert_eq!(
        output["machine_action_response"]["id"],
        first.json["body"]["output"]["machine_action_response"]["id"]
    );
    assert_eq!(output["machine_action_response"]["status"], "Succeeded");
    assert!(output.get("script_output").is_none(), "{output}");
    assert!(second.json["body"]["log"]
        .as_str()
        .unwrap()
        .contains("was already running on the machine with other commands"));
    assert!(
        !harness
            .emulator
            .requests()
            .iter()
            .any(|request| request.path.contains("GetLiveResponseResultDownloadLink")),
        "the other session's result was read"
    );
}
