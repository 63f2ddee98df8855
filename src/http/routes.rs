//! The routes and their answers, shaped as the runtime's Flask endpoints (`api/endpoints.py`).

use super::{apidoc, mask, Server};
use crate::dispatch::{self, Mode};
use crate::protocol::Outcome;
use crate::spec::generated;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::sync::{Arc, OnceLock};

type Shared = State<Arc<Server>>;

/// The legacy blueprint at `/` (steps only) and the v1 blueprint at `/api/v1`.
pub fn router(server: Arc<Server>) -> Router {
    use StepRoute::{Connection, Run, Test};
    let legacy = Router::new()
        .route("/actions/{name}", step_route(Run("action")))
        .route("/actions/{name}/test", step_route(Test("action")))
        .route("/triggers/{name}/test", step_route(Test("trigger")))
        .route("/tasks/{name}", step_route(Run("task")))
        .route("/tasks/{name}/test", step_route(Test("task")));
    let mut v1 = Router::new()
        .route("/actions", get(actions))
        .route(
            "/actions/{name}",
            step_route(Run("action")).get(action_details),
        )
        .route("/actions/{name}/test", step_route(Test("action")))
        .route("/triggers", get(triggers))
        .route("/triggers/{name}", get(trigger_details))
        .route("/triggers/{name}/test", step_route(Test("trigger")))
        .route("/tasks", get(tasks))
        .route("/tasks/{name}", step_route(Run("task")).get(task_details))
        .route("/tasks/{name}/test", step_route(Test("task")))
        .route("/connection", get(connection))
        .route("/connection/{kind}", step_route(Connection))
        .route("/definitions/actions", get(definitions))
        .route("/status", get(status))
        .route("/info", get(info))
        .route("/spec", get(spec))
        .route("/api", get(api_document))
        .route("/workers", get(workers))
        .route("/workers/add", post(workers_change))
        .route("/workers/remove", post(workers_change))
        .route("/admin/status", get(admin_status));
    if !server.settings.cloud {
        v1 = v1.route("/admin/shutdown", post(admin_shutdown));
    }
    legacy
        .nest("/api/v1", v1)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Checked again while reading, so a body without a length is bounded too.
        .layer(DefaultBodyLimit::max(dispatch::MAX_MESSAGE_BYTES))
        .layer(axum::middleware::map_request_with_state(
            server.settings.body_read_timeout,
            super::connections::bound_body,
        ))
        .with_state(server)
}

/// What a step route runs, and what it checks in the body first.
#[derive(Clone, Copy)]
enum StepRoute {
    Run(&'static str),
    Test(&'static str),
    Connection,
}

impl StepRoute {
    /// The body key that must name the step (`action`, `trigger`, `task`).
    fn key(self) -> Option<&'static str> {
        match self {
            StepRoute::Run(key) | StepRoute::Test(key) => Some(key),
            StepRoute::Connection => None,
        }
    }

    fn mode(self) -> Mode {
        match self {
            StepRoute::Run(_) => Mode::Run,
            StepRoute::Test(_) | StepRoute::Connection => Mode::Test,
        }
    }
}

/// The parts of a request that error answers quote (Flask's `url` and `method`).
struct Request {
    method: Method,
    url: String,
}

impl Request {
    fn new(method: Method, uri: &Uri, headers: &HeaderMap) -> Request {
        let host = headers
            .get(header::HOST)
            .and_then(|host| host.to_str().ok())
            .unwrap_or("localhost");
        Request {
            method,
            url: format!("http://{host}{uri}"),
        }
    }
}

type Name = Result<Path<String>, PathRejection>;
type Body = Result<Bytes, BytesRejection>;

/// The one handler of every step route, bound to the kind of step the route runs.
fn step_route(route: StepRoute) -> MethodRouter<Arc<Server>> {
    post(
        move |server: Shared,
              name: Name,
              method: Method,
              OriginalUri(uri): OriginalUri,
              headers: HeaderMap,
              body: Body| {
            step(
                server,
                route,
                name,
                Request::new(method, &uri, &headers),
                body,
            )
        },
    )
}

/// The runtime's order: shutdown guard, JSON body, empty body, route name against body name; then
/// `run_step`, the status from the failure, and the secrets masked.
async fn step(
    State(server): Shared,
    route: StepRoute,
    name: Name,
    request: Request,
    body: Body,
) -> Response {
    // The connection route checks its `{kind}` before anything else, as the runtime does.
    if let StepRoute::Connection = route {
        match &name {
            Err(rejection) => {
                return flask_error(StatusCode::BAD_REQUEST, &rejection.body_text(), &request)
            }
            Ok(Path(kind)) if kind != "test" && kind != "test_task" => {
                return reply(
                    StatusCode::NOT_FOUND,
                    &json!({
                        "error": "The requested endpoint is not available, only ['test', 'test_task'] are supported.",
                        "code": 404,
                        "method": "POST",
                        "name": "Not Found",
                    }),
                );
            }
            Ok(_) => {}
        }
    }
    if server.shutting_down() {
        return reply(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"error": "Shutdown in progress. No new work can be accepted."}),
        );
    }
    let name = match name {
        Ok(Path(name)) => name,
        Err(rejection) => {
            return flask_error(StatusCode::BAD_REQUEST, &rejection.body_text(), &request)
        }
    };
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(rejection) if super::connections::timed_out(&rejection) => {
            let description = format!(
                "The request body did not arrive within {} seconds of its head: send the start message at once",
                server.settings.body_read_timeout.as_secs()
            );
            return flask_error(StatusCode::REQUEST_TIMEOUT, &description, &request);
        }
        Err(rejection) => {
            let status = rejection.status();
            let description = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "The request body is larger than {} MiB: send a smaller start message",
                    dispatch::MAX_MESSAGE_BYTES / (1024 * 1024)
                )
            } else {
                rejection.body_text()
            };
            return flask_error(status, &description, &request);
        }
    };
    // A number too large to read is left for the step to name with its field.
    let message: Value = match crate::protocol::envelope::read_json(&bytes) {
        Ok((message, _)) => message,
        Err(err) => {
            let description = format!(
                "The request body is not JSON ({err}): send the step's start message as a JSON object"
            );
            return flask_error(StatusCode::BAD_REQUEST, &description, &request);
        }
    };
    if is_empty(&message) {
        return reply(
            StatusCode::BAD_REQUEST,
            &json!({"error": "Empty input provided"}),
        );
    }
    if !message.is_object() {
        let description = "The request body must be a JSON object: the start message, with version, type and body";
        return flask_error(StatusCode::BAD_REQUEST, description, &request);
    }
    if let Some(key) = route.key() {
        let in_body = message.get("body").and_then(|body| body.get(key));
        if in_body.and_then(Value::as_str) != Some(name.as_str()) {
            let description = format!(
                "{} name ({}) in input body is not matching with name ({name}) in route",
                capitalize(key),
                python_str(in_body)
            );
            return flask_error(StatusCode::BAD_REQUEST, &description, &request);
        }
        // A trigger must never start over HTTP (it would poll forever), so a run route only runs
        // the kind of step it names.
        let wanted = format!("{key}_start");
        if let StepRoute::Run(_) = route {
            if message.get("type").and_then(Value::as_str) != Some(wanted.as_str()) {
                let description = format!(
                    "Message type ({}) in input body does not match the route, which runs {wanted} messages",
                    python_str(message.get("type"))
                );
                return flask_error(StatusCode::BAD_REQUEST, &description, &request);
            }
        }
    }

    let Ok(_slot) = server.slots.acquire().await else {
        return reply(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"error": "Shutdown in progress. No new work can be accepted."}),
        );
    };
    let _active = server.start_step();
    let mut events = Vec::new();
    let run = dispatch::run_step(&bytes, route.mode(), &server.ctx, &mut events);
    let outcome = match tokio::time::timeout(server.settings.request_timeout, run).await {
        Ok(outcome) => outcome,
        Err(_) => {
            let description = format!(
                "The step did not finish within {} seconds and was cancelled: retry later, or start the server with a larger --request_timeout",
                server.settings.request_timeout.as_secs()
            );
            return flask_error(StatusCode::GATEWAY_TIMEOUT, &description, &request);
        }
    };
    let status = step_status(&outcome);
    let mut envelope = outcome.to_value();
    let connection = message
        .get("body")
        .and_then(|body| body.get("connection"))
        .unwrap_or(&Value::Null);
    mask::mask_envelope(&mut envelope, &mask::secrets(connection));
    reply(status, &envelope)
}

/// 200; 400 for client errors, plugin errors and failed connection tests; 500 for a bug or an
/// output that fails its schema, as the runtime answers those.
fn step_status(outcome: &Outcome) -> StatusCode {
    match &outcome.result {
        Ok(_) => StatusCode::OK,
        Err(failure) if failure.is_internal() => StatusCode::INTERNAL_SERVER_ERROR,
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

/// Python's truthiness of a parsed body: `{}`, `[]`, `""`, `0`, `false` and `null` are empty.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(flag) => !flag,
        Value::Number(number) => number.as_f64() == Some(0.0),
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
    }
}

/// `str(value)` in Python, with `None` for a missing value.
fn python_str(value: Option<&Value>) -> String {
    match value {
        None => "None".to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => crate::protocol::pyrepr::repr(other),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

async fn status() -> Response {
    reply(StatusCode::OK, &json!({"status": "Ready"}))
}

/// The spec fields the runtime reports, plus its worker settings; the SDK version is the one
/// the spec declares, the runtime whose protocol this plugin speaks.
async fn info(State(server): Shared) -> Response {
    let spec = spec_value();
    let mut body = Map::new();
    for field in [
        "name",
        "description",
        "version",
        "vendor",
        "plugin_spec_version",
        "title",
        "support",
        "tags",
        "enable_cache",
    ] {
        body.insert(
            field.to_string(),
            spec.get(field).cloned().unwrap_or(Value::Null),
        );
    }
    body.insert("number_of_workers".into(), json!(server.settings.workers));
    body.insert("threads".into(), json!(server.settings.threads));
    body.insert(
        "sdk_version".into(),
        spec.pointer("/sdk/version")
            .cloned()
            .unwrap_or(json!("0.0.0")),
    );
    reply(StatusCode::OK, &Value::Object(body))
}

#[derive(Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

fn unsupported_format() -> Response {
    reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({"error": "The specified format is not supported"}),
    )
}

/// `?format=json` (the default) or `?format=yaml`, as the runtime reads it.
fn format_of(
    query: &Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> Option<&str> {
    match query {
        Ok(Query(FormatQuery { format: None })) => Some("json"),
        Ok(Query(FormatQuery {
            format: Some(format),
        })) if format == "json" || format == "yaml" => Some(format.as_str()),
        _ => None,
    }
}

type FormatArg = Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>;

/// The plugin spec as committed, embedded in the binary: verbatim YAML, or as JSON.
async fn spec(query: FormatArg) -> Response {
    match format_of(&query) {
        Some("yaml") => yaml_reply(crate::spec::model::SPEC_YAML.to_string()),
        Some(_) => reply(StatusCode::OK, spec_value()),
        None => unsupported_format(),
    }
}

/// The API document, generated from the spec (`apidoc`).
async fn api_document(State(server): Shared, query: FormatArg) -> Response {
    let document = apidoc::document(!server.settings.cloud);
    match format_of(&query) {
        Some("yaml") => match crate::yaml::to_string(&document) {
            Ok(text) => yaml_reply(text),
            Err(err) => internal(&err.to_string()),
        },
        Some(_) => reply(StatusCode::OK, &document),
        None => unsupported_format(),
    }
}

async fn actions() -> Response {
    let names: Vec<&str> = generated::ACTIONS.iter().map(|step| step.name).collect();
    reply(StatusCode::OK, &json!(names))
}

async fn triggers() -> Response {
    let names: Vec<&str> = generated::TRIGGERS.iter().map(|step| step.name).collect();
    reply(StatusCode::OK, &json!(names))
}

/// The plugin has no tasks; the route answers as the runtime does for such a plugin.
async fn tasks() -> Response {
    reply(StatusCode::OK, &json!([]))
}

async fn action_details(name: Name) -> Response {
    details("actions", name)
}

async fn trigger_details(name: Name) -> Response {
    details("triggers", name)
}

async fn task_details(name: Name) -> Response {
    details("tasks", name)
}

/// `{title, description, input, output}` of one step, as the spec writes them.
fn details(section: &str, name: Name) -> Response {
    let name = name.map(|Path(name)| name).unwrap_or_default();
    let Some(Value::Object(step)) = spec_value().get(section).and_then(|steps| steps.get(&name))
    else {
        let kind = capitalize(section.trim_end_matches('s'));
        return reply(
            StatusCode::BAD_REQUEST,
            &json!({"error": format!("{kind} {name} does not exist")}),
        );
    };
    reply(
        StatusCode::OK,
        &picked(step, &["description", "title", "input", "output"]),
    )
}

/// The `fields` of `object` that it has, in the order given.
fn picked(object: &Map<String, Value>, fields: &[&str]) -> Value {
    let mut body = Map::new();
    for field in fields {
        if let Some(value) = object.get(*field) {
            body.insert(field.to_string(), value.clone());
        }
    }
    Value::Object(body)
}

/// The connection schema, reduced to the fields the runtime's `ConnectionDetailsSchema` keeps.
async fn connection() -> Response {
    let schema = schema(generated::CONNECTION_SCHEMA);
    let empty = Map::new();
    let schema = schema.as_object().unwrap_or(&empty);
    reply(
        StatusCode::OK,
        &picked(schema, &["properties", "required", "title", "type"]),
    )
}

async fn definitions() -> Response {
    let definitions: Vec<Value> = generated::ACTIONS
        .iter()
        .map(|step| json!({"identifier": step.name, "inputJsonSchema": schema(step.input)}))
        .collect();
    reply(StatusCode::OK, &json!({"actionsDefinitions": definitions}))
}

async fn workers(State(server): Shared) -> Response {
    reply(
        StatusCode::OK,
        &json!({"num_workers": server.settings.workers}),
    )
}

/// Gunicorn adds and removes processes on SIGTTIN and SIGTTOU; one async process has nothing to
/// add, so the answer says so and how to get more capacity.
async fn workers_change(State(server): Shared) -> Response {
    reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({
            "error": "The number of workers is fixed while the server runs: restart it with other --process_workers, --threads_per_worker or --worker_connections",
            "num_workers": server.settings.workers,
        }),
    )
}

async fn admin_shutdown(State(server): Shared) -> Response {
    tracing::info!(
        "Shutdown initiated via API endpoint. Setting event flag to block new requests..."
    );
    server.begin_shutdown();
    reply(
        StatusCode::OK,
        &json!({"message": "Shutdown request accepted."}),
    )
}

async fn admin_status(State(server): Shared) -> Response {
    let initiated = server.shutting_down();
    let active = server.active_steps();
    reply(
        StatusCode::OK,
        &json!({
            "shutdown_initiated": initiated,
            "shutdown_safe": initiated && active == 0,
            "active_work": active,
        }),
    )
}

async fn not_found(m: Method, OriginalUri(u): OriginalUri, h: HeaderMap) -> Response {
    flask_error(
        StatusCode::NOT_FOUND,
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        &Request::new(m, &u, &h),
    )
}

async fn method_not_allowed(m: Method, OriginalUri(u): OriginalUri, h: HeaderMap) -> Response {
    flask_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "The method is not allowed for the requested URL.",
        &Request::new(m, &u, &h),
    )
}

/// Werkzeug's error body: `{code, description, method, name, response, url}`.
fn flask_error(status: StatusCode, description: &str, request: &Request) -> Response {
    reply(
        status,
        &json!({
            "code": status.as_u16(),
            "description": description,
            "method": request.method.as_str(),
            "name": status.canonical_reason().unwrap_or("Error"),
            "response": null,
            "url": request.url,
        }),
    )
}

fn internal(detail: &str) -> Response {
    reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        &json!({"error": format!("The plugin hit an internal error: {detail}")}),
    )
}

/// JSON as Flask's `jsonify` writes it.
fn reply(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        crate::pyjson::flask(body),
    )
        .into_response()
}

fn yaml_reply(text: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/yaml; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The whole spec as JSON, parsed once.
fn spec_value() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        crate::spec::Spec::parse_value(crate::spec::model::SPEC_YAML)
            .expect("the embedded spec is checked by tests")
    })
}

fn schema(text: &str) -> Value {
    serde_json::from_str(text).expect("the generated schemas are checked by tests")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Failure, Internal, PluginError};

    fn status_of(result: Result<Value, Failure>) -> StatusCode {
        step_status(&Outcome {
            output_type: Some("action_event"),
            meta: json!({}),
            log: String::new(),
            result,
        })
    }

    // The runtime's statuses for the same failures (protocol.md §4, and the oracle's reference
    // plugin: "boom" 400, "crash" 500, "badout" 500).
    #[test]
    fn failures_map_to_the_runtime_statuses() {
        let plugin = PluginError::new("Machine not found.", "Check the machine ID.");
        let bad_output = Internal::Output("not of type object".into());
        let cases = [
            (Ok(json!({})), StatusCode::OK),
            (
                Err(Failure::Plugin(plugin.clone())),
                StatusCode::BAD_REQUEST,
            ),
            (
                Err(Failure::ConnectionTest(plugin)),
                StatusCode::BAD_REQUEST,
            ),
            (
                Err(Failure::Client("bad input".into())),
                StatusCode::BAD_REQUEST,
            ),
            (
                Err(Failure::TestModeOther("bad".into())),
                StatusCode::BAD_REQUEST,
            ),
            (
                Err(Failure::Internal(bad_output.clone())),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            (
                Err(Failure::TestModeInternal(bad_output)),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            (
                Err(Failure::Internal(Internal::Panic("boom".into()))),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (result, status) in cases {
            let shown = format!("{result:?}");
            assert_eq!(status_of(result), status, "{shown}");
        }
    }
}
