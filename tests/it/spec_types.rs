//! The Rust input and output types agree with the spec's schemas: property names, types,
//! required properties and enums, down through the custom types.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use windows_defender_atp::spec::generated as g;
use windows_defender_atp::spec::{schema, Kind, Spec};

#[derive(Debug, PartialEq)]
enum Shape {
    Scalar(String, Option<Vec<Value>>),
    Array(Box<Shape>),
    Object(BTreeMap<String, (Shape, bool)>),
    /// An object whose properties are not declared (`object` in the spec).
    AnyObject,
    /// A type reached again below itself: compared by name only.
    Seen(String),
}

/// Reduces a schema (insight-plugin's draft-04 or schemars' 2020-12) to the facts we compare.
fn shape(node: &Value, defs: &Map<String, Value>, depth: usize) -> Shape {
    let node = strip_null(node);
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap();
        if depth > 6 {
            return Shape::Seen(name.to_string());
        }
        return shape(&defs[name], defs, depth + 1);
    }
    let type_ = node.get("type").and_then(Value::as_str).unwrap_or("object");
    match type_ {
        "array" => Shape::Array(Box::new(shape(&node["items"], defs, depth))),
        "object" => match node.get("properties").and_then(Value::as_object) {
            None => Shape::AnyObject,
            Some(properties) => {
                let required: Vec<&str> = node
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                Shape::Object(
                    properties
                        .iter()
                        .map(|(name, prop)| {
                            (
                                name.clone(),
                                (shape(prop, defs, depth), required.contains(&name.as_str())),
                            )
                        })
                        .collect(),
                )
            }
        },
        scalar => {
            let mut values = node.get("enum").and_then(Value::as_array).cloned();
            if let Some(values) = values.as_mut() {
                values.retain(|v| !v.is_null());
            }
            Shape::Scalar(scalar.to_string(), values)
        }
    }
}

/// schemars writes `Option<T>` as `type: [T, "null"]` or `anyOf: [T, {type: null}]`.
fn strip_null(node: &Value) -> Value {
    if let Some(types) = node.get("type").and_then(Value::as_array) {
        let mut node = node.clone();
        let kept: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        node["type"] = kept[0].clone();
        return node;
    }
    if let Some(any_of) = node.get("anyOf").and_then(Value::as_array) {
        if let Some(other) = any_of
            .iter()
            .find(|alt| alt.get("type") != Some(&Value::from("null")))
        {
            return strip_null(other);
        }
    }
    node.clone()
}

fn spec_shape(value: &Value) -> Shape {
    let defs = value
        .get("definitions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if value.as_object().is_some_and(Map::is_empty) {
        return Shape::Object(BTreeMap::new());
    }
    shape(value, &defs, 0)
}

fn rust_shape<T: schemars::JsonSchema>() -> Shape {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    match shape(&schema, &defs, 0) {
        // A step without inputs is an empty struct, which schemars writes without `properties`;
        // a step type is always a struct, never a free-form object.
        Shape::AnyObject => Shape::Object(BTreeMap::new()),
        other => other,
    }
}

macro_rules! check_step {
    ($kind:expr, $module:ident) => {{
        let spec = Spec::embedded();
        let name = g::$module::NAME;
        assert_eq!(
            rust_shape::<g::$module::Input>(),
            spec_shape(&schema::input(spec, $kind, name).unwrap()),
            "input of {name}"
        );
        assert_eq!(
            rust_shape::<g::$module::Output>(),
            spec_shape(&schema::output(spec, $kind, name).unwrap()),
            "output of {name}"
        );
        name
    }};
}

#[test]
fn every_step_type_matches_its_spec_schemas() {
    let mut checked = vec![
        check_step!(Kind::Action, get_machine_id_from_alert),
        check_step!(Kind::Action, get_file_id_from_alert),
        check_step!(Kind::Action, get_file_information),
        check_step!(Kind::Action, get_file_statistics),
        check_step!(Kind::Action, get_file_related_machines),
        check_step!(Kind::Action, get_file_related_alerts),
        check_step!(Kind::Action, get_ip_statistics),
        check_step!(Kind::Action, get_ip_related_alerts),
        check_step!(Kind::Action, get_domain_statistics),
        check_step!(Kind::Action, get_domain_related_alerts),
        check_step!(Kind::Action, get_domain_related_machines),
        check_step!(Kind::Action, isolate_machine),
        check_step!(Kind::Action, unisolate_machine),
        check_step!(Kind::Action, isolate_machines),
        check_step!(Kind::Action, unisolate_machines),
        check_step!(Kind::Action, run_antivirus_scans),
        check_step!(Kind::Action, restrict_app_executions),
        check_step!(Kind::Action, stop_and_quarantine_file),
        check_step!(Kind::Action, run_antivirus_scan),
        check_step!(Kind::Action, get_machine_action),
        check_step!(Kind::Action, restrict_app_execution),
        check_step!(Kind::Action, unrestrict_app_execution),
        check_step!(Kind::Action, collect_investigation_package),
        check_step!(Kind::Action, offboard_machine),
        check_step!(Kind::Action, start_automated_investigation),
        check_step!(Kind::Action, list_investigations),
        check_step!(Kind::Action, get_investigation),
        check_step!(Kind::Action, get_investigation_package_uri),
        check_step!(Kind::Action, cancel_machine_action),
        check_step!(Kind::Action, list_machine_actions),
        check_step!(Kind::Action, get_isolation_state),
        check_step!(Kind::Action, list_isolated_machines),
        check_step!(Kind::Trigger, get_alerts),
        check_step!(Kind::Trigger, get_alerts_matching_key),
        check_step!(Kind::Action, get_machine_information),
        check_step!(Kind::Action, find_machines),
        check_step!(Kind::Action, get_machine_alerts),
        check_step!(Kind::Action, get_machine_logon_users),
        check_step!(Kind::Action, get_machine_missing_kbs),
        check_step!(Kind::Action, get_machine_security_recommendations),
        check_step!(Kind::Action, get_machine_software),
        check_step!(Kind::Action, get_machine_vulnerabilities),
        check_step!(Kind::Action, get_user_related_alerts),
        check_step!(Kind::Action, get_user_related_machines),
        check_step!(Kind::Action, add_machine_tag),
        check_step!(Kind::Action, remove_machine_tag),
        check_step!(Kind::Action, run_live_response_script),
        check_step!(Kind::Action, get_live_response_file),
        check_step!(Kind::Action, put_live_response_file),
        check_step!(Kind::Action, get_alert),
        check_step!(Kind::Action, update_alert),
        check_step!(Kind::Action, list_alerts),
        check_step!(Kind::Action, batch_update_alerts),
        check_step!(Kind::Action, create_alert_by_reference),
        check_step!(Kind::Action, import_indicators),
        check_step!(Kind::Action, delete_indicators),
        check_step!(Kind::Action, run_advanced_hunting_query),
        check_step!(Kind::Action, submit_indicator),
        check_step!(Kind::Action, delete_indicator),
        check_step!(Kind::Action, list_indicators),
        check_step!(Kind::Action, list_library_files),
        check_step!(Kind::Action, upload_library_file),
        check_step!(Kind::Action, delete_library_file),
    ];
    let spec = Spec::embedded();
    let mut declared: Vec<&str> = spec
        .actions
        .keys()
        .chain(spec.triggers.keys())
        .map(String::as_str)
        .collect();
    checked.sort();
    declared.sort();
    assert_eq!(
        checked, declared,
        "every action and trigger of the spec is checked here"
    );
}

#[test]
fn the_connection_type_matches_the_connection_schema() {
    assert_eq!(
        rust_shape::<windows_defender_atp::internals::Connection>(),
        spec_shape(&schema::connection(Spec::embedded()))
    );
}

#[test]
fn every_spec_action_has_exactly_one_handler() {
    let spec = Spec::embedded();
    let mut handled: Vec<&str> = windows_defender_atp::internals::HANDLERS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut declared: Vec<&str> = spec.actions.keys().map(String::as_str).collect();
    handled.sort();
    declared.sort();
    assert_eq!(handled, declared);
}
