//! Microsoft's published response examples, replayed through every action and both triggers.
//!
//! `tests/corpus/` holds the JSON of each API reference page's response example, copied
//! verbatim, and a manifest naming the page of each, the request line of its example, and what
//! each endpoint's page documents. A loopback server answers the token endpoint and each API
//! request with the corpus answer of its route, and records the requests. Every step must
//! succeed, its output must fit the spec's output schema, and every request must be one the pages
//! document: method, path shape (a machine action's path holds a machine ID), query option names,
//! `$filter` properties and body property names.
//!
//! The corpus is Microsoft's data and the emulator is ours: nothing here reads the emulator.

use crate::triggers::Dispatcher;
use async_trait::async_trait;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use regex::Regex;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use windows_defender_atp::internals::{check_output, Schema};
use windows_defender_atp::spec::{schema, Kind, Spec};
use windows_defender_atp::ClientOptions;
use windows_defender_atp::Ctx;
use windows_defender_atp::{run_step, Mode};
use windows_defender_atp::{Clock, Sleeper, SystemClock, Time};

const TENANT: &str = "4f5c2d1e-8a3b-4c6d-9e7f-0a1b2c3d4e5f";
const CLIENT_ID: &str = "7c1e9a3b-2d4f-4a6b-8c0d-1e2f3a4b5c6d";
const SECRET: &str = "corpus-replay-secret";

fn corpus_dir() -> PathBuf {
    crate::support::root().join("tests").join("corpus")
}

/// One published example, after the repairs the manifest lists.
fn example(file: &str) -> Value {
    let manifest = manifest();
    let entry = &manifest["examples"][file];
    assert!(entry.is_object(), "{file} is not in the manifest");
    let mut text = std::fs::read_to_string(corpus_dir().join(file)).unwrap();
    for repair in entry["repairs"].as_array().unwrap() {
        let (from, to) = (repair[0].as_str().unwrap(), repair[1].as_str().unwrap());
        assert!(
            text.contains(from),
            "the repair {from:?} of {file} no longer applies"
        );
        text = text.replace(from, to);
    }
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{file} does not parse: {err}"))
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(corpus_dir().join("manifest.txt")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A path segment of a documented route.
#[derive(Debug, Clone)]
enum Segment {
    /// Compared without case: the pages spell `getPackageUri` and `GetPackageUri`.
    Literal(String),
    /// A value in the path, with the shape the page gives it.
    Value(Regex),
}

#[derive(Debug, Clone)]
struct Endpoint {
    method: String,
    route: String,
    page: String,
    segments: Vec<Segment>,
    query: Vec<String>,
    filter: Vec<String>,
    collections: Vec<String>,
    expand: Vec<String>,
    body: Option<Vec<String>>,
    /// The properties of the objects in a body's list property (`Indicators` of an import).
    items: Vec<(String, Vec<String>)>,
    /// The fields of a `multipart/form-data` body.
    form: Option<Vec<String>>,
    required: Vec<String>,
    answer: Option<Value>,
    status: u16,
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The shape of each value a route puts in its path.
fn placeholder(name: &str) -> Regex {
    let pattern = match name {
        // get-alert-info-by-id.md: da637472900382838869_1364969609
        "{alertId}" => r"^[A-Za-z0-9_-]+$",
        // isolate-machine.md and the other action pages: the 40-hex machine ID.
        "{machineId}" => r"^[0-9a-f]{40}$",
        // get-user-related-alerts.md and get-user-related-machines.md: "not the full UPN, but
        // only the user name", user1.
        "{userName}" => r"^[^@/\\\x00-\x1f]+$",
        // get-machine-by-id.md: "by its device ID or computer name".
        "{machineIdOrName}" => r"^[A-Za-z0-9._-]+$",
        // machineaction.md: the ID is a Guid.
        "{actionId}" => {
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        }
        // investigation.md: "id": "63004"; get-investigation-object.md: or the triggering
        // alert's ID.
        "{investigationId}" => r"^[A-Za-z0-9_-]+$",
        // ti-indicator.md: "id": "994".
        "{indicatorId}" => r"^[0-9]+$",
        // delete-library.md: script1.ps1, one file name.
        "{fileName}" => r"^[^/\\\x00-\x1f]+$",
        // get-file-information.md: "by identifier Sha1, or Sha256".
        "{fileHash}" => r"^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$",
        // get-file-related-machines.md and get-file-related-alerts.md: "Only SHA-1".
        "{sha1}" => r"^[0-9a-fA-F]{40}$",
        // get-ip-statistics.md and get-ip-related-alerts.md: 10.209.67.177.
        "{ip}" => r"^[0-9A-Fa-f.:]+$",
        // get-domain-statistics.md: example.com; get-domain-related-alerts.md:
        // client.wns.windows.com.
        "{domain}" => r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
        // find-machines-by-ip.md: findbyip(ip='10.248.240.38',timestamp=2019-09-22T08:44:05Z)
        // get-live-response-result.md: GetLiveResponseResultDownloadLink(index=0)
        "GetLiveResponseResultDownloadLink(index={index})" => {
            r"^GetLiveResponseResultDownloadLink\(index=\d+\)$"
        }
        "findbyip(ip='{ip}',timestamp={timestamp})" => {
            r"^findbyip\(ip='[0-9A-Fa-f.:]+',timestamp=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\)$"
        }
        other => panic!("unknown placeholder {other}"),
    };
    Regex::new(pattern).unwrap()
}

fn endpoints() -> Vec<Endpoint> {
    let manifest = manifest();
    manifest["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let route = entry["route"].as_str().unwrap();
            let (method, path) = route.split_once(' ').unwrap();
            let segments = path
                .trim_start_matches('/')
                .split('/')
                .map(|segment| {
                    if segment.contains('{') {
                        Segment::Value(placeholder(segment))
                    } else {
                        Segment::Literal(segment.to_owned())
                    }
                })
                .collect();
            Endpoint {
                method: method.to_owned(),
                route: route.to_owned(),
                page: entry["page"].as_str().unwrap().to_owned(),
                segments,
                query: strings(&entry["query"]),
                filter: strings(&entry["filter"]),
                collections: strings(&entry["collections"]),
                expand: strings(&entry["expand"]),
                body: entry.get("body").map(strings),
                items: entry["items"]
                    .as_object()
                    .map(|items| {
                        items
                            .iter()
                            .map(|(list, names)| (list.clone(), strings(names)))
                            .collect()
                    })
                    .unwrap_or_default(),
                form: entry.get("form").map(strings),
                required: strings(&entry["required"]),
                // A page that shows no answer of its own borrows an item of another's list.
                answer: entry["answer"].as_str().map(example).map(|answer| {
                    match entry["answer_item"].as_u64() {
                        Some(item) => answer["value"][item as usize].clone(),
                        None => answer,
                    }
                }),
                status: entry["status"].as_u64().unwrap() as u16,
            }
        })
        .collect()
}

fn decode_segment(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The documented endpoint a request is for: the method and every literal segment match, and
/// each value has the shape the page gives it. The first match wins (`findbyip(…)` and
/// `findbytag` before `{machineIdOrName}`).
fn route<'a>(endpoints: &'a [Endpoint], method: &str, path: &str) -> Option<&'a Endpoint> {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(decode_segment)
        .collect();
    endpoints.iter().find(|endpoint| {
        endpoint.method == method
            && endpoint.segments.len() == segments.len()
            && endpoint
                .segments
                .iter()
                .zip(&segments)
                .all(|(expected, got)| match expected {
                    Segment::Literal(literal) => literal.eq_ignore_ascii_case(got),
                    Segment::Value(shape) => shape.is_match(got),
                })
    })
}

/// A request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: String,
    body: String,
    /// Answered 400 `ODataError` for a query option its page does not document, as a service
    /// that holds to its pages would.
    refused: bool,
}

impl Seen {
    fn line(&self) -> String {
        if self.query.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {}?{}", self.method, self.path, self.query)
        }
    }
}

struct Replay {
    endpoints: Vec<Endpoint>,
    /// Routes that answer 404, where their page documents it.
    not_found: Vec<&'static str>,
    seen: Mutex<Vec<Seen>>,
}

async fn answer(
    State(replay): State<Arc<Replay>>,
    method: Method,
    uri: Uri,
    body: String,
) -> Response {
    let path = uri.path().to_owned();
    let json = |status: u16, body: &Value| {
        Response::builder()
            .status(StatusCode::from_u16(status).unwrap())
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    if path == format!("/{TENANT}/oauth2/v2.0/token") {
        return json(
            200,
            &json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                "access_token": "corpus-replay-token"}),
        );
    }
    let query = uri.query().unwrap_or_default().to_owned();
    let refused_option = route(&replay.endpoints, method.as_str(), &path).and_then(|endpoint| {
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(name, _)| name.into_owned())
            .find(|name| !endpoint.query.contains(name))
    });
    replay.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: path.clone(),
        query,
        body,
        refused: refused_option.is_some(),
    });
    // Whether the real service accepts an option its page leaves out is not known: the plugin
    // must cope with a service that refuses it, so the replay refuses it.
    if let Some(option) = refused_option {
        return json(
            400,
            &json!({"error": {"code": "ODataError",
                "message": format!("The query parameter '{option}' is not supported."),
                "target": "00000000-0000-0000-0000-000000000000"}}),
        );
    }
    let not_found = json!({"error": {"code": "ResourceNotFound",
        "message": "No documented endpoint has this method and path",
        "target": "00000000-0000-0000-0000-000000000000"}});
    match route(&replay.endpoints, method.as_str(), &path) {
        Some(endpoint) if replay.not_found.contains(&endpoint.route.as_str()) => {
            json(404, &not_found)
        }
        Some(endpoint) => match &endpoint.answer {
            Some(answer) => json(endpoint.status, answer),
            None => Response::builder()
                .status(StatusCode::from_u16(endpoint.status).unwrap())
                .body(Body::empty())
                .unwrap(),
        },
        None => json(404, &not_found),
    }
}

/// The loopback server that plays the corpus back.
struct Server {
    base_url: String,
    replay: Arc<Replay>,
}

impl Server {
    async fn start() -> Server {
        Server::answering_404(&[]).await
    }

    async fn answering_404(not_found: &[&'static str]) -> Server {
        let replay = Arc::new(Replay {
            endpoints: endpoints(),
            not_found: not_found.to_vec(),
            seen: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(replay.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server { base_url, replay }
    }

    fn seen(&self) -> Vec<Seen> {
        self.replay.seen.lock().unwrap().clone()
    }

    fn connection(&self) -> Value {
        json!({
            "application_id": CLIENT_ID,
            "application_secret": {"secretKey": SECRET},
            "directory_id": TENANT,
            "api_url": self.base_url,
            "login_url": self.base_url,
        })
    }

    /// What in the requests so far the pages do not document, one line each.
    fn undocumented(&self) -> Vec<String> {
        self.seen()
            .iter()
            .filter(|seen| !seen.refused)
            .flat_map(|seen| undocumented(&self.replay.endpoints, seen))
            .collect()
    }

    /// The requests refused for an undocumented query option.
    fn refused(&self) -> Vec<String> {
        self.seen()
            .iter()
            .filter(|seen| seen.refused)
            .map(Seen::line)
            .collect()
    }
}

/// Property names a `$filter` compares, and the collections it reaches through `/any(`.
fn filter_properties(filter: &str) -> (Vec<String>, Vec<String>) {
    // String literals go first, so that nothing inside a value reads as a property.
    let literal = Regex::new(r"'(?:[^']|'')*'").unwrap();
    let filter = literal.replace_all(filter, "''");
    let lambda = Regex::new(r"([A-Za-z][A-Za-z0-9]*)/any\(\s*([A-Za-z][A-Za-z0-9]*)\s*:").unwrap();
    let mut through_any = Vec::new();
    let mut variables = Vec::new();
    for found in lambda.captures_iter(&filter) {
        through_any.push(found[1].to_owned());
        variables.push(found[2].to_owned());
    }
    let compared = Regex::new(r"([A-Za-z][A-Za-z0-9/]*)\s+(?:eq|ne|gt|ge|lt|le|in|has)\s").unwrap();
    let function =
        Regex::new(r"(?:startswith|endswith|contains)\(\s*([A-Za-z][A-Za-z0-9/]*)\s*,").unwrap();
    let mut direct: Vec<String> = compared
        .captures_iter(&filter)
        .chain(function.captures_iter(&filter))
        .map(|found| found[1].to_owned())
        .filter(|name| !variables.contains(name) && !["and", "or", "not"].contains(&name.as_str()))
        .collect();
    direct.dedup();
    (direct, through_any)
}

/// What in one request its page does not document.
fn undocumented(endpoints: &[Endpoint], seen: &Seen) -> Vec<String> {
    let line = seen.line();
    let Some(endpoint) = route(endpoints, &seen.method, &seen.path) else {
        return vec![format!(
            "{line}: no page documents this method and path shape"
        )];
    };
    let at = |what: String| format!("{line}: {what} ({})", endpoint.page);
    let mut problems = Vec::new();
    let query: Vec<(String, String)> = url::form_urlencoded::parse(seen.query.as_bytes())
        .into_owned()
        .collect();
    for (name, value) in &query {
        if !endpoint.query.contains(name) {
            problems.push(at(format!(
                "the query option {name} is not documented; the page documents {:?}",
                endpoint.query
            )));
        }
        if name == "$expand" && endpoint.query.contains(name) && !endpoint.expand.contains(value) {
            problems.push(at(format!("$expand={value} is not documented")));
        }
        if name == "$filter" {
            let (direct, through_any) = filter_properties(value);
            for property in direct.iter().chain(&through_any) {
                if !endpoint
                    .filter
                    .iter()
                    .any(|documented| documented.eq_ignore_ascii_case(property))
                {
                    problems.push(at(format!(
                        "$filter on {property} is not documented; the page lists {:?}",
                        endpoint.filter
                    )));
                }
            }
            for property in &direct {
                if endpoint.collections.contains(property) {
                    problems.push(at(format!(
                        "{property} is a collection: Microsoft's OData samples \
                         (exposed-apis-odata-samples.md) filter it with {property}/any(…), \
                         not with a comparison"
                    )));
                }
            }
        }
    }
    if let Some(documented) = &endpoint.form {
        let part = Regex::new(r#"(?i)content-disposition:\s*form-data;\s*name="([^"]*)""#).unwrap();
        let names: Vec<String> = part
            .captures_iter(&seen.body)
            .map(|found| found[1].to_owned())
            .collect();
        if names.is_empty() {
            problems.push(at("the body is not a multipart form".into()));
        }
        let fields = names_against_page("form field", &names, documented, &endpoint.required);
        problems.extend(fields.into_iter().map(at));
        return problems;
    }
    match &endpoint.body {
        None if !seen.body.is_empty() => {
            problems.push(at("a body was sent where the page documents none".into()))
        }
        None => {}
        Some(documented) => match serde_json::from_str::<Map<String, Value>>(&seen.body) {
            Err(_) => problems.push(at(format!("the body is not a JSON object: {}", seen.body))),
            Ok(body) => {
                let names: Vec<String> = body.keys().cloned().collect();
                let properties =
                    names_against_page("body property", &names, documented, &endpoint.required);
                problems.extend(properties.into_iter().map(at));
                for (list, documented) in &endpoint.items {
                    let items = body.get(list).and_then(Value::as_array);
                    for item in items.into_iter().flatten() {
                        let names: Vec<String> = item
                            .as_object()
                            .map(|item| item.keys().cloned().collect())
                            .unwrap_or_default();
                        let what = format!("property of an item of {list}");
                        let properties = names_against_page(&what, &names, documented, &[]);
                        problems.extend(properties.into_iter().map(at));
                    }
                }
            }
        },
    }
    problems
}

/// The names a body holds (`what`: its properties or form fields) that its page does not
/// document, and those it requires that are missing.
fn names_against_page(
    what: &str,
    names: &[String],
    documented: &[String],
    required: &[String],
) -> Vec<String> {
    let undocumented = names
        .iter()
        .filter(|name| !documented.contains(name))
        .map(|name| {
            format!("the {what} {name} is not documented; the page documents {documented:?}")
        });
    let missing = required
        .iter()
        .filter(|name| !names.contains(name))
        .map(|name| format!("the required {what} {name} is missing"));
    undocumented.chain(missing).collect()
}

/// A clock at a fixed instant that moves only as the sleeper sleeps, and a sleeper that takes
/// a millisecond of real time, so a trigger polls fast without spinning.
struct Frozen(Mutex<OffsetDateTime>);

impl Clock for Frozen {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

#[async_trait]
impl Sleeper for Frozen {
    async fn sleep(&self, duration: Duration) {
        *self.0.lock().unwrap() += duration;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn ctx(workspace: &std::path::Path, time: Time) -> Ctx {
    windows_defender_atp::init_logging(false, false);
    let options = ClientOptions {
        rng_seed: Some(7),
        request_timeout: Duration::from_secs(30),
        ssl_cert_file: None,
        use_system_proxy: false,
        ..ClientOptions::default()
    };
    Ctx::new(workspace.to_path_buf(), time, options, false)
}

fn output_schema(kind: Kind, name: &str) -> Schema {
    let spec = Spec::embedded();
    Schema::from_value(schema::output(spec, kind, name).unwrap()).unwrap()
}

/// One action replayed: its output, or the envelope when it failed, and what the pages do not
/// document in its requests.
struct Replayed {
    ok: bool,
    envelope: String,
    output: Value,
    undocumented: Vec<String>,
    seen: Vec<Seen>,
}

async fn replay(action: &str, input: Value) -> Replayed {
    replay_with(Server::start().await, action, input).await
}

async fn replay_with(server: Server, action: &str, input: Value) -> Replayed {
    let workspace = tempfile::tempdir().unwrap();
    let ctx = ctx(
        workspace.path(),
        Time {
            clock: Arc::new(SystemClock),
            sleeper: Arc::new(Frozen(Mutex::new(OffsetDateTime::now_utc()))),
        },
    );
    let message = serde_json::to_vec(&json!({
        "body": {"action": action, "meta": {}, "input": input, "connection": server.connection()},
        "type": "action_start",
        "version": "v1",
    }))
    .unwrap();
    let mut events = Vec::new();
    let outcome = tokio::time::timeout(
        Duration::from_secs(60),
        run_step(&message, Mode::Run, &ctx, &mut events),
    )
    .await
    .expect("the step ends");
    let envelope = outcome.to_wire();
    let json: Value = serde_json::from_str(&envelope).unwrap();
    let output = json["body"]["output"].clone();
    if outcome.is_ok() {
        check_output(&output_schema(Kind::Action, action), &output)
            .unwrap_or_else(|err| panic!("the output of {action} does not fit its schema: {err}"));
    }
    Replayed {
        ok: outcome.is_ok(),
        envelope,
        output,
        undocumented: server.undocumented(),
        seen: server.seen(),
    }
}

/// The step succeeded and every request it sent is one the pages document.
fn assert_documented(action: &str, replayed: &Replayed) {
    assert!(
        replayed.ok && replayed.undocumented.is_empty(),
        "{action} against Microsoft's examples: ok = {}\nundocumented requests:\n{}\nenvelope: {}",
        replayed.ok,
        replayed.undocumented.join("\n"),
        replayed.envelope
    );
}

async fn assert_replays(action: &str, input: Value) -> Value {
    let replayed = replay(action, input).await;
    assert_documented(action, &replayed);
    replayed.output
}

// The IDs below are those of the pages' request examples.
const ALERT_ID: &str = "da637472900382838869_1364969609";
const RELATED_ALERT_ID: &str = "636688558380765161_2136280442";
const MACHINE_ID: &str = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07";
const MACHINE_NAME: &str = "mymachine1.contoso.com";
const ACTION_ID: &str = "2e9da30d-27f6-4208-81f2-9cd3d67893ba";
const ACTIONS_MACHINE_ID: &str = "f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f";

#[test]
fn every_corpus_example_parses_after_the_repairs_its_manifest_lists() {
    let manifest = manifest();
    let listed: Vec<&String> = manifest["examples"].as_object().unwrap().keys().collect();
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "manifest.txt" && name != "README.md")
        .collect();
    files.sort();
    let mut listed_sorted: Vec<String> = listed.iter().map(|name| name.to_string()).collect();
    listed_sorted.sort();
    assert_eq!(
        files, listed_sorted,
        "every corpus file has a manifest entry"
    );
    for file in listed {
        let page = manifest["examples"][file.as_str()]["page"]
            .as_str()
            .unwrap();
        assert!(page.starts_with("defender-endpoint/api/") && page.ends_with(".md"));
        assert!(example(file).is_object(), "{file} is a JSON object");
    }
}

#[test]
fn every_endpoint_the_plugin_calls_has_a_page_and_each_example_request_routes_to_its_endpoint() {
    let endpoints = endpoints();
    let manifest = manifest();
    // Every request line of a page's example lands on an endpoint: the route shapes are right.
    for (file, entry) in manifest["examples"].as_object().unwrap() {
        let Some(request) = entry["request"].as_str() else {
            continue;
        };
        let (method, address) = request.split_once(' ').unwrap();
        let address = url::Url::parse(address).unwrap();
        assert!(
            route(&endpoints, method, address.path()).is_some()
                // get-package-sas-uri.md's example puts a 40-hex ID where its own text and
                // machineaction.md have a Guid.
                || file == "get-package-sas-uri.txt",
            "the example request of {file} ({request}) matches no endpoint"
        );
    }
    // Every path the plugin builds (`grep -rn "ApiPath::new" src/actions src/triggers`) is here.
    for route in [
        "GET /api/alerts",
        "GET /api/alerts/{alertId}",
        "PATCH /api/alerts/{alertId}",
        "POST /api/alerts/batchUpdate",
        "POST /api/alerts/CreateAlertByReference",
        "GET /api/alerts/{alertId}/machine",
        "GET /api/alerts/{alertId}/files",
        "GET /api/files/{fileHash}",
        "GET /api/files/{fileHash}/stats",
        "GET /api/files/{sha1}/machines",
        "GET /api/files/{sha1}/alerts",
        "GET /api/ips/{ip}/stats",
        "GET /api/ips/{ip}/alerts",
        "GET /api/domains/{domain}/stats",
        "GET /api/domains/{domain}/alerts",
        "GET /api/domains/{domain}/machines",
        "GET /api/machines",
        "GET /api/machines/findbyip(ip='{ip}',timestamp={timestamp})",
        "GET /api/machines/{machineIdOrName}",
        "GET /api/users/{userName}/alerts",
        "GET /api/users/{userName}/machines",
        "GET /api/machines/{machineId}/logonusers",
        "GET /api/machines/{machineId}/alerts",
        "GET /api/machines/{machineId}/software",
        "GET /api/machines/{machineId}/vulnerabilities",
        "GET /api/machines/{machineId}/recommendations",
        "GET /api/machines/{machineId}/getmissingkbs",
        "POST /api/machines/{machineId}/tags",
        "POST /api/machines/AddOrRemoveTagForMultipleMachines",
        "POST /api/machines/{machineId}/isolate",
        "POST /api/machines/{machineId}/unisolate",
        "POST /api/machines/{machineId}/runAntiVirusScan",
        "POST /api/machines/{machineId}/StopAndQuarantineFile",
        "POST /api/machines/{machineId}/restrictCodeExecution",
        "POST /api/machines/{machineId}/unrestrictCodeExecution",
        "POST /api/machines/{machineId}/collectInvestigationPackage",
        "POST /api/machines/{machineId}/offboard",
        "POST /api/machines/{machineId}/startInvestigation",
        "GET /api/investigations",
        "GET /api/investigations/{investigationId}",
        "GET /api/machineactions",
        "GET /api/machineactions/{actionId}",
        "GET /api/machineactions/{actionId}/getPackageUri",
        "POST /api/machineactions/{actionId}/cancel",
        "POST /api/advancedqueries/run",
        "GET /api/indicators",
        "POST /api/indicators",
        "DELETE /api/indicators/{indicatorId}",
        "POST /api/indicators/import",
        "POST /api/indicators/BatchDelete",
        "GET /api/libraryfiles",
        "POST /api/libraryfiles",
        "DELETE /api/libraryfiles/{fileName}",
    ] {
        assert!(
            endpoints.iter().any(|endpoint| endpoint.route == route),
            "{route} has no corpus entry"
        );
    }
}

#[test]
fn the_replay_check_names_what_a_page_does_not_document() {
    let endpoints = endpoints();
    let seen = |method: &str, path: &str, query: &str, body: &str| Seen {
        method: method.into(),
        path: path.into(),
        query: query.into(),
        body: body.into(),
        refused: false,
    };
    let documented = seen(
        "GET",
        "/api/machines",
        "$filter=machineTags%2Fany(tag%3A+tag+eq+%27Finance%27)+and+healthStatus+eq+%27Active%27&$top=11",
        "",
    );
    assert_eq!(undocumented(&endpoints, &documented), Vec::<String>::new());
    let by_tag = seen(
        "GET",
        "/api/machines/findbytag",
        "tag=test+tag+1&useStartsWithFilter=false",
        "",
    );
    assert_eq!(undocumented(&endpoints, &by_tag), Vec::<String>::new());
    let problems = [
        seen(
            "GET",
            "/api/machines",
            "$filter=machineTags+eq+%27Finance%27",
            "",
        ),
        seen(
            "GET",
            "/api/machineactions",
            "$orderby=creationDateTimeUtc+desc",
            "",
        ),
        seen(
            "GET",
            "/api/alerts/da637472900382838869_1364969609",
            "$expand=evidence",
            "",
        ),
        seen(
            "POST",
            "/api/machines/mymachine1.contoso.com/isolate",
            "",
            r#"{"Comment":"x"}"#,
        ),
        seen(
            "POST",
            &format!("/api/machines/{MACHINE_ID}/isolate"),
            "",
            r#"{"IsolationType":"Full"}"#,
        ),
        seen(
            "POST",
            "/api/indicators",
            "",
            r#"{"indicatorValue":"x","indicatorType":"IpAddress","action":"Block","title":"t","description":"d","category":"x"}"#,
        ),
        seen(
            "POST",
            "/api/libraryfiles",
            "",
            "--b\r\nContent-Disposition: form-data; name=\"File\"; filename=\"a.ps1\"\r\n\r\nx\r\n\
             --b\r\nContent-Disposition: form-data; name=\"FileName\"\r\n\r\na.ps1\r\n--b--\r\n",
        ),
        seen(
            "POST",
            "/api/libraryfiles",
            "",
            "--b\r\nContent-Disposition: form-data; name=\"Description\"\r\n\r\nd\r\n--b--\r\n",
        ),
        // A property an import's indicator may not have.
        seen(
            "POST",
            "/api/indicators/import",
            "",
            r#"{"Indicators":[{"indicatorValue":"x","indicatorType":"IpAddress","action":"Block","title":"t","description":"d","comment":"x"}]}"#,
        ),
        seen(
            "GET",
            "/api/alerts",
            "$filter=machineId+eq+%27a6a3a4506513270e269e0d37f2a74de452e6b438%27",
            "",
        ),
    ];
    for request in problems {
        assert_eq!(
            undocumented(&endpoints, &request).len(),
            1,
            "{} has one undocumented part",
            request.line()
        );
    }
}

#[test]
fn the_live_response_answer_keeps_its_commands_through_the_machine_action_type() {
    use windows_defender_atp::spec::generated::types::MachineAction;
    let answer = example("run-live-response.txt");
    let action: MachineAction =
        windows_defender_atp::internals::decode(&answer.to_string()).unwrap();
    let output = serde_json::to_value(action).unwrap();
    let mut commands = answer["commands"].clone();
    strip_nulls(&mut commands);
    assert_eq!(output["commands"], commands);
    assert_eq!(output["errorHResult"], json!(0));
}

/// run-live-response.md's answer is a Pending session whose ID is a placeholder; without a wait,
/// each live response action posts its one command and returns it.
#[tokio::test]
async fn the_live_response_actions_replay_the_run_live_response_page() {
    for (action, input) in [
        (
            "put_live_response_file",
            json!({"file_name": "minidump.ps1"}),
        ),
        (
            "run_live_response_script",
            json!({"script_name": "minidump.ps1", "args": "OfficeClickToRun"}),
        ),
        (
            "get_live_response_file",
            json!({"path": "C:\\windows\\TEMP\\OfficeClickToRun.dmp.zip"}),
        ),
    ] {
        let mut input = with_machine(&input, MACHINE_ID);
        input["comment"] = json!("Testing Live Response API");
        input["wait_for_completion"] = json!(false);
        let output = assert_replays(action, input).await;
        assert_eq!(output["machine_action_response"]["type"], "LiveResponse");
        assert_eq!(output["machine_action_response"]["status"], "Pending");
    }
}

#[tokio::test]
async fn get_alert_replays_the_single_alert_example() {
    let output = assert_replays("get_alert", json!({"alert_id": ALERT_ID})).await;
    let mut expected = example("alerts.single-alert.txt");
    strip_nulls(&mut expected);
    assert_eq!(output["alert"], expected);
}

#[tokio::test]
async fn update_alert_replays_the_update_example() {
    let output = assert_replays(
        "update_alert",
        json!({"alert_id": "121688558380765161_2136280442", "status": "Resolved",
            "assigned_to": "secop2@contoso.com", "classification": "FalsePositive",
            "determination": "Malware", "comment": "Resolve my alert and assign to secop2"}),
    )
    .await;
    assert_eq!(output["alert"]["id"], json!(ALERT_ID));
}

#[tokio::test]
async fn list_alerts_filters_only_on_what_get_alerts_documents() {
    let output = assert_replays(
        "list_alerts",
        json!({"severity": "Low", "status": "New", "category": "Execution",
            "detection_source": "WindowsDefenderAtp", "created_after": "2021-01-26T00:00:00Z",
            "updated_after": "2021-01-26T00:00:00Z", "limit": 10}),
    )
    .await;
    let mut expected = example("get-alerts.example-2.txt")["value"][0].clone();
    strip_nulls(&mut expected);
    // Without `$expand=evidence` the service answers `evidence: []`; the replay serves the
    // page's example with evidence all the same.
    assert_eq!(output["alerts"], json!([expected]));
}

#[tokio::test]
async fn batch_update_alerts_sends_the_batch_update_example() {
    let ids = [
        "da637399794050273582_760707377",
        "da637399989469816469_51697947354",
    ];
    let replayed = replay(
        "batch_update_alerts",
        json!({"alert_ids": ids, "status": "Resolved", "assigned_to": "secop2@contoso.com",
            "classification": "FalsePositive", "determination": "Malware",
            "comment": "Resolve my alert and assign to secop2"}),
    )
    .await;
    assert_documented("batch_update_alerts", &replayed);
    assert_eq!(replayed.output["alert_ids"], json!(ids));
    let body: Value = serde_json::from_str(&replayed.seen[0].body).unwrap();
    assert_eq!(body["alertIds"], json!(ids));
}

#[tokio::test]
async fn create_alert_by_reference_sends_the_create_example() {
    let replayed = replay(
        "create_alert_by_reference",
        json!({"machine_id": MACHINE_ID, "severity": "Low", "title": "example",
            "description": "example alert", "recommended_action": "nothing",
            "event_time": "2018-08-03T16:45:21.7115183Z", "report_id": "20776",
            "category": "Exploit"}),
    )
    .await;
    assert_documented("create_alert_by_reference", &replayed);
    let body: Value = serde_json::from_str(&replayed.seen[0].body).unwrap();
    assert_eq!(
        body,
        json!({"machineId": MACHINE_ID, "severity": "Low", "title": "example",
            "description": "example alert", "recommendedAction": "nothing",
            "eventTime": "2018-08-03T16:45:21.7115183Z", "reportId": "20776",
            "category": "Exploit"})
    );
    assert_eq!(replayed.output["alert"]["id"], json!(ALERT_ID));
}

#[tokio::test]
async fn get_machine_id_from_alert_replays_the_related_machine_example() {
    let output = assert_replays(
        "get_machine_id_from_alert",
        json!({"alert_id": RELATED_ALERT_ID}),
    )
    .await;
    let mut expected = example("get-alert-related-machine-info.txt");
    strip_nulls(&mut expected);
    assert_eq!(output["machine_information"], expected);
}

#[tokio::test]
async fn get_file_id_from_alert_replays_the_related_files_example() {
    let output = assert_replays(
        "get_file_id_from_alert",
        json!({"alert_id": RELATED_ALERT_ID}),
    )
    .await;
    let mut expected = example("get-alert-related-files-info.txt")["value"].clone();
    strip_nulls(&mut expected);
    assert_eq!(output["file_list"], expected);
}

/// An entity example as the output holds it: without its `@odata.context` and nulls.
fn entity_example(file: &str) -> Value {
    let mut expected = example(file);
    expected.as_object_mut().unwrap().remove("@odata.context");
    strip_nulls(&mut expected);
    expected
}

/// A collection example's items as the output holds them: without nulls.
fn items_example(file: &str) -> Value {
    let mut expected = example(file)["value"].clone();
    strip_nulls(&mut expected);
    expected
}

#[tokio::test]
async fn the_file_lookups_replay_their_pages() {
    let output = assert_replays(
        "get_file_information",
        json!({"hash": "4388963aaa83afe2042a46a3c017ad50bdcdafb3"}),
    )
    .await;
    assert_eq!(output["file"], entity_example("get-file-information.txt"));
    let output = assert_replays(
        "get_file_statistics",
        json!({"hash": "0991a395da64e1c5fbe8732ed11e6be064081d9f", "lookback_hours": 48}),
    )
    .await;
    assert_eq!(
        output["file_statistics"],
        entity_example("get-file-statistics.txt")
    );
    // get-file-related-machines.md's request example.
    let output = assert_replays(
        "get_file_related_machines",
        json!({"hash": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"}),
    )
    .await;
    assert_eq!(output["machines"], items_example("get-machines.txt"));
    // get-file-related-alerts.md's request example.
    let output = assert_replays(
        "get_file_related_alerts",
        json!({"hash": "6532ec91d513acc05f43ee0aa3002599729fd3e1"}),
    )
    .await;
    assert_eq!(output["alerts"], items_example("get-alerts.example-2.txt"));
}

#[tokio::test]
async fn a_sha256_reaches_the_related_lists_through_the_files_sha1_as_documented() {
    for action in ["get_file_related_machines", "get_file_related_alerts"] {
        let replayed = replay(
            action,
            json!({"hash": "413c58c8267d2c8648d8f6384bacc2ae9c929b2b96578b6860b5087cd1bd6462"}),
        )
        .await;
        assert_documented(action, &replayed);
        let lines: Vec<String> = replayed.seen.iter().map(Seen::line).collect();
        let related = if action.ends_with("machines") {
            "machines"
        } else {
            "alerts"
        };
        assert_eq!(
            lines,
            [
                "GET /api/files/413c58c8267d2c8648d8f6384bacc2ae9c929b2b96578b6860b5087cd1bd6462"
                    .to_owned(),
                format!("GET /api/files/4388963aaa83afe2042a46a3c017ad50bdcdafb3/{related}"),
            ]
        );
    }
}

#[tokio::test]
async fn the_ip_and_domain_lookups_replay_their_pages() {
    let output = assert_replays(
        "get_ip_statistics",
        json!({"ip_address": "10.209.67.177", "lookback_hours": 48}),
    )
    .await;
    assert_eq!(
        output["ip_statistics"],
        entity_example("get-ip-statistics.txt")
    );
    let output = assert_replays(
        "get_ip_related_alerts",
        json!({"ip_address": "10.209.67.177"}),
    )
    .await;
    assert_eq!(output["alerts"], items_example("get-alerts.example-2.txt"));
    let output = assert_replays(
        "get_domain_statistics",
        json!({"domain": "example.com", "lookback_hours": 48}),
    )
    .await;
    assert_eq!(
        output["domain_statistics"],
        entity_example("get-domain-statistics.txt")
    );
    let output = assert_replays(
        "get_domain_related_alerts",
        json!({"domain": "client.wns.windows.com"}),
    )
    .await;
    assert_eq!(output["alerts"], items_example("get-alerts.example-2.txt"));
    let output = assert_replays(
        "get_domain_related_machines",
        json!({"domain": "api.securitycenter.microsoft.com"}),
    )
    .await;
    assert_eq!(output["machines"], items_example("get-machines.txt"));
}

/// Each machine action with the input of its page's request example, besides the machine.
fn machine_actions() -> Vec<(&'static str, Value)> {
    vec![
        (
            "isolate_machine",
            json!({"isolation_type": "Full", "comment": "Isolate machine due to alert 1234"}),
        ),
        (
            "unisolate_machine",
            json!({"comment": "Unisolate machine since it was clean and validated"}),
        ),
        (
            "run_antivirus_scan",
            json!({"scan_type": "Full", "comment": "Check machine for viruses due to alert 3212"}),
        ),
        (
            "stop_and_quarantine_file",
            json!({"sha1": "87662bc3d60e4200ceaf7aae249d1c343f4b83c9",
                "comment": "Stop and quarantine file on machine due to alert 441688558380765161_2136280442"}),
        ),
        (
            "restrict_app_execution",
            json!({"comment": "Restrict code execution due to alert 1234"}),
        ),
        (
            "unrestrict_app_execution",
            json!({"comment": "Unrestrict code execution since machine was cleaned and validated"}),
        ),
        (
            "collect_investigation_package",
            json!({"comment": "Collect forensics due to alert 1234"}),
        ),
        (
            "offboard_machine",
            json!({"comment": "Offboard machine by automation", "confirm_machine_id": MACHINE_ID}),
        ),
    ]
}

fn with_machine(input: &Value, machine: &str) -> Value {
    let mut input = input.clone();
    input["machine_id"] = json!(machine);
    input
}

#[tokio::test]
async fn every_machine_action_given_a_machine_id_replays_its_page() {
    for (action, input) in machine_actions() {
        let output = assert_replays(action, with_machine(&input, MACHINE_ID)).await;
        let produced = output.as_object().unwrap().values().next().unwrap();
        assert_eq!(
            produced["id"],
            json!("5382f7ea-7557-4ab7-9782-d50480024a4e")
        );
    }
}

/// Item 2 of issue 14: the action pages put a machine ID in the path, so a DNS name must be
/// resolved (get-machine-by-id.md accepts a computer name) before the action is posted.
#[tokio::test]
async fn every_machine_action_given_a_computer_name_posts_to_the_machine_id() {
    let mut failures = Vec::new();
    for (action, input) in machine_actions() {
        let replayed = replay(action, with_machine(&input, MACHINE_NAME)).await;
        if !replayed.ok || !replayed.undocumented.is_empty() {
            failures.push(format!(
                "{action}: ok = {}, {}",
                replayed.ok,
                replayed.undocumented.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The actions on many machines send their single-machine action's request (the same pages),
/// after resolving a name with get-machine-by-id.md and an address with get-machines.md; a
/// machine named three ways gets one action, shown on each of its results.
#[tokio::test]
async fn every_action_on_many_machines_replays_its_single_actions_page() {
    let rows = [
        ("isolate_machines", "isolate_machine"),
        ("unisolate_machines", "unisolate_machine"),
        ("run_antivirus_scans", "run_antivirus_scan"),
        ("restrict_app_executions", "restrict_app_execution"),
    ];
    let singles = machine_actions();
    for (action, single) in rows {
        let (_, mut input) = singles
            .iter()
            .find(|(name, _)| *name == single)
            .cloned()
            .unwrap();
        input["machines"] = json!([MACHINE_ID, MACHINE_NAME, "172.17.230.209"]);
        let replayed = replay(action, input).await;
        assert_documented(action, &replayed);
        let posts = replayed
            .seen
            .iter()
            .filter(|seen| seen.method == "POST")
            .count();
        assert_eq!(posts, 1, "{action}");
        let results = replayed.output["results"].as_array().unwrap();
        assert_eq!(results.len(), 3, "{action}");
        for result in results {
            assert_eq!(result["machineId"], json!(MACHINE_ID), "{action}");
            assert_eq!(
                result["machineAction"]["id"],
                json!("5382f7ea-7557-4ab7-9782-d50480024a4e"),
                "{action}"
            );
        }
    }
}

#[tokio::test]
async fn get_machine_action_replays_the_get_machine_action_example() {
    let output = assert_replays("get_machine_action", json!({"action_id": ACTION_ID})).await;
    let mut expected = example("get-machineaction-object.txt");
    expected.as_object_mut().unwrap().remove("@odata.context");
    strip_nulls(&mut expected);
    assert_eq!(output["machine_action_response"], expected);
}

/// Item 3 of issue 14: the page's answer holds the link inside quotes.
#[tokio::test]
async fn get_investigation_package_uri_returns_the_link_without_the_quotes_around_it() {
    let output = assert_replays(
        "get_investigation_package_uri",
        json!({"action_id": "69dc3630-1ccc-4342-acf3-35286eec741d"}),
    )
    .await;
    let published = example("get-package-sas-uri.txt")["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        output["uri"].as_str().unwrap(),
        published.trim_matches('"'),
        "the link is usable as it is"
    );
}

#[tokio::test]
async fn cancel_machine_action_replays_the_cancel_example() {
    assert_replays(
        "cancel_machine_action",
        json!({"action_id": "988cc94e-7a8f-4b28-ab65-54970c5d5018",
            "comment": "Machine action was canceled by automation"}),
    )
    .await;
}

/// Item 5 of issue 14: get-machineactions-collection.md documents `$filter`, `$top` and
/// `$skip`, not `$orderby`.
#[tokio::test]
async fn list_machine_actions_replays_the_machine_actions_example() {
    let output = assert_replays(
        "list_machine_actions",
        json!({"machine_id": ACTIONS_MACHINE_ID, "type": "RunAntiVirusScan", "status": "Succeeded", "limit": 2}),
    )
    .await;
    assert!(output["machine_actions"].as_array().unwrap().len() <= 2);
}

#[tokio::test]
async fn get_isolation_state_replays_the_machine_actions_example() {
    let output = assert_replays(
        "get_isolation_state",
        json!({"machine_id": ACTIONS_MACHINE_ID}),
    )
    .await;
    // The page's three actions are a collection, a scan and a quarantine: no isolation.
    assert_eq!(output["isolation_state"], json!("not_isolated"));
    assert_eq!(output["isolated"], json!(false));
}

#[tokio::test]
async fn list_isolated_machines_replays_the_machine_actions_example() {
    let output = assert_replays(
        "list_isolated_machines",
        json!({"include_pending_isolations": true}),
    )
    .await;
    // None of the page's three actions is an isolation.
    assert_eq!(output["isolated_machines"], json!([]));
}

#[tokio::test]
async fn get_machine_information_by_id_replays_the_machine_example() {
    let output = assert_replays("get_machine_information", json!({"machine": MACHINE_ID})).await;
    assert_eq!(output["machine"]["id"], json!(MACHINE_ID));
    assert_eq!(output["machine"]["rbacGroupId"], json!(140));
}

#[tokio::test]
async fn get_machine_information_by_name_and_by_address_replay_the_machines_example() {
    for machine in [MACHINE_NAME, "mymachine1", "172.17.230.209"] {
        let output = assert_replays("get_machine_information", json!({"machine": machine})).await;
        assert_eq!(output["machine"]["id"], json!(MACHINE_ID), "{machine}");
    }
}

#[tokio::test]
async fn the_user_actions_read_the_users_path_with_the_name_alone() {
    let output = assert_replays("get_user_related_alerts", json!({"user_name": "user1"})).await;
    assert_eq!(
        output["alerts"][0]["id"],
        json!("da637472900382838869_1364969609")
    );
    let output = assert_replays("get_user_related_machines", json!({"user_name": "user1"})).await;
    assert_eq!(output["machines"][0]["id"], json!(MACHINE_ID));
}

#[tokio::test]
async fn get_machine_logon_users_replays_the_logon_users_example() {
    let output = assert_replays("get_machine_logon_users", json!({"machine_id": MACHINE_ID})).await;
    assert_eq!(output["users"][0]["id"], json!("contoso\\user1"));
    assert_eq!(output["users"][0]["isDomainAdmin"], json!(true));
}

#[tokio::test]
async fn get_machine_alerts_by_name_reads_the_alerts_under_the_machine_id() {
    let replayed = replay("get_machine_alerts", json!({"machine_id": MACHINE_NAME})).await;
    assert_documented("get_machine_alerts", &replayed);
    let lines: Vec<String> = replayed.seen.iter().map(Seen::line).collect();
    assert_eq!(
        lines,
        [
            format!("GET /api/machines/{MACHINE_NAME}"),
            format!("GET /api/machines/{MACHINE_ID}/alerts"),
        ]
    );
}

#[tokio::test]
async fn the_vulnerability_management_actions_replay_their_pages() {
    let output = assert_replays("get_machine_software", json!({"machine_id": MACHINE_ID})).await;
    assert_eq!(output["software"][0]["impactScore"], json!(46.2037163));
    let output = assert_replays(
        "get_machine_vulnerabilities",
        json!({"machine_id": MACHINE_ID}),
    )
    .await;
    assert_eq!(output["vulnerabilities"][0]["cvssV3"], json!(4.3));
    let output = assert_replays(
        "get_machine_security_recommendations",
        json!({"machine_id": MACHINE_ID}),
    )
    .await;
    assert_eq!(
        output["recommendations"][0]["relatedComponent"],
        json!("Git")
    );
    let output = assert_replays("get_machine_missing_kbs", json!({"machine_id": MACHINE_ID})).await;
    assert_eq!(output["missing_kbs"][0]["cveAddressed"], json!(97));
}

/// get-machines.md: "If there are no recent machines, you see 404 Not Found"; an address no
/// machine reported last is then looked up with find-machines-by-ip.md.
#[tokio::test]
async fn get_machine_information_by_address_falls_back_to_find_by_ip_as_documented() {
    let server = Server::answering_404(&["GET /api/machines"]).await;
    let replayed = replay_with(
        server,
        "get_machine_information",
        json!({"machine": "10.248.240.38"}),
    )
    .await;
    assert_documented("get_machine_information", &replayed);
    assert_eq!(replayed.output["machine"]["id"], json!(MACHINE_ID));
    assert!(replayed
        .seen
        .iter()
        .any(|seen| seen.path.starts_with("/api/machines/findbyip(")));
}

#[tokio::test]
async fn find_machines_without_a_tag_replays_the_machines_example() {
    let output = assert_replays(
        "find_machines",
        json!({"name_prefix": "mymachine", "ip_address": "172.17.230.209", "health_status": "Active",
            "risk_score": "Low", "os_platform": "Windows10", "limit": 10}),
    )
    .await;
    assert_eq!(
        output["machines"][0]["machineTags"],
        json!(["test tag 1", "test tag 2"])
    );
}

/// Item 1 of issue 14: `machineTags` is a collection. Either of Microsoft's ways passes:
/// `$filter=machineTags/any(tag: tag eq '…')` (exposed-apis-odata-samples.md) or
/// `GET /api/machines/findbytag?tag=…` (find-machines-by-tag.md).
#[tokio::test]
async fn find_machines_by_tag_filters_the_tag_collection_as_microsoft_shows() {
    assert_replays("find_machines", json!({"tag": "test tag 1", "limit": 10})).await;
}

/// add-or-remove-machine-tags.md: one machine, by ID or by computer name (resolved first).
#[tokio::test]
async fn tagging_one_machine_replays_the_machine_tags_page() {
    for action in ["add_machine_tag", "remove_machine_tag"] {
        for machine in [MACHINE_ID, MACHINE_NAME] {
            let output =
                assert_replays(action, json!({"machines": [machine], "tag": "test Tag 2"})).await;
            assert_eq!(output["machines"][0]["id"], json!(MACHINE_ID), "{action}");
        }
    }
}

/// add-or-remove-multiple-machine-tags.md: several machines in one call; a machine the answer
/// leaves out is read back (get-machine-by-id.md).
#[tokio::test]
async fn tagging_several_machines_replays_the_multiple_machine_tags_page() {
    for action in ["add_machine_tag", "remove_machine_tag"] {
        let replayed = replay(
            action,
            json!({"machines": [MACHINE_ID, ACTIONS_MACHINE_ID], "tag": "test Tag 5"}),
        )
        .await;
        assert_documented(action, &replayed);
        let lines: Vec<String> = replayed.seen.iter().map(Seen::line).collect();
        assert_eq!(
            lines,
            [
                "POST /api/machines/AddOrRemoveTagForMultipleMachines".to_owned(),
                format!("GET /api/machines/{ACTIONS_MACHINE_ID}"),
            ],
            "{action}"
        );
        assert_eq!(replayed.output["machines"].as_array().unwrap().len(), 2);
    }
}

/// initiate-autoir-investigation.md: the page's request, answered with investigation.md's
/// entity; a computer name is resolved to the ID first (get-machine-by-id.md).
#[tokio::test]
async fn start_automated_investigation_replays_the_start_investigation_page() {
    for machine in [MACHINE_ID, MACHINE_NAME] {
        let output = assert_replays(
            "start_automated_investigation",
            json!({"machine_id": machine, "comment": "Test investigation"}),
        )
        .await;
        assert_eq!(output["investigation"]["id"], json!("63004"));
    }
}

/// get-investigation-collection.md, and get-investigation-object.md answered with
/// investigation.md's entity.
#[tokio::test]
async fn the_investigation_lookups_replay_their_pages() {
    let output = assert_replays("list_investigations", json!({})).await;
    assert_eq!(output["investigations"][0]["id"], json!("63017"));
    let output = assert_replays("get_investigation", json!({"investigation_id": "63004"})).await;
    assert_eq!(output["investigation"]["id"], json!("63004"));
}

#[tokio::test]
async fn run_advanced_hunting_query_replays_the_query_example() {
    let output = assert_replays(
        "run_advanced_hunting_query",
        json!({"query": "DeviceProcessEvents |where InitiatingProcessFileName =~ 'powershell.exe' |where ProcessCommandLine contains 'appdata'|project Timestamp, FileName, InitiatingProcessFileName, DeviceId|limit 2"}),
    )
    .await;
    let published = example("run-advanced-query-api.txt");
    let text = output.to_string();
    for row in published["Results"].as_array().unwrap() {
        assert!(text.contains(row["Timestamp"].as_str().unwrap()), "{text}");
    }
}

#[tokio::test]
async fn submit_indicator_replays_the_indicator_example() {
    let output = assert_replays(
        "submit_indicator",
        json!({"indicator_value": "220e7d15b011d7fac48f2bd61114db1022197f7f", "indicator_type": "FileSha1",
            "action": "Block", "title": "test", "description": "test", "severity": "Informational",
            "recommended_actions": "nothing", "expiration_time": "2030-12-12T00:00:00Z"}),
    )
    .await;
    assert_eq!(output["indicator"]["rbacGroupNames"], json!(["team1"]));
}

#[tokio::test]
async fn list_indicators_replays_the_indicators_example() {
    let output = assert_replays(
        "list_indicators",
        json!({"indicator_type": "IpAddress", "action": "Alert", "limit": 10}),
    )
    .await;
    assert_eq!(
        output["indicators"][0]["lastUpdatedBy"],
        json!("TestPrdApp")
    );
}

#[tokio::test]
async fn import_indicators_replays_the_import_example() {
    let indicator = |value: &str, kind: &str, title: &str, severity: &str| {
        json!({"indicator_value": value, "indicator_type": kind, "action": "Warn",
            "title": title, "description": "demo2", "severity": severity,
            "recommended_actions": "nothing", "expiration_time": "2030-12-12T00:00:00Z"})
    };
    let output = assert_replays(
        "import_indicators",
        json!({"indicators": [
            indicator("220e7d15b011d7fac48f2bd61114db1022197f7f", "FileSha1", "demo", "Informational"),
            indicator("2233223322332233223322332233223322332233223322332233223322332222", "FileSha256", "demo2", "Medium"),
        ]}),
    )
    .await;
    assert_eq!(output["succeeded"], 2);
    assert_eq!(output["results"][0]["id"], "2841");
    assert_eq!(output["results"][1]["id"], "2842");
}

#[tokio::test]
async fn delete_indicators_sends_the_batch_delete_example() {
    let replayed = replay(
        "delete_indicators",
        json!({"indicator_ids": ["1", "2", "5"]}),
    )
    .await;
    assert_documented("delete_indicators", &replayed);
    let body: Value = serde_json::from_str(&replayed.seen[0].body).unwrap();
    assert_eq!(body, json!({"IndicatorIds": ["1", "2", "5"]}));
}

#[tokio::test]
async fn delete_indicator_replays_the_delete_example() {
    assert_replays("delete_indicator", json!({"indicator_id": "995"})).await;
}

#[tokio::test]
async fn list_library_files_replays_the_library_files_example() {
    let output = assert_replays("list_library_files", json!({})).await;
    let mut expected = example("list-library-files.txt")["value"].clone();
    strip_nulls(&mut expected);
    assert_eq!(output["library_files"], expected);
}

#[tokio::test]
async fn upload_library_file_sends_the_form_upload_library_md_documents() {
    let replayed = replay(
        "upload_library_file",
        json!({"file": {"filename": "script1.ps1", "content": "V3JpdGUtT3V0cHV0ICd0ZXN0Jwo="},
            "description": "test description", "parameters_description": "test",
            "override_if_exists": true}),
    )
    .await;
    assert_documented("upload_library_file", &replayed);
    assert_eq!(replayed.output["library_file"]["fileName"], "script1.ps1");
    let body = &replayed.seen[0].body;
    assert!(body.contains("filename=\"script1.ps1\"\r\n"), "{body}");
    assert!(body.contains("\r\n\r\nWrite-Output 'test'\n\r\n"), "{body}");
}

#[tokio::test]
async fn delete_library_file_replays_the_delete_example() {
    let replayed = replay("delete_library_file", json!({"file_name": "script1.ps1"})).await;
    assert_documented("delete_library_file", &replayed);
    assert_eq!(
        replayed.seen[0].line(),
        "DELETE /api/libraryfiles/script1.ps1"
    );
}

/// The output leaves out what the API sent as null, as every output type does.
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Runs a trigger against the corpus with the clock at the time of the page's alert, until it
/// has delivered one event; returns the events and what the pages do not document.
/// What a trigger replay delivered, what its accepted requests did not keep to the pages, and
/// the requests refused for an undocumented query option.
struct TriggerReplayed {
    events: Vec<Value>,
    undocumented: Vec<String>,
    refused: Vec<String>,
    trigger: String,
}

async fn replay_trigger(trigger: &str, input: Value) -> TriggerReplayed {
    let server = Server::start().await;
    let dispatcher = Dispatcher::start().await;
    let workspace = tempfile::tempdir().unwrap();
    // get-alerts.md's alert was created at 2021-01-26T20:33:57Z; a trigger started half an hour
    // later with an hour of backfill reaches it.
    let clock = Arc::new(Frozen(Mutex::new(time::macros::datetime!(
        2021-01-26 21:05:00 UTC
    ))));
    let ctx = ctx(
        workspace.path(),
        Time {
            clock: clock.clone(),
            sleeper: clock,
        },
    );
    let message = serde_json::to_vec(&json!({
        "body": {"trigger": trigger, "meta": {"triggerId": "corpus"}, "input": input,
            "dispatcher": {"url": dispatcher.url(), "webhook_url": ""},
            "connection": server.connection()},
        "type": "trigger_start",
        "version": "v1",
    }))
    .unwrap();
    let mut events = Vec::new();
    let flag = workspace.path().join("tmp");
    let stopper = async {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while dispatcher.events().is_empty() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        std::fs::create_dir_all(&flag).unwrap();
        std::fs::write(flag.join("terminate_trigger.flag"), b"").unwrap();
    };
    let (outcome, ()) = tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(run_step(&message, Mode::Run, &ctx, &mut events), stopper)
    })
    .await
    .expect("the trigger stops in time");
    assert!(
        outcome.is_ok(),
        "{trigger} ends cleanly: {}",
        outcome.to_wire()
    );
    TriggerReplayed {
        events: dispatcher.events(),
        undocumented: server.undocumented(),
        refused: server.refused(),
        trigger: trigger.to_owned(),
    }
}

fn assert_trigger_replayed(replayed: &TriggerReplayed) {
    let TriggerReplayed {
        events,
        undocumented,
        refused,
        trigger,
    } = replayed;
    assert!(
        undocumented.is_empty(),
        "{trigger} against Microsoft's examples sent undocumented requests:\n{}",
        undocumented.join("\n")
    );
    // A refused option is dropped once and not sent again for the rest of the step.
    assert!(
        refused.len() <= 1,
        "{trigger} kept sending an option the service refused:\n{}",
        refused.join("\n")
    );
    assert!(!events.is_empty(), "{trigger} delivered the page's alert");
    let schema = output_schema(Kind::Trigger, trigger);
    for event in events {
        let output = &event["body"]["output"];
        check_output(&schema, output)
            .unwrap_or_else(|err| panic!("an event of {trigger} does not fit its schema: {err}"));
        assert_eq!(output["results"][0]["id"], json!(ALERT_ID));
    }
}

/// Item 5 of issue 14: get-alerts.md documents `$filter`, `$top`, `$skip` and
/// `$expand=evidence`, not `$orderby`. The trigger asks for oldest-first order, and when the
/// service refuses `$orderby` it reads on without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_alerts_replays_the_alerts_example() {
    let replayed = replay_trigger(
        "get_alerts",
        json!({"frequency": 5, "backfill_minutes": 60, "severity": ["Low", "Medium"]}),
    )
    .await;
    assert_trigger_replayed(&replayed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_alerts_matching_key_replays_the_alerts_example() {
    // `category` goes into `$filter`; `relatedUser.userName` is matched by the plugin.
    for (key, value) in [
        ("category", "Execution"),
        ("relatedUser.userName", "temp123"),
    ] {
        let replayed = replay_trigger(
            "get_alerts_matching_key",
            json!({"key": key, "value": value, "frequency": 5, "backfill_minutes": 60}),
        )
        .await;
        assert_trigger_replayed(&replayed);
    }
}
