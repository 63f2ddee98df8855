//! The binary as the orchestrator and a developer use it: exit codes, stdout holding exactly one
//! envelope, `info` and `sample`.

use crate::support::binary;

#[test]
fn info_prints_the_runtime_layout_and_exits_zero() {
    let out = binary(&["info"], b"");
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sample_prints_the_start_message_of_an_action() {
    let out = binary(&["sample", "isolate_machine"], b"");
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sample_prints_the_start_message_of_a_trigger() {
    let out = binary(&["sample", "get_alerts"], b"");
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sample_of_an_unknown_name_fails_like_the_runtime() {
    let out = binary(&["sample", "nope"], b"");
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("Invalid trigger, action or task name."));
}

#[test]
fn run_with_empty_stdin_prints_one_error_envelope_and_exits_one() {
    let out = binary(&["run"], b"");
    assert_eq!(out.code, 1);
    let envelope: serde_json::Value =
        serde_json::from_str(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(envelope["body"]["status"], "error");
}

#[test]
fn a_fifty_megabyte_message_is_refused_without_reading_it_all() {
    let mut message = br#"{"body": {"action": "isolate_machine", "input": {"comment": ""#.to_vec();
    message.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    message.extend(br#""}}, "type": "action_start", "version": "v1"}"#);
    let out = binary(&["run"], &message);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn no_subcommand_prints_usage_and_exits_zero() {
    let out = binary(&[], b"");
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Usage"), "{}", out.stdout);
}

#[test]
fn version_flag_is_accepted_and_ignored() {
    let out = binary(&["--version", "info"], b"");
    assert_eq!(out.code, 0);
}
