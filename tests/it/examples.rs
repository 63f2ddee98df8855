//! The examples in the spec come from real runs: every action's and trigger's example input is
//! run against the emulator, and the spec's output example must be what came back (new IDs and
//! time stamps aside, which change with every run).

use crate::harness::{example_input, Harness};
use crate::triggers::{emulator_time, TriggerTest};
use defender_emulator::Config;
use regex::Regex;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use windows_defender_atp::spec::Spec;

fn volatile(text: &str) -> String {
    let guid = Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let time = Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z").unwrap();
    // The emulator's port: live response links point at its blob route.
    let loopback = Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    let text = guid.replace_all(text, "[guid]");
    let text = loopback.replace_all(&text, "[emulator]");
    time.replace_all(&text, "[time]").into_owned()
}

#[tokio::test]
async fn every_action_output_example_is_what_the_example_input_returns() {
    let spec = Spec::embedded();
    let mut stale = Vec::new();
    for (name, component) in &spec.actions {
        let harness = Harness::new().await;
        let run = harness.run(name, example_input(name)).await;
        assert!(
            run.ok,
            "the example input of {name} fails: {}",
            run.envelope
        );
        let output = &run.json["body"]["output"];
        let mut documented = Map::new();
        for (field, declared) in &component.output {
            if let Some(example) = &declared.example {
                documented.insert(field.clone(), example.clone());
            }
        }
        let documented = Value::Object(documented);
        if volatile(&documented.to_string()) != volatile(&output.to_string()) {
            stale.push(format!(
                "{name}:\n{}",
                serde_json::to_string(output).unwrap()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "output examples in plugin.spec.yaml differ from real runs; set them to:\n{}",
        stale.join("\n")
    );
}

/// The seed alert each trigger's example catches: the High one for `get_alerts` (severity
/// High), jdoe's for `get_alerts_matching_key` (relatedUser.userName = jdoe).
fn example_alert(trigger: &str) -> &'static str {
    match trigger {
        "get_alerts" => "da638402659341605616_-1145312790",
        _ => "da638402211706714560_-1915585947",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_trigger_output_example_is_what_the_example_input_emits() {
    let spec = Spec::embedded();
    let mut stale = Vec::new();
    for (name, component) in &spec.triggers {
        let t = TriggerTest::with(Config::default()).await;
        // The seed alerts are days old; the example input reaches back an hour, so the alert
        // the example shows is raised again, a minute ago.
        let wanted = example_alert(name);
        let mut alert = t
            .harness
            .emulator
            .alerts()
            .into_iter()
            .find(|alert| alert["id"] == wanted)
            .unwrap();
        let created = emulator_time(OffsetDateTime::now_utc() - time::Duration::minutes(1));
        alert["alertCreationTime"] = Value::String(created);
        t.harness.emulator.add_alert(alert);
        let run = t.run(name, example_input(name), t.wait_for_alerts(1)).await;
        assert!(
            run.ok,
            "the example input of {name} fails: {}",
            run.envelope
        );
        let output = &t.dispatcher.events()[0]["body"]["output"];
        let documented = Value::Object(
            component
                .output
                .iter()
                .filter_map(|(field, declared)| Some((field.clone(), declared.example.clone()?)))
                .collect(),
        );
        if volatile(&documented.to_string()) != volatile(&output.to_string()) {
            stale.push(format!(
                "{name}:\n{}",
                serde_json::to_string(output).unwrap()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "trigger output examples in plugin.spec.yaml differ from real runs; set them to:\n{}",
        stale.join("\n")
    );
}
