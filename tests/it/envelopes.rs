//! Bad input, case by case: each gets one error envelope naming what is wrong, exit 1, no panic,
//! and no request. Snapshots hold the raw envelope bytes.

use crate::support::run_step;
use serde_json::{json, Value};
use windows_defender_atp::Mode;

/// A connection that would fail loudly if anything tried to use it: port 9 is discard.
fn connection() -> Value {
    json!({
        "application_id": "3d9e1f2a-4b5c-4d6e-8f70-9a1b2c3d4e5f",
        "application_secret": {"secretKey": "never-sent"},
        "directory_id": "8f3a5c1e-2b4d-4e6f-9a0b-1c2d3e4f5a6b",
        "api_url": "http://127.0.0.1:9",
        "login_url": "http://127.0.0.1:9"
    })
}

fn isolate(input: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "body": {"action": "isolate_machine", "meta": {"jobId": "j1"}, "input": input, "connection": connection()},
        "type": "action_start",
        "version": "v1"
    }))
    .unwrap()
}

fn good_input() -> Value {
    json!({"machine_id": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07", "isolation_type": "Full", "comment": "alert 1234"})
}

fn rejected(message: &[u8]) -> String {
    let (envelope, ok) = run_step(message, Mode::Run);
    assert!(!ok, "expected an error envelope, got {envelope}");
    assert!(
        !envelope.contains("never-sent"),
        "the secret leaked: {envelope}"
    );
    envelope
}

#[test]
fn empty_stdin_is_answered_with_an_error_envelope() {
    insta::assert_snapshot!(rejected(b""));
}

#[test]
fn input_that_is_not_json_names_the_position() {
    insta::assert_snapshot!(rejected(b"{\"body\": oops"));
}

#[test]
fn json_that_is_not_an_object_is_refused() {
    insta::assert_snapshot!(rejected(b"[1, 2]"));
}

#[test]
fn a_version_other_than_v1_is_refused_with_the_runtime_text() {
    insta::assert_snapshot!(rejected(br#"{"body": {"action": "isolate_machine", "meta": {"jobId": "j1"}}, "type": "action_start", "version": "v2"}"#));
}

#[test]
fn an_unknown_message_type_is_refused_with_the_runtime_text() {
    insta::assert_snapshot!(rejected(
        br#"{"body": {}, "type": "bogus_start", "version": "v1"}"#
    ));
}

#[test]
fn a_missing_action_name_is_refused() {
    insta::assert_snapshot!(rejected(
        br#"{"body": {"meta": {"jobId": "j1"}}, "type": "action_start", "version": "v1"}"#
    ));
}

#[test]
fn a_non_string_action_name_is_refused() {
    insta::assert_snapshot!(rejected(
        br#"{"body": {"action": 7}, "type": "action_start", "version": "v1"}"#
    ));
}

#[test]
fn an_unknown_action_is_refused() {
    let message = json!({"body": {"action": "format_disk", "meta": {}, "input": {}, "connection": connection()}, "type": "action_start", "version": "v1"});
    insta::assert_snapshot!(rejected(&serde_json::to_vec(&message).unwrap()));
}

#[test]
fn a_wrong_enum_value_names_the_field_and_the_allowed_values() {
    let mut input = good_input();
    input["isolation_type"] = json!("Nope");
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn a_number_where_a_string_belongs_names_the_field() {
    let mut input = good_input();
    input["comment"] = json!(42);
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn a_required_input_that_is_null_is_refused_with_the_runtime_text() {
    let mut input = good_input();
    input["machine_id"] = Value::Null;
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn a_required_input_that_is_empty_is_refused_with_the_runtime_text() {
    let mut input = good_input();
    input["comment"] = json!("");
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn a_missing_required_input_names_it() {
    let mut input = good_input();
    input.as_object_mut().unwrap().remove("comment");
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn a_missing_connection_field_names_it() {
    let mut message: Value = serde_json::from_slice(&isolate(good_input())).unwrap();
    message["body"]["connection"]
        .as_object_mut()
        .unwrap()
        .remove("directory_id");
    insta::assert_snapshot!(rejected(&serde_json::to_vec(&message).unwrap()));
}

#[test]
fn a_credential_without_secret_key_says_how_to_give_it() {
    let mut message: Value = serde_json::from_slice(&isolate(good_input())).unwrap();
    message["body"]["connection"]["application_secret"] = json!({"secret": "never-sent"});
    insta::assert_snapshot!(rejected(&serde_json::to_vec(&message).unwrap()));
}

#[test]
fn a_hostile_machine_id_is_refused_before_any_request() {
    let mut input = good_input();
    input["machine_id"] = json!("../../api/indicators?x=");
    insta::assert_snapshot!(rejected(&isolate(input)));
}

#[test]
fn meta_null_is_echoed_as_null() {
    let message =
        br#"{"body": {"action": "nope", "meta": null}, "type": "action_start", "version": "v1"}"#;
    let envelope = rejected(message);
    assert!(envelope.contains(r#""meta": null"#), "{envelope}");
}

/// `message` with the string `"NUMBER"` replaced by `literal`, a number `json!` cannot hold.
fn with_number(message: Vec<u8>, literal: &str) -> Vec<u8> {
    String::from_utf8(message)
        .unwrap()
        .replacen("\"NUMBER\"", literal, 1)
        .into_bytes()
}

fn step(kind: &str, name: &str, input: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "body": {kind: name, "meta": {"jobId": "j1"}, "input": input, "connection": connection(),
                 "dispatcher": {"url": "http://127.0.0.1:9/", "webhook_url": ""}},
        "type": format!("{kind}_start"),
        "version": "v1"
    }))
    .unwrap()
}

#[test]
fn a_whole_number_beyond_64_bits_names_the_input_and_its_range() {
    let mut input = good_input();
    input["wait_timeout"] = json!("NUMBER");
    insta::assert_snapshot!(rejected(&with_number(
        isolate(input),
        "18446744073709551616"
    )));
}

#[test]
fn a_number_beyond_any_float_names_the_input_instead_of_a_column() {
    let mut input = good_input();
    input["wait_timeout"] = json!("NUMBER");
    insta::assert_snapshot!(rejected(&with_number(isolate(input), "1e400")));
}

#[test]
fn a_limit_below_the_smallest_64_bit_integer_is_too_small() {
    let message = step("action", "list_indicators", json!({"limit": "NUMBER"}));
    insta::assert_snapshot!(rejected(&with_number(message, "-9223372036854775809")));
}

#[test]
fn a_trigger_frequency_beyond_64_bits_names_the_input() {
    let message = step("trigger", "get_alerts", json!({"frequency": "NUMBER"}));
    insta::assert_snapshot!(rejected(&with_number(message, "18446744073709551616")));
}

#[test]
fn a_number_beyond_any_float_in_the_connection_names_the_field() {
    let mut message: Value = serde_json::from_slice(&isolate(good_input())).unwrap();
    message["body"]["connection"]["environment"] = json!("NUMBER");
    let message = with_number(serde_json::to_vec(&message).unwrap(), "1e999");
    insta::assert_snapshot!(rejected(&message));
}

#[test]
fn a_number_beyond_any_float_in_meta_names_where_it_is() {
    let mut message: Value = serde_json::from_slice(&isolate(good_input())).unwrap();
    message["body"]["meta"]["retries"] = json!(["NUMBER"]);
    let message = with_number(serde_json::to_vec(&message).unwrap(), "-1e400");
    insta::assert_snapshot!(rejected(&message));
}

#[test]
fn a_number_beyond_any_float_does_not_hide_another_syntax_error() {
    let message = br#"{"body": {"action": "isolate_machine", "input": {"wait_timeout": 1e400, "x": }}, "type": "action_start", "version": "v1"}"#;
    let envelope = rejected(message);
    assert!(envelope.contains("not valid JSON"), "{envelope}");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Every action of the spec, and a name that is none.
    fn action_names() -> Vec<String> {
        let spec = windows_defender_atp::spec::Spec::embedded();
        let mut names: Vec<String> = spec.actions.keys().cloned().collect();
        names.push("nope".into());
        names
    }

    /// Every input name of every action, so that generated inputs reach each action's checks.
    fn input_names() -> Vec<String> {
        let spec = windows_defender_atp::spec::Spec::embedded();
        let mut names: Vec<String> = spec
            .actions
            .values()
            .flat_map(|action| action.input.keys().cloned())
            .collect();
        names.sort();
        names.dedup();
        names.push("x".into());
        names
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-zA-Z0-9_ ./'\"-]{0,12}".prop_map(Value::String),
            prop::sample::select(vec![
                "isolate_machine",
                "Full",
                "",
                "v1",
                "action_start",
                "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"
            ])
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(prop::sample::select(input_names()), inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn arbitrary_bytes_get_one_error_envelope(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            let (envelope, ok) = run_step(&bytes, Mode::Run);
            prop_assert!(!ok);
            let parsed: Value = serde_json::from_str(&envelope).unwrap();
            prop_assert_eq!(&parsed["body"]["status"], "error");
        }

        #[test]
        fn arbitrary_inputs_get_exactly_one_envelope(input in json_value(), action in prop::sample::select(action_names())) {
            let message = json!({"body": {"action": action, "meta": {}, "input": input, "connection": connection()}, "type": "action_start", "version": "v1"});
            let (envelope, _) = run_step(&serde_json::to_vec(&message).unwrap(), Mode::Run);
            let parsed: Value = serde_json::from_str(&envelope).unwrap();
            prop_assert!(parsed["body"]["status"].is_string());
        }

        #[test]
        fn arbitrary_start_messages_get_exactly_one_envelope(message in json_value()) {
            let (envelope, _) = run_step(&serde_json::to_vec(&message).unwrap(), Mode::Run);
            let parsed: Value = serde_json::from_str(&envelope).unwrap();
            prop_assert!(parsed["body"]["status"].is_string());
        }
    }
}
