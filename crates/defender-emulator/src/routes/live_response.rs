//! Live response: `POST /api/machines/{id}/runliveresponse` (run-live-response.md),
//! `GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={n})`
//! (get-live-response-result.md), and the blob store the links point to.
//!
//! A session is a machine action of type `LiveResponse` that moves like the others (see
//! `ActionProgress`); its commands run when it succeeds, in order, and the first that fails
//! (see `Emulator::fail_live_response`) fails the action and leaves the ones after it
//! `Created`, as the page's limitation 7 says. The links are served by this emulator under
//! `/blobs/liveresponse/…` with a SAS-like query, and expire after
//! `Config::live_response_link_secs`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::{entity, json_body, only_keys, opt_str, Req};
use crate::errors::{ApiError, Reply};
use crate::state::{fmt_time, is_guid, new_guid, now_stamp, sha256_hex, ActionRec, Blob, State};
use crate::Config;

/// The command types in the order the page requires them ("must be in this order with no
/// limit on repetitions"), each with its required and optional parameter keys.
const COMMANDS: &[(&str, &str, Option<&str>)] = &[
    ("PutFile", "FileName", None),
    ("RunScript", "ScriptName", Some("Args")),
    ("GetFile", "Path", None),
];

/// run-live-response.md, limitation 2: more concurrent sessions are refused with 429.
const MAX_SESSIONS: usize = 25;

/// Where the emulator serves result blobs; not under `/api/`, as blob storage is another host.
pub(crate) const BLOB_PREFIX: &str = "/blobs/liveresponse/";

/// `POST /api/machines/{id}/runliveresponse`.
pub(crate) fn run(state: &mut State, req: &Req, machine_key: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Comment", "Commands"])?;
    let comment = opt_str(&body, "Comment")?;
    let commands = commands(state, &body)?;
    let m = state
        .machine_index_by_id(machine_key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine_key} was not found")))?;
    let machine_id = state.machines[m]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let dns = state.machines[m]["computerDnsName"].clone();
    let live = |a: &&ActionRec| a.is_active() && a.str_field("type") == "LiveResponse";
    if state
        .actions
        .iter()
        .filter(live)
        .any(|a| a.str_field("machineId") == machine_id)
    {
        // Limitation 8 of the page, whatever the duplicate mode of the other actions.
        return Err(ApiError::bad_request(
            "ActiveRequestAlreadyExists",
            "Action is already in progress",
        ));
    }
    if state.actions.iter().filter(live).count() >= MAX_SESSIONS {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            format!("Too many live response sessions: at most {MAX_SESSIONS} run at once"),
        ));
    }
    let action = super::actions::push_pending(
        state,
        ("LiveResponse", "Live response"),
        json!(comment),
        (&machine_id, &dns),
        json!({"commands": commands}),
    );
    Ok(Reply::Json(
        StatusCode::CREATED,
        entity(req, "MachineActions", &action),
    ))
}

/// The `Commands` of a body, checked as the page describes them, as the action's `commands`.
fn commands(state: &State, body: &Map<String, Value>) -> Result<Vec<Value>, ApiError> {
    let Some(given) = body.get("Commands") else {
        return Err(ApiError::missing("Commands"));
    };
    let Some(given) = given.as_array().filter(|list| !list.is_empty()) else {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "Request body is incorrect: 'Commands' must be a non-empty array",
        ));
    };
    let mut last_rank = 0;
    let mut out = Vec::new();
    for (index, command) in given.iter().enumerate() {
        let bad = |why: String| {
            ApiError::bad_request(
                "InvalidRequestBody",
                format!("Request body is incorrect: command {index}: {why}"),
            )
        };
        let kind = command["type"].as_str().unwrap_or_default();
        let Some(rank) = COMMANDS.iter().position(|(name, ..)| *name == kind) else {
            return Err(bad(format!(
                "unknown type '{kind}'; allowed: PutFile, RunScript, GetFile"
            )));
        };
        if rank < last_rank {
            return Err(bad(
                "commands must come in the order PutFile, RunScript, GetFile".into(),
            ));
        }
        last_rank = rank;
        let (_, required, optional) = COMMANDS[rank];
        let params = command["params"].as_array().cloned().unwrap_or_default();
        let mut values = Map::new();
        for param in &params {
            let key = param["key"].as_str().unwrap_or_default();
            if key != required && Some(key) != optional {
                return Err(bad(format!("unknown parameter '{key}' for {kind}")));
            }
            let Some(value) = param["value"].as_str() else {
                return Err(bad(format!("parameter '{key}' must have a string value")));
            };
            values.insert(key.to_string(), Value::String(value.to_string()));
        }
        let Some(value) = values
            .get(required)
            .and_then(Value::as_str)
            .filter(|v| !v.trim().is_empty())
        else {
            return Err(ApiError::missing(required));
        };
        if kind != "GetFile" && state.library_index(value).is_none() {
            return Err(ApiError::bad_request(
                "BadRequest",
                format!("File '{value}' does not exist in the live response library"),
            ));
        }
        out.push(json!({
            "index": index,
            "startTime": null,
            "endTime": null,
            "commandStatus": "Created",
            "errors": [],
            "command": {"type": kind, "params": params},
        }));
    }
    Ok(out)
}

/// The value of parameter `key` of a command as the action shows it.
fn param<'a>(command: &'a Value, key: &str) -> Option<&'a str> {
    command["command"]["params"]
        .as_array()?
        .iter()
        .find(|p| p["key"] == key)
        .and_then(|p| p["value"].as_str())
}

/// The parameter a failure knob is matched against: the script, file or path of a command.
fn subject(command: &Value) -> Option<&str> {
    ["ScriptName", "FileName", "Path"]
        .iter()
        .find_map(|key| param(command, key))
}

impl State {
    /// What a session's transition does to its commands: the first starts when it goes in
    /// progress; all run when it succeeds, and the first one that fails fails the session.
    pub(crate) fn settle_live_response(&mut self, index: usize) {
        let failures = self.live_failures.clone();
        let Some(action) = self.actions.get_mut(index) else {
            return;
        };
        let status = action.status().to_string();
        let now = now_stamp();
        let Some(commands) = action.value["commands"].as_array_mut() else {
            return;
        };
        match status.as_str() {
            "InProgress" => {
                if let Some(first) = commands.first_mut() {
                    first["startTime"] = json!(now);
                }
            }
            "Succeeded" => {
                let mut failed = false;
                for command in commands.iter_mut() {
                    let error = subject(command).and_then(|subject| {
                        failures
                            .iter()
                            .find(|(value, _)| value.eq_ignore_ascii_case(subject))
                            .map(|(_, error)| error.clone())
                    });
                    if command["startTime"].is_null() {
                        command["startTime"] = json!(now);
                    }
                    command["endTime"] = json!(now);
                    match error {
                        Some(error) => {
                            command["commandStatus"] = json!("Failed");
                            command["errors"] = json!([error]);
                            failed = true;
                            break;
                        }
                        None => command["commandStatus"] = json!("Completed"),
                    }
                }
                if failed {
                    action.value["status"] = json!("Failed");
                }
            }
            _ => {}
        }
    }
}

/// `GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={n})`: a link to the
/// result of a completed command. PutFile has none ("Doesn't have a response result").
pub(crate) fn download_link(
    state: &mut State,
    config: &Config,
    req: &Req,
    id: &str,
    args: &str,
) -> Result<Reply, ApiError> {
    let missing = || ApiError::not_found(format!("MachineAction {id} was not found"));
    if !is_guid(id) {
        return Err(missing());
    }
    let i = state.action_index(id).ok_or_else(missing)?;
    let index = args
        .strip_prefix("index=")
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| {
            ApiError::bad_request(
                "InvalidInput",
                format!("Invalid function argument '{args}': expected index=<command index>"),
            )
        })?;
    let action = &state.actions[i];
    if action.str_field("type") != "LiveResponse" {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Action {id} is not a live response action"),
        ));
    }
    let Some(command) = action.value["commands"].get(index).cloned() else {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Action {id} has no command with index {index}"),
        ));
    };
    let status = command["commandStatus"].as_str().unwrap_or_default();
    if status != "Completed" {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Command {index} of action {id} has no result: its status is {status}"),
        ));
    }
    let dns = action.str_field("computerDnsName").to_string();
    let content = match command["command"]["type"].as_str() {
        Some("RunScript") => script_result(state, &command, &dns),
        Some("GetFile") => machine_file(state, param(&command, "Path").unwrap_or_default(), &dns),
        _ => {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("Command {index} of action {id} has no result to download"),
            ))
        }
    };
    let lifetime = time::Duration::seconds(
        i64::try_from(config.live_response_link_secs).unwrap_or(i64::MAX / 4),
    );
    let expires = OffsetDateTime::now_utc()
        .checked_add(lifetime)
        .unwrap_or(OffsetDateTime::now_utc());
    let token = new_guid();
    // A GUID rather than base64, and `se` without fractions or escapes, so that a link reads
    // as volatile to the tests' filters while keeping the parts a SAS link has.
    let sig = new_guid();
    let se = expires
        .replace_nanosecond(0)
        .unwrap_or(expires)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    state.blobs.insert(
        token.clone(),
        Blob {
            content,
            expires,
            sig: sig.clone(),
        },
    );
    Ok(Reply::ok(json!({
        "@odata.context": super::context(req, "Edm.String"),
        "value": format!(
            "{}{BLOB_PREFIX}{token}?se={se}&sp=r&sv=2019-07-07&sr=b&sig={sig}",
            req.base_url
        ),
    })))
}

/// The result file of a RunScript command, with the properties the page lists, derived
/// from the script and its arguments so that a test can tell one run from another.
fn script_result(state: &State, command: &Value, dns: &str) -> Vec<u8> {
    let name = param(command, "ScriptName").unwrap_or_default();
    let args = param(command, "Args").unwrap_or_default();
    let (size, digest) = state
        .library_index(name)
        .map(|i| {
            let content = &state.library[i].content;
            (content.len(), sha256_hex(content))
        })
        .unwrap_or_default();
    // One line, without the transcript banner Defender prints first: an example with a line
    // break cannot sit in help.md's tables, which Rapid7's validator and generator render
    // differently.
    let output =
        format!("{name} ({size} bytes, SHA256 {digest}) ran on {dns} with arguments: {args}");
    let result = json!({
        "script_name": name,
        "exit_code": 0,
        "script_output": output,
        "script_errors": "",
    });
    serde_json::to_vec(&result).unwrap_or_default()
}

/// The bytes GetFile collects: those a test stored for the path, else a text naming it.
fn machine_file(state: &State, path: &str, dns: &str) -> Vec<u8> {
    state
        .machine_files
        .iter()
        .find(|(stored, _)| stored.eq_ignore_ascii_case(path))
        .map(|(_, bytes)| bytes.clone())
        .unwrap_or_else(|| {
            format!("Emulated content of {path} collected from {dns}\n").into_bytes()
        })
}

/// `GET /blobs/liveresponse/{token}?…&sig=…`: the result bytes while the link is valid;
/// afterwards, or with a wrong signature, blob storage's 403 `AuthenticationFailed`.
pub(crate) fn blob(state: &State, path: &str, query: &str) -> Response {
    let token = path.get(BLOB_PREFIX.len()..).unwrap_or_default();
    let sig = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("sig="))
        .unwrap_or_default();
    let Some(blob) = state.blobs.get(token) else {
        return storage_error(
            StatusCode::NOT_FOUND,
            "BlobNotFound",
            "The specified blob does not exist.",
            None,
        );
    };
    if blob.sig != sig {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
            Some("Signature did not match.".into()),
        );
    }
    let now = OffsetDateTime::now_utc();
    if now >= blob.expires {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
            Some(format!(
                "Signed expiry time [{}] must be after signed start time [{}]",
                fmt_time(blob.expires),
                fmt_time(now)
            )),
        );
    }
    let mut response = (StatusCode::OK, blob.content.clone()).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/octet-stream"),
    );
    response
}

/// Blob storage's XML error body.
fn storage_error(
    status: StatusCode,
    code: &str,
    message: &str,
    detail: Option<String>,
) -> Response {
    let detail = detail
        .map(|d| format!("<AuthenticationErrorDetail>{d}</AuthenticationErrorDetail>"))
        .unwrap_or_default();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{}\nTime:{}</Message>{detail}</Error>",
        new_guid(),
        now_stamp()
    );
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/xml"));
    response
}
