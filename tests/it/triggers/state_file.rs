//! The state file against damage. Each case is a restart after something went wrong with the
//! file; in each, the alert created while the trigger was down is still sent (a damaged state
//! may repeat alerts, never lose one), and the log says which file, what was wrong and what the
//! trigger does now.

use super::{Finished, TriggerTest};
use serde_json::{json, Value};
use time::OffsetDateTime;

const TRIGGER: &str = "get_alerts";

/// The restart's input: no backfill, so a trigger that started over would skip every alert
/// created before it.
fn no_backfill() -> Value {
    json!({"backfill_minutes": 0})
}

/// Runs once until "da-before" is sent, so the state file and its backup exist.
async fn first_run(t: &TriggerTest) {
    t.add_alert("da-before", 1, json!({}));
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(t.state_file().is_file());
}

/// Restarts until the dispatcher has received `id`; returns the run and every log line of the
/// restart (its events' logs and its final envelope's).
async fn restart(t: &TriggerTest, id: &str) -> (Finished, String) {
    let events_before = t.dispatcher.events().len();
    let received = || t.dispatcher.alert_ids().iter().any(|seen| seen == id);
    let run = t.run(TRIGGER, no_backfill(), t.wait_for(received, 2)).await;
    assert!(run.ok, "{}", run.envelope);
    let mut log: String = t.dispatcher.events()[events_before..]
        .iter()
        .map(|event| event["body"]["log"].as_str().unwrap_or_default().to_owned())
        .collect();
    log.push_str(run.json["body"]["log"].as_str().unwrap_or_default());
    (run, log)
}

fn write_state(t: &TriggerTest, text: &str) {
    std::fs::create_dir_all(t.state_file().parent().unwrap()).unwrap();
    std::fs::write(t.state_file(), text).unwrap();
}

fn with_suffix(t: &TriggerTest, suffix: &str) -> std::path::PathBuf {
    let mut name = t.state_file().into_os_string();
    name.push(suffix);
    name.into()
}

fn count(ids: &[String], id: &str) -> usize {
    ids.iter().filter(|seen| *seen == id).count()
}

fn assert_recovery(log: &str) {
    assert!(
        log.contains("The saved state is lost, so the trigger starts from its recovery look-back"),
        "{log}"
    );
}

#[tokio::test]
async fn garbage_in_the_state_file_is_set_aside_and_the_backup_is_used() {
    let t = TriggerTest::new().await;
    first_run(&t).await;
    std::fs::write(t.state_file(), "garbage").unwrap();
    t.add_alert("da-while-down", 0, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    let ids = t.dispatcher.alert_ids();
    assert_eq!(count(&ids, "da-while-down"), 1, "{ids:?}");
    // The backup is the state one save back: alerts sent since may go out again, by design.
    assert!(count(&ids, "da-before") <= 2, "{ids:?}");
    assert!(
        log.contains(&format!(
            "The state file {} cannot be used: it is not JSON, perhaps cut short (expected value at line 1 column 1). It was moved to {}",
            t.state_file().display(),
            with_suffix(&t, ".corrupt").display()
        )),
        "{log}"
    );
    assert!(log.contains("Resuming from the backup"), "{log}");
    assert_eq!(
        std::fs::read_to_string(with_suffix(&t, ".corrupt")).unwrap(),
        "garbage"
    );
}

#[tokio::test]
async fn a_missing_state_file_with_a_backup_resumes_from_the_backup() {
    let t = TriggerTest::new().await;
    first_run(&t).await;
    // As a crash between the two renames of a save leaves it.
    std::fs::remove_file(t.state_file()).unwrap();
    t.add_alert("da-while-down", 0, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    assert_eq!(count(&t.dispatcher.alert_ids(), "da-while-down"), 1);
    assert!(log.contains("Resuming from the backup"), "{log}");
}

#[tokio::test]
async fn an_empty_state_file_without_a_backup_starts_from_the_recovery_look_back() {
    let t = TriggerTest::new().await;
    write_state(&t, "");
    t.add_alert("da-while-down", 30, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains(&format!(
            "The state file {} cannot be used: it is empty",
            t.state_file().display()
        )),
        "{log}"
    );
    assert!(log.contains("There is no backup"), "{log}");
    assert_recovery(&log);
}

#[tokio::test]
async fn a_truncated_state_file_starts_from_the_recovery_look_back() {
    let t = TriggerTest::new().await;
    write_state(
        &t,
        r#"{"version": 1, "not_before": "2026-11-23T11:00:00Z", "watermark": "2026-11"#,
    );
    t.add_alert("da-while-down", 30, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains("cannot be used: it is not JSON, perhaps cut short (EOF while parsing"),
        "{log}"
    );
    assert_recovery(&log);
}

#[tokio::test]
async fn an_unreadable_watermark_starts_from_the_recovery_look_back() {
    let t = TriggerTest::new().await;
    write_state(
        &t,
        r#"{"version": 1, "not_before": "2026-11-23T11:00:00Z", "watermark": "soon", "seen": []}"#,
    );
    t.add_alert("da-while-down", 30, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains(r#"cannot be used: "watermark" is not a time (it holds "soon")"#),
        "{log}"
    );
    assert_recovery(&log);
}

#[tokio::test]
async fn a_watermark_in_the_future_is_set_back_to_now() {
    let t = TriggerTest::new().await;
    let now = OffsetDateTime::now_utc();
    let state = windows_defender_atp::internals::State {
        not_before: now - time::Duration::hours(1),
        watermark: now + time::Duration::days(365),
        read_at: now + time::Duration::days(365),
        seen: Default::default(),
    };
    let text = windows_defender_atp::internals::state::encode(&state).to_string();
    write_state(&t, &text);
    t.add_alert("da-while-down", 2, json!({}));
    let (_, log) = restart(&t, "da-while-down").await;
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains("later than the clock") && log.contains("it is set back to now"),
        "{log}"
    );
}

#[tokio::test]
async fn a_directory_in_place_of_the_state_file_keeps_the_trigger_running_in_memory() {
    let t = TriggerTest::new().await;
    std::fs::create_dir_all(t.state_file()).unwrap();
    t.add_alert("da-while-down", 30, json!({}));
    let (run, log) = restart(&t, "da-while-down").await;
    assert!(run.ok);
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains(&format!(
            "The state file {} cannot be used: it is a directory, not a file. The trigger keeps its state in memory only until that directory is removed.",
            t.state_file().display()
        )),
        "{log}"
    );
    assert!(
        !log.contains("Could not save"),
        "failed saves are not repeated: {log}"
    );
    assert_recovery(&log);
    assert!(t.state_file().is_dir(), "the directory is left alone");
}

#[tokio::test]
async fn a_file_in_place_of_the_cache_directory_keeps_the_trigger_running_in_memory() {
    let t = TriggerTest::new().await;
    std::fs::write(t.harness.workspace().join("cache"), "not a directory").unwrap();
    t.add_alert("da-while-down", 30, json!({}));
    let (run, log) = restart(&t, "da-while-down").await;
    assert!(run.ok);
    assert_eq!(t.dispatcher.alert_ids(), ["da-while-down"]);
    assert!(
        log.contains(&format!(
            "{} is not a directory, so the trigger can neither read its state file",
            t.harness.workspace().join("cache").display()
        )),
        "{log}"
    );
    assert!(
        !log.contains("Could not save"),
        "failed saves are not repeated: {log}"
    );
    assert_recovery(&log);
}

#[tokio::test]
async fn a_missing_cache_directory_is_created_and_the_trigger_starts_from_its_backfill() {
    let t = TriggerTest::new().await;
    let cache = t.harness.workspace().join("cache");
    assert!(!cache.exists());
    t.add_alert("da-before-the-backfill", 30, json!({}));
    let script = async {
        t.wait_for_polls(2).await;
        t.add_alert("da-new", 0, json!({}));
        t.wait_for_alerts(1).await;
    };
    let run = t.run(TRIGGER, no_backfill(), script).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(t.dispatcher.alert_ids(), ["da-new"]);
    let log = t.dispatcher.events()[0]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        log.contains(&format!(
            "The state directory {} does not exist; creating it",
            cache.display()
        )),
        "{log}"
    );
    assert!(t.state_file().is_file());
}

#[tokio::test]
async fn polls_that_send_nothing_do_not_rewrite_the_state_file_each_time() {
    let t = TriggerTest::new().await;
    let mut after_first_poll = String::new();
    let mut after_five_polls = String::new();
    let script = async {
        t.wait_for_polls(1).await;
        t.wait_for_polls(2).await;
        after_first_poll = std::fs::read_to_string(t.state_file()).unwrap();
        t.wait_for_polls(6).await;
        after_five_polls = std::fs::read_to_string(t.state_file()).unwrap();
    };
    let run = t.run(TRIGGER, no_backfill(), script).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(after_first_poll, after_five_polls);
    let at_stop = std::fs::read_to_string(t.state_file()).unwrap();
    assert_ne!(
        at_stop, after_five_polls,
        "the stop saves where the window got to"
    );
}
