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
