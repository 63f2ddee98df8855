//! The examples in the spec come from real runs: every action's example input is run against the
//! emulator, and the spec's output example must be what came back (new IDs and time stamps
//! aside, which change with every run).

use crate::harness::{example_input, Harness};
use regex::Regex;
use serde_json::{Map, Value};
use windows_defender_atp::spec::Spec;

fn volatile(text: &str) -> String {
    let guid = Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let time = Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z").unwrap();
    let text = guid.replace_all(text, "[guid]");
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
