//! The application secret and the tokens never appear in stdout, stderr, the log or an error,
//! whatever happens: success, not found, a wrong secret, a missing permission, a refreshed token.

use crate::harness::{assert_no_secret, Harness};
use crate::support::binary_with_env;
use serde_json::json;
use windows_defender_atp::emulator::Fault;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_or_token_reaches_stdout_stderr_or_the_log() {
    let harness = Harness::without_roles("Machine.Scan").await;
    let workspace = tempfile::tempdir().unwrap();
    let isolate = json!({"machine_id": "a6a3a4506513270e269e0d37f2a74de452e6b438", "isolation_type": "Full", "comment": "c"});
    let mut wrong_secret = harness.connection();
    wrong_secret["application_secret"]["secretKey"] = json!("wrong-secret-value-123");
    let cases = vec![
        ("run", harness.message("isolate_machine", isolate.clone()), None),
        ("run", harness.message("get_machine_action", json!({"action_id": "00000000-0000-4000-8000-000000000000"})), None),
        ("run", harness.message("run_antivirus_scan", json!({"machine_id": "ws-hr-017.contoso.local", "scan_type": "Full", "comment": "c"})), None),
        ("run", harness.message("get_machine_id_from_alert", json!({"alert_id": "da638402211706714560_-1915585947"})), Some(Fault::ExpireTokenOnce)),
        ("test", harness.message("isolate_machine", isolate.clone()), None),
        ("run", with_connection(harness.message("isolate_machine", isolate.clone()), &wrong_secret), None),
        ("test", with_connection(harness.message("isolate_machine", isolate), &wrong_secret), None),
    ];
    for (command, message, fault) in cases {
        if let Some(fault) = fault {
            harness.emulator.inject(fault);
        }
        let dir = workspace.path().to_str().unwrap().to_string();
        let out = tokio::task::spawn_blocking(move || {
            binary_with_env(&["--debug", command], &message, &[("WORKSPACE_DIR", &dir)])
        })
        .await
        .unwrap();
        for text in [&out.stdout, &out.stderr] {
            assert_no_secret(text, &harness.emulator);
            assert!(
                !text.contains("wrong-secret-value-123"),
                "the wrong secret leaked: {text}"
            );
        }
        let envelope: serde_json::Value =
            serde_json::from_str(&out.stdout).expect("stdout is one envelope");
        assert!(envelope["body"]["status"].is_string());
    }
    assert!(
        harness.token_requests() >= 6,
        "the cases reached the token endpoint"
    );
}

fn with_connection(message: Vec<u8>, connection: &serde_json::Value) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(&message).unwrap();
    value["body"]["connection"] = connection.clone();
    serde_json::to_vec(&value).unwrap()
}
