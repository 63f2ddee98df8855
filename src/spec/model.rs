//! The plugin spec as data: what `plugin.spec.yaml` declares, in declaration order.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// One input, output, connection field or custom-type field.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Field {
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub type_: String,
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub default: Option<Value>,
    #[serde(rename = "enum")]
    pub enum_: Option<Vec<Value>>,
    pub example: Option<Value>,
    pub placeholder: Option<Value>,
    pub tooltip: Option<Value>,
    pub order: Option<Value>,
}

/// An action or a trigger.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Component {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub input: IndexMap<String, Field>,
    #[serde(default)]
    pub output: IndexMap<String, Field>,
}

/// The parts of the spec the generators and the runtime read.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Spec {
    pub name: String,
    pub title: String,
    pub description: String,
    pub version: String,
    pub vendor: String,
    #[serde(default)]
    pub types: IndexMap<String, IndexMap<String, Field>>,
    #[serde(default)]
    pub connection: IndexMap<String, Field>,
    #[serde(default)]
    pub actions: IndexMap<String, Component>,
    #[serde(default)]
    pub triggers: IndexMap<String, Component>,
}

/// Which kind of step a component is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Action,
    Trigger,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Action => "action",
            Kind::Trigger => "trigger",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("plugin.spec.yaml is not valid: {0}")]
    Parse(String),
}

/// The spec text as committed, compiled into the binary.
pub const SPEC_YAML: &str = include_str!("../../plugin.spec.yaml");

impl Spec {
    pub fn parse(text: &str) -> Result<Spec, SpecError> {
        crate::yaml::from_str(text).map_err(|err| SpecError::Parse(err.to_string()))
    }

    /// The whole spec as a JSON value, keys in declaration order (for `/spec` and help).
    pub fn parse_value(text: &str) -> Result<Value, SpecError> {
        crate::yaml::from_str(text).map_err(|err| SpecError::Parse(err.to_string()))
    }

    pub fn embedded() -> &'static Spec {
        static SPEC: std::sync::OnceLock<Spec> = std::sync::OnceLock::new();
        SPEC.get_or_init(|| Spec::parse(SPEC_YAML).expect("the embedded spec is checked by tests"))
    }

    pub fn components(&self, kind: Kind) -> &IndexMap<String, Component> {
        match kind {
            Kind::Action => &self.actions,
            Kind::Trigger => &self.triggers,
        }
    }
}

/// Type names the runtime defines itself; a custom type of the same name would be shadowed by
/// insight-plugin's definition (its `file` is `{filename, content}`).
pub const BASE_TYPES: &[&str] = &[
    "file",
    "password",
    "python",
    "credential_username_password",
    "credential_asymmetric_key",
    "credential_token",
    "credential_secret_key",
];

const PRIMITIVES: &[&str] = &[
    "boolean", "bool", "integer", "int", "number", "float", "string", "date", "bytes", "object",
];

impl Spec {
    /// What the validators do not catch but our generators rely on: known types, no custom type
    /// shadowed by a base type, a description on every field.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for name in self.types.keys() {
            if BASE_TYPES.contains(&name.as_str()) || PRIMITIVES.contains(&name.as_str()) {
                problems.push(format!(
                    "custom type {name} is shadowed by the runtime's own type"
                ));
            }
        }
        let mut check = |place: String, field: &Field| {
            let element = field.type_.strip_prefix("[]").unwrap_or(&field.type_);
            if !PRIMITIVES.contains(&element)
                && !BASE_TYPES.contains(&element)
                && !self.types.contains_key(element)
            {
                problems.push(format!("{place} has unknown type {}", field.type_));
            }
            if field.description.as_deref().unwrap_or_default().is_empty() {
                problems.push(format!("{place} has no description"));
            }
        };
        for (type_name, fields) in &self.types {
            for (name, field) in fields {
                check(format!("types.{type_name}.{name}"), field);
            }
        }
        for (name, field) in &self.connection {
            check(format!("connection.{name}"), field);
        }
        for kind in [Kind::Action, Kind::Trigger] {
            for (component_name, component) in self.components(kind) {
                for (section, fields) in
                    [("input", &component.input), ("output", &component.output)]
                {
                    for (name, field) in fields {
                        check(
                            format!("{}s.{component_name}.{section}.{name}", kind.as_str()),
                            field,
                        );
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_spec_parses_and_has_no_problems() {
        let spec = Spec::parse(SPEC_YAML).unwrap();
        assert_eq!(spec.problems(), Vec::<String>::new());
    }

    #[test]
    fn a_custom_type_named_like_a_base_type_is_a_problem() {
        let spec = Spec::parse(
            "name: x\ntitle: X\ndescription: d\nversion: 1.0.0\nvendor: v\ntypes:\n  file:\n    sha1: {type: string, description: d}\n",
        )
        .unwrap();
        assert_eq!(
            spec.problems(),
            vec!["custom type file is shadowed by the runtime's own type".to_string()]
        );
    }
}
