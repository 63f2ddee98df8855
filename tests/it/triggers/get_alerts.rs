//! get_alerts against the emulator and a recording dispatcher.

use super::{assert_each_once, param, TriggerTest};
use defender_emulator::{Config, Fault};
use serde_json::{json, Value};
use std::time::Duration;
use windows_defender_atp::Mode;

const TRIGGER: &str = "get_alerts";

fn small_pages() -> Config {
    Config {
        seed: false,
        max_page_size: 3,
        ..Config::default()
    }
}

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:02}")).collect()
}

fn as_strs(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

/// Ten alerts a minute apart, oldest first, created 20 to 11 minutes ago.
fn add_ten(t: &TriggerTest) -> Vec<String> {
    let ids = ids("da-page-", 10);
    for (i, id) in ids.iter().enumerate() {
        t.add_alert(id, 20 - i as i64, json!({}));
    }
    ids
}

#[tokio::test]
async fn a_backlog_larger_than_a_page_is_read_through_every_page() {
    let t = TriggerTest::with(small_pages()).await;
    let expected = add_ten(&t);
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 60}),
            t.wait_for_alerts(10),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &as_strs(&expected));
    assert_eq!(t.dispatcher.events().len(), 1, "one event per poll");
    let first_poll: Vec<(Option<String>, Option<String>)> = t
        .alert_requests()
        .iter()
        .take(4)
        .map(|r| (param(r, "$top"), param(r, "$skip")))
        .collect();
    let pages: Vec<(Option<String>, Option<String>)> = [0, 3, 6, 9]
        .iter()
        .map(|skip| (Some("3".to_owned()), Some(skip.to_string())))
        .collect();
    assert_eq!(first_poll, pages);
    let first = &t.alert_requests()[0];
    assert_eq!(
        param(first, "$orderby").as_deref(),
        Some("alertCreationTime asc")
    );
    assert_eq!(param(first, "$expand").as_deref(), Some("evidence"));
    assert!(param(first, "$filter")
        .unwrap()
        .starts_with("alertCreationTime ge "));
    assert_eq!(
        t.dispatcher.content_types(),
        ["application/json"],
        "events are POSTed as JSON"
    );
    assert_eq!(run.json["body"]["output"], Value::Null);
    assert_eq!(run.json["body"]["status"], "ok");
}

#[tokio::test]
async fn alerts_with_the_same_creation_time_are_each_sent_once() {
    let t = TriggerTest::with(small_pages()).await;
    let created = time::OffsetDateTime::now_utc() - time::Duration::minutes(3);
    let expected = ids("da-same-", 7);
    for id in &expected {
        t.add_alert_at(id, created, json!({}));
    }
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(7),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &as_strs(&expected));
}

/// An alert created before the newest one already sent, but visible only later, is sent once
/// and in an event of its own: a few minutes late with a short backfill, and forty minutes late,
/// inside the default hour of overlap.
#[tokio::test]
async fn an_alert_that_appears_late_inside_the_overlap_is_sent_once() {
    // (page size, backfill minutes, the first alert's age and the late one's, in minutes)
    let rows = [(small_pages(), 10, 1, 3), (Config::default(), 60, 1, 40)];
    for (config, backfill, on_time_age, late_age) in rows {
        let t = TriggerTest::with(Config {
            seed: false,
            ..config
        })
        .await;
        t.add_alert("da-on-time", on_time_age, json!({}));
        let script = async {
            t.wait_for_alerts(1).await;
            t.add_alert("da-late", late_age, json!({}));
            t.wait_for_alerts(2).await;
        };
        let run = t
            .run(TRIGGER, json!({"backfill_minutes": backfill}), script)
            .await;
        assert!(run.ok, "{late_age}: {}", run.envelope);
        assert_each_once(&t.dispatcher.alert_ids(), &["da-on-time", "da-late"]);
        assert_eq!(t.dispatcher.events().len(), 2, "{late_age}");
    }
}

#[tokio::test]
async fn backfill_zero_sends_only_alerts_created_after_the_start() {
    let t = TriggerTest::new().await;
    t.add_alert("da-before", 2, json!({}));
    let script = async {
        t.wait_for_polls(2).await;
        t.add_alert("da-after", 0, json!({}));
        t.wait_for_alerts(1).await;
    };
    let run = t.run(TRIGGER, json!({}), script).await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-after"]);
}

/// Faults on the second page only: the first page's request takes a harmless fault first.
fn fault_second_page(t: &TriggerTest, fault: Fault) {
    t.harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/alerts".into()),
        millis: 0,
        times: 1,
    });
    t.harness.emulator.inject(fault);
}

/// A poll that fails on its second page (its retries spent) sends nothing of it; the next
/// poll, after the backoff, sends every alert once, in one event.
#[tokio::test]
async fn a_fault_on_the_second_page_loses_and_repeats_nothing() {
    let rows = [
        (
            // More 429s than the client's five attempts: the first poll fails midway.
            Fault::Throttle {
                path_prefix: Some("/api/alerts".into()),
                retry_after_secs: 2,
                times: 5,
            },
            429,
            // Retry-After, between the attempts.
            Duration::from_secs(2),
        ),
        (
            Fault::ServerError {
                status: 500,
                path_prefix: Some("/api/alerts".into()),
                times: 6,
            },
            500,
            // The failed poll backs off by the frequency before the next.
            Duration::from_secs(1),
        ),
    ];
    for (fault, status, wait) in rows {
        let t = TriggerTest::with(small_pages()).await;
        let expected = add_ten(&t);
        fault_second_page(&t, fault);
        let run = t
            .run(
                TRIGGER,
                json!({"backfill_minutes": 60}),
                t.wait_for_alerts(10),
            )
            .await;
        assert!(run.ok, "{status}: {}", run.envelope);
        assert_each_once(&t.dispatcher.alert_ids(), &as_strs(&expected));
        assert_eq!(t.dispatcher.events().len(), 1, "{status}");
        let statuses: Vec<u16> = t.alert_requests().iter().map(|r| r.status).collect();
        assert_eq!(statuses[..6], [200, status, status, status, status, status]);
        let event_log = t.dispatcher.events()[0]["body"]["log"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            event_log.contains("Polling for alerts failed (1 in a row)"),
            "{status}: {event_log}"
        );
        assert!(t.harness.sleeps().contains(&wait), "{status}");
    }
}

#[tokio::test]
async fn a_restart_sends_only_the_alerts_created_while_stopped() {
    let t = TriggerTest::with(small_pages()).await;
    t.add_alert("da-r-1", 4, json!({}));
    t.add_alert("da-r-2", 3, json!({}));
    let first = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(2),
        )
        .await;
    assert!(first.ok, "{}", first.envelope);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(t.state_file()).unwrap()).unwrap();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["seen"].as_array().unwrap().len(), 2);
    assert!(
        !t.harness
            .workspace()
            .join("tmp/terminate_trigger.flag")
            .exists(),
        "the flag is deleted"
    );

    // While stopped: one alert inside the overlap, created before the newest sent, and one new.
    t.add_alert("da-r-3", 5, json!({}));
    t.add_alert("da-r-4", 1, json!({}));
    let second = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(4),
        )
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_each_once(
        &t.dispatcher.alert_ids(),
        &["da-r-1", "da-r-2", "da-r-3", "da-r-4"],
    );
    let log = second.json["body"]["log"].as_str().unwrap();
    assert!(
        log.contains("Found shutdown flag, saving state and terminating trigger..."),
        "{log}"
    );
}

#[tokio::test]
async fn a_dispatcher_that_is_down_then_up_gets_every_alert_once() {
    let t = TriggerTest::with(small_pages()).await;
    let expected = add_ten(&t);
    t.dispatcher.fail_next(3);
    let script = async {
        t.wait_for_alerts(10).await;
        t.add_alert("da-after-outage", 0, json!({}));
        t.wait_for_alerts(11).await;
    };
    let run = t
        .run(TRIGGER, json!({"backfill_minutes": 60}), script)
        .await;
    assert!(run.ok, "{}", run.envelope);
    let mut all = as_strs(&expected);
    all.push("da-after-outage");
    assert_each_once(&t.dispatcher.alert_ids(), &all);
    assert_eq!(t.dispatcher.attempts(), 3 + 2);
    let first_log = t.dispatcher.events()[0]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(first_log.contains("Sending 10 new alert(s)"), "{first_log}");
    // The failed attempts are logged after the first event was built: they go out with the next.
    let second_log = t.dispatcher.events()[1]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    for wait in [1, 2, 4] {
        assert!(
            second_log.contains(&format!("HTTP 503: ); trying again in {wait} s")),
            "{wait}: {second_log}"
        );
    }
    assert!(!second_log.contains("Sending 10"), "{second_log}");
}

#[tokio::test]
async fn a_stop_while_the_dispatcher_is_down_keeps_the_alerts_for_the_next_run() {
    let t = TriggerTest::new().await;
    t.add_alert("da-kept", 1, json!({}));
    t.dispatcher.fail_next(usize::MAX);
    let first = t
        .run(TRIGGER, json!({"backfill_minutes": 10}), async {
            t.wait_for(|| t.dispatcher.attempts() >= 3, 0).await
        })
        .await;
    assert!(first.ok, "{}", first.envelope);
    assert!(t.dispatcher.alert_ids().is_empty());
    t.dispatcher.fail_next(0);
    let second = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(second.ok, "{}", second.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-kept"]);
}

#[tokio::test]
async fn the_severity_filter_goes_into_the_query() {
    let t = TriggerTest::new().await;
    t.add_alert("da-high", 3, json!({"severity": "High"}));
    t.add_alert("da-low", 2, json!({"severity": "Low"}));
    t.add_alert("da-medium", 1, json!({"severity": "Medium"}));
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 10, "severity": ["High", "medium"]}),
            t.wait_for_alerts(2),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-high", "da-medium"]);
    let filter = param(&t.alert_requests()[0], "$filter").unwrap();
    assert!(
        filter.ends_with(" and (severity eq 'High' or severity eq 'Medium')"),
        "{filter}"
    );
}

#[tokio::test]
async fn an_unknown_severity_is_refused_before_any_request() {
    let t = TriggerTest::new().await;
    let run = t
        .run(TRIGGER, json!({"severity": ["High", "Critical"]}), async {})
        .await;
    assert!(!run.ok);
    assert_eq!(
        run.json["body"]["exception"]["cause"],
        "Unknown severity \"Critical\"."
    );
    assert!(t.alert_requests().is_empty());
    assert!(t.dispatcher.bodies().is_empty());
}

#[tokio::test]
async fn an_overlap_window_out_of_range_is_refused_before_any_request() {
    let t = TriggerTest::new().await;
    let run = t
        .run(TRIGGER, json!({"lookback_overlap_minutes": 2}), async {})
        .await;
    assert!(!run.ok);
    assert_eq!(
        run.json["body"]["exception"]["cause"],
        "The lookback_overlap_minutes of 2 is out of range."
    );
    assert!(t.alert_requests().is_empty());
}

#[tokio::test]
async fn a_permission_error_is_logged_every_poll_and_the_loop_goes_on() {
    let t = TriggerTest::with(Config {
        seed: false,
        roles: vec!["Machine.Read.All".into()],
        ..Config::default()
    })
    .await;
    let run = t
        .run(TRIGGER, json!({"frequency": 5}), t.wait_for_polls(4))
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(t.alert_requests().iter().all(|r| r.status == 403));
    let log = run.json["body"]["log"].as_str().unwrap();
    assert!(
        log.contains("Polling for alerts failed (3 in a row)"),
        "{log}"
    );
    assert!(log.contains("Alert.Read.All"), "{log}");
    assert!(log.contains("will not pass by itself"), "{log}");
    // Backoff doubles from the frequency: 5, 10, 20 seconds in one-second slices.
    let slept: Duration = t.harness.sleeps().iter().sum();
    assert!(slept >= Duration::from_secs(35), "{slept:?}");
}

#[tokio::test]
async fn debug_mode_writes_events_to_the_writer() {
    let t = TriggerTest::new().await;
    t.add_alert("da-debug-1", 2, json!({}));
    t.add_alert("da-debug-2", 1, json!({}));
    let mut message: Value =
        serde_json::from_slice(&t.message(TRIGGER, json!({"backfill_minutes": 5}))).unwrap();
    // No dispatcher is needed with --debug.
    message["body"]["dispatcher"] = json!({});
    let bytes = serde_json::to_vec(&message).unwrap();
    let run = t
        .run_message(&bytes, true, async {
            t.wait_for(|| t.alert_requests().len() >= 3, 0).await;
        })
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert!(t.dispatcher.bodies().is_empty(), "nothing is POSTed");
    let event: Value = serde_json::from_str(&run.written).unwrap();
    assert_eq!(event["type"], "trigger_event");
    assert_eq!(super::alert_ids(&[event]), ["da-debug-1", "da-debug-2"]);
}

#[tokio::test]
async fn a_run_without_a_dispatcher_url_fails_with_the_runtime_error() {
    let t = TriggerTest::new().await;
    for dispatcher in [json!({"url": "", "webhook_url": ""}), json!({})] {
        let mut message: Value = serde_json::from_slice(&t.message(TRIGGER, json!({}))).unwrap();
        message["body"]["dispatcher"] = dispatcher;
        let bytes = serde_json::to_vec(&message).unwrap();
        let run = t.run_message(&bytes, false, async {}).await;
        assert!(!run.ok);
        assert_eq!(
            run.json["body"]["error"], "missing HTTP dispatcher config url",
            "{}",
            run.envelope
        );
        assert!(run.json["body"].get("exception").is_none());
    }
    assert!(t.alert_requests().is_empty());
}

#[tokio::test]
async fn test_mode_runs_the_connection_test_and_dispatches_nothing() {
    let t = TriggerTest::new().await;
    t.add_alert("da-test-mode", 1, json!({}));
    let run = t
        .harness
        .run_message(
            &t.message(TRIGGER, json!({"backfill_minutes": 5})),
            Mode::Test,
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(run.json["body"]["output"], json!({"success": true}));
    assert!(t.alert_requests().is_empty());
    assert!(t.dispatcher.bodies().is_empty());
}

#[tokio::test]
async fn without_a_trigger_id_the_trigger_runs_without_state() {
    let mut t = TriggerTest::new().await;
    t.trigger_id = None;
    t.add_alert("da-stateless", 1, json!({}));
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 5}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let log = t.dispatcher.events()[0]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        log.contains("No trigger ID found in connection meta. Trigger will not be stateful."),
        "{log}"
    );
    assert!(!t.harness.workspace().join("cache").exists());
}

#[tokio::test]
async fn the_event_and_final_envelopes_are_pinned() {
    let t = TriggerTest::new().await;
    // As in the plugin's image, which creates /workspace/cache.
    std::fs::create_dir_all(t.harness.workspace().join("cache")).unwrap();
    t.add_alert(
        "da-snapshot-1",
        2,
        json!({
            "title": "Suspicious PowerShell command line",
            "severity": "High",
            "machineId": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
            "relatedUser": {"userName": "jdoe", "domainName": "contoso"},
            "mitreTechniques": ["T1059.001"],
            "detectorId": "17e10bbc-3a68-474a-8aad-faef14d43952",
        }),
    );
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 5}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let mut settings = crate::harness::stable();
    // The stable filters call every loopback address the emulator's; this one is the dispatcher.
    settings.add_filter(
        r"dispatcher at http://\[emulator\]/",
        "dispatcher at http://[dispatcher]/",
    );
    settings.bind(|| {
        insta::assert_snapshot!("get_alerts_event", t.dispatcher.bodies()[0]);
        insta::assert_snapshot!("get_alerts_final", run.envelope);
    });
}

#[tokio::test]
async fn a_poll_that_gets_no_answer_fails_within_its_budget_and_the_next_poll_goes_on() {
    let mut t = TriggerTest::new().await;
    t.harness.step_budget = Duration::from_secs(1);
    t.harness.emulator.inject(Fault::Delay {
        path_prefix: Some("/api/alerts".into()),
        millis: 600_000,
        times: 1,
    });
    t.add_alert("da-after-stall", 1, json!({}));
    let started = std::time::Instant::now();
    let run = t
        .run(
            TRIGGER,
            json!({"backfill_minutes": 60}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-after-stall"]);
    let event_log = t.dispatcher.events()[0]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    let host = t.harness.emulator.base_url().replace("http://", "");
    assert!(
        event_log.contains(&format!(
            "Polling for alerts failed (1 in a row): GET {host}/api/alerts: no complete answer within the poll's 1 s budget."
        )),
        "{event_log}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}
