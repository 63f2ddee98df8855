//! The key and value of `get_alerts_matching_key`: checked, then matched by the API when it can
//! filter on the field, and by the plugin otherwise.
//!
//! Rules:
//! - A key is field names of letters, digits and `_`, joined by dots for nested fields
//!   (`relatedUser.userName`). Anything else is refused before a request is made, so a key can
//!   never reach the query as text.
//! - A top-level field the alerts API can filter on (reference §1.4) goes into `$filter`:
//!   strings as an OData string literal with `'` doubled, so no value can end the literal and
//!   add to the query; `incidentId` and `investigationId`, which are numbers, as a number, and
//!   a value that is not a whole number is refused (it could never match).
//! - Any other key is matched here on each alert the poll reads. Through a list, one element
//!   matching is enough (`evidence.sha1`, `mitreTechniques`). Strings compare ignoring ASCII
//!   case, as the API's `$filter` does, so a key behaves the same on either side; numbers and
//!   booleans compare by their JSON text (`processId` `"4242"`, `"true"`).
//! - Evidence comes only with `$expand=evidence`; the triggers always ask for it (see
//!   `fetch.rs`), so `evidence.*` keys always have data to match.

use crate::api::odata;
use crate::protocol::{shown, PluginError};
use serde_json::Value;

/// Top-level alert fields the API filters on that hold strings (reference §1.4; the date fields
/// are left out, since an exact time is no use as a key).
pub const FILTERABLE_STRINGS: &[&str] = &[
    "id",
    "assignedTo",
    "detectionSource",
    "status",
    "severity",
    "category",
];

/// Top-level alert fields the API filters on that hold numbers.
pub const FILTERABLE_NUMBERS: &[&str] = &["incidentId", "investigationId"];

/// The longest key accepted; alert field paths are a few dozen characters.
const MAX_KEY_CHARS: usize = 200;

/// How a key and value select alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMatch {
    /// A `$filter` clause the API evaluates.
    Server(String),
    /// A test the plugin runs on each alert.
    Client(ClientMatch),
}

/// A dotted field path and the value one of its leaves must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMatch {
    path: Vec<String>,
    value: String,
}

impl ClientMatch {
    /// Whether the field at the path, or any element along the way, equals the value.
    pub fn matches(&self, alert: &Value) -> bool {
        matches_at(alert, &self.path, &self.value)
    }

    /// The field path, for logs.
    pub fn key(&self) -> String {
        self.path.join(".")
    }
}

/// Checks `key` and decides where `value` is matched.
pub fn plan(key: &str, value: &str) -> Result<KeyMatch, PluginError> {
    let path = parse_key(key)?;
    if let [field] = path.as_slice() {
        if FILTERABLE_STRINGS.contains(&field.as_str()) {
            let literal = odata::literal(value)
                .map_err(|err| err.to_plugin_error(&format!("The value for {field}")))?;
            return Ok(KeyMatch::Server(format!("{field} eq {literal}")));
        }
        if FILTERABLE_NUMBERS.contains(&field.as_str()) {
            let number = parse_whole_number(value).ok_or_else(|| {
                PluginError::new(
                    format!(
                        "The value {} cannot match {field}, which is a number.",
                        shown(value)
                    ),
                    format!("Give the {field} as digits only, e.g. 1234."),
                )
            })?;
            return Ok(KeyMatch::Server(format!("{field} eq {number}")));
        }
    }
    Ok(KeyMatch::Client(ClientMatch {
        path,
        value: value.to_owned(),
    }))
}

/// Splits a key into field names, refusing anything that is not `name(.name)*`.
pub fn parse_key(key: &str) -> Result<Vec<String>, PluginError> {
    let valid_name = |name: &str| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let names: Vec<&str> = key.split('.').collect();
    if key.chars().count() > MAX_KEY_CHARS || !names.iter().all(|name| valid_name(name)) {
        return Err(PluginError::new(
            format!("The key {} is not an alert field name.", shown(key)),
            "Give an alert field name made of letters, digits and underscores, with a dot between \
             nested names, e.g. severity, relatedUser.userName or evidence.sha1.",
        ));
    }
    Ok(names.into_iter().map(str::to_owned).collect())
}

/// Digits only (an optional sign is not accepted: IDs are positive), within `u64`.
fn parse_whole_number(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn matches_at(node: &Value, path: &[String], want: &str) -> bool {
    match node {
        Value::Array(items) => items.iter().any(|item| matches_at(item, path, want)),
        _ => match path.split_first() {
            None => leaf_equals(node, want),
            Some((name, rest)) => node
                .get(name.as_str())
                .is_some_and(|child| matches_at(child, rest, want)),
        },
    }
}

fn leaf_equals(node: &Value, want: &str) -> bool {
    match node {
        Value::String(text) => text.eq_ignore_ascii_case(want),
        Value::Number(number) => number.to_string() == want,
        Value::Bool(flag) => flag.to_string().eq_ignore_ascii_case(want),
        Value::Null | Value::Array(_) | Value::Object(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn client(key: &str, value: &str) -> ClientMatch {
        match plan(key, value).unwrap() {
            KeyMatch::Client(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn filterable_fields_go_to_the_api() {
        assert_eq!(
            plan("severity", "High").unwrap(),
            KeyMatch::Server("severity eq 'High'".into())
        );
        assert_eq!(
            plan("incidentId", "0042").unwrap(),
            KeyMatch::Server("incidentId eq 42".into())
        );
        assert!(plan("incidentId", "42 or 1 eq 1").is_err());
        assert!(plan("incidentId", "-1").is_err());
    }

    #[test]
    fn quotes_in_values_stay_inside_the_literal() {
        assert_eq!(
            plan("assignedTo", "x' or severity eq 'High").unwrap(),
            KeyMatch::Server("assignedTo eq 'x'' or severity eq ''High'".into())
        );
    }

    #[test]
    fn a_value_that_cannot_be_a_literal_is_refused_before_any_request() {
        let err = plan("assignedTo", "me\nINFO forged").unwrap_err();
        assert!(err.cause.contains("control character"), "{err}");
        assert!(plan("assignedTo", &"a".repeat(1025)).is_err());
    }

    #[test]
    fn keys_are_field_names_only() {
        for bad in [
            "",
            ".",
            "a..b",
            ".a",
            "a.",
            "a b",
            "a'b",
            "severity eq 'High' or id",
            "a/b",
            "é",
            &"a".repeat(201),
        ] {
            let err = plan(bad, "x").unwrap_err();
            assert!(err.cause.contains("is not an alert field name"), "{bad}");
        }
        assert!(plan("relatedUser.user_Name2", "x").is_ok());
    }

    #[test]
    fn nested_list_and_scalar_fields_match_on_the_client() {
        let alert = json!({
            "relatedUser": {"userName": "JDoe", "domainName": "contoso"},
            "mitreTechniques": ["T1059", "T1105"],
            "evidence": [{"sha1": null}, {"sha1": "ABC", "processId": 4242}],
            "title": "Suspicious",
            "isX": true
        });
        assert!(client("relatedUser.userName", "jdoe").matches(&alert));
        assert!(client("mitreTechniques", "T1105").matches(&alert));
        assert!(!client("mitreTechniques", "T1").matches(&alert));
        assert!(client("evidence.sha1", "abc").matches(&alert));
        assert!(client("evidence.processId", "4242").matches(&alert));
        assert!(client("isX", "true").matches(&alert));
        assert!(!client("relatedUser", "JDoe").matches(&alert));
        assert!(!client("relatedUser.missing", "JDoe").matches(&alert));
        assert!(!client("title.deeper", "Suspicious").matches(&alert));
    }
}
