//! `sample <name>`: the start message the runtime prints for a step, built from its schemas.

use super::model::{Kind, Spec};
use super::schema;
use serde_json::{json, Map, Value};

/// The start message for `name`, or `None` when no action or trigger has that name.
///
/// Like the runtime, triggers are looked up before actions.
pub fn start_message(spec: &Spec, name: &str) -> Option<Value> {
    let connection = defaults_for_schema(&schema::connection(spec));
    for kind in [Kind::Trigger, Kind::Action] {
        let Some(input) = schema::input(spec, kind, name) else {
            continue;
        };
        let mut body = Map::new();
        body.insert(kind.as_str().into(), json!(name));
        body.insert("meta".into(), json!({}));
        body.insert("input".into(), defaults_for_schema(&input));
        if kind == Kind::Trigger {
            body.insert(
                "dispatcher".into(),
                json!({"url": "http://localhost:8000", "webhook_url": ""}),
            );
        }
        body.insert("connection".into(), connection);
        return Some(json!({
            "body": Value::Object(body),
            "type": format!("{}_start", kind.as_str()),
            "version": "v1",
        }));
    }
    None
}

/// `util.sample`: every property gets its default, else its first enum value, else the zero
/// value of its type; references are followed into `definitions`.
pub fn defaults_for_schema(schema: &Value) -> Value {
    let definitions = schema.get("definitions").cloned().unwrap_or(json!({}));
    Value::Object(defaults_for_object(schema, &definitions, 0))
}

fn defaults_for_object(object: &Value, definitions: &Value, depth: usize) -> Map<String, Value> {
    let mut defaults = Map::new();
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (key, property) in properties {
            if let Some(value) = default_for(property, definitions, depth) {
                defaults.insert(key.clone(), value);
            }
        }
    }
    defaults
}

fn default_for(property: &Value, definitions: &Value, depth: usize) -> Option<Value> {
    if let Some(default) = property.get("default") {
        return Some(default.clone());
    }
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/definitions/")
            .and_then(|name| definitions.get(name));
        // A self-referencing type would never end; the runtime has none, so stop at a fixed depth.
        return match target {
            Some(definition) if depth < 8 => default_for(definition, definitions, depth + 1),
            _ => Some(json!({})),
        };
    }
    let type_ = property.get("type")?.as_str()?;
    if let Some(first) = property
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    Some(match type_ {
        "array" => json!([]),
        "object" => Value::Object(defaults_for_object(property, definitions, depth + 1)),
        "string" => json!(""),
        "boolean" => json!(false),
        "integer" | "number" => json!(0),
        _ => return None,
    })
}
