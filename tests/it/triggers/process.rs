//! The trigger as a process: SIGTERM stops it with its state saved and its final envelope
//! printed, as the flag file does in-process, and within seconds even while a delivery hangs.

use super::TriggerTest;
use crate::support::spawn_binary;
use serde_json::{json, Value};
use std::io::Read;
use std::process::Command;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_a_debug_run_with_its_state_saved() {
    let t = TriggerTest::new().await;
    t.add_alert("da-process-1", 1, json!({}));
    let workspace = tempfile::tempdir().unwrap();
    let message = t.message("get_alerts", json!({"backfill_minutes": 5, "frequency": 1}));
    let workspace_dir = workspace.path().to_str().unwrap();
    let mut child = spawn_binary(
        &["--debug", "run"],
        &message,
        &[("WORKSPACE_DIR", workspace_dir)],
    );
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let reading = tokio::task::spawn_blocking(move || {
        let mut text = Vec::new();
        let mut chunk = [0u8; 4096];
        let mut signalled = false;
        loop {
            let n = stdout.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            text.extend_from_slice(&chunk[..n]);
            if !signalled && String::from_utf8_lossy(&text).contains("da-process-1") {
                let killed = Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status()
                    .unwrap();
                assert!(killed.success());
                signalled = true;
            }
        }
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (String::from_utf8(text).unwrap(), status, stderr)
    });
    let (stdout, status, stderr) = tokio::time::timeout(Duration::from_secs(60), reading)
        .await
        .expect("the trigger ends after SIGTERM")
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    let (event, last) = stdout
        .split_once(r#"{"body": {"log""#)
        .expect("the event, then the final envelope");
    let event: Value = serde_json::from_str(event).unwrap();
    assert_eq!(super::alert_ids(&[event]), ["da-process-1"]);
    let last: Value = serde_json::from_str(&format!(r#"{{"body": {{"log"{last}"#)).unwrap();
    assert_eq!(last["body"]["status"], "ok");
    assert_eq!(last["body"]["output"], Value::Null);
    assert_eq!(last["type"], "trigger_event");
    let log = last["body"]["log"].as_str().unwrap();
    assert!(
        log.contains("Received a termination signal, saving state and terminating trigger..."),
        "{log}"
    );
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace.path().join("cache/trigger-1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(state["seen"][0]["id"], "da-process-1");
}

/// A dispatcher that accepts connections and reads what comes, but never answers.
async fn silent_dispatcher() -> (String, tokio::sync::mpsc::UnboundedReceiver<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (received, bytes_arrived) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let received = received.clone();
            open.push(tokio::spawn(async move {
                use tokio::io::AsyncReadExt;
                let mut buf = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let _ = received.send(());
                }
            }));
        }
    });
    (url, bytes_arrived)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_hanging_delivery_stops_within_seconds_and_the_event_is_sent_next_start() {
    let mut t = TriggerTest::new().await;
    t.add_alert("da-unconfirmed", 1, json!({}));
    let (url, mut bytes_arrived) = silent_dispatcher().await;
    let working = std::mem::replace(&mut t.dispatcher.url, url);
    let message = t.message("get_alerts", json!({"backfill_minutes": 5, "frequency": 1}));
    let workspace_dir = t.harness.workspace().to_str().unwrap().to_owned();
    let child = spawn_binary(&["run"], &message, &[("WORKSPACE_DIR", &workspace_dir)]);
    tokio::time::timeout(Duration::from_secs(30), bytes_arrived.recv())
        .await
        .expect("the event reaches the dispatcher");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let signalled = std::time::Instant::now();
    let finished = tokio::task::spawn_blocking(move || child.wait_with_output());
    let output = tokio::time::timeout(Duration::from_secs(20), finished)
        .await
        .expect("the trigger ends after SIGTERM")
        .unwrap()
        .unwrap();
    let took = signalled.elapsed();
    assert!(
        took < Duration::from_secs(6),
        "stopped {took:?} after SIGTERM, past the delivery grace"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let last: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(last["body"]["status"], "ok");
    let log = last["body"]["log"].as_str().unwrap();
    assert!(
        log.contains("did not confirm the event within 3 s of the stop; its 1 alert(s) are not counted as sent, and the next start sends them again"),
        "{log}"
    );
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(t.state_file()).unwrap()).unwrap();
    assert_eq!(
        state["seen"],
        json!([]),
        "the saved state is the one before the event"
    );

    t.dispatcher.url = working;
    let next = t
        .run(
            "get_alerts",
            json!({"backfill_minutes": 5, "frequency": 1}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(next.ok, "{}", next.envelope);
    super::assert_each_once(&t.dispatcher.alert_ids(), &["da-unconfirmed"]);
}
