//! The API document served at `/api/v1/api`: Swagger 2.0, as the runtime serves, generated from
//! the spec's schemas (`spec::generated`) so that each step's route names its own start message
//! and event, and cannot drift from what the server validates.
//!
//! The step schemas are Draft-04 with local `#/definitions/...` references; Swagger 2.0 keeps
//! its schemas under the same top-level `definitions`, so the references resolve once every
//! step's definitions are hoisted there. Keywords Swagger does not know (`order`, `displayType`,
//! `id`) become `x-` extensions.

use crate::spec::generated::{self, StepSchemas};
use serde_json::{json, Map, Value};

/// Title and version as the runtime's apispec document has them.
const TITLE: &str = "InsightConnect Plugin Runtime API";
const API_VERSION: &str = "1.0";

/// Schema keywords Swagger 2.0 accepts as they are.
const SWAGGER_KEYWORDS: &[&str] = &[
    "$ref",
    "title",
    "description",
    "default",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "format",
    "items",
    "allOf",
    "properties",
    "additionalProperties",
    "example",
];

/// The step routes answer with these; 4xx and 5xx bodies are an error envelope or a Flask error.
const STEP_STATUSES: &[(&str, &str)] = &[
    ("400", "Invalid input, a plugin error, a failed connection test, or a route name that does not match the body"),
    ("413", "The body is larger than the start-message limit"),
    ("500", "A bug of the plugin"),
    ("503", "Shutdown in progress: no new work is accepted"),
    ("504", "The step did not finish within the request timeout"),
];

/// The whole document; `with_shutdown` is false in cloud mode, where the route does not exist.
pub fn document(with_shutdown: bool) -> Value {
    let mut doc = Document::default();
    let connection = doc.schema(generated::CONNECTION_SCHEMA);
    doc.definitions.insert("Connection".into(), connection);
    doc.common_definitions();
    for step in generated::ACTIONS {
        doc.step("action", step);
    }
    for step in generated::TRIGGERS {
        doc.step("trigger", step);
    }
    doc.tasks();
    doc.connection_test();
    doc.metadata_routes(with_shutdown);
    json!({
        "swagger": "2.0",
        "info": {
            "title": TITLE,
            "version": API_VERSION,
            "description": format!(
                "{} {} ({}/{}), served by the plugin's http mode. Generated from plugin.spec.yaml.",
                generated::TITLE, generated::VERSION, generated::VENDOR, generated::NAME
            ),
        },
        "basePath": "/",
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": Value::Object(doc.paths),
        "definitions": Value::Object(doc.definitions),
    })
}

#[derive(Default)]
struct Document {
    paths: Map<String, Value>,
    definitions: Map<String, Value>,
}

/// The fields of a Flask error object and of `{"error": ...}`, the runtime's other answers.
fn error_properties() -> Map<String, Value> {
    let fields = [
        ("error", "string"),
        ("code", "integer"),
        ("description", "string"),
        ("method", "string"),
        ("name", "string"),
        ("url", "string"),
    ];
    fields
        .into_iter()
        .map(|(name, kind)| (name.to_owned(), json!({ "type": kind })))
        .collect()
}

impl Document {
    fn add(&mut self, path: &str, method: &str, operation: Value) {
        let entry = self
            .paths
            .entry(path.to_string())
            .or_insert_with(|| json!({}));
        entry[method] = operation;
    }

    /// A generated schema, its definitions hoisted and its keywords made Swagger's.
    fn schema(&mut self, text: &str) -> Value {
        let schema: Value =
            serde_json::from_str(text).expect("the generated schemas are checked by tests");
        swaggerize(&schema, &mut self.definitions)
    }

    fn common_definitions(&mut self) {
        let mut failure = json!({
            "type": "object",
            "description": "An error envelope (body.status is \"error\"), or a Flask error ({code, description, method, name, response, url}), or {\"error\": ...}",
            "properties": {
                "body": {"type": "object", "properties": {
                    "log": {"type": "string"},
                    "status": {"type": "string", "enum": ["error"]},
                    "meta": {},
                    "error": {"type": "string"},
                    "exception": {"type": "object", "properties": {
                        "cause": {"type": "string"},
                        "assistance": {"type": "string"},
                        "data": {"type": "string"},
                    }},
                }},
                // null when the message type itself was not understood, as in the runtime.
                "type": {"description": "The event type, or null when the message type was not understood"},
                "version": {"type": "string"},
            },
        });
        // A step's failure may also be any answer of the Error definition.
        if let Some(Value::Object(properties)) = failure.get_mut("properties") {
            properties.extend(error_properties());
        }
        self.definitions.insert("StepFailure".into(), failure);
        self.definitions.insert(
            "Error".into(),
            json!({
                "type": "object",
                "description": "A Flask error ({code, description, method, name, response, url}) or {\"error\": ...}",
                "properties": error_properties(),
            }),
        );
        self.definitions.insert(
            "PluginInfo".into(),
            json!({
                "type": "object",
                "required": ["name", "vendor", "version", "title", "description", "number_of_workers", "threads", "sdk_version"],
                "properties": {
                    "name": {"type": "string"},
                    "vendor": {"type": "string"},
                    "plugin_spec_version": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "version": {"type": "string"},
                    "title": {"type": "string"},
                    "support": {"type": "string"},
                    "enable_cache": {"type": "boolean"},
                    "description": {"type": "string"},
                    "number_of_workers": {"type": "integer"},
                    "threads": {"type": "integer"},
                    "sdk_version": {"type": "string"},
                },
            }),
        );
        self.definitions.insert(
            "StepDetails".into(),
            json!({
                "type": "object",
                "description": "The step as plugin.spec.yaml declares it",
                "properties": {
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "input": {"type": "object"},
                    "output": {"type": "object"},
                },
            }),
        );
    }

    /// Run (actions), test and details routes of one step, each under `/api/v1` and the
    /// step routes under `/` too.
    fn step(&mut self, kind: &str, step: &StepSchemas) {
        let name = step.name;
        let input = self.schema(step.input);
        let output = self.schema(step.output);
        let start = format!("{name}.start");
        self.definitions.insert(
            start.clone(),
            json!({
                "type": "object",
                "required": ["body", "type", "version"],
                "properties": {
                    "version": {"type": "string", "enum": ["v1"]},
                    "type": {"type": "string", "enum": [format!("{kind}_start")]},
                    "body": {
                        "type": "object",
                        "required": [kind, "connection", "input"],
                        "properties": {
                            kind: {"type": "string", "enum": [name]},
                            "meta": {"type": "object"},
                            "input": input,
                            "connection": {"$ref": "#/definitions/Connection"},
                        },
                    },
                },
            }),
        );
        let event = format!("{name}.event");
        self.definitions
            .insert(event.clone(), envelope(&format!("{kind}_event"), output));
        let test_event = format!("{name}.test_event");
        self.definitions.insert(
            test_event.clone(),
            envelope(
                &format!("{kind}_event"),
                json!({"type": "object", "properties": {"success": {"type": "boolean"}}}),
            ),
        );
        let title = generated_title(kind, name);
        for prefix in ["/api/v1", ""] {
            if kind == "action" {
                self.add(
                    &format!("{prefix}/{kind}s/{name}"),
                    "post",
                    step_operation(&format!("Run {title}"), &start, &event, false),
                );
            }
            self.add(
                &format!("{prefix}/{kind}s/{name}/test"),
                "post",
                step_operation(
                    &format!("Test the connection of {title}"),
                    &start,
                    &test_event,
                    false,
                ),
            );
        }
        self.add(
            &format!("/api/v1/{kind}s/{name}"),
            "get",
            json!({
                "summary": format!("Details of {title}"),
                "responses": {"200": {"description": "Title, description, input and output", "schema": {"$ref": "#/definitions/StepDetails"}}},
            }),
        );
    }

    /// The plugin has no tasks, but the routes exist as in the runtime and refuse every name.
    fn tasks(&mut self) {
        let name_param = json!({"in": "path", "name": "name", "required": true, "type": "string"});
        let body =
            json!({"in": "body", "name": "start", "required": true, "schema": {"type": "object"}});
        let refused = json!({"400": {"description": "No task of that name", "schema": {"$ref": "#/definitions/StepFailure"}}});
        for prefix in ["/api/v1", ""] {
            for suffix in ["", "/test"] {
                let mut responses = refused.clone();
                add_step_errors(&mut responses);
                self.add(
                    &format!("{prefix}/tasks/{{name}}{suffix}"),
                    "post",
                    json!({"summary": "Run a task (this plugin has none)", "parameters": [name_param, body], "responses": responses}),
                );
            }
        }
        self.add(
            "/api/v1/tasks/{name}",
            "get",
            json!({"summary": "Details of a task (this plugin has none)", "parameters": [name_param], "responses": refused}),
        );
    }

    fn connection_test(&mut self) {
        self.definitions.insert(
            "ConnectionTest.start".into(),
            json!({
                "type": "object",
                "required": ["body", "type", "version"],
                "properties": {
                    "version": {"type": "string", "enum": ["v1"]},
                    "type": {"type": "string", "enum": ["connection_test"]},
                    "body": {
                        "type": "object",
                        "required": ["connection"],
                        "properties": {"connection": {"$ref": "#/definitions/Connection"}, "meta": {"type": "object"}},
                    },
                },
            }),
        );
        self.definitions.insert(
            "ConnectionTest.event".into(),
            envelope(
                "connection_test",
                json!({"type": "object", "properties": {"success": {"type": "boolean"}}}),
            ),
        );
        let mut operation = step_operation(
            "Run the connection test",
            "ConnectionTest.start",
            "ConnectionTest.event",
            true,
        );
        operation["parameters"]
            .as_array_mut()
            .expect("step operations have parameters")
            .insert(
                0,
                json!({"in": "path", "name": "connection_test_type", "required": true, "type": "string", "enum": ["test", "test_task"]}),
            );
        self.add(
            "/api/v1/connection/{connection_test_type}",
            "post",
            operation,
        );
    }

    fn metadata_routes(&mut self, with_shutdown: bool) {
        let names = json!({"type": "array", "items": {"type": "string"}});
        let format = json!({"in": "query", "name": "format", "required": false, "type": "string", "enum": ["json", "yaml"], "description": "Format of the answer; defaults to JSON"});
        let unsupported = json!({"description": "The specified format is not supported", "schema": {"$ref": "#/definitions/Error"}});
        let routes = [
            (
                "/api/v1/status",
                "get",
                json!({"summary": "Web service status", "responses": {"200": {"description": "{\"status\": \"Ready\"}", "schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["Ready"]}}}}}}),
            ),
            (
                "/api/v1/info",
                "get",
                json!({"summary": "Plugin details", "responses": {"200": {"description": "Spec fields, workers and SDK version", "schema": {"$ref": "#/definitions/PluginInfo"}}}}),
            ),
            (
                "/api/v1/spec",
                "get",
                json!({"summary": "The plugin spec", "produces": ["application/json", "application/yaml"], "parameters": [format], "responses": {"200": {"description": "plugin.spec.yaml, as JSON or verbatim YAML"}, "422": unsupported}}),
            ),
            (
                "/api/v1/api",
                "get",
                json!({"summary": "This document (Swagger 2.0)", "produces": ["application/json", "application/yaml"], "parameters": [format], "responses": {"200": {"description": "The API document"}, "422": unsupported}}),
            ),
            (
                "/api/v1/actions",
                "get",
                json!({"summary": "Names of the actions", "responses": {"200": {"description": "Action names", "schema": names}}}),
            ),
            (
                "/api/v1/triggers",
                "get",
                json!({"summary": "Names of the triggers", "responses": {"200": {"description": "Trigger names", "schema": names}}}),
            ),
            (
                "/api/v1/tasks",
                "get",
                json!({"summary": "Names of the tasks", "responses": {"200": {"description": "Task names (none)", "schema": names}}}),
            ),
            (
                "/api/v1/connection",
                "get",
                json!({"summary": "The connection schema", "responses": {"200": {"description": "{properties, required, title, type}", "schema": {"type": "object", "properties": {"properties": {"type": "object"}, "required": names, "title": {"type": "string"}, "type": {"type": "string"}}}}}}),
            ),
            (
                "/api/v1/definitions/actions",
                "get",
                json!({"summary": "Every action with its input schema", "responses": {"200": {"description": "{actionsDefinitions: [{identifier, inputJsonSchema}]}", "schema": {"type": "object", "required": ["actionsDefinitions"], "properties": {"actionsDefinitions": {"type": "array", "items": {"type": "object", "required": ["identifier", "inputJsonSchema"], "properties": {"identifier": {"type": "string"}, "inputJsonSchema": {"type": "object"}}}}}}}}}),
            ),
            (
                "/api/v1/workers",
                "get",
                json!({"summary": "Number of workers", "responses": {"200": {"description": "{num_workers}", "schema": {"type": "object", "required": ["num_workers"], "properties": {"num_workers": {"type": "integer"}}}}}}),
            ),
            (
                "/api/v1/workers/add",
                "post",
                json!({"summary": "Add a worker (the count is fixed here)", "responses": {"422": {"description": "The worker count is fixed while the server runs", "schema": {"$ref": "#/definitions/Error"}}}}),
            ),
            (
                "/api/v1/workers/remove",
                "post",
                json!({"summary": "Remove a worker (the count is fixed here)", "responses": {"422": {"description": "The worker count is fixed while the server runs", "schema": {"$ref": "#/definitions/Error"}}}}),
            ),
            (
                "/api/v1/admin/status",
                "get",
                json!({"summary": "Shutdown status and steps in flight", "responses": {"200": {"description": "{shutdown_initiated, shutdown_safe, active_work}", "schema": {"type": "object", "required": ["shutdown_initiated", "shutdown_safe", "active_work"], "properties": {"shutdown_initiated": {"type": "boolean"}, "shutdown_safe": {"type": "boolean"}, "active_work": {"type": "integer"}}}}}}),
            ),
        ];
        for (path, method, operation) in routes {
            self.add(path, method, operation);
        }
        if with_shutdown {
            self.add(
                "/api/v1/admin/shutdown",
                "post",
                json!({"summary": "Begin the graceful shutdown: new steps get 503, steps in flight finish, then the server stops", "responses": {"200": {"description": "{\"message\": \"Shutdown request accepted.\"}", "schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}}}),
            );
        }
    }
}

fn generated_title(kind: &str, name: &str) -> String {
    format!("the {name} {kind}")
}

/// An envelope whose body carries `output` with status ok.
fn envelope(event_type: &str, output: Value) -> Value {
    json!({
        "type": "object",
        "required": ["body", "type", "version"],
        "properties": {
            "version": {"type": "string", "enum": ["v1"]},
            "type": {"type": "string", "enum": [event_type]},
            "body": {
                "type": "object",
                "required": ["log", "meta", "output", "status"],
                "properties": {
                    "log": {"type": "string"},
                    "meta": {},
                    "status": {"type": "string", "enum": ["ok"]},
                    "output": output,
                },
            },
        },
    })
}

fn step_operation(summary: &str, start: &str, event: &str, no_content: bool) -> Value {
    let mut responses = json!({
        "200": {"description": "The step's event envelope", "schema": {"$ref": format!("#/definitions/{event}")}},
    });
    if no_content {
        responses["204"] = json!({"description": "The connection test returned no output"});
        responses["404"] = json!({"description": "Only test and test_task exist", "schema": {"$ref": "#/definitions/Error"}});
    }
    add_step_errors(&mut responses);
    json!({
        "summary": summary,
        "parameters": [{"in": "body", "name": "start", "required": true, "schema": {"$ref": format!("#/definitions/{start}")}}],
        "responses": responses,
    })
}

fn add_step_errors(responses: &mut Value) {
    for (status, description) in STEP_STATUSES {
        responses[*status] =
            json!({"description": description, "schema": {"$ref": "#/definitions/StepFailure"}});
    }
}

/// A Draft-04 schema made a Swagger 2.0 schema: nested `definitions` move to the document's,
/// unknown keywords become `x-` extensions.
fn swaggerize(schema: &Value, definitions: &mut Map<String, Value>) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    // The plugin refuses an empty or null required value, as the runtime does; saying so lets a
    // client (and the fuzzer) tell a valid start message from one that is refused.
    let required: Vec<&str> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (key, value) in map {
        match key.as_str() {
            "definitions" => {
                if let Value::Object(nested) = value {
                    for (name, definition) in nested {
                        if !definitions.contains_key(name) {
                            let converted = swaggerize(definition, definitions);
                            definitions.insert(name.clone(), converted);
                        }
                    }
                }
            }
            "properties" => {
                let properties = value
                    .as_object()
                    .map(|props| {
                        props
                            .iter()
                            .map(|(name, prop)| {
                                let mut converted = swaggerize(prop, definitions);
                                if required.contains(&name.as_str())
                                    && converted.get("type") == Some(&json!("string"))
                                {
                                    converted["minLength"] = json!(1);
                                }
                                (name.clone(), converted)
                            })
                            .collect::<Map<String, Value>>()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(properties));
            }
            "items" | "additionalProperties" if value.is_object() => {
                out.insert(key.clone(), swaggerize(value, definitions));
            }
            "allOf" => {
                let parts = value
                    .as_array()
                    .map(|parts| {
                        parts
                            .iter()
                            .map(|part| swaggerize(part, definitions))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(parts));
            }
            "required" if value.as_array().is_some_and(Vec::is_empty) => {}
            known if SWAGGER_KEYWORDS.contains(&known) => {
                out.insert(key.clone(), value.clone());
            }
            other => {
                out.insert(format!("x-{other}"), value.clone());
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_hoisted_and_unknown_keywords_become_extensions() {
        let mut definitions = Map::new();
        let schema = json!({
            "type": "object",
            "properties": {"a": {"$ref": "#/definitions/t", "order": 1}},
            "required": [],
            "definitions": {"t": {"id": "t", "type": "object", "properties": {"x": {"type": "string", "displayType": "password"}}}},
        });
        let converted = swaggerize(&schema, &mut definitions);
        assert_eq!(
            converted,
            json!({"type": "object", "properties": {"a": {"$ref": "#/definitions/t", "x-order": 1}}})
        );
        assert_eq!(
            definitions["t"],
            json!({"x-id": "t", "type": "object", "properties": {"x": {"type": "string", "x-displayType": "password"}}})
        );
    }
}
