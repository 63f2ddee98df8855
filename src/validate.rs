//! Input, connection and output validation against the schemas generated from the spec.
//!
//! JSON Schema Draft-04 semantics as the runtime applies them, plus its rule that a required
//! input may not be `null` or `""`. Error texts keep the runtime's wording and add what it
//! lacks: which field, and how to fix it. Pure: no I/O.

use crate::protocol::pyrepr::{repr, repr_str};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::{Map, Value};

/// A compiled schema.
pub struct Schema {
    pub json: Value,
    validator: Option<jsonschema::Validator>,
}

impl Schema {
    /// Compiles schema text generated from the spec; an empty schema accepts everything.
    pub fn compile(text: &str) -> Result<Schema, String> {
        let json: Value =
            serde_json::from_str(text).map_err(|err| format!("schema is not JSON: {err}"))?;
        Schema::from_value(json)
    }

    pub fn from_value(json: Value) -> Result<Schema, String> {
        let validator = if json.as_object().is_some_and(|map| !map.is_empty()) {
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(false)
                .build(&json)
                .map_err(|err| format!("schema does not compile: {err}"))?;
            Some(validator)
        } else {
            None
        };
        Ok(Schema { json, validator })
    }

    fn required(&self) -> Vec<&str> {
        self.json
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    fn properties(&self) -> Option<&Map<String, Value>> {
        self.json.get("properties").and_then(Value::as_object)
    }

    /// The first schema violation, as (instance path, python-style message, fix).
    fn first_violation(&self, instance: &Value) -> Option<Violation> {
        let validator = self.validator.as_ref()?;
        // The valid case is the common one, and `is_valid` answers it without building errors.
        if validator.is_valid(instance) {
            return None;
        }
        let error = validator.iter_errors(instance).next()?;
        Some(Violation::from_error(&error))
    }
}

/// Which part of a start message is being checked; it decides the wording of errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `body.input` of an action (`"action"`) or trigger (`"trigger"`).
    Input(&'static str),
    Connection,
}

/// Drops optional inputs that carry no value (`null`, or `""` as the workflow builder sends for
/// an empty field) and fills in the spec's defaults: the runtime never applies them, so a trigger
/// started with `{}` would otherwise see no frequency. This is the one place defaults are applied.
pub fn apply_defaults(schema: &Schema, instance: &mut Value) {
    let (Some(properties), Value::Object(values)) = (schema.properties(), instance) else {
        return;
    };
    let required = schema.required();
    for (name, property) in properties {
        if required.contains(&name.as_str()) {
            continue;
        }
        if values.get(name).is_some_and(|v| v.is_null() || v == "") {
            values.remove(name);
        }
        if !values.contains_key(name) {
            if let Some(default) = property.get("default") {
                values.insert(name.clone(), default.clone());
            }
        }
    }
}

/// Checks an input or a connection; the error is the envelope's `error` text.
pub fn check(section: Section, schema: &Schema, instance: &Value) -> Result<(), String> {
    // A required value that is null or empty is reported the runtime's way, which names the field.
    if let Value::Object(values) = instance {
        for name in schema.required() {
            if values.get(name).is_some_and(|v| v.is_null() || v == "") {
                return Err(required_value_missing(section, name));
            }
        }
    }
    let Some(violation) = schema.first_violation(instance) else {
        return Ok(());
    };
    Err(match section {
        Section::Input(kind) => format!(
            "('{kind} input JSON was invalid', <ValidationError: {}>)\nInvalid input was found in: {}\n{}",
            repr_str(&violation.message),
            violation.field_or("input"),
            violation.fix
        ),
        Section::Connection => format!(
            "Connection JSON was invalid: {}\nInvalid connection field: {}\n{}",
            violation.message,
            violation.field_or("connection"),
            violation.fix
        ),
    })
}

/// Checks a step's output; a failure here is a plugin bug, reported plainly.
pub fn check_output(schema: &Schema, output: &Value) -> Result<(), String> {
    match schema.first_violation(output) {
        None => Ok(()),
        Some(violation) => Err(format!(
            "The plugin produced an output that does not match its output schema: {} (at {})",
            violation.message,
            violation.field_or("output")
        )),
    }
}

fn required_value_missing(section: Section, name: &str) -> String {
    match section {
        Section::Input(kind) => format!(
            "('Unable to validate {kind} input JSON', ClientException({}))",
            repr_str(&format!(
                "Step error: Plugin step input contained a null value or empty string in a required input.\n\
                 If the input was given a variable in the Workflow Builder, please double-check that the variable \
                 contained a value at run-time. If the input had a valid value and the issue persists, \
                 please contact support for assistance.\nInvalid input was found in: {name}"
            ))
        ),
        Section::Connection => format!(
            "Connection JSON was invalid: the required connection field {name} is empty\n\
             Invalid connection field: {name}\nFill in {name} in the plugin connection"
        ),
    }
}

struct Violation {
    field: String,
    message: String,
    fix: String,
}

impl Violation {
    fn from_error(error: &jsonschema::ValidationError<'_>) -> Violation {
        let mut field = dotted(error.instance_path().as_str());
        let instance = repr(error.instance());
        let (message, fix) = match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                field = if field.is_empty() {
                    name.to_string()
                } else {
                    format!("{field}.{name}")
                };
                let fix = if name == "secretKey" {
                    "Give the credential as an object: {\"secretKey\": \"<the secret>\"}"
                        .to_string()
                } else {
                    format!("Add {field}: it is required")
                };
                (format!("{} is a required property", repr(property)), fix)
            }
            ValidationErrorKind::Type { kind } => {
                let expected: Vec<String> = match kind {
                    TypeKind::Single(single) => vec![single.to_string()],
                    TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
                };
                let message = match expected.as_slice() {
                    [one] => format!("{instance} is not of type {}", repr_str(one)),
                    many => format!(
                        "{instance} is not of type {}",
                        many.iter()
                            .map(|t| repr_str(t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let article = |t: &str| match t {
                    "integer" | "array" | "object" => format!("an {t}"),
                    other => format!("a {other}"),
                };
                let fix = format!(
                    "Give {} as {}",
                    if field.is_empty() { "it" } else { &field },
                    expected
                        .iter()
                        .map(|t| article(t))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                (message, fix)
            }
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<String> = options
                    .as_array()
                    .map(|values| {
                        values
                            .iter()
                            .map(|v| {
                                v.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| v.to_string())
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    format!("{instance} is not one of {}", repr(options)),
                    format!("Use one of: {}", allowed.join(", ")),
                )
            }
            _ => (
                error.to_string(),
                "Correct the value as the message says".to_string(),
            ),
        };
        Violation {
            field,
            message,
            fix,
        }
    }

    fn field_or<'a>(&'a self, whole: &'a str) -> &'a str {
        if self.field.is_empty() {
            whole
        } else {
            &self.field
        }
    }
}

/// `/severity/0` → `severity[0]`, `/application_secret/secretKey` → `application_secret.secretKey`.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        Schema::from_value(json!({
            "type": "object", "title": "Variables",
            "properties": {
                "machine": {"type": "string", "order": 1},
                "isolation_type": {"type": "string", "enum": ["Full", "Selective"], "order": 2},
                "frequency": {"type": "integer", "default": 5, "order": 3},
                "tags": {"type": "array", "items": {"type": "string"}, "order": 4}
            },
            "required": ["isolation_type", "machine"],
            "definitions": {}
        }))
        .unwrap()
    }

    /// The error for an input against the test schema.
    fn refused(kind: &'static str, input: serde_json::Value) -> String {
        check(Section::Input(kind), &schema(), &input).unwrap_err()
    }

    #[test]
    fn wrong_enum_value_keeps_the_runtime_text_and_names_the_field() {
        let err = refused("action", json!({"machine": "m", "isolation_type": "Nope"}));
        assert_eq!(
            err,
            "('action input JSON was invalid', <ValidationError: \"'Nope' is not one of ['Full', 'Selective']\">)\nInvalid input was found in: isolation_type\nUse one of: Full, Selective"
        );
    }

    #[test]
    fn empty_required_input_uses_the_runtime_message() {
        let err = refused("action", json!({"machine": "", "isolation_type": "Full"}));
        assert!(err.starts_with("('Unable to validate action input JSON', ClientException('Step error: Plugin step input contained a null value or empty string in a required input.\\nIf the input"));
        assert!(err.ends_with("Invalid input was found in: machine'))"));
    }

    #[test]
    fn nested_paths_are_dotted() {
        let err = refused(
            "trigger",
            json!({"machine": "m", "isolation_type": "Full", "tags": ["a", 3]}),
        );
        assert!(
            err.contains("Invalid input was found in: tags[1]\nGive tags[1] as a string"),
            "{err}"
        );
    }

    #[test]
    fn defaults_fill_missing_and_empty_optional_inputs() {
        let mut input = json!({"machine": "m", "isolation_type": "Full", "frequency": null});
        apply_defaults(&schema(), &mut input);
        assert_eq!(input["frequency"], json!(5));
        assert!(input.get("tags").is_none());
    }
}
