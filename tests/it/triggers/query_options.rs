//! The query options the triggers send to the alerts API, against those its page documents.

use super::{assert_each_once, param, TriggerTest};
use defender_emulator::{Config, Fault, UndocumentedOptions};
use serde_json::json;

/// An emulator that answers 400 to `$orderby` on `/api/alerts`, which get-alerts.md leaves out.
fn documented_options_only() -> Config {
    Config {
        seed: false,
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    }
}

#[tokio::test]
async fn a_refused_orderby_is_dropped_once_with_a_log_line_and_polling_goes_on() {
    let t = TriggerTest::with(documented_options_only()).await;
    t.add_alert("da-a", 3, json!({}));
    t.add_alert("da-b", 2, json!({}));
    let script = async {
        t.wait_for_alerts(2).await;
        t.add_alert("da-c", 1, json!({}));
        t.wait_for_alerts(3).await;
    };
    let run = t
        .run("get_alerts", json!({"backfill_minutes": 10}), script)
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-a", "da-b", "da-c"]);

    let requests = t.alert_requests();
    assert_eq!(requests[0].status, 400);
    assert_eq!(
        param(&requests[0], "$orderby").as_deref(),
        Some("alertCreationTime asc")
    );
    assert!(requests.len() > 3, "{} requests", requests.len());
    for later in &requests[1..] {
        assert_eq!(later.status, 200, "{}", later.query);
        assert_eq!(param(later, "$orderby"), None, "{}", later.query);
        assert_eq!(param(later, "$expand").as_deref(), Some("evidence"));
    }

    let mut logs: Vec<String> = t
        .dispatcher
        .events()
        .iter()
        .map(|event| event["body"]["log"].as_str().unwrap_or_default().to_owned())
        .collect();
    logs.push(
        run.json["body"]["log"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );
    let told = logs
        .iter()
        .map(|log| log.matches("The alerts API refused $orderby").count())
        .sum::<usize>();
    assert_eq!(told, 1, "{logs:?}");
}

#[tokio::test]
async fn a_400_that_comes_back_without_orderby_keeps_orderby_for_the_next_poll() {
    let t = TriggerTest::with(Config {
        seed: false,
        ..Config::default()
    })
    .await;
    t.harness.emulator.inject(Fault::ServerError {
        status: 400,
        path_prefix: Some("/api/alerts".into()),
        times: 2,
    });
    t.add_alert("da-a", 2, json!({}));
    let run = t
        .run(
            "get_alerts",
            json!({"backfill_minutes": 10}),
            t.wait_for_alerts(1),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_each_once(&t.dispatcher.alert_ids(), &["da-a"]);
    let sent: Vec<(u16, Option<String>)> = t
        .alert_requests()
        .iter()
        .take(3)
        .map(|r| (r.status, param(r, "$orderby")))
        .collect();
    let ordered = Some("alertCreationTime asc".to_owned());
    assert_eq!(sent, [(400, ordered.clone()), (400, None), (200, ordered)]);
    let event_log = t.dispatcher.events()[0]["body"]["log"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!event_log.contains("refused $orderby"), "{event_log}");
}
