//! JSON Schemas from the spec, built by the same rules as insight-plugin's `SchemaUtil`.
//!
//! Key order mirrors the Python dictionaries (the runtime serves schemas in that order); the
//! files in `schemas/` are written with sorted keys, as `icon-tools schemas` writes insight-plugin's.

use super::model::{Field, Kind, Spec};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// The connection schema.
pub fn connection(spec: &Spec) -> Value {
    section(&spec.connection, spec)
}

/// The input schema of an action or trigger; `None` when it does not exist.
pub fn input(spec: &Spec, kind: Kind, name: &str) -> Option<Value> {
    spec.components(kind)
        .get(name)
        .map(|component| section(&component.input, spec))
}

/// The output schema of an action or trigger; `None` when it does not exist.
pub fn output(spec: &Spec, kind: Kind, name: &str) -> Option<Value> {
    spec.components(kind)
        .get(name)
        .map(|component| section(&component.output, spec))
}

/// Every schema file of `schemas/`, by file stem, in spec order.
pub fn all(spec: &Spec) -> Vec<(String, Value)> {
    let mut files = vec![("connection".to_string(), connection(spec))];
    for kind in [Kind::Action, Kind::Trigger] {
        for (name, component) in spec.components(kind) {
            files.push((
                format!("{}_{name}_input", kind.as_str()),
                section(&component.input, spec),
            ));
            files.push((
                format!("{}_{name}_output", kind.as_str()),
                section(&component.output, spec),
            ));
        }
    }
    files
}

/// `generate_json_schema`: an empty section gives an empty schema.
fn section(fields: &IndexMap<String, Field>, spec: &Spec) -> Value {
    if fields.is_empty() {
        return json!({});
    }
    let mut definitions = Map::new();
    let (properties, required) = build_properties(fields, spec, &mut definitions);
    let mut sorted = Map::new();
    let mut names: Vec<&String> = properties.keys().collect();
    names.sort();
    for name in names {
        sorted.insert(name.clone(), properties[name].clone());
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("title".into(), json!("Variables"));
    schema.insert("properties".into(), Value::Object(sorted));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    schema.insert("definitions".into(), Value::Object(definitions));
    Value::Object(schema)
}

/// `recurse_build`: properties in declaration order, `order` counted from 1, sorted `required`.
fn build_properties(
    fields: &IndexMap<String, Field>,
    spec: &Spec,
    definitions: &mut Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (order, (name, field)) in fields.iter().enumerate() {
        let mut property = Map::new();
        let mut items = None;
        if let Some(element) = field
            .type_
            .strip_prefix("[]")
            .filter(|rest| !rest.is_empty())
        {
            property.insert("type".into(), json!("array"));
            items = Some(type_reference(element, spec, definitions));
        } else {
            for (key, value) in type_reference(&field.type_, spec, definitions) {
                property.insert(key, value);
            }
        }
        insert_opt(
            &mut property,
            "title",
            field.title.clone().map(Value::String),
        );
        insert_opt(
            &mut property,
            "description",
            field.description.clone().map(Value::String),
        );
        insert_opt(&mut property, "default", field.default.clone());
        insert_opt(&mut property, "placeholder", field.placeholder.clone());
        insert_opt(&mut property, "tooltip", field.tooltip.clone());
        if let Some(items) = items.filter(|items| !items.is_empty()) {
            property.insert("items".into(), Value::Object(items));
        }
        insert_opt(&mut property, "enum", field.enum_.clone().map(Value::Array));
        property.insert("order".into(), json!(order + 1));
        if field.required {
            required.push(name.clone());
        }
        properties.insert(name.clone(), Value::Object(property));
    }
    required.sort();
    (properties, required)
}

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.into(), value);
    }
}

/// The keys that say what a value of spec type `type_` is: a primitive's `type` (and format),
/// or a `$ref` to a base or custom type, whose definition is added on first use.
fn type_reference(
    type_: &str,
    spec: &Spec,
    definitions: &mut Map<String, Value>,
) -> Map<String, Value> {
    let mut keys = Map::new();
    if let Some(primitive) = primitive(type_) {
        match primitive {
            Value::Object(map) => keys.extend(map),
            other => {
                keys.insert("type".into(), other);
            }
        }
        return keys;
    }
    keys.insert("$ref".into(), json!(format!("#/definitions/{type_}")));
    if definitions.contains_key(type_) {
        return keys;
    }
    if let Some(base) = base_type(type_) {
        definitions.insert(type_.into(), base);
    } else if let Some(custom) = spec.types.get(type_) {
        // Reserve the slot first: a type that refers to itself must not recurse forever.
        definitions.insert(type_.into(), json!({}));
        let (properties, required) = build_properties(custom, spec, definitions);
        let mut definition = Map::new();
        definition.insert("type".into(), json!("object"));
        definition.insert("title".into(), json!(type_));
        definition.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            definition.insert("required".into(), json!(required));
        }
        definitions.insert(type_.into(), Value::Object(definition));
    }
    keys
}

fn primitive(type_: &str) -> Option<Value> {
    Some(match type_ {
        "boolean" | "bool" => json!("boolean"),
        "integer" | "int" => json!("integer"),
        "number" | "float" => json!("number"),
        "string" => json!("string"),
        "object" => json!("object"),
        "date" => json!({"type": "string", "format": "date-time", "displayType": "date"}),
        "bytes" => json!({"type": "string", "format": "bytes", "displayType": "bytes"}),
        _ => return None,
    })
}

fn base_type(type_: &str) -> Option<Value> {
    Some(match type_ {
        "credential_secret_key" => json!({
            "id": "credential_secret_key",
            "type": "object",
            "title": "Credential: Secret Key",
            "description": "A shared secret key",
            "required": ["secretKey"],
            "properties": {
                "secretKey": {
                    "type": "string",
                    "title": "Secret Key",
                    "description": "The shared secret key",
                    "format": "password",
                    "displayType": "password"
                }
            }
        }),
        "password" => json!({"type": "string", "format": "password", "displayType": "password"}),
        "python" => json!({"type": "string", "format": "python", "displayType": "python"}),
        "file" => json!({
            "id": "file",
            "type": "object",
            "title": "File",
            "description": "File Object",
            "properties": {
                "filename": {"type": "string", "title": "Filename", "description": "Name of file"},
                "content": {"type": "string", "format": "bytes", "title": "Content", "description": "File contents"}
            }
        }),
        _ => return None,
    })
}
