//! list_library_files against the emulator.

use crate::harness::{call, example_input, stable, Harness};

const ACTION: &str = "list_library_files";

fn names(run: &crate::harness::Run) -> Vec<String> {
    run.json["body"]["output"]["library_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["fileName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn lists_the_seeded_library_files() {
    let harness = Harness::new().await;
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(
        names(&run),
        ["collect-triage.ps1", "get-autoruns.ps1", "memdump.exe"]
    );
    assert_eq!(harness.api_calls(), [call("GET", "/api/libraryfiles")]);
    stable().bind(|| insta::assert_snapshot!(run.envelope));
}

#[tokio::test]
async fn a_file_added_to_the_library_is_listed() {
    let harness = Harness::new().await;
    harness
        .emulator
        .add_library_file("sweep.sh", b"#!/bin/sh\n", Some("$1: the directory"));
    let run = harness.run(ACTION, example_input(ACTION)).await;
    assert!(run.ok, "{}", run.envelope);
    let listed = &run.json["body"]["output"]["library_files"][3];
    assert_eq!(listed["fileName"], "sweep.sh");
    assert_eq!(listed["hasParameters"], true);
    assert_eq!(listed["parametersDescription"], "$1: the directory");
}
